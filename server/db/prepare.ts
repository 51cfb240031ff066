import { defaultTemplates } from '#domain/lifecycle.ts';
import type { AppConfig } from '../config.ts';
import { checkDatabaseLocale, type Database, openPglite, openPostgres } from './client.ts';
import { migrate } from './migrate.ts';
import { loadReferenceData } from './reference-data.ts';

/** PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite in the data directory. */
export async function openDatabase(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  if (config.databaseUrl) {
    const database = await openPostgres(config.databaseUrl);
    try {
      await checkDatabaseLocale(database);
    } catch (err) {
      await database.close();
      throw err;
    }
    return database;
  }
  return openPglite(config.dataDir);
}

/** Schema and reference data to the current version; safe to run on every start and on every node. */
export async function prepareDatabase(database: Database) {
  const migrations = await migrate(database);
  const referenceTables = await loadReferenceData(database);
  await ensureDefaultStageTemplates(database);
  return { migrations, referenceTables };
}

/**
 * The default stage templates (domain/lifecycle.ts) are inserted once; afterwards they are administrators' data
 * and are never overwritten.
 */
async function ensureDefaultStageTemplates(database: Database) {
  for (const template of Object.values(defaultTemplates)) {
    await database.query(
      'insert into stage_templates (code, definition) values ($1, $2) on conflict (code) do nothing',
      [template.code, JSON.stringify(template)],
    );
  }
}
