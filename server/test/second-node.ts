import { type Database, openPostgres } from '../db/client.ts';
import type { TestApp } from './test-app.ts';

/**
 * A second app node's connection to the test's database: on PostgreSQL its own pool (as another process would
 * have), on PGlite — one process by nature — the same database handle. `close` closes only what it opened.
 */
export async function openSecondNode(t: TestApp): Promise<{ database: Database; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url || t.database.kind === 'pglite') return { database: t.database, close: async () => {} };
  const [row] = await t.database.query<{ name: string }>('select current_database() as name');
  const own = new URL(url);
  own.pathname = `/${row!.name}`;
  const database = await openPostgres(own.toString());
  return { database, close: () => database.close() };
}
