import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary constant: the advisory lock that keeps two app nodes from migrating at once. */
const MIGRATION_LOCK_KEY = 74_210_001;

/**
 * Applies the forward-only SQL migrations in name order, each in its own transaction. A changed checksum of
 * an applied file stops startup: shipped migrations must never be edited.
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.execScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const files = fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  if (database.kind === 'postgres') await database.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    const done = new Map(
      (
        await database.query<{ name: string; checksum: string }>(
          'select name, checksum from schema_migrations',
        )
      ).map((r) => [r.name, r.checksum]),
    );
    for (const file of files) {
      const sqlText = fs.readFileSync(path.join(migrationsDir, file), 'utf8');
      const checksum = crypto.createHash('sha256').update(sqlText).digest('hex');
      const previous = done.get(file);
      if (previous) {
        if (previous !== checksum) {
          throw new Error(
            `迁移文件 ${file} 在应用后被修改 / migration ${file} was changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      const escaped = checksum.replace(/'/g, "''");
      await database.execScript(
        `BEGIN;\n${sqlText}\n;INSERT INTO schema_migrations (name, checksum) VALUES ('${file}', '${escaped}');\nCOMMIT;`,
      );
      applied.push(file);
    }
  } catch (err) {
    await database.execScript('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    if (database.kind === 'postgres')
      await database.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
  return applied;
}
