import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * A background job: run every `intervalMs` by exactly one app node at a time. `run` must still be idempotent
 * (a node can die after doing the work and before recording it, and the job then runs again), so jobs guard
 * their effects with unique keys; the scheduler's part is to not run them needlessly, and never concurrently.
 */
export type Job = {
  name: string;
  /** Time from the start of one run to the start of the next. */
  intervalMs: number;
  /**
   * How long a claim holds before another node may take the job over, as if this node had died. Renewed while
   * the job runs, so it bounds the delay after a crash, not the length of a run. Default five minutes.
   */
  leaseMs?: number;
  run(now: Date): Promise<unknown>;
};

export type JobRun = {
  name: string;
  outcome: 'succeeded' | 'failed';
  error?: string;
  result?: unknown;
};

type Log = {
  error(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
};

export type SchedulerOptions = {
  db: Db;
  jobs: readonly Job[];
  /** Names this node in `locked_by`; host and process id by default. */
  nodeId?: string;
  clock?: () => Date;
  /** How often `start()` looks for due jobs. */
  pollMs?: number;
  /** Delay of the first look after `start()`, so that a starting node serves requests first. */
  firstPollMs?: number;
  log?: Log;
};

export type Scheduler = {
  /** Creates the jobs' rows, or updates their intervals; a new job is due at once. */
  register(): Promise<void>;
  /** Claims and runs, one after another in the given order, every job that is due. Never overlaps itself. */
  tick(): Promise<JobRun[]>;
  start(): void;
  /** Stops polling and waits for a running tick to finish. */
  stop(): Promise<void>;
  readonly nodeId: string;
};

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * The in-process scheduler, backed by the `scheduled_jobs` table. Each node polls; a due job is claimed with one
 * UPDATE whose WHERE requires the job to be due and its lease free. PostgreSQL row locking makes that claim
 * exclusive: of two nodes updating the same row at once, the second re-checks the WHERE against the first's
 * committed row, finds the lease taken and updates nothing. next_run_at is stored, so a restart loses nothing and
 * a job that fell due while every node was down runs at the first poll; a node that dies mid-run leaves a lease
 * that expires, and another node takes the job over. Times come from the node's clock (injectable for tests);
 * nodes are assumed to keep time by NTP, a skew mattering only if it came near the lease (minutes).
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, jobs } = options;
  const clock = options.clock ?? (() => new Date());
  const nodeId = options.nodeId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const pollMs = options.pollMs ?? 30_000;
  const log = options.log;
  let registered: Promise<void> | undefined;
  let claims = 0;
  let running: Promise<JobRun[]> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const iso = (d: Date) => d.toISOString();
  const after = (d: Date, ms: number) => new Date(d.getTime() + ms);

  async function register() {
    const now = clock();
    for (const job of jobs) {
      const seconds = Math.max(1, Math.round(job.intervalMs / 1000));
      // A shorter interval configured since the last run takes effect at once rather than after the old one.
      await db.execute(sql`
        insert into scheduled_jobs (name, interval_seconds, next_run_at)
        values (${job.name}, ${seconds}, ${iso(now)}::timestamptz)
        on conflict (name) do update set
          interval_seconds = excluded.interval_seconds,
          next_run_at = least(
            scheduled_jobs.next_run_at,
            ${iso(now)}::timestamptz + make_interval(secs => excluded.interval_seconds)
          )`);
    }
  }

  /** The claim: true when this node now holds the job's lease. */
  async function claim(job: Job, token: string, now: Date): Promise<boolean> {
    const until = after(now, job.leaseMs ?? DEFAULT_LEASE_MS);
    const rows = await rowsOf(
      db.execute(sql`
        update scheduled_jobs
        set locked_until = ${iso(until)}::timestamptz, locked_by = ${token},
            last_started_at = ${iso(now)}::timestamptz
        where name = ${job.name}
          and next_run_at <= ${iso(now)}::timestamptz
          and (locked_until is null or locked_until <= ${iso(now)}::timestamptz)
        returning name`),
    );
    return rows.length === 1;
  }

  async function renew(job: Job, token: string): Promise<boolean> {
    const until = after(clock(), job.leaseMs ?? DEFAULT_LEASE_MS);
    const rows = await rowsOf(
      db.execute(sql`
        update scheduled_jobs set locked_until = ${iso(until)}::timestamptz
        where name = ${job.name} and locked_by = ${token}
        returning name`),
    );
    return rows.length === 1;
  }

  /** Releases the lease and schedules the next run; a no-op when another node has taken the job over. */
  async function finish(job: Job, token: string, startedAt: Date, error: string | undefined) {
    const finishedAt = clock();
    const seconds = Math.max(1, Math.round(job.intervalMs / 1000));
    const failed = error !== undefined;
    await db.execute(sql`
      update scheduled_jobs set
        locked_until = null, locked_by = null,
        next_run_at = ${iso(startedAt)}::timestamptz + make_interval(secs => ${seconds}),
        last_finished_at = ${iso(finishedAt)}::timestamptz,
        last_outcome = ${failed ? 'failed' : 'succeeded'},
        last_duration_ms = ${Math.max(0, finishedAt.getTime() - startedAt.getTime())},
        last_error = ${failed ? error : sql`last_error`},
        last_error_at = ${failed ? sql`${iso(finishedAt)}::timestamptz` : sql`last_error_at`},
        run_count = run_count + 1
      where name = ${job.name} and locked_by = ${token}`);
  }

  async function runOne(job: Job): Promise<JobRun | undefined> {
    const now = clock();
    const token = `${nodeId}#${++claims}`;
    if (!(await claim(job, token, now))) return undefined;
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    // Renewing the lease while the job runs: a long run is not mistaken for a dead node.
    const heartbeat = setInterval(
      () => {
        renew(job, token)
          .then((held) => {
            if (!held)
              log?.warn?.({ job: job.name, node: nodeId }, 'scheduled job lease lost to another node');
          })
          .catch((err: unknown) => log?.error({ err, job: job.name }, 'scheduled job lease renewal failed'));
      },
      Math.max(1_000, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
    let result: unknown;
    let error: string | undefined;
    try {
      result = await job.run(now);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      log?.error({ err, job: job.name }, 'scheduled job failed');
    } finally {
      clearInterval(heartbeat);
    }
    await finish(job, token, now, error?.slice(0, 2000));
    return error === undefined
      ? { name: job.name, outcome: 'succeeded', result }
      : { name: job.name, outcome: 'failed', error };
  }

  async function tickOnce(): Promise<JobRun[]> {
    registered ??= register().catch((err: unknown) => {
      registered = undefined;
      throw err;
    });
    await registered;
    const runs: JobRun[] = [];
    for (const job of jobs) {
      // Stopping: the job under way finishes, the others wait for the next node or the next start.
      if (stopped) break;
      try {
        const run = await runOne(job);
        if (run) runs.push(run);
      } catch (err) {
        // The database was unreachable: the next poll tries again; a lease taken stays until it expires.
        log?.error({ err, job: job.name }, 'scheduler could not claim or record a job');
      }
    }
    return runs;
  }

  function tick(): Promise<JobRun[]> {
    if (running) return running.catch(() => []).then(() => tick());
    const current = tickOnce().finally(() => {
      running = undefined;
    });
    running = current;
    return current;
  }

  function poll() {
    if (stopped) return;
    if (!running) {
      tick().catch((err: unknown) => log?.error({ err }, 'scheduler could not register its jobs'));
    }
    timer = setTimeout(poll, pollMs);
    timer.unref();
  }

  return {
    nodeId,
    register,
    tick,
    start() {
      stopped = false;
      timer = setTimeout(poll, options.firstPollMs ?? 5_000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => {});
    },
  };
}

/** node-postgres answers `{ rows }`, PGlite `{ rows }` as well; drizzle's execute passes either through. */
async function rowsOf(result: Promise<unknown>): Promise<unknown[]> {
  const r = (await result) as { rows?: unknown[] } | unknown[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
