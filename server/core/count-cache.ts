import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { analyticsChanges } from '../db/schema.ts';

/**
 * Exact row counts for paged lists (共 N 条), kept per app node until a write may have changed them. Counting
 * 100,000 projects or 300,000 coordination items costs tens to hundreds of milliseconds, on every page of every
 * list; the answer changes only when the data does. So a count is computed once, with the snapshot it was
 * computed from, and given again for as long as no transaction that snapshot did not see has changed a project:
 *
 * - `analytics_changes` (migrations/0009_analytics.sql) holds, per project, the id of the last transaction that
 *   changed the project record or anything attached to it (reports, plans, stage moves, coordination items, their
 *   departments and events). A transaction a snapshot did not see was in progress at it or began after it, so
 *   its id is at least the snapshot's xmin: while the newest changed_xid is below the xmin of the count's
 *   snapshot, nothing the count depends on has changed (a newer one may also be a write the count did see, which
 *   only costs a recount).
 * - The count and its xmin come from one statement, hence from one snapshot.
 * - The newest changed_xid is read by a query sent after the request asked for its count, so every write
 *   committed before the request began is seen. One such query serves all the requests waiting at the time.
 *
 * A count may use only what those triggers track (projects and the tables attached to them; reference data is
 * loaded at startup) and must not depend on the time of day except through its parameters. Nothing is shared
 * between nodes and nothing needs to be: each node asks the database. Counts inside a transaction must not come
 * through here (pass the pool's `db`).
 */

const MAX_ENTRIES = 2_000;
const dialect = new PgDialect();

type Rows<T> = { rows: T[] };
type Entry = { n: number; xmin: bigint };

class CountCache {
  readonly entries = new Map<string, Entry>();
  private running: Promise<bigint> | null = null;
  private queued: Promise<bigint> | null = null;
  /** Prepared: parsed and planned once per connection. */
  private readonly newestQuery;

  constructor(db: Db) {
    this.newestQuery = db
      .select({ newest: sql<string>`coalesce(max(${analyticsChanges.changedXid})::text, '0')` })
      .from(analyticsChanges)
      .prepare('gj_newest_change');
  }

  /** The newest changed_xid, as seen by a snapshot taken after this call. */
  newestChange(): Promise<bigint> {
    // A check already sent may have taken its snapshot before the caller's request began: the caller waits for
    // the next one, which everyone who asks meanwhile shares.
    if (this.queued) return this.queued;
    if (this.running) {
      const next = () => {
        this.queued = null;
        return this.startCheck();
      };
      this.queued = this.running.then(next, next);
      return this.queued;
    }
    return this.startCheck();
  }

  private startCheck(): Promise<bigint> {
    const run = this.readNewestChange().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async readNewestChange(): Promise<bigint> {
    const [row] = await this.newestQuery.execute();
    return BigInt(row?.newest ?? '0');
  }
}

const caches = new WeakMap<Db, CountCache>();

/** The exact count of the rows `query` counts (a `select count(*) …`), from the cache while nothing changed. */
export function cachedCount(db: Db, query: SQLWrapper): Promise<number> {
  return startCount(db, query).total;
}

/**
 * The same, started: `total` is the exact count; `hint` is the count last computed for the query, if any, at once
 * and possibly out of date, for choosing how to run what goes with it (never to be shown).
 */
export function startCount(db: Db, query: SQLWrapper): { hint: number | undefined; total: Promise<number> } {
  const countSql: SQL = query.getSQL();
  const { sql: text, params } = dialect.sqlToQuery(countSql);
  const key = `${text}\u0000${JSON.stringify(params)}`;
  let cache = caches.get(db);
  if (!cache) {
    cache = new CountCache(db);
    caches.set(db, cache);
  }
  const entry = cache.entries.get(key);
  return { hint: entry?.n, total: count(db, cache, key, countSql, entry) };
}

async function count(db: Db, cache: CountCache, key: string, countSql: SQL, entry: Entry | undefined) {
  const entries = cache.entries;
  if (entry && (await cache.newestChange()) < entry.xmin) {
    // Most recently used last: the oldest entries go first when the map is full.
    entries.delete(key);
    entries.set(key, entry);
    return entry.n;
  }
  const { rows } = (await db.execute(
    sql`select (${countSql})::int as n, pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
  )) as unknown as Rows<{ n: number | string; xmin: string }>;
  const row = rows[0] as { n: number | string; xmin: string };
  const fresh = { n: Number(row.n), xmin: BigInt(row.xmin) };
  entries.delete(key);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, fresh);
  return fresh.n;
}
