/**
 * Generates a province- or city-scale data set for benchmarks (issue #5): projects with 36 months of monthly
 * progress reports each (and their versions), annual plans, milestones, coordination items with their
 * departments and events, enterprises with valid credit codes, departments, and a few users to log in with.
 *
 *   npx tsx bench/generate-dataset.ts --scale province       (or: npm run bench:generate -- --scale province)
 *   npx tsx bench/generate-dataset.ts --scale city --data-dir ./data-bench-city
 *   npx tsx bench/generate-dataset.ts --scale city --database-url postgres://postgres@127.0.0.1:5432/mydb
 *
 * Options
 *   --scale province|city   (default city) province: 100,000 projects, 20,000 enterprises, 300,000 items;
 *                           city: 5,000 projects, 1,000 enterprises, 15,000 items; both 36 report months.
 *   --database-url URL      load into this PostgreSQL database (empty or migrated, without projects).
 *   --data-dir DIR          load into an embedded PGlite database in DIR (new or empty), as the app opens
 *                           it with DATA_DIR=DIR. Meant for the city scale.
 *   (neither)               drop and create `gj_bench_<scale>` on postgres://postgres@127.0.0.1:5432
 *                           (UTF-8, C.UTF-8 ctype as the app requires) and load into it.
 *   --seed N                random seed (default 20260501): the same seed and as-of date give the same rows.
 *   --as-of YYYY-MM-DD      the data set's "today" (default: today in China). Reports run up to the last
 *                           month whose report is due (on the 5th of the following month).
 *   --projects N            another project count; enterprises and items scale with it (trial runs).
 *
 * The schema is the app's own: server/db/prepare.ts migrates the database and loads the reference data and
 * stage templates first, then rows go in through ordinary multi-row INSERTs, so every constraint, foreign key
 * and trigger applies to every row (the chief-assignment trigger, the analytics change triggers). Nothing is
 * dropped or disabled. Afterwards the database is vacuumed and analysed, and each table's row count and time
 * are printed. Nearly every project was registered before the report window opened; the exact number of
 * reports (about 98 % of projects × months) is printed at the end.
 *
 * Start the app on it with DEMO_MODE=false (never demo mode: the demo seed would take these projects for its
 * own) and log in as leader, dept, owner, invest, chief … chief20 or admin, password Guanjia@2026. Projects
 * and organisations carry is_demo = true, so the app labels them 示例数据; users do not, because outside demo
 * mode a demo account must change its password before anything else.
 *
 * Coordination deadlines are counted in working days by domain/working-days.ts; for a year without holiday
 * data it refuses, and the generator counts Monday–Friday instead (the summary says how often).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fromDayNumber, toDayNumber, todayInChina, weekdayOf } from '#domain/iso-date.ts';
import type { RoleCode } from '#domain/permissions.ts';
import { pinyinKeys } from '#domain/pinyin.ts';
import { ESCALATION_LEVEL_2_WORKING_DAYS } from '#domain/schemas/coordination.ts';
import { createWorkingCalendar, WorkingCalendarError } from '#domain/working-days.ts';
import { softwareCrypto } from '../server/core/crypto.ts';
import type { Database } from '../server/db/client.ts';
import { DEMO_PASSWORD } from '../server/db/demo-data.ts';
import { openDatabase, prepareDatabase } from '../server/db/prepare.ts';
import { BulkTable, columns, type Execute } from './dataset/bulk.ts';
import { type DistrictShapes, loadDistrictShapes } from './dataset/geo.ts';
import {
  type Bureau,
  bureauNames,
  bureaus,
  categoryWeights,
  type Department,
  itemBureaus,
  itemCategories,
  itemDeadlineDays,
  itemPriorities,
  itemWeightByStage,
  keyLevelWeights,
  leadBureau,
  leadingIndustryOf,
  type Org,
  type Project,
  performanceWeights,
  plannedStartOffset,
  STARTED,
  slip,
  stageWeights,
  tagPool,
} from './dataset/model.ts';
import { createRng, type Rng, Weighted, weighted, words, zipf } from './dataset/random.ts';
import {
  brandName,
  constructionContent,
  coordinationTopics,
  creditCode,
  distinctName,
  districtShortName,
  enterpriseName,
  imageProgressByPhase,
  mobilePhone,
  officePhone,
  personName,
  projectName,
  reportProblems,
  scienceCityPlaces,
} from './dataset/vocabulary.ts';

// -----------------------------------------------------------------------------------------------------------
// Options

type ScaleName = 'province' | 'city';
type Scale = { projects: number; enterprises: number; items: number; months: number };

const SCALES: Record<ScaleName, Scale> = {
  province: { projects: 100_000, enterprises: 20_000, items: 300_000, months: 36 },
  city: { projects: 5_000, enterprises: 1_000, items: 15_000, months: 36 },
};
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432';
const SCIENCE_CITY_DISTRICTS = ['500106', '500107', '500109', '500116', '500120'] as const;
/** PBKDF2 rounds of the app's password hashes (server/config.ts passwordIterations). */
const PASSWORD_ITERATIONS = 210_000;
const BATCH_ROWS = 5000;

type Options = {
  scaleName: ScaleName;
  scale: Scale;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  seed: number;
  asOf: string;
};

function parseOptions(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    args.set(key, value);
  }
  const known = new Set(words('scale database-url data-dir seed as-of projects'));
  for (const key of args.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}`);
  const scaleName = (args.get('scale') ?? 'city') as ScaleName;
  if (!(scaleName in SCALES)) throw new Error('--scale must be province or city');
  let scale = SCALES[scaleName];
  const projects = args.get('projects');
  if (projects) {
    const n = Number(projects);
    if (!Number.isInteger(n) || n < 100) throw new Error('--projects must be an integer of at least 100');
    const factor = n / scale.projects;
    scale = {
      projects: n,
      enterprises: Math.max(50, Math.round(scale.enterprises * factor)),
      items: Math.round(scale.items * factor),
      months: scale.months,
    };
  }
  if (args.has('database-url') && args.has('data-dir'))
    throw new Error('give --database-url or --data-dir, not both');
  const asOf = args.get('as-of') ?? todayInChina();
  if (toDayNumber(asOf) === null) throw new Error('--as-of must be a date YYYY-MM-DD');
  if (asOf > todayInChina()) throw new Error('--as-of cannot be in the future');
  const seed = Number(args.get('seed') ?? 20_260_501);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  return {
    scaleName,
    scale,
    databaseUrl: args.get('database-url'),
    dataDir: args.get('data-dir') ? path.resolve(args.get('data-dir')!) : undefined,
    seed,
    asOf,
  };
}

// -----------------------------------------------------------------------------------------------------------
// Time: whole days since 1970-01-01 (civil dates counted in UTC, as in domain/iso-date.ts) and months as
// y × 12 + m − 1.

const DAYS_PER_MONTH = 30.44;
const RUN_STARTED_MS = Date.now();
const monthOfDay = (day: number) => {
  const d = new Date(day * 86_400_000);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const firstDayOfMonth = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1) / 86_400_000;
const monthIso = (month: number) =>
  `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}-01`;
const yearOfDay = (day: number) => new Date(day * 86_400_000).getUTCFullYear();
/** A moment on a China civil day, hour and minute in China time, as an ISO timestamp. */
const chinaTime = (day: number, hour: number, minute = 0) =>
  new Date(
    // Nothing happens later than the run itself: a moment later today would keep the app's lights stale.
    Math.min(day * 86_400_000 + (hour - 8) * 3_600_000 + minute * 60_000, RUN_STARTED_MS - 60_000),
  ).toISOString();
const money = (x: number) => Math.round(x * 100) / 100;
/** Smoothstep: the S-curve of cumulative spending over a construction period (slow start, fast middle). */
const sCurve = (x: number) => (x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - 2 * x));

// -----------------------------------------------------------------------------------------------------------
// Working days: the app's calendar where it has data, Monday–Friday where it refuses the year.

function workingDays() {
  const calendar = createWorkingCalendar();
  let fallbacks = 0;
  const weekdaysAdd = (day: number, n: number) => {
    let d = day;
    for (let left = n; left > 0; ) {
      d++;
      const w = weekdayOf(d);
      if (w !== 0 && w !== 6) left--;
    }
    return d;
  };
  return {
    add(day: number, n: number): number {
      try {
        return toDayNumber(calendar.addWorkingDays(fromDayNumber(day), n))!;
      } catch (err) {
        if (!(err instanceof WorkingCalendarError)) throw err;
        fallbacks++;
        return weekdaysAdd(day, n);
      }
    },
    /** Working days in (a, b], or null where the app's calendar cannot count them (the app: level 1). */
    between(a: number, b: number): number | null {
      try {
        return calendar.workingDaysBetween(fromDayNumber(a), fromDayNumber(b));
      } catch (err) {
        if (!(err instanceof WorkingCalendarError)) throw err;
        fallbacks++;
        return null;
      }
    },
    get fallbacks() {
      return fallbacks;
    },
  };
}

// -----------------------------------------------------------------------------------------------------------
// Target database

type Target = {
  database: Database;
  /** The statement executor for the bulk load (its own connection on PostgreSQL). */
  execute: Execute;
  query<T>(sqlText: string, params?: unknown[]): Promise<T[]>;
  describe: string;
  /** The environment to start the app on this database. */
  appEnv: string;
  close(): Promise<void>;
};

async function openTarget(options: Options): Promise<Target> {
  if (options.dataDir) {
    const dir = options.dataDir;
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0)
      throw new Error(`${dir} is not empty: give a new or empty directory for the PGlite data set`);
    const database = await openDatabase({ databaseUrl: undefined, dataDir: dir });
    await prepareDatabase(database);
    const query = <T>(sqlText: string, params: unknown[] = []) => database.query<T>(sqlText, params);
    return {
      database,
      execute: (sqlText, params) => database.query(sqlText, params),
      query,
      describe: `PGlite in ${dir}`,
      appEnv: `DATA_DIR=${dir}`,
      close: () => database.close(),
    };
  }
  let url = options.databaseUrl;
  if (!url) {
    const name = `gj_bench_${options.scaleName}`;
    const admin = new pg.Client({ connectionString: `${DEFAULT_SERVER}/postgres` });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(
        `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'`,
      );
    } finally {
      await admin.end();
    }
    url = `${DEFAULT_SERVER}/${name}`;
  }
  const database = await openDatabase({ databaseUrl: url, dataDir: '' });
  await prepareDatabase(database);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Session settings only: a crash loses at most the last moments of a throw-away load; nothing else changes.
  await client.query('SET synchronous_commit = off');
  await client.query("SET maintenance_work_mem = '512MB'");
  // One statement at a time, in the order issued: the loaders write parents before children on this one
  // connection, and node-postgres no longer wants queries queued on a busy client.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(sqlText: string, params: unknown[]) => {
    const next = queue.then(() => client.query(sqlText, params));
    queue = next.catch(() => {});
    return next as Promise<pg.QueryResult & { rows: T[] }>;
  };
  const query = async <T>(sqlText: string, params: unknown[] = []) => (await serial<T>(sqlText, params)).rows;
  return {
    database,
    execute: (sqlText, params) => serial(sqlText, params),
    query,
    describe: `PostgreSQL ${url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@')}`,
    appEnv: `DATABASE_URL=${url}`,
    async close() {
      await client.end();
      await database.close();
    },
  };
}

// -----------------------------------------------------------------------------------------------------------
// Reporting

type Step = { name: string; rows: number; ms: number };
const steps: Step[] = [];
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (text: string) => console.log(`[${elapsed().padStart(8)}] ${text}`);

async function timed(name: string, run: () => Promise<number>): Promise<number> {
  const t = performance.now();
  log(`${name} …`);
  const rows = await run();
  const ms = performance.now() - t;
  steps.push({ name, rows, ms });
  log(`${name}: ${rows.toLocaleString('en')} rows in ${(ms / 1000).toFixed(1)} s`);
  return rows;
}

function progress(every: number) {
  const last = new Map<string, number>();
  return (table: string, rows: number) => {
    const mark = Math.floor(rows / every);
    if (mark > (last.get(table) ?? 0)) {
      last.set(table, mark);
      log(`  ${table}: ${rows.toLocaleString('en')}`);
    }
  };
}

// -----------------------------------------------------------------------------------------------------------
// The run: what every phase reads.

type WorkingDays = ReturnType<typeof workingDays>;

type Run = {
  options: Options;
  scale: Scale;
  rng: Rng;
  target: Target;
  days: WorkingDays;
  /** Day numbers and month numbers of the data set's "now" and of its report window. */
  today: number;
  todayMonth: number;
  firstMonth: number;
  lastMonth: number;
  windowStart: number;
  /** The wall-clock time of the run, for password_changed_at and app_meta. */
  now: string;
};

type Geography = {
  districts: { code: string; name: string }[];
  districtName: Map<string, string>;
  townsOf: Map<string, string[]>;
  scienceCity: Set<string>;
  districtWeights: Weighted<string>;
  shapes: DistrictShapes;
};

type Directory = {
  orgs: Org[];
  departments: Department[];
  departmentOf(jurisdiction: string, bureau: Bureau): Department;
  scienceCityGroup: Org;
  platformsOf: Map<string, Org[]>;
  enterpriseOwners: Weighted<Org>;
  institutionOwners: Weighted<Org>;
};

type User = { id: string; username: string; displayName: string; orgId: string | null; roles: RoleCode[] };

type People = {
  users: User[];
  ownerUser: User;
  chiefs: User[];
  /** The handler of each department. */
  staffOf: Map<string, User>;
  /** Reviews the reports of projects without a lead department. */
  statisticsStaff: User;
};

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { scale } = options;
  const rng = createRng(options.seed);
  const today = toDayNumber(options.asOf)!;
  const todayMonth = monthOfDay(today);
  const todayDate = new Date(today * 86_400_000);
  // Reports for a month are due on the 5th of the next: the last month that can have one.
  const lastMonth = todayMonth - (todayDate.getUTCDate() > 5 ? 1 : 2);
  const firstMonth = lastMonth - scale.months + 1;
  const windowStart = firstDayOfMonth(firstMonth);
  const now = new Date().toISOString();
  const days = workingDays();

  const target = await openTarget(options);
  const run: Run = {
    options,
    scale,
    rng,
    target,
    days,
    today,
    todayMonth,
    firstMonth,
    lastMonth,
    windowStart,
    now,
  };
  log(
    `${options.scaleName} scale (${scale.projects.toLocaleString('en')} projects, reports ${monthIso(firstMonth).slice(0, 7)} … ${monthIso(lastMonth).slice(0, 7)}, as of ${options.asOf}, seed ${options.seed}) into ${target.describe}`,
  );
  const [{ n: existing } = { n: 0 }] = await target.query<{ n: number }>(
    'select count(*)::int as n from projects',
  );
  if (existing > 0)
    throw new Error(`the target database already holds ${existing} projects: give an empty one`);

  const geography = await readGeography(run);
  const directory = await loadOrganizations(run, geography);
  const people = await loadUsers(run, directory);
  const projects = await loadProjects(run, geography, directory, people);
  await loadAnnualPlans(run, projects);
  await loadMilestones(run, projects);
  await loadReports(run, projects, directory, people);
  await loadCoordination(run, projects, geography, directory, people);
  const derived = await rebuildDerivedData(target.database);
  await finish(run, { directory, people, projects, derived });
}

/** The divisions as loaded by the app's reference data, weighted towards the Science City's districts. */
async function readGeography(run: Run): Promise<Geography> {
  const { target } = run;
  const divisionRows = await target.query<{
    code: string;
    name: string;
    level: number;
    parent_code: string | null;
  }>('select code, name, level, parent_code from divisions order by code');
  const districts = divisionRows.filter((d) => d.level === 2);
  const districtName = new Map(districts.map((d) => [d.code, d.name]));
  const townsOf = new Map<string, string[]>();
  for (const d of divisionRows.filter((x) => x.level === 3))
    townsOf.set(d.parent_code!, [...(townsOf.get(d.parent_code!) ?? []), d.code]);
  const scienceCity = new Set<string>(SCIENCE_CITY_DISTRICTS);
  const mainUrban = new Set(words('500103 500104 500105 500108 500112 500113'));
  const districtWeights = new Weighted(
    districts.map((d) => {
      const weight = scienceCity.has(d.code)
        ? { '500106': 8, '500107': 6, '500109': 5, '500116': 5, '500120': 5 }[d.code]!
        : mainUrban.has(d.code)
          ? 2
          : d.code.startsWith('5002')
            ? 0.6
            : 1.2;
      return [d.code, weight] as const;
    }),
  );
  const shapes = loadDistrictShapes(
    path.join(path.dirname(fileURLToPath(import.meta.url)), '../web/public/geo/chongqing-districts.geojson'),
  );

  return { districts, districtName, townsOf, scienceCity, districtWeights, shapes };
}

/** Departments (10 bureaus × 6 jurisdictions), construction platforms, institutions and enterprises. */
async function loadOrganizations(run: Run, geography: Geography): Promise<Directory> {
  const { rng, scale, target, windowStart } = run;
  const { districts, districtName, scienceCity, districtWeights } = geography;
  const orgs: Org[] = [];
  const departments: Department[] = [];
  const usedNames = new Set<string>();
  const jurisdictions = [
    { key: 'kxc', prefix: '科学城管委会', division: '500106' },
    ...SCIENCE_CITY_DISTRICTS.map((code) => ({ key: code, prefix: districtName.get(code)!, division: code })),
  ];
  for (const j of jurisdictions) {
    for (const bureau of bureaus) {
      const name = j.prefix + (j.key === 'kxc' ? bureauNames[bureau].kxc : bureauNames[bureau].district);
      const dept: Department = {
        id: rng.uuid(),
        name,
        kind: 'department',
        divisionCode: j.division,
        brand: '',
        jurisdiction: j.key,
        bureau,
      };
      departments.push(dept);
      orgs.push(dept);
      usedNames.add(name);
    }
  }
  const departmentOf = (jurisdiction: string, bureau: Bureau) =>
    departments.find((d) => d.jurisdiction === jurisdiction && d.bureau === bureau)!;
  const addOrg = (kind: Org['kind'], name: string, divisionCode: string, brand = ''): Org => {
    const org: Org = { id: rng.uuid(), name, kind, divisionCode, brand };
    orgs.push(org);
    usedNames.add(name);
    return org;
  };
  // The owner account's company: the Science City's construction platform.
  const scienceCityGroup = addOrg('platform', '重庆科学城城市建设集团有限公司', '500107', '科学城');
  const platformsOf = new Map<string, Org[]>();
  for (const d of districts) {
    const list = [
      addOrg('platform', `重庆市${districtShortName(d.name)}城市建设投资（集团）有限公司`, d.code),
    ];
    if (scienceCity.has(d.code))
      list.push(addOrg('platform', `重庆${districtShortName(d.name)}科学城开发建设有限公司`, d.code));
    platformsOf.set(d.code, list);
  }
  const institutions: Org[] = [];
  const institutionCount = Math.max(20, Math.round(scale.enterprises * 0.015));
  while (institutions.length < institutionCount) {
    const division = districtWeights.draw(rng);
    const short = districtShortName(districtName.get(division)!);
    const name = rng.pick([
      `重庆${brandName(rng)}研究院`,
      `重庆市${short}${rng.pick(['人民医院', '中医院', '第二人民医院', '妇幼保健院'])}`,
      `重庆${brandName(rng)}职业技术学院`,
      `重庆${short}${rng.pick(['实验学校', '中学校', '科技孵化中心'])}`,
    ]);
    if (usedNames.has(name)) continue;
    institutions.push(addOrg('institution', name, division));
  }
  const enterprises: Org[] = [];
  // Platforms, institutions and enterprises together make the scale's enterprise count.
  const enterpriseTarget = scale.enterprises - (orgs.length - departments.length);
  while (enterprises.length < enterpriseTarget) {
    const name = enterpriseName(rng);
    if (usedNames.has(name)) continue;
    enterprises.push(addOrg('enterprise', name, districtWeights.draw(rng), name.slice(2, 4)));
  }
  // A few enterprises own many projects (groups with several plants), most own one or none.
  const enterpriseOwners = zipf(enterprises, 0.75);
  const institutionOwners = zipf(institutions, 0.6);

  await timed('organizations', async () => {
    const table = new BulkTable(
      target.execute,
      'organizations',
      columns(
        'id uuid, name text, type text, credit_code text, contact_name text, contact_phone text, ' +
          'division_code text, is_demo bool, created_at timestamptz, updated_at timestamptz',
      ),
      { batchSize: BATCH_ROWS },
    );
    orgs.forEach((o, i) => {
      const code =
        o.kind === 'department'
          ? null
          : creditCode(o.kind === 'institution' ? 'institution' : 'enterprise', o.divisionCode, i + 1);
      const created = chinaTime(windowStart - rng.int(30, 2000), rng.int(9, 17), rng.int(0, 59));
      table.add([
        o.id,
        o.name,
        o.kind === 'department' ? 'department' : 'enterprise',
        code,
        personName(rng),
        o.kind === 'department' ? officePhone(rng) : mobilePhone(rng),
        o.divisionCode,
        true,
        created,
        created,
      ]);
    });
    return table.finish();
  });
  return {
    orgs,
    departments,
    departmentOf,
    scienceCityGroup,
    platformsOf,
    enterpriseOwners,
    institutionOwners,
  };
}

/** A handful of accounts to log in with, and one handler per department; one password hash for all. */
async function loadUsers(run: Run, directory: Directory): Promise<People> {
  const { rng, scale, target, now } = run;
  const { departments, departmentOf, scienceCityGroup } = directory;
  const hash = await softwareCrypto.hashPassword(DEMO_PASSWORD, PASSWORD_ITERATIONS);
  const users: User[] = [];
  const addUser = (username: string, roles: RoleCode[], orgId: string | null) => {
    const user = { id: rng.uuid(), username, displayName: personName(rng), orgId, roles };
    users.push(user);
    return user;
  };
  addUser('admin', ['admin'], null);
  addUser('auditor', ['auditor'], null);
  addUser('leader', ['leader'], null);
  addUser('invest', ['investment'], departmentOf('kxc', 'invest').id);
  const ownerUser = addUser('owner', ['project_owner'], scienceCityGroup.id);
  addUser('chainchief', ['chain_chief'], null);
  const chiefCount = Math.max(3, Math.round(scale.projects / 5000));
  const chiefs = Array.from({ length: chiefCount }, (_, i) =>
    addUser(i === 0 ? 'chief' : `chief${i + 1}`, ['project_chief'], null),
  );
  // One handler per department, who reviews its projects' reports and answers its coordination items.
  const staffOf = new Map<string, User>();
  staffOf.set(
    departmentOf('kxc', 'construction').id,
    addUser('dept', ['department'], departmentOf('kxc', 'construction').id),
  );
  departments.forEach((d, i) => {
    if (!staffOf.has(d.id))
      staffOf.set(d.id, addUser(`dept${String(i + 1).padStart(2, '0')}`, ['department'], d.id));
  });
  const statisticsStaff = staffOf.get(departmentOf('kxc', 'economy').id)!;

  await timed('users', async () => {
    const table = new BulkTable(
      target.execute,
      'users',
      columns(
        'id uuid, username text, display_name text, organization_id uuid, password_hash text, ' +
          'password_changed_at timestamptz',
      ),
    );
    for (const u of users) table.add([u.id, u.username, u.displayName, u.orgId, hash, now]);
    const roles = new BulkTable(target.execute, 'user_roles', columns('user_id uuid, role_code text'));
    for (const u of users) for (const r of u.roles) roles.add([u.id, r]);
    const n = await table.finish();
    await roles.finish();
    return n;
  });
  return { users, ownerUser, chiefs, staffOf, statisticsStaff };
}

/** The ledger: names, places, money, stages and dates consistent with each other. */
async function loadProjects(
  run: Run,
  geography: Geography,
  directory: Directory,
  people: People,
): Promise<Project[]> {
  const { rng, scale, target, today, windowStart, lastMonth } = run;
  const { districtWeights, scienceCity, districtName, townsOf, shapes } = geography;
  const { scienceCityGroup, platformsOf, institutionOwners, enterpriseOwners, departmentOf } = directory;
  const { chiefs } = people;
  const projects: Project[] = [];
  const nameRepeats = new Map<string, number>();
  const pinyinCache = new Map<string, { full: string; initials: string }>();
  await timed('projects', async () => {
    const table = new BulkTable(
      target.execute,
      'projects',
      columns(
        'id uuid, code text, code_format text, name text, name_pinyin text, name_initials text, ' +
          'owner_org_id uuid, category text, industry_code text, leading_industry text, key_level text, ' +
          'division_code text, town_code text, longitude float8, latitude float8, ' +
          'total_investment numeric, investment_government numeric, investment_social numeric, ' +
          'investment_foreign numeric, construction_content text, planned_start date, ' +
          'planned_completion date, stage text, chief_user_id uuid, lead_department_id uuid, ' +
          'tags text:text[], is_demo bool, version int4, created_at timestamptz, updated_at timestamptz, ' +
          'actual_start date, actual_completion date',
      ),
      { batchSize: BATCH_ROWS, onProgress: progress(25_000) },
    );
    for (let i = 0; i < scale.projects; i++) {
      const category = categoryWeights.draw(rng);
      const divisionCode = districtWeights.draw(rng);
      const inScienceCity = scienceCity.has(divisionCode);
      const short = districtShortName(districtName.get(divisionCode)!);
      // Key projects are the big ones: the level follows the investment.
      const total = Math.round(Math.min(1_500_000, Math.max(100, rng.logNormal(20_000, 1.27))));
      const keyLevel =
        total > 300_000 && rng.chance(0.5)
          ? 'municipal'
          : total > 50_000 && rng.chance(0.4)
            ? 'district'
            : keyLevelWeights.draw(rng);
      let stage = stageWeights.draw(rng);
      // Government infrastructure is not signed with an investor (template government_infrastructure).
      if (stage === 'signed' && (category === 'infrastructure' || category === 'ecology'))
        stage = 'site_selection';

      // Owner
      let ownerOrg: Org;
      if (category === 'infrastructure' || category === 'ecology' || category === 'urban_renewal') {
        ownerOrg =
          inScienceCity && rng.chance(0.08)
            ? scienceCityGroup
            : rng.chance(0.85)
              ? rng.pick(platformsOf.get(divisionCode)!)
              : rng.pick(platformsOf.get(districtWeights.draw(rng))!);
      } else if (category === 'social') {
        ownerOrg = rng.chance(0.5) ? rng.pick(platformsOf.get(divisionCode)!) : institutionOwners.draw(rng);
      } else if (category === 'innovation_platform') {
        ownerOrg = rng.chance(0.55) ? institutionOwners.draw(rng) : enterpriseOwners.draw(rng);
      } else {
        ownerOrg = enterpriseOwners.draw(rng);
      }

      // Name
      const place = inScienceCity && rng.chance(0.6) ? scienceCityPlaces.draw(rng) : short;
      const named = projectName(
        rng,
        category,
        category === 'industrial' && rng.chance(0.2) ? '' : place,
        ownerOrg.brand,
      );
      const repeat = nameRepeats.get(named.name) ?? 0;
      nameRepeats.set(named.name, repeat + 1);
      const name = distinctName(named.name, repeat, category);
      let keys = pinyinCache.get(name);
      if (!keys) {
        keys = pinyinKeys(name);
        if (repeat === 0) pinyinCache.set(name, keys);
      }

      // Timeline
      const pace = STARTED.has(stage) ? performanceWeights.draw(rng) : 'on_track';
      const plannedMonths = Math.round(
        Math.min(60, Math.max(6, (8 + 10 * Math.log10(total / 1000)) * rng.between(0.8, 1.2))),
      );
      let actualMonths = Math.round(plannedMonths * rng.between(...slip[pace]));
      let actualStart: number | null = null;
      let actualCompletion: number | null = null;
      let plannedStart: number;
      if (STARTED.has(stage)) {
        if (actualMonths > 66) actualMonths = 66;
        let elapsedMonths: number;
        if (stage === 'under_construction')
          elapsedMonths = Math.min(70, actualMonths * rng.between(0.03, 0.97));
        else if (stage === 'completion_acceptance')
          elapsedMonths = Math.min(71, actualMonths + rng.between(0, 4));
        else elapsedMonths = actualMonths + rng.between(1, Math.max(2, 71 - actualMonths));
        actualStart = today - Math.round(elapsedMonths * DAYS_PER_MONTH);
        if (stage === 'in_operation')
          actualCompletion = actualStart + Math.round(actualMonths * DAYS_PER_MONTH);
        const delay =
          pace === 'far_behind' ? rng.int(60, 300) : pace === 'behind' ? rng.int(30, 180) : rng.int(-20, 30);
        plannedStart = actualStart - delay;
      } else {
        const [lo, hi] = plannedStartOffset[stage]!;
        plannedStart = today + Math.round(rng.between(lo, hi) * DAYS_PER_MONTH);
      }
      const plannedCompletion = plannedStart + Math.round(plannedMonths * DAYS_PER_MONTH);
      // Nearly every project was in the ledger before the report window opened, so nearly all have 36 months
      // of reports; a quarter of the newest pipeline entries (planning, signed) were registered within it.
      const natural = Math.min(plannedStart, actualStart ?? plannedStart) - rng.int(60, 900);
      const recent = (stage === 'planning' || stage === 'signed') && rng.chance(0.25);
      const registered = recent
        ? rng.int(windowStart + 15, today - 20)
        : Math.min(natural, windowStart - rng.int(1, 365));
      const silentFrom =
        stage === 'under_construction' && rng.chance(0.04) ? lastMonth - rng.int(0, 3) : null;

      const chief =
        (keyLevel === 'municipal' && rng.chance(0.5)) || (keyLevel === 'district' && rng.chance(0.01))
          ? rng.pick(chiefs)
          : null;
      const jurisdiction = inScienceCity && rng.chance(0.4) ? divisionCode : 'kxc';
      const leadDepartment = rng.chance(0.97)
        ? departmentOf(jurisdiction, leadBureau[category].draw(rng))
        : null;

      const project: Project = {
        id: rng.uuid(),
        name,
        category,
        stage,
        total,
        ownerOrgId: ownerOrg.id,
        leadDepartment,
        divisionCode,
        chiefUserId: chief?.id ?? null,
        performance: pace,
        plannedMonths,
        actualMonths,
        plannedStart,
        plannedCompletion,
        actualStart,
        actualCompletion,
        registered,
        silentFrom,
      };
      projects.push(project);

      // Ledger fields
      const industry = named.industry;
      const leading = category === 'industrial' || rng.chance(0.5) ? leadingIndustryOf(industry) : null;
      const towns = townsOf.get(divisionCode);
      const town = towns && rng.chance(0.7) ? rng.pick(towns) : null;
      const point = rng.chance(0.85) ? shapes.sample(divisionCode, rng) : null;
      let government: number | null = null;
      let social: number | null = null;
      let foreign: number | null = null;
      if (rng.chance(0.8)) {
        const publicShare =
          category === 'industrial'
            ? rng.chance(0.8)
              ? 0
              : rng.between(0, 0.1)
            : category === 'innovation_platform'
              ? rng.between(0.3, 0.8)
              : rng.between(0.6, 1);
        const foreignShare = category === 'industrial' && rng.chance(0.1) ? rng.between(0.05, 0.3) : 0;
        government = money(total * publicShare);
        foreign = money(Math.min(total - government, total * foreignShare));
        social = money(total - government - foreign);
      }
      const registeredYear = yearOfDay(registered);
      const registeredMonth = monthOfDay(registered);
      const hasCode = stage === 'planning' || stage === 'signed' ? rng.chance(0.3) : rng.chance(0.97);
      const serial = String((i * 7919 + 104_729) % 1_000_000).padStart(6, '0');
      // Codes issued before November 2020 are in the legacy format (year – division – industry – approval).
      const legacy = registeredMonth < 2020 * 12 + 10;
      const code = !hasCode
        ? null
        : legacy
          ? `${Math.max(2015, registeredYear)}-${divisionCode}-${industry.padStart(2, '0')}-0${rng.int(1, 3)}-${serial}`
          : `${String(registeredYear % 100).padStart(2, '0')}${String((registeredMonth % 12) + 1).padStart(2, '0')}-${divisionCode}-${rng.pick(['04', '48', '39', '31'])}-0${rng.int(1, 4)}-${serial}`;
      const tags: string[] = [];
      if (keyLevel === 'municipal') tags.push('市重点');
      if (chief) tags.push('项目长制');
      if (rng.chance(0.12)) tags.push(tagPool.draw(rng));
      const lastChange = Math.max(
        registered,
        actualCompletion !== null
          ? Math.min(today - 1, actualCompletion + rng.int(0, 90))
          : today - rng.int(1, 60),
      );
      table.add([
        project.id,
        code,
        code ? (legacy ? 'legacy' : 'current') : null,
        name,
        keys.full,
        keys.initials,
        ownerOrg.id,
        category,
        industry,
        leading,
        keyLevel,
        divisionCode,
        town,
        point?.lng ?? null,
        point?.lat ?? null,
        total,
        government,
        social,
        foreign,
        constructionContent(rng, category, Math.max(0.5, Math.log10(total / 100))),
        fromDayNumber(plannedStart),
        fromDayNumber(plannedCompletion),
        stage,
        project.chiefUserId,
        leadDepartment?.id ?? null,
        `{${tags.join(',')}}`,
        true,
        1 + rng.int(0, 6),
        chinaTime(registered, rng.int(9, 17), rng.int(0, 59)),
        chinaTime(lastChange, rng.int(9, 17), rng.int(0, 59)),
        actualStart === null ? null : fromDayNumber(actualStart),
        actualCompletion === null ? null : fromDayNumber(actualCompletion),
      ]);
      await table.flushIfFull();
    }
    return table.finish();
  });
  return projects;
}

/** A plan per project and active year, from its planned S-curve; a quarter carry a monthly schedule. */
async function loadAnnualPlans(run: Run, projects: Project[]): Promise<void> {
  const { rng, target, today, firstMonth, todayMonth } = run;
  const firstYear = Math.floor(firstMonth / 12);
  const lastYear = Math.floor(todayMonth / 12);
  await timed('annual_plans', async () => {
    const table = new BulkTable(
      target.execute,
      'annual_plans',
      columns(
        'project_id uuid, year int4, planned_investment numeric, monthly_schedule text:jsonb, ' +
          'updated_at timestamptz',
      ),
      { batchSize: BATCH_ROWS, onProgress: progress(100_000) },
    );
    for (const p of projects) {
      // A plan states what the year should bring: for a project on track, what it then spends (its actual
      // curve); one behind was planned too optimistically; one far behind keeps its original schedule.
      const actualStart = p.actualStart ?? p.plannedStart;
      const actualSpan = p.actualMonths * DAYS_PER_MONTH;
      const originalSpan = p.plannedMonths * DAYS_PER_MONTH;
      for (let year = firstYear; year <= lastYear; year++) {
        const jan1 = Date.UTC(year, 0, 1) / 86_400_000;
        const nextJan1 = Date.UTC(year + 1, 0, 1) / 86_400_000;
        if (p.registered >= nextJan1) continue;
        if (p.actualCompletion !== null && p.actualCompletion < jan1) continue;
        const share = (start: number, span: number) =>
          sCurve((nextJan1 - start) / span) - sCurve((jan1 - start) / span);
        const expected = share(actualStart, actualSpan);
        const factor =
          p.performance === 'far_behind'
            ? Math.max(share(p.plannedStart, originalSpan), expected) * rng.between(1, 1.2)
            : p.performance === 'behind'
              ? expected * rng.between(1.15, 1.4)
              : expected * rng.between(0.9, 1.1);
        let planned = p.total * 0.9 * factor;
        if (planned < p.total * 0.01) {
          const building = p.actualStart !== null && p.actualStart < nextJan1;
          if (building && planned < p.total * 0.001) continue;
          if (!building) {
            // Only 前期 costs, at the rate the monthly reports spend them.
            if (p.plannedStart >= nextJan1 + 366) continue;
            planned = p.total * 0.0081 * rng.between(0.85, 1.15);
          }
        }
        let schedule: string | null = null;
        if (rng.chance(0.25)) {
          const weights = Array.from({ length: 12 }, (_, k) => 0.5 + k / 12 + rng.next() * 0.5);
          const sum = weights.reduce((a, w) => a + w, 0);
          let cumulative = 0;
          const shares = weights.map((w, k) => {
            cumulative += w;
            return k === 11 ? 100 : Math.round((cumulative / sum) * 1000) / 10;
          });
          schedule = JSON.stringify(shares);
        }
        const approved = Math.min(today, Math.max(p.registered, jan1 + rng.int(10, 80)));
        table.add([p.id, year, money(planned), schedule, chinaTime(approved, rng.int(9, 17))]);
        await table.flushIfFull();
      }
    }
    return table.finish();
  });
}

/** Four construction milestones per started project; the construction permit for the others. */
async function loadMilestones(run: Run, projects: Project[]): Promise<void> {
  const { rng, target, today } = run;
  await timed('milestones', async () => {
    const table = new BulkTable(
      target.execute,
      'milestones',
      columns(
        'id uuid, project_id uuid, name text, planned_date date, actual_date date, ' +
          'responsible_org_id uuid, status text, sort int4, version int4, created_at timestamptz, ' +
          'updated_at timestamptz',
      ),
      { batchSize: BATCH_ROWS, onProgress: progress(100_000) },
    );
    const buildings = ['桩基工程完成', '主体结构封顶', '机电安装完成', '竣工验收'];
    const networks = ['路基工程完成', '主体工程完成', '附属工程完成', '竣工验收'];
    const shares = [0.15, 0.45, 0.75, 1];
    for (const p of projects) {
      const created = chinaTime(Math.max(p.registered, (p.actualStart ?? p.plannedStart) - 60), 10);
      if (p.actualStart === null) {
        const planned = p.plannedStart - 30;
        table.add([
          rng.uuid(),
          p.id,
          '取得施工许可',
          fromDayNumber(planned),
          null,
          p.ownerOrgId,
          'planned',
          0,
          1,
          created,
          created,
        ]);
      } else {
        const names = p.category === 'infrastructure' || p.category === 'ecology' ? networks : buildings;
        let openSeen = false;
        // A project far behind keeps its original milestone dates and misses them by months; one behind
        // misses its re-planned dates by weeks; one on track meets most of them within days.
        names.forEach((name, k) => {
          const actual =
            p.actualStart! + Math.round(shares[k]! * p.actualMonths * DAYS_PER_MONTH) + rng.int(-10, 10);
          const done = actual <= today && (k < 3 || p.stage === 'in_operation');
          let planned =
            p.performance === 'far_behind'
              ? p.plannedStart + Math.round(shares[k]! * p.plannedMonths * DAYS_PER_MONTH)
              : p.performance === 'behind'
                ? actual - rng.int(5, 45)
                : actual + rng.int(-10, 25);
          if (!done && p.performance !== 'far_behind' && planned < today - 45)
            planned = today + rng.int(5, 60);
          const status = done ? 'done' : openSeen ? 'planned' : 'in_progress';
          if (!done) openSeen = true;
          const updated = done ? chinaTime(actual, 16) : created;
          table.add([
            rng.uuid(),
            p.id,
            name,
            fromDayNumber(planned),
            done ? fromDayNumber(actual) : null,
            p.ownerOrgId,
            status,
            k,
            done ? 2 : 1,
            created,
            updated,
          ]);
        });
      }
      await table.flushIfFull();
    }
    return table.finish();
  });
}

/** A report per project and month since its registration, with the versions its history shows. */
async function loadReports(
  run: Run,
  projects: Project[],
  directory: Directory,
  people: People,
): Promise<void> {
  const { rng, target, today, firstMonth, lastMonth } = run;
  const { scienceCityGroup } = directory;
  const { ownerUser, staffOf, statisticsStaff } = people;
  // Every report comes with its submitted versions (the history its page shows), written by the same
  // statement: the current version, and for a re-submitted report the returned first version before it.
  const review = (decision: string, reason: string, reviewedAt: string) => `jsonb_build_object('review',
    jsonb_build_object('decision', ${decision}, 'reason', ${reason}, 'reviewedBy', reviewed_by::text,
      'reviewedAt', to_char((${reviewedAt}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`;
  const content = (factor: string) => `jsonb_build_object('month', to_char(month, 'YYYY-MM'),
    'investmentThisMonth', round(investment_this_month * ${factor}, 2), 'physicalProgress', physical_progress,
    'imageProgress', image_progress, 'problems', problems, 'overTotalExplanation', over_total_explanation)`;
  const versionsSql = `INSERT INTO progress_report_versions (report_id, version, content, status, actor_id, created_at)
    SELECT id, 1, ${content('1.15')} || ${review("'return'", "'投资数据与形象进度不符，请核实后重报'", "submitted_at - interval '2 days'")},
      'returned', submitted_by, submitted_at - interval '3 days'
    FROM inserted WHERE current_version = 2
    UNION ALL
    SELECT id, current_version, ${content('1')} || CASE WHEN reviewed_at IS NULL THEN '{}'::jsonb
        ELSE ${review("CASE status WHEN 'accepted' THEN 'accept' ELSE 'return' END", 'review_reason', 'reviewed_at')} END,
      status, submitted_by, submitted_at
    FROM inserted`;
  let versionRows = 0;
  await timed('progress_reports', async () => {
    const table = new BulkTable(
      target.execute,
      'progress_reports',
      columns(
        'id uuid, project_id uuid, month date, status text, current_version int4, ' +
          'investment_this_month numeric, physical_progress numeric, image_progress text, problems text, ' +
          'submitted_by uuid, submitted_at timestamptz, reviewed_by uuid, reviewed_at timestamptz, ' +
          'review_reason text, version int4',
      ),
      { batchSize: BATCH_ROWS * 2, onProgress: progress(500_000), alsoInsert: versionsSql },
    );
    const monthStart = new Map<number, number>();
    for (let m = firstMonth - 1; m <= lastMonth + 1; m++) monthStart.set(m, firstDayOfMonth(m));
    const returnReasons = [
      '投资数据与形象进度不符，请核实后重报',
      '缺少现场照片，请补充',
      '本月投资额明显偏高，请附说明',
    ];
    for (const p of projects) {
      const reviewer = p.leadDepartment ? staffOf.get(p.leadDepartment.id)! : statisticsStaff;
      const submitter = p.ownerOrgId === scienceCityGroup.id ? ownerUser.id : null;
      const startMonth = p.actualStart === null ? Number.POSITIVE_INFINITY : monthOfDay(p.actualStart);
      const completionMonth =
        p.actualCompletion !== null
          ? monthOfDay(p.actualCompletion)
          : p.stage === 'completion_acceptance' && p.actualStart !== null
            ? monthOfDay(p.actualStart + Math.round(p.actualMonths * DAYS_PER_MONTH))
            : Number.POSITIVE_INFINITY;
      const spanMonths = p.actualMonths;
      // What the project spent before the window: the platform went live with it, and the first report in the
      // window carries it (开工以来累计), so that cumulative figures and financial progress come out right.
      const registeredMonth = monthOfDay(p.registered);
      let carried =
        (startMonth < firstMonth ? 0.9 * sCurve((firstMonth - startMonth) / spanMonths) : 0) +
        0.000675 * Math.max(0, Math.min(startMonth, firstMonth) - registeredMonth);
      let cumulative = 0;
      let physical = 0;
      for (let m = Math.max(firstMonth, monthOfDay(p.registered)); m <= lastMonth; m++) {
        if (p.silentFrom !== null && m >= p.silentFrom) break;
        if (m < lastMonth && rng.chance(0.004)) continue; // a month that was never reported
        let amount: number;
        let physicalProgress: number | null;
        let image: string;
        if (m < startMonth) {
          amount = rng.chance(0.9) ? p.total * 0.00075 * rng.between(0.5, 1.5) : 0; // 前期 costs
          physicalProgress = null;
          image = rng.pick(imageProgressByPhase.before);
        } else if (m <= completionMonth) {
          const x0 = (m - startMonth) / spanMonths;
          const x1 = (m + 1 - startMonth) / spanMonths;
          amount = p.total * 0.9 * (sCurve(x1) - sCurve(x0)) * rng.between(0.6, 1.4);
          const done = m === completionMonth && p.stage !== 'under_construction';
          const goal = done ? 100 : Math.min(99, 100 * (0.5 * x1 + 0.5 * sCurve(x1)) + rng.normal() * 2);
          physical = Math.max(physical, Math.round(goal * 100) / 100);
          physicalProgress = physical;
          image = done
            ? '竣工验收'
            : imageProgressByPhase.building[Math.min(5, Math.floor(Math.min(0.999, x1) * 6))]!;
        } else {
          amount = rng.chance(0.08) ? p.total * rng.between(0.001, 0.01) : 0;
          physical = 100;
          physicalProgress = 100;
          image =
            p.stage === 'completion_acceptance' ? '竣工验收资料整理' : rng.pick(imageProgressByPhase.after);
        }
        amount = money(Math.max(0, Math.min(amount + carried * p.total, p.total - cumulative)));
        carried = 0;
        cumulative += amount;
        const problems =
          m >= startMonth && m <= completionMonth && rng.chance(0.08) ? rng.pick(reportProblems) : null;

        // Review: the month just due is partly unreviewed; older months are accepted, a few after a return.
        const roll = rng.next();
        const status =
          m === lastMonth
            ? roll < 0.55
              ? 'submitted'
              : roll < 0.95
                ? 'accepted'
                : 'returned'
            : m === lastMonth - 1
              ? roll < 0.03
                ? 'submitted'
                : roll < 0.98
                  ? 'accepted'
                  : 'returned'
              : roll < 0.997
                ? 'accepted'
                : 'returned';
        const resubmitted = status === 'accepted' && m < lastMonth - 1 && rng.chance(0.02);
        versionRows += resubmitted ? 2 : 1;
        const dueDay = monthStart.get(m + 1)!;
        const submittedDay = Math.min(today, dueDay + rng.int(0, 6) + (resubmitted ? 3 : 0));
        const reviewedDay = Math.max(submittedDay, Math.min(today, submittedDay + rng.int(1, 4)));
        const reviewed = status !== 'submitted';
        table.add([
          rng.uuid(),
          p.id,
          monthIso(m),
          status,
          resubmitted ? 2 : 1,
          amount,
          physicalProgress,
          image,
          problems,
          submitter,
          chinaTime(submittedDay, rng.int(9, 12), rng.int(0, 59)),
          reviewed ? reviewer.id : null,
          reviewed ? chinaTime(reviewedDay, rng.int(14, 17), rng.int(0, 59)) : null,
          status === 'returned' ? rng.pick(returnReasons) : null,
          resubmitted ? 4 : reviewed ? 2 : 1,
        ]);
      }
      await table.flushIfFull();
    }
    return table.finish();
  });
  steps.push({ name: '  progress_report_versions', rows: versionRows, ms: 0 });
}

/** Coordination items in every state, with their departments and the events of their closed loop. */
async function loadCoordination(
  run: Run,
  projects: Project[],
  geography: Geography,
  directory: Directory,
  people: People,
): Promise<void> {
  const { rng, scale, target, today, windowStart, days } = run;
  const { scienceCity } = geography;
  const { departmentOf, scienceCityGroup } = directory;
  const { ownerUser, staffOf } = people;
  const childRows: Step[] = [];
  await timed('coordination_items', async () => {
    const items = new BulkTable(
      target.execute,
      'coordination_items',
      columns(
        'id uuid, project_id uuid, source text, title text, description text, category text, ' +
          'priority text, status text, deadline_working_days int4, deadline date, answer text, ' +
          'escalation_level int4, needs_decision bool, raised_by uuid, raised_at timestamptz, ' +
          'resolved_at timestamptz, confirmed_at timestamptz, version int4, updated_at timestamptz',
      ),
      { batchSize: BATCH_ROWS, onProgress: progress(100_000) },
    );
    const assigned = new BulkTable(
      target.execute,
      'coordination_item_departments',
      columns('item_id uuid, organization_id uuid'),
    );
    const events = new BulkTable(
      target.execute,
      'coordination_item_events',
      columns(
        'item_id uuid, kind text, from_status text, to_status text, note text, actor_id uuid, ' +
          'created_at timestamptz',
      ),
    );
    // Busy projects raise many items, quiet ones few: by stage, size and a heavy-tailed factor of their own.
    const byProject = new Weighted(
      projects.map(
        (p) =>
          [
            p,
            itemWeightByStage[p.stage] *
              Math.max(0.2, 0.5 + Math.log10(p.total / 1000)) *
              rng.logNormal(1, 0.8),
          ] as const,
      ),
    );
    const classes = weighted({ confirmed: 78, overdue: 10, open: 7, resolved: 5 });
    const approxCalendarDays = (n: number) => Math.ceil((n * 7) / 5);
    for (let k = 0; k < scale.items; k++) {
      const p = byProject.draw(rng);
      const earliest = Math.max(windowStart, p.registered + 1);
      const n = itemDeadlineDays.draw(rng);
      let cls = classes.draw(rng);
      let raised = today;
      let deadline = today;
      // Find a raise day that puts the item in its class; fall back to a fresh open item when it cannot be.
      if (cls === 'overdue') {
        const overdueBy = 1 + Math.min(400, Math.floor(rng.exponential(35)));
        raised = today - overdueBy - approxCalendarDays(n);
        deadline = days.add(raised, n);
        while (deadline >= today && raised > earliest) {
          raised -= 3;
          deadline = days.add(raised, n);
        }
        if (raised < earliest || deadline >= today) cls = 'open';
      }
      if (cls === 'open') {
        raised = Math.max(earliest, today - rng.int(0, approxCalendarDays(n)));
        raised = Math.min(raised, today);
        deadline = days.add(raised, n);
        while (deadline < today) {
          raised++;
          deadline = days.add(raised, n);
        }
      } else if (cls === 'resolved') {
        raised = rng.int(Math.max(earliest, today - 120), today - 2);
        deadline = days.add(raised, n);
      } else if (cls === 'confirmed') {
        raised = rng.int(earliest, Math.max(earliest, today - 10));
        deadline = days.add(raised, n);
      }

      // The steps the item went through. Departments use about 70 % of the time allowed; about a quarter of
      // the items are answered late.
      const handleDays = Math.max(1, Math.round((deadline - raised) * rng.logNormal(0.7, 0.5)));
      let resolvedDay: number | null = null;
      let confirmedDay: number | null = null;
      let status: 'pending' | 'in_progress' | 'resolved' | 'confirmed';
      if (cls === 'confirmed' || cls === 'resolved') {
        resolvedDay = Math.min(today, raised + handleDays);
        if (cls === 'confirmed') {
          confirmedDay = resolvedDay + 1 + Math.floor(rng.exponential(4));
          if (confirmedDay > today) confirmedDay = null;
        }
        status = confirmedDay !== null ? 'confirmed' : 'resolved';
      } else {
        status = today - raised < 3 || rng.chance(0.2) ? 'pending' : 'in_progress';
      }
      const reopened = resolvedDay !== null && resolvedDay - raised > 6 && rng.chance(0.05);
      const overdueNow = (status === 'pending' || status === 'in_progress') && deadline < today;
      // 督办 as the daily job would have raised it: level 1 when overdue, level 2 from 5 working days overdue.
      const lateUntil = overdueNow
        ? today
        : resolvedDay !== null && resolvedDay > deadline
          ? resolvedDay
          : null;
      let escalation = 0;
      if (lateUntil !== null) {
        const late = days.between(deadline, lateUntil);
        escalation = late !== null && late >= ESCALATION_LEVEL_2_WORKING_DAYS ? 2 : 1;
      }

      const category = itemCategories.draw(rng);
      const title = rng.pick(coordinationTopics[category]);
      const jurisdiction =
        p.leadDepartment?.jurisdiction ?? (scienceCity.has(p.divisionCode) ? p.divisionCode : 'kxc');
      const depts = new Set<Department>([departmentOf(jurisdiction, itemBureaus[category].draw(rng))]);
      const extra = rng.next();
      if (extra < 0.3) depts.add(departmentOf(jurisdiction, rng.pick(bureaus)));
      if (extra < 0.08) depts.add(departmentOf('kxc', rng.pick(bureaus)));
      const deptList = [...depts];
      const handler = staffOf.get(deptList[0]!.id)!;
      const raiser = p.chiefUserId ?? (p.ownerOrgId === scienceCityGroup.id ? ownerUser.id : null);
      const id = rng.uuid();
      const at = (day: number) => chinaTime(day, rng.int(9, 17), rng.int(0, 59));
      const raisedAt = at(raised);
      // ISO timestamps in UTC compare as strings.
      let latestAt = raisedAt;
      let version = 1;
      const event = (
        kind: string,
        from: string | null,
        to: string | null,
        day: number,
        actor: string | null,
        note: string | null = null,
      ) => {
        const when = at(day);
        if (when > latestAt) latestAt = when;
        events.add([id, kind, from, to, note, actor, when]);
      };
      events.add([id, 'raised', null, 'pending', null, raiser, raisedAt]);
      if (status !== 'pending') {
        event('accepted', 'pending', 'in_progress', Math.min(today, raised + rng.int(0, 3)), handler.id);
        version++;
      }
      if (escalation > 0) {
        // The daily job sees the item overdue on the first working day after its deadline.
        const level1 = Math.min(lateUntil!, days.add(deadline, 1));
        const noteOf = (level: number, day: number) => {
          const late = days.between(deadline, day);
          return `${level} 级督办：期限 ${fromDayNumber(deadline)}${late === null ? '' : `，逾期 ${late} 个工作日`}`;
        };
        const current = status === 'pending' ? 'pending' : 'in_progress';
        event('escalated', current, current, level1, null, noteOf(1, level1));
        if (escalation === 2) {
          const level2 = Math.min(lateUntil!, days.add(deadline, ESCALATION_LEVEL_2_WORKING_DAYS));
          event('escalated', current, current, level2, null, noteOf(2, level2));
        }
      }
      const answer = resolvedDay !== null ? `已会同相关单位协调办理：${title}问题已解决。` : null;
      if (resolvedDay !== null) {
        if (reopened) {
          const first = raised + Math.max(1, Math.floor((resolvedDay - raised) / 2));
          event('resolved', 'in_progress', 'resolved', first, handler.id, '已协调，待现场核实。');
          event(
            'reopened',
            'resolved',
            'in_progress',
            Math.min(resolvedDay, first + 2),
            raiser,
            '现场核实问题仍未解决',
          );
          version += 2;
        }
        event('resolved', 'in_progress', 'resolved', resolvedDay, handler.id, answer);
        version++;
      }
      if (confirmedDay !== null) {
        event('confirmed', 'resolved', 'confirmed', confirmedDay, raiser);
        version++;
      }
      items.add([
        id,
        p.id,
        rng.chance(0.65) ? 'report' : rng.chance(0.45) ? 'chief' : 'other',
        title,
        `${p.name}：${title}，需${deptList.map((d) => d.name).join('、')}协调解决。`,
        category,
        escalation === 2 ? 'high' : itemPriorities.draw(rng),
        status,
        n,
        fromDayNumber(deadline),
        answer,
        escalation,
        (status === 'pending' || status === 'in_progress') && rng.chance(0.03),
        raiser,
        raisedAt,
        resolvedDay !== null ? at(resolvedDay) : null,
        confirmedDay !== null ? at(confirmedDay) : null,
        version,
        latestAt,
      ]);
      for (const d of deptList) assigned.add([id, d.id]);
      // Children after their parents: the three tables share one connection, which runs statements in order.
      if (items.count % BATCH_ROWS === 0) {
        await items.flush();
        await assigned.flush();
        await events.flush();
      }
    }
    const n = await items.finish();
    childRows.push(
      { name: '  coordination_item_departments', rows: await assigned.finish(), ms: 0 },
      { name: '  coordination_item_events', rows: await events.finish(), ms: 0 },
    );
    return n;
  });
  steps.push(...childRows);
}

/** Records the run in app_meta, vacuums and analyses, and prints the counts, times and distributions. */
async function finish(
  run: Run,
  loaded: { directory: Directory; people: People; projects: Project[]; derived: string[] },
): Promise<void> {
  const { options, scale, target, days, now } = run;
  const { directory, people, projects, derived } = loaded;
  await target.query(
    `INSERT INTO app_meta (key, value) VALUES ('bench_dataset', $1)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [
      JSON.stringify({
        scale: options.scaleName,
        ...scale,
        seed: options.seed,
        asOf: options.asOf,
        generatedAt: now,
      }),
    ],
  );
  await timed('vacuum analyze', async () => {
    // Hint bits and the visibility map are set now, not by the first benchmark queries or by autovacuum.
    await target.query('VACUUM (ANALYZE)');
    return 0;
  });

  const counted = words(
    'organizations users projects project_chief_assignments analytics_changes annual_plans milestones progress_reports ' +
      'progress_report_versions coordination_items coordination_item_departments coordination_item_events',
  );
  // Tables of later migrations (analytics_changes) are counted where they exist.
  const present = await target.query<{ t: string }>(
    'select t from unnest($1::text[]) as t where to_regclass(t) is not null',
    [counted],
  );
  const counts = (
    await target.query<{ t: string; n: number }>(
      present.map(({ t }) => `select '${t}' as t, count(*)::int as n from ${t}`).join(' union all '),
    )
  ).sort((x, y) => counted.indexOf(x.t) - counted.indexOf(y.t));
  const selectivity = await target.query<{ word: string; n: number }>(
    `select w as word, (select count(*)::int from projects where name like '%' || w || '%') as n
     from unnest($1::text[]) as w`,
    [words('科学 智能 产业园 大道 医院 芯片 西永 二期')],
  );
  const [size] = await target.query<{ size: string }>(
    'select pg_size_pretty(pg_database_size(current_database())) as size',
  );
  const [overdue] = await target.query<{ n: number }>(
    `select count(*)::int as n from coordination_items where status in ('pending', 'in_progress') and deadline < $1::date`,
    [options.asOf],
  );

  console.log(
    `\nData set: ${options.scaleName}, seed ${options.seed}, as of ${options.asOf}, ${target.describe}`,
  );
  console.log('\nStep                                     rows        seconds');
  for (const s of steps)
    console.log(
      `${s.name.padEnd(34)} ${s.rows.toLocaleString('en').padStart(12)} ${s.ms ? (s.ms / 1000).toFixed(1).padStart(12) : ''}`,
    );
  console.log('\nTable                                    rows');
  for (const c of counts) console.log(`${c.t.padEnd(34)} ${c.n.toLocaleString('en').padStart(12)}`);
  console.log(
    `\nOrganisations: ${directory.orgs.length} (${directory.departments.length} departments); users: ${people.users.length}; chiefs on ${projects.filter((p) => p.chiefUserId).length} projects`,
  );
  console.log(
    `Coordination items overdue on ${options.asOf}: ${overdue?.n ?? 0} of ${scale.items} (${(((overdue?.n ?? 0) / scale.items) * 100).toFixed(1)} %)`,
  );
  console.log(`Working-day look-ups outside the holiday data (counted Monday–Friday): ${days.fallbacks}`);
  console.log(
    `Name search selectivity: ${selectivity.map((s) => `${s.word} ${((s.n / projects.length) * 100).toFixed(1)} %`).join(', ')}`,
  );
  if (derived.length) console.log(`Derived data rebuilt: ${derived.join(', ')}`);
  console.log(`Database size: ${size?.size}; total ${elapsed()}`);
  console.log(
    `\nStart the app on it:  ${target.appEnv} DEMO_MODE=false PORT=3100 npx tsx server/main.ts   (log in as leader / ${DEMO_PASSWORD})`,
  );
  await target.close();
}

/**
 * Derived data that the app keeps beside the base tables is rebuilt here, after the bulk load and before the
 * statistics. None needs it yet: the analytics triggers (migrations/0009_analytics.sql) mark every loaded
 * project in analytics_changes as the rows go in. A summary table added later is rebuilt with one line here:
 *   await rebuildSummaries(database.db); done.push('summaries');
 */
async function rebuildDerivedData(_database: Database): Promise<string[]> {
  const done: string[] = [];
  return done;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
