import { buildApp } from './app.ts';
import { type AppConfig, loadConfig } from './config.ts';
import { softwareCrypto } from './core/crypto.ts';
import { type Database, DatabaseStartupError } from './db/client.ts';
import { DEMO_PASSWORD, demoUsers } from './db/demo-data.ts';
import { openDatabase, prepareDatabase } from './db/prepare.ts';
import { seed } from './db/seed.ts';
import { createCoordinationService } from './modules/coordination/coordination.service.ts';
import { createInspectionService } from './modules/inspections/inspections.service.ts';
import { createWarningService } from './modules/warnings/warnings.service.ts';

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
  const close = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  startBackgroundJobs(database, config, app.log);

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
 * Time-driven rules (a milestone becomes overdue at midnight, a report goes missing after its deadline, an item
 * passes its deadline) do not wait for someone to open a page: every ten minutes overdue coordination items are
 * escalated (督办), the stale warning lights are recomputed, and the chiefs' projects that went through the
 * month just ended without an inspection are flagged (once per project and month). Safe to run on every node:
 * the work is idempotent.
 */
function startBackgroundJobs(
  database: Database,
  config: AppConfig,
  log: { error: (obj: object, msg: string) => void },
) {
  const ctx = { db: database.db, config, crypto: softwareCrypto };
  const warnings = createWarningService(ctx);
  const coordination = createCoordinationService(ctx);
  const inspections = createInspectionService(ctx);
  const run = () => {
    // Escalation first: an item escalated today counts as overdue in the lights computed next.
    coordination
      .escalateOverdue(new Date())
      .catch((err: unknown) => log.error({ err }, 'coordination escalation failed'))
      .then(() => warnings.recomputeStale())
      .catch((err: unknown) => log.error({ err }, 'warning recomputation failed'))
      .then(() => inspections.flagMissingInspections(new Date()))
      .catch((err: unknown) => log.error({ err }, 'missing inspection flagging failed'));
  };
  setTimeout(run, 5_000).unref();
  setInterval(run, 10 * 60_000).unref();
}

main().catch((err) => {
  if (err instanceof DatabaseStartupError) {
    console.error(`\n${err.message}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
