import { buildApp } from './app.ts';
import { type AppConfig, loadConfig } from './config.ts';
import { softwareCrypto } from './core/crypto.ts';
import { createScheduler, type Scheduler } from './core/scheduler.ts';
import { type Database, DatabaseStartupError } from './db/client.ts';
import { DEMO_PASSWORD, demoUsers } from './db/demo-data.ts';
import { openDatabase, prepareDatabase } from './db/prepare.ts';
import { seed } from './db/seed.ts';
import { backgroundJobs } from './jobs.ts';
import { analyticsStoreFor } from './modules/analytics/analytics.store.ts';

/** The only entry point with side effects: open, migrate, seed, listen, and shut down cleanly on signals. */
async function main() {
  const started = Date.now();
  const config = loadConfig();
  const database = await openDatabase(config);
  const prepared = await prepareDatabase(database);
  const seeded = await seed(database.db, softwareCrypto, {
    demoMode: config.demoMode,
    passwordIterations: config.passwordIterations,
    adminPassword: process.env.ADMIN_INITIAL_PASSWORD,
  });
  const app = await buildApp(config, database);
  let scheduler: Scheduler | undefined;
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    // The job under way finishes (its lease would otherwise hold it from the other nodes until it expires).
    await scheduler?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  if (config.scheduler.enabled) scheduler = startBackgroundJobs(database, config, app.log);
  // The cockpit's fact store loads in the background, so that the first reader does not wait for it.
  analyticsStoreFor(database.db).warm();

  const where = database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL';
  const lines = [
    '',
    `  数字管家 Guanjia 已启动 / is running: http://localhost:${config.port}/  (${Date.now() - started} ms)`,
    `  数据库 / database: ${where}${prepared.migrations.length ? `, migrated ${prepared.migrations.join(', ')}` : ''}`,
    `  接口文档 / API docs: http://localhost:${config.port}/api/docs`,
  ];
  if (config.demoMode) {
    lines.push(
      `  示例数据 / demo data${seeded.demoSeeded ? ' (seeded now)' : ''} — 演示账号 / demo logins (password ${DEMO_PASSWORD}):`,
    );
    for (const u of demoUsers)
      lines.push(`    ${u.username.padEnd(12)} ${u.displayName}  [${u.roles.join(', ')}]`);
  }
  if (seeded.initialAdminPassword) {
    lines.push(
      `  初始管理员 / initial administrator: admin / ${seeded.initialAdminPassword} (首次登录须修改 / change at first login)`,
    );
  }
  console.log(lines.join('\n'));
}

/**
 * The background jobs (server/jobs.ts) on the database-backed scheduler: every node polls, one node runs each
 * due job, and a restart or a crash loses nothing (core/scheduler.ts).
 */
function startBackgroundJobs(
  database: Database,
  config: AppConfig,
  log: { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void },
): Scheduler {
  const ctx = { db: database.db, config, crypto: softwareCrypto };
  const scheduler = createScheduler({
    db: database.db,
    jobs: backgroundJobs(ctx, log),
    pollMs: config.scheduler.pollSeconds * 1000,
    log,
  });
  scheduler.start();
  return scheduler;
}

main().catch((err) => {
  if (err instanceof DatabaseStartupError) {
    console.error(`\n${err.message}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
