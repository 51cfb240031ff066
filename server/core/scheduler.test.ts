import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openSecondNode } from '../test/second-node.ts';
import { createTestApp, type TestApp } from '../test/test-app.ts';
import { createScheduler, type Job } from './scheduler.ts';

const MINUTE = 60_000;
const engine = process.env.DATABASE_URL ? 'PostgreSQL, two connection pools' : 'PGlite';

let t: TestApp;
let second: Awaited<ReturnType<typeof openSecondNode>>;
let now = new Date('2026-10-12T02:00:00Z');
const clock = () => now;
const at = (minutes: number, from = new Date('2026-10-12T02:00:00Z')) => {
  now = new Date(from.getTime() + minutes * MINUTE);
};

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  second = await openSecondNode(t);
});
afterAll(async () => {
  await second.close();
  await t.close();
});

type Row = {
  next_run_at: Date;
  locked_by: string | null;
  locked_until: Date | null;
  last_outcome: string | null;
  last_error: string | null;
  last_error_at: Date | null;
  run_count: number;
  interval_seconds: number;
};
async function jobRow(name: string): Promise<Row> {
  const [row] = await t.database.query<Row>('select * from scheduled_jobs where name = $1', [name]);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function node(database: Database, jobs: Job[], nodeId: string) {
  return createScheduler({ db: database.db, jobs, nodeId, clock, firstPollMs: 0, pollMs: 60 * MINUTE });
}

/** A job whose runs are counted per node; each run takes a little while so that two nodes overlap. */
function countingJob(name: string, runs: string[], nodeId: string, intervalMs = 10 * MINUTE): Job {
  return {
    name,
    intervalMs,
    async run() {
      runs.push(nodeId);
      await new Promise((resolve) => setTimeout(resolve, 30));
    },
  };
}

describe(`scheduler on ${engine}`, () => {
  it('runs a due job on exactly one node when two nodes poll at the same moment, round after round', async () => {
    at(0);
    const runs: string[] = [];
    const a = node(t.database, [countingJob('test.once', runs, 'A')], 'A');
    const b = node(second.database, [countingJob('test.once', runs, 'B')], 'B');
    for (let round = 0; round < 5; round++) {
      at(round * 10);
      const [ranOnA, ranOnB] = await Promise.all([a.tick(), b.tick()]);
      expect(ranOnA.length + ranOnB.length).toBe(1);
      expect(runs).toHaveLength(round + 1);
    }
    // Between two due times neither node runs it.
    at(45);
    expect([...(await a.tick()), ...(await b.tick())]).toEqual([]);
    const row = await jobRow('test.once');
    expect(row.run_count).toBe(5);
    expect(row.locked_by).toBeNull();
    expect(iso(row.next_run_at)).toBe('2026-10-12T02:50:00.000Z');
  });

  it('keeps the next run in the database: a restarted node waits for it, and runs at once what fell due while down', async () => {
    at(0);
    const runs: string[] = [];
    const first = node(t.database, [countingJob('test.restart', runs, 'first')], 'first');
    await first.tick();
    await first.stop();
    expect(runs).toEqual(['first']);

    // Restarted five minutes later: not due yet.
    at(5);
    const restarted = node(t.database, [countingJob('test.restart', runs, 'restarted')], 'restarted');
    expect(await restarted.tick()).toEqual([]);
    await restarted.stop();

    // Every node down for three hours (eighteen intervals): on start the job runs once, not eighteen times.
    at(180);
    let ranAfterStart = () => {};
    const ran = new Promise<void>((resolve) => {
      ranAfterStart = resolve;
    });
    const job = countingJob('test.restart', runs, 'after-outage');
    const back = node(
      t.database,
      [
        {
          ...job,
          async run(n) {
            await job.run(n);
            ranAfterStart();
          },
        },
      ],
      'after-outage',
    );
    back.start();
    await ran;
    await back.stop();
    expect(runs).toEqual(['first', 'after-outage']);
    const row = await jobRow('test.restart');
    expect(row.run_count).toBe(2);
    expect(iso(row.next_run_at)).toBe('2026-10-12T05:10:00.000Z');
  });

  it('takes over the job of a node that died mid-run once its lease has expired, and ignores the dead run after', async () => {
    at(0);
    const runs: string[] = [];
    let releaseDead = () => {};
    let started = () => {};
    const deadStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const hanging: Job = {
      name: 'test.lease',
      intervalMs: 10 * MINUTE,
      leaseMs: MINUTE,
      run: () =>
        new Promise<void>((resolve) => {
          runs.push('dead');
          started();
          releaseDead = resolve;
        }),
    };
    const dead = node(t.database, [hanging], 'dead');
    const deadTick = dead.tick();
    await deadStarted;
    expect((await jobRow('test.lease')).locked_by).toMatch(/^dead#/);

    const survivor = node(
      second.database,
      [{ ...countingJob('test.lease', runs, 'survivor'), leaseMs: MINUTE }],
      'survivor',
    );
    at(0.5);
    expect(await survivor.tick()).toEqual([]);
    at(1.5);
    expect(await survivor.tick()).toEqual([{ name: 'test.lease', outcome: 'succeeded', result: undefined }]);
    expect(runs).toEqual(['dead', 'survivor']);

    // The "dead" node comes back and finishes: its lease is gone, so it records nothing.
    releaseDead();
    await deadTick;
    const row = await jobRow('test.lease');
    expect(row.run_count).toBe(1);
    expect(row.locked_by).toBeNull();
    expect(iso(row.next_run_at)).toBe('2026-10-12T02:11:30.000Z');
  });

  it("records a failed run's error, still runs the other jobs, and keeps the error on record after a success", async () => {
    at(0);
    let fail = true;
    const runs: string[] = [];
    const flaky: Job = {
      name: 'test.flaky',
      intervalMs: 10 * MINUTE,
      async run() {
        if (fail) throw new Error('数据库繁忙 / database busy');
      },
    };
    const s = node(t.database, [flaky, countingJob('test.after-flaky', runs, 'n')], 'n');
    const first = await s.tick();
    expect(first.map((r) => [r.name, r.outcome])).toEqual([
      ['test.flaky', 'failed'],
      ['test.after-flaky', 'succeeded'],
    ]);
    let row = await jobRow('test.flaky');
    expect(row).toMatchObject({
      last_outcome: 'failed',
      last_error: '数据库繁忙 / database busy',
      locked_by: null,
    });
    expect(iso(row.next_run_at)).toBe('2026-10-12T02:10:00.000Z');

    fail = false;
    at(10);
    await s.tick();
    row = await jobRow('test.flaky');
    expect(row).toMatchObject({
      last_outcome: 'succeeded',
      last_error: '数据库繁忙 / database busy',
      run_count: 2,
    });
    expect(iso(row.last_error_at)).toBe('2026-10-12T02:00:00.000Z');
  });

  it('never overlaps two ticks of one node, and applies a shorter interval configured at a restart at once', async () => {
    at(0);
    const runs: string[] = [];
    const s = node(t.database, [countingJob('test.interval', runs, 'n', 60 * MINUTE)], 'n');
    const [one, two] = await Promise.all([s.tick(), s.tick()]);
    expect(one.length + two.length).toBe(1);
    expect(iso((await jobRow('test.interval')).next_run_at)).toBe('2026-10-12T03:00:00.000Z');

    at(1);
    const faster = node(t.database, [countingJob('test.interval', runs, 'n', 10 * MINUTE)], 'n');
    await faster.register();
    const row = await jobRow('test.interval');
    expect(row.interval_seconds).toBe(600);
    expect(iso(row.next_run_at)).toBe('2026-10-12T02:11:00.000Z');
  });
});
