import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; services pass it to repos and to the audit log so both commit together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a script of several statements (migrations). */
  execScript(sqlText: string): Promise<void>;
  /** Runs one query with parameters and returns rows; for the migration runner and checks. */
  query<T>(sqlText: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export class DatabaseStartupError extends Error {}

/** PostgreSQL server: a pool per app node. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection can be cut by the server (restart, failover, an administrator's command). Without a
  // listener node-postgres rethrows that as an uncaught exception and the process dies; the pool replaces the
  // connection on next use, so there is nothing to do but not crash.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end();
    throw new DatabaseStartupError(
      `无法连接数据库 / cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}`,
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async execScript(sqlText) {
      await pool.query(sqlText);
    },
    async query<T>(sqlText: string, params: unknown[] = []) {
      return (await pool.query(sqlText, params)).rows as T[];
    },
    close: () => pool.end(),
  };
}

/**
 * Embedded PGlite. `dataDir` undefined means in memory (tests). PGlite has no cross-process locking, so a lock
 * file next to the data keeps a second process from opening (and corrupting) the same directory.
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let releaseLock = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireLock(path.join(dataDir, 'guanjia.lock'));
  }
  let client: PGlite;
  try {
    client = dataDir ? await PGlite.create(path.join(dataDir, 'pgdata')) : await PGlite.create();
  } catch (err) {
    releaseLock();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async execScript(sqlText) {
      await client.exec(sqlText);
    },
    async query<T>(sqlText: string, params: unknown[] = []) {
      return (await client.query<T>(sqlText, params)).rows;
    },
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

function acquireLock(lockPath: string): () => void {
  const tryCreate = () => {
    const fd = fs.openSync(lockPath, 'wx');
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
  };
  try {
    tryCreate();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new DatabaseStartupError(
        `数据目录 ${path.dirname(lockPath)} 已被进程 ${holder} 占用：嵌入式数据库只允许一个进程打开。请先停止该进程，或用 DATA_DIR 指定其他目录。\n` +
          `The data directory ${path.dirname(lockPath)} is in use by process ${holder}: the embedded database allows one process only. Stop it first, or set DATA_DIR to another directory.`,
      );
    }
    // The holder died without cleaning up: the lock is stale.
    fs.rmSync(lockPath, { force: true });
    tryCreate();
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid))
        fs.rmSync(lockPath, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/**
 * Chinese substring search relies on character semantics (domain.md §7): a database created with ctype C or in
 * a non-UTF-8 encoding gives wrong results, so the app refuses to start on one.
 */
export async function checkDatabaseLocale(database: Database): Promise<void> {
  const [row] = await database.query<{ ctype: string; encoding: string }>(
    `select datctype as ctype, pg_encoding_to_char(encoding) as encoding from pg_database where datname = current_database()`,
  );
  if (!row) return;
  if (row.encoding !== 'UTF8' || row.ctype === 'C' || row.ctype === 'POSIX') {
    throw new DatabaseStartupError(
      `数据库的编码为 ${row.encoding}、LC_CTYPE 为 ${row.ctype}，无法支持中文检索。请以 UTF8 编码和 UTF-8 区域创建数据库，例如：\n` +
        `  CREATE DATABASE guanjia TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8';\n` +
        `The database has encoding ${row.encoding} and LC_CTYPE ${row.ctype}, which cannot do Chinese text search. Create it with a UTF-8 ctype (see above).`,
    );
  }
}
