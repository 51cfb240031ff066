import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';

/**
 * Exact row counts for paged lists (共 N 条), kept per app node until a write may have changed them. Counting
 * 100,000 projects or 300,000 coordination items costs tens to hundreds of milliseconds, on every page of every
 * list; the answer changes only when the data does. So a count is computed once, with the snapshot it was
 * computed from, and given again for as long as no transaction that snapshot did not see has changed a project:
 *
 * - `analytics_changes` (migrations/0009_analytics.sql) holds, per project, the id of the last transaction that
 *   changed the project record or anything attached to it (reports, plans, stage moves, coordination items, their
 *   departments and events). A transaction the snapshot did not see was in progress at it or began after it, so
 *   its id is at least the snapshot's xmin: "a change with changed_xid >= xmin exists" catches every such write,
 *   committed since or still running (and at worst a few the count did see, which only costs a recount).
 * - The count and its xmin come from one statement, hence from one snapshot.
 *
 * A count may use only what those triggers track (projects and the tables attached to them; reference data is
 * loaded at startup) and must not depend on the time of day except through its parameters. The check is one
 * index probe; a miss counts as before. Nothing is shared between nodes and nothing needs to be: each node checks
 * the database. Counts inside a transaction must not come through here (pass the pool's `db`).
 */

const MAX_ENTRIES = 2_000;
const dialect = new PgDialect();

type Entry = { n: number; xmin: string };
const caches = new WeakMap<Db, Map<string, Entry>>();

type Rows<T> = { rows: T[] };

export async function cachedCount(db: Db, query: SQLWrapper): Promise<number> {
  const countSql: SQL = query.getSQL();
  const { sql: text, params } = dialect.sqlToQuery(countSql);
  const key = `${text}\u0000${JSON.stringify(params)}`;
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const entry = cache.get(key);
  if (entry) {
    const { rows } = (await db.execute(
      sql`select exists (select 1 from analytics_changes where changed_xid >= ${entry.xmin}::xid8) as changed`,
    )) as unknown as Rows<{ changed: boolean }>;
    if (rows[0]?.changed === false) {
      // Most recently used last: the oldest entries go first when the map is full.
      cache.delete(key);
      cache.set(key, entry);
      return entry.n;
    }
  }
  const { rows } = (await db.execute(
    sql`select (${countSql})::int as n, pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
  )) as unknown as Rows<{ n: number | string; xmin: string }>;
  const row = rows[0] as { n: number | string; xmin: string };
  const fresh = { n: Number(row.n), xmin: row.xmin };
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, fresh);
  return fresh.n;
}
