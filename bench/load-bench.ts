/**
 * The load benchmark of issue #5: starts the real server (`tsx server/main.ts`, DEMO_MODE=false, no scheduler) on
 * a generated data set (bench/generate-dataset.ts), logs in, and drives the HTTP API with autocannon, one
 * endpoint at a time, 10 connections by default. For every endpoint it prints requests per second and the p50,
 * p95 and p99 latency, the target and whether it is met, the latency of one request on an idle server, and the
 * time the equivalent raw SQL takes on the base tables (median of a few runs, measured in the same run once the
 * server has stopped), so that what the API's design saves is visible as a ratio. Method and results:
 * docs/PERFORMANCE.md.
 *
 *   npm run bench                                   PostgreSQL database gj_bench_province on 127.0.0.1:5432
 *   npm run bench -- --database-url postgres://postgres@127.0.0.1:5432/gj_bench_city
 *   npm run bench -- --pglite /work/bench-data/city-pglite      embedded PGlite in that data directory
 *
 * Options
 *   --duration S      seconds of measured load per endpoint (default 15)
 *   --warmup S        seconds of unrecorded load per endpoint before it is measured (default 5)
 *   --connections N   concurrent connections (default 10)
 *   --only a,b        only these endpoints (names as printed: cockpit, pivot, ledger, search, detail, …)
 *   --raw-runs N      timed runs of each raw SQL statement, after one untimed (default 5)
 *   --no-raw          skip the raw SQL
 *
 * Latencies are taken from autocannon's `response` event (the time from writing a request to its last byte)
 * into a perf_hooks histogram in microseconds: autocannon's own summary has no p95. Each endpoint runs on its
 * own, because the event does not say which request a response answers. A run in which any response is not 2xx
 * fails. Results also go to bench/results/<time>.json. The data set's users (leader, dept) log in with password
 * Guanjia@2026. With --pglite the app locks the data directory: nothing else may have it open.
 *
 * The bench only reads, but the app writes: its pending migrations at startup, the logins (sessions, audit
 * records), warning lights brought up to date when read. To keep a shared data set as generated, run on a copy:
 *   createdb -h 127.0.0.1 -U postgres -T gj_bench_province gj_bench_province_copy     (about 15 s)
 *   cp -a /work/bench-data/city-pglite /tmp/city-pglite-copy
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { todayInChina } from '#domain/iso-date.ts';
import { defaultSizeBands } from '#domain/schemas/analysis.ts';
import { type Database, openPglite, openPostgres } from '../server/db/client.ts';
import { DEMO_PASSWORD } from '../server/db/demo-data.ts';
import {
  cockpitAggregatesSql,
  pivotAggregatesSql,
} from '../server/modules/analytics/analytics.sql-aggregates.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    pglite: { type: 'string' },
    duration: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    'raw-runs': { type: 'string', default: '5' },
    'no-raw': { type: 'boolean', default: false },
  },
});
const pgliteDir = args.pglite ? path.resolve(args.pglite) : undefined;
const databaseUrl = pgliteDir
  ? undefined
  : (args['database-url'] ?? 'postgres://postgres@127.0.0.1:5432/gj_bench_province');
const engine = pgliteDir ? 'pglite' : 'postgres';
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const rawRuns = Number(args['raw-runs']);
const only = args.only ? new Set(args.only.split(',').map((s) => s.trim())) : undefined;

type User = { cookie: string; id: string; organizationId: string | null };
type Context = { leader: User; dept: User; projectIds: string[]; today: string };

type Endpoint = {
  name: string;
  label: string;
  who: 'leader' | 'dept';
  /** The path of every request, or of each request in turn (a function is called per request). */
  path: string | ((ctx: Context, n: number) => string);
  /** p95 target in ms on this engine; undefined: none stated (measured for information). */
  target?: { postgres?: number; pglite?: number };
  /** Needs the analytics module (issue #5): skipped with a message if the route does not exist. */
  analytics?: boolean;
  raw?: (database: Database, ctx: Context) => Promise<unknown>;
};

const LEDGER_QUERY =
  '/api/projects?stage=under_construction&keyLevel=municipal,district&sort=totalInvestment&order=desc&pageSize=20';
const SEARCH_QUERY = `/api/projects?q=${encodeURIComponent('科学')}&pageSize=20`;

/** The ledger's page in plain SQL: the row with its display names, sorted and limited, and the exact count. */
const ledgerSelect = `select p.*, owner.name as owner_name, lead_dept.name as lead_department_name,
    chief.display_name as chief_name, ind.name as industry_name, district.name as division_name, town.name as town_name
  from projects p
  join organizations owner on owner.id = p.owner_org_id
  left join organizations lead_dept on lead_dept.id = p.lead_department_id
  left join users chief on chief.id = p.chief_user_id
  left join industries ind on ind.code = p.industry_code
  left join divisions district on district.code = p.division_code
  left join divisions town on town.code = p.town_code`;
const deptScope = (u: number, o: number) =>
  `(p.chief_user_id = $${u} or p.owner_org_id = $${o} or p.lead_department_id = $${o})`;

async function rawLedger(database: Database, scope?: User) {
  const where = `p.deleted_at is null and p.stage = any($1) and p.key_level = any($2)${scope ? ` and ${deptScope(3, 4)}` : ''}`;
  const params: unknown[] = [['under_construction'], ['municipal', 'district']];
  if (scope) params.push(scope.id, scope.organizationId);
  await database.query(
    `${ledgerSelect} where ${where} order by p.total_investment desc nulls last, p.id desc limit 20`,
    params,
  );
  await database.query(`select count(*) from projects p where ${where}`, params);
}

async function rawSearch(database: Database) {
  const where = `p.deleted_at is null and gj_ngrams(p.name) @> gj_ngrams($1) and lower(p.name) like $2`;
  const params = ['科学', '%科学%'];
  await database.query(
    `${ledgerSelect} where ${where} order by p.updated_at desc nulls last, p.id desc limit 20`,
    params,
  );
  await database.query(`select count(*) from projects p where ${where}`, params);
}

async function rawCoordination(database: Database, dept: User) {
  const where = `p.deleted_at is null and (${deptScope(1, 2)} or c.raised_by = $1
    or exists (select 1 from coordination_item_departments d where d.item_id = c.id and d.organization_id = $2))`;
  const params = [dept.id, dept.organizationId];
  await database.query(
    `select c.*, p.name as project_name, r.display_name as raised_by_name
     from coordination_items c join projects p on p.id = c.project_id left join users r on r.id = c.raised_by
     where ${where}
     order by case when c.status in ('pending', 'in_progress') then 0 else 1 end, c.deadline, c.raised_at desc, c.id
     limit 20`,
    params,
  );
  await database.query(
    `select count(*) from coordination_items c join projects p on p.id = c.project_id where ${where}`,
    params,
  );
}

const endpoints: Endpoint[] = [
  {
    name: 'cockpit',
    label: 'GET /api/cockpit',
    who: 'leader',
    path: '/api/cockpit',
    target: { postgres: 50, pglite: 100 },
    analytics: true,
    // The cockpit's figures from the base tables: stage counts, totals, completed this year to date by month and
    // department, plan completion, lights, overdue items, reports due and in (the analytics module's definitions).
    raw: (database, ctx) =>
      cockpitAggregatesSql(database.db, { date: ctx.today, today: ctx.today, scope: { all: true } }),
  },
  {
    name: 'pivot',
    label: 'GET /api/analysis/pivot district × stage',
    who: 'leader',
    path: '/api/analysis/pivot?rows=district&cols=stage&measures=count,totalInvestment,completed,completionRate',
    target: { postgres: 100 },
    analytics: true,
    // The same pivot grouped in SQL: projects joined with their reports of this year and their annual plan.
    raw: (database, ctx) =>
      pivotAggregatesSql(database.db, {
        rows: 'district',
        cols: 'stage',
        from: `${ctx.today.slice(0, 4)}-01`,
        to: ctx.today.slice(0, 7),
        year: Number(ctx.today.slice(0, 4)),
        sizeBands: defaultSizeBands,
        filter: {},
        scope: { all: true },
      }),
  },
  {
    name: 'ledger',
    label: 'GET /api/projects filtered, by investment',
    who: 'leader',
    path: LEDGER_QUERY,
    target: { postgres: 30 },
    raw: (database) => rawLedger(database),
  },
  {
    name: 'ledger-dept',
    label: '  same, as a department (scope)',
    who: 'dept',
    path: LEDGER_QUERY,
    target: { postgres: 30 },
    raw: (database, ctx) => rawLedger(database, ctx.dept),
  },
  {
    name: 'search',
    label: 'GET /api/projects?q=科学',
    who: 'leader',
    path: SEARCH_QUERY,
    target: { postgres: 30 },
    raw: (database) => rawSearch(database),
  },
  {
    name: 'ledger-default',
    label: 'GET /api/projects (default list)',
    who: 'leader',
    path: '/api/projects?pageSize=20',
  },
  {
    name: 'ledger-uncounted',
    label: '  list whose count is not cached',
    who: 'leader',
    // A filter nobody asked for before, every time (a minimum investment of a few cents: the same rows): the
    // exact count cannot come from the cache, as after a write.
    path: (_ctx, n) => `/api/projects?pageSize=20&investmentMin=0.${String(n % 1_000_000).padStart(6, '0')}`,
  },
  {
    name: 'detail',
    label: 'GET /api/projects/:id',
    who: 'leader',
    path: (ctx, n) => `/api/projects/${ctx.projectIds[n % ctx.projectIds.length]}`,
    raw: async (database, ctx) => {
      for (const id of ctx.projectIds.slice(0, 20))
        await database.query(`${ledgerSelect} where p.id = $1`, [id]);
    },
  },
  {
    name: 'coordination-dept',
    label: 'GET /api/coordination-items (dept)',
    who: 'dept',
    path: '/api/coordination-items?pageSize=20',
    raw: (database, ctx) => rawCoordination(database, ctx.dept),
  },
];

// ---------------------------------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startServer(port: number): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_MODE: 'false',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATA_DIR = pgliteDir;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => log };
}

async function waitFor<T>(what: string, seconds: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const until = performance.now() + seconds * 1000;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (performance.now() > until) throw new Error(`${what}: no answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(base: string, username: string): Promise<User> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = (await res.json()) as { user: { id: string; organizationId: string | null } };
  return { cookie, id: body.user.id, organizationId: body.user.organizationId };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

type Measured = {
  name: string;
  label: string;
  who: string;
  skipped?: string;
  requests?: number;
  non2xx?: number;
  errors?: number;
  rps?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** Median of sequential requests on an idle server. */
  idle?: number;
  responseBytes?: number;
  target?: number;
  pass?: boolean;
  raw?: number;
  rawError?: string;
  loadBefore?: number[];
  loadAfter?: number[];
};

async function load(base: string, cookie: string, pathOf: (n: number) => string, seconds: number) {
  const histogram = createHistogram({ lowest: 1, highest: 120_000_000, figures: 3 });
  let non2xx = 0;
  let ok = 0;
  let n = 0;
  const started = performance.now();
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    timeout: 60,
    headers: { cookie, 'accept-language': 'zh-CN' },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: pathOf(n++) }) }],
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      histogram.record(Math.max(1, Math.round(ms * 1000)));
    } else non2xx++;
  });
  const result = await instance;
  const elapsed = (performance.now() - started) / 1000;
  const ms = (p: number) => histogram.percentile(p) / 1000;
  return {
    requests: ok,
    non2xx,
    errors: result.errors + result.timeouts,
    rps: ok / elapsed,
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    max: histogram.max / 1000,
  };
}

async function idleLatency(base: string, cookie: string, pathOf: (n: number) => string) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${pathOf(i)}`, { headers: { cookie } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t0);
    bytes = body.byteLength;
    if (!res.ok) throw new Error(`${res.status} ${Buffer.from(body).toString().slice(0, 300)}`);
  }
  return { idle: median(times), responseBytes: bytes };
}

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '—' : x.toFixed(digits));

function printTable(results: Measured[]) {
  const head = [
    'endpoint',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'target',
    'result',
    'idle ms',
    'raw SQL ms',
    'raw/idle',
  ];
  const rows = results.map((r) =>
    r.skipped
      ? [r.label, `skipped: ${r.skipped}`, '', '', '', '', '', '', '', '']
      : [
          r.label,
          fmt(r.rps, 0),
          fmt(r.p50),
          fmt(r.p95),
          fmt(r.p99),
          r.target ? `≤ ${r.target}` : '—',
          r.non2xx || r.errors ? 'ERRORS' : r.target ? (r.pass ? 'pass' : 'FAIL') : '',
          fmt(r.idle),
          r.rawError ? 'error' : fmt(r.raw),
          r.raw !== undefined && r.idle ? `${(r.raw / r.idle).toFixed(1)}×` : '',
        ],
  );
  const width = (s: string) =>
    [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] as string))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 0 ? c + ' '.repeat(widths[i]! - width(c)) : ' '.repeat(widths[i]! - width(c)) + c,
      )
      .join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

async function datasetFacts(database: Database) {
  const [counts] = await database.query<Record<string, string>>(
    `select (select count(*) from projects where deleted_at is null) as projects,
       (select count(*) from progress_reports) as reports,
       (select count(*) from coordination_items) as coordination_items,
       (select count(*) from organizations) as organizations,
       version() as version`,
  );
  return counts;
}

async function main() {
  const selected = endpoints.filter((e) => !only || only.has(e.name));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(
    `Guanjia load benchmark — ${engine === 'pglite' ? `PGlite ${pgliteDir}` : databaseUrl?.replace(/:[^:@/]+@/, ':***@')}\n` +
      `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
      `${connections} connections, ${warmup} s warm-up + ${duration} s per endpoint; load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );

  const t0 = performance.now();
  const server = startServer(port);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
  const crashed = exited.then((code) => {
    throw new Error(`the server exited (${code}):\n${server.output()}`);
  });
  crashed.catch(() => {});
  const results: Measured[] = [];
  const startup: Record<string, number> = {};
  try {
    await Promise.race([
      waitFor('server start', 600, async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined)),
      crashed,
    ]);
    startup.listeningSeconds = (performance.now() - t0) / 1000;
    const leader = await login(base, 'leader');
    const dept = await login(base, 'dept');
    const today = todayInChina();
    const list = (await (
      await fetch(`${base}/api/projects?pageSize=200&sort=name`, { headers: { cookie: leader.cookie } })
    ).json()) as { items: { id: string }[] };
    const ctx: Context = { leader, dept, projectIds: list.items.map((p) => p.id), today };

    // The cockpit answers once the fact store has loaded (it loads in the background from startup).
    const cockpit = await waitFor('analytics store', 900, async () => {
      const res = await fetch(`${base}/api/cockpit`, { headers: { cookie: leader.cookie } });
      await res.arrayBuffer();
      if (res.status === 404) return 404;
      return res.ok ? 200 : undefined;
    });
    startup.cockpitReadySeconds = (performance.now() - t0) / 1000;
    console.log(
      `server listening after ${startup.listeningSeconds.toFixed(1)} s, cockpit ${cockpit === 404 ? 'missing (404)' : 'ready'} after ${startup.cockpitReadySeconds.toFixed(1)} s\n`,
    );

    for (const e of selected) {
      const target = e.target?.[engine];
      const who = e.who === 'leader' ? ctx.leader : ctx.dept;
      const pathOf = (n: number) => (typeof e.path === 'string' ? e.path : e.path(ctx, n));
      const probe = await fetch(`${base}${pathOf(0)}`, { headers: { cookie: who.cookie } });
      await probe.arrayBuffer();
      if (probe.status === 404 && e.analytics) {
        console.log(`${e.name}: skipped — ${pathOf(0)} answers 404 (the analytics module is not there yet)`);
        results.push({ name: e.name, label: e.label, who: e.who, skipped: 'route missing (404)' });
        continue;
      }
      process.stdout.write(`${e.name}: warm-up ${warmup} s, `);
      if (warmup > 0) await load(base, who.cookie, pathOf, warmup);
      const idle = await idleLatency(base, who.cookie, pathOf);
      process.stdout.write(`idle ${idle.idle.toFixed(1)} ms, load ${duration} s … `);
      const loadBefore = os.loadavg();
      const measured = await load(base, who.cookie, pathOf, duration);
      const r: Measured = {
        name: e.name,
        label: e.label,
        who: e.who,
        ...measured,
        ...idle,
        target,
        pass:
          target === undefined ? undefined : measured.p95 <= target && !measured.non2xx && !measured.errors,
        loadBefore,
        loadAfter: os.loadavg(),
      };
      console.log(
        `${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} p99 ${fmt(r.p99)} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}`,
      );
      results.push(r);
    }

    // Raw SQL next to the API: once the server has stopped (PGlite allows one opener), on the same database.
    server.child.kill('SIGTERM');
    await exited;
    let dataset: Record<string, string> | undefined;
    if (!args['no-raw']) {
      const database = databaseUrl ? await openPostgres(databaseUrl) : await openPglite(pgliteDir);
      try {
        dataset = await datasetFacts(database);
        process.stdout.write('\nraw SQL: ');
        for (const e of selected) {
          const r = results.find((x) => x.name === e.name);
          if (!e.raw || !r || r.skipped) continue;
          try {
            await e.raw(database, ctx);
            const times: number[] = [];
            for (let i = 0; i < rawRuns; i++) {
              const s = performance.now();
              await e.raw(database, ctx);
              times.push(performance.now() - s);
            }
            // The detail's raw SQL reads 20 projects one by one: per project.
            r.raw = median(times) / (e.name === 'detail' ? 20 : 1);
            process.stdout.write(`${e.name} ${r.raw.toFixed(1)} ms  `);
          } catch (err) {
            r.rawError = (err as Error).message;
            process.stdout.write(`${e.name} failed (${r.rawError})  `);
          }
        }
        console.log();
      } finally {
        await database.close();
      }
    }

    printTable(results);
    const file = path.join(
      root,
      'bench',
      'results',
      `${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          engine,
          database: databaseUrl?.replace(/:[^:@/]+@/, ':***@') ?? pgliteDir,
          dataset,
          machine: {
            cpus: os.cpus().length,
            model: os.cpus()[0]?.model,
            memoryGiB: Math.round(os.totalmem() / 2 ** 30),
            node: process.version,
          },
          options: { connections, duration, warmup, rawRuns },
          startup,
          results,
        },
        null,
        2,
      ),
    );
    console.log(`\nresults: ${path.relative(root, file)}`);
    const failed = results.filter((r) => r.pass === false || r.non2xx || r.errors);
    if (failed.length) process.exitCode = 1;
  } finally {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await exited;
    }
  }
}

await main();
