import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseStartupError, openPglite } from './client.ts';
import { migrate } from './migrate.ts';
import { openDatabase, prepareDatabase } from './prepare.ts';

const tmpDirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guanjia-db-'));
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('the embedded database', () => {
  it('refuses a second opener of the same data directory with a clear message', async () => {
    const dir = tmpDir();
    const first = await openPglite(dir);
    try {
      // Simulate another live process holding the lock: our own parent's pid is alive and not ours.
      fs.writeFileSync(path.join(dir, 'guanjia.lock'), String(process.ppid));
      await expect(openPglite(dir)).rejects.toThrow(/已被进程 \d+ 占用[\s\S]*in use by process/);
    } finally {
      fs.writeFileSync(path.join(dir, 'guanjia.lock'), String(process.pid));
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, 'guanjia.lock'))).toBe(false);
  });

  it('takes over a stale lock left by a process that died', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'guanjia.lock'), '999999');
    const db = await openPglite(dir);
    await db.close();
  });

  it('keeps data across restarts and applies each migration once', async () => {
    const dir = tmpDir();
    const first = await openPglite(dir);
    const applied = await prepareDatabase(first);
    expect(applied.migrations.length).toBeGreaterThanOrEqual(2);
    expect(applied.referenceTables).toEqual(['divisions', 'industries', 'leading_industries']);
    await first.execScript(`insert into app_meta (key, value) values ('probe', 'kept')`);
    await first.close();
    const second = await openPglite(dir);
    const again = await prepareDatabase(second);
    expect(again).toEqual({ migrations: [], referenceTables: [] });
    expect(await second.query<{ value: string }>(`select value from app_meta where key = 'probe'`)).toEqual([
      { value: 'kept' },
    ]);
    await second.close();
  });

  it('stops when an applied migration file was edited', async () => {
    const db = await openPglite(undefined);
    await migrate(db);
    await db.execScript(`update schema_migrations set checksum = 'tampered' where name = '0001_init.sql'`);
    await expect(migrate(db)).rejects.toThrow(/0001_init\.sql/);
    await db.close();
  });
});

const url = process.env.DATABASE_URL;
describe.skipIf(!url)('PostgreSQL server', () => {
  it('refuses to start on a database whose ctype cannot do Chinese search', async () => {
    const name = `gj_ctype_c_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C' LC_COLLATE 'C'`,
    );
    try {
      const target = new URL(url!);
      target.pathname = `/${name}`;
      const attempt = openDatabase({ databaseUrl: target.toString(), dataDir: '' });
      await expect(attempt).rejects.toBeInstanceOf(DatabaseStartupError);
      await expect(openDatabase({ databaseUrl: target.toString(), dataDir: '' })).rejects.toThrow(
        /LC_CTYPE 'C\.UTF-8'/,
      );
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
