import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCockpit, shiftMonths } from '#domain/analytics/cockpit.ts';
import type { FactScope, LedgerFilter } from '#domain/analytics/filter.ts';
import { selectProjects } from '#domain/analytics/filter.ts';
import { computePivot } from '#domain/analytics/pivot.ts';
import { lifecycleStages } from '#domain/codelists.ts';
import { todayInChina } from '#domain/iso-date.ts';
import { hundredthsOfPercent, roundTo } from '#domain/schedule.ts';
import { type Cockpit, type PivotDimension, PivotQuerySchema } from '#domain/schemas/analysis.ts';
import { reportingStages } from '#domain/schemas/progress-reports.ts';
import type { Actor } from '../../core/actor.ts';
import { softwareCrypto } from '../../core/crypto.ts';
import { createOrganization, createTestApp, type TestApp } from '../../test/test-app.ts';
import { createAnalyticsService } from './analytics.service.ts';
import { cockpitAggregatesSql, pivotAggregatesSql } from './analytics.sql-aggregates.ts';
import { analyticsStoreFor } from './analytics.store.ts';
import { randomFilter, randomWrite, rng, seedZone, type Zone } from './analytics.test-data.ts';

/**
 * Property: after any sequence of writes, every figure the fact store gives equals the aggregate computed from the
 * base tables in SQL (analytics.sql-aggregates.ts, by the modules' own definitions).
 */
const SEED = Number(process.env.ANALYTICS_SEED ?? 20260515);
const today = todayInChina();
let t: TestApp;
let zone: Zone;
const r = rng(SEED);

let newDepartment: string;

beforeAll(async () => {
  t = await createTestApp();
  zone = await seedZone(t, r, 36, today);
  // A department no project has yet: the random writes assign it later, so filters naming it must pick it up.
  newDepartment = (await createOrganization(t, { type: 'department' })).id;
  zone.departments.push(newDepartment);
});
afterAll(async () => {
  await t?.close();
});

const cents = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 100));
const pct = (n: number, d: number) => {
  const h = hundredthsOfPercent(roundTo(n, 4), roundTo(d, 4));
  return h === null ? null : h / 100;
};

function scopes(): { name: string; scope: FactScope }[] {
  return [
    { name: 'all', scope: { all: true } },
    { name: 'chief', scope: { all: false, userId: zone.chiefs[0] as string, organizationId: null } },
    {
      name: 'department',
      scope: { all: false, userId: zone.chiefs[1] as string, organizationId: zone.departments[0] as string },
    },
    {
      name: 'owner',
      scope: {
        all: false,
        userId: '00000000-0000-4000-8000-000000000001',
        organizationId: zone.enterprises[0] as string,
      },
    },
  ];
}

let openService: ReturnType<typeof createAnalyticsService> | undefined;
/** One service across the batches: its open cockpits and pivots must stay right as the facts change. */
function serviceFor() {
  openService ??= createAnalyticsService({ db: t.database.db, config: t.config, crypto: softwareCrypto });
  return openService;
}

/** A cockpit without the ranking labels (names and reference labels are the service's business, not the sums'). */
function unlabelled(c: Omit<Cockpit, 'scope'>) {
  const strip = (r: Cockpit['rankings']['chief']) => ({
    ...r,
    items: r.items.map(({ label: _label, ...rest }) => rest),
  });
  return {
    ...c,
    rankings: {
      leadDepartment: strip(c.rankings.leadDepartment),
      chief: strip(c.rankings.chief),
      district: strip(c.rankings.district),
      leadingIndustry: strip(c.rankings.leadingIndustry),
    },
  };
}

const labels = {
  district: (k: string) => ({ zh: k, en: k }),
  leadingIndustry: (k: string) => ({ zh: k, en: k }),
  organization: (k: string) => ({ zh: k, en: k }),
  user: (k: string) => ({ zh: k, en: k }),
};

async function checkCockpits(step: string) {
  const store = analyticsStoreFor(t.database.db);
  const { facts, references } = await store.current();
  for (const { name, scope } of scopes()) {
    for (const asOf of [today, shiftMonths(today, -2)]) {
      const where = `${step}, scope ${name}, asOf ${asOf} (seed ${SEED})`;
      const c = computeCockpit(
        facts,
        {
          asOf,
          today,
          lightHistorySince: store.lightHistorySince,
          top: 1000,
          reportingStages,
          scope,
        },
        labels,
        { industryParent: references.industryParent },
      );
      if (asOf === today) {
        // The sums kept open and up to date project by project equal the sums made afresh.
        const service = serviceFor();
        const open = await service.getCockpit(actorOf(scope), { asOf, top: 1000 });
        const { scope: _scope, ...withoutScope } = open;
        expect(unlabelled(withoutScope), `${where}: open cockpit`).toEqual(unlabelled(c));
      }
      const sqlScope = scope.all ? scope : { ...scope };
      const at = await Promise.all(
        [c.asOf, c.monthAgo, c.yearAgo].map((date) =>
          cockpitAggregatesSql(t.database.db, { date, today, scope: sqlScope }),
        ),
      );
      const pick = <T>(f: { value: T; monthAgo: T; yearAgo: T }) => [f.value, f.monthAgo, f.yearAgo];
      for (const s of lifecycleStages.codes) {
        const figure = c.stages.find((x) => x.stage === s)!.figure;
        expect(pick(figure), `${where}: stage ${s}`).toEqual(at.map((a) => a.stages[s] ?? 0));
      }
      expect(cents(c.investment.total.value), where).toBe(cents(at[0]!.totalInvestment));
      expect(cents(c.investment.annualPlan.value), where).toBe(cents(at[0]!.annualPlan));
      expect(cents(c.investment.annualPlan.yearAgo), where).toBe(cents(at[2]!.annualPlan));
      expect(pick(c.investment.completedYtd).map(cents), `${where}: completed`).toEqual(
        at.map((a) => cents(a.completedYtd)),
      );
      const plan = c.investment.planCompletion;
      expect(
        [plan.projectCount, plan.annualPlan, plan.plannedCumulative, plan.completedCumulative],
        `${where}: plan`,
      ).toEqual([
        at[0]!.planCompletion.projectCount,
        at[0]!.planCompletion.annualPlan,
        at[0]!.planCompletion.plannedCumulative,
        at[0]!.planCompletion.completedCumulative,
      ]);
      expect(pick(plan.annualCompletionPct), `${where}: plan %`).toEqual(
        at.map((a) => a.planCompletion.annualCompletionPct),
      );
      expect(pick(plan.scheduleCompletionPct), `${where}: schedule %`).toEqual(
        at.map((a) => a.planCompletion.scheduleCompletionPct),
      );
      expect(pick(c.starts.actual), `${where}: starts`).toEqual(at.map((a) => a.startsActual));
      expect(pick(c.completions.actual), `${where}: completions`).toEqual(at.map((a) => a.completionsActual));
      expect([c.starts.planned.value, c.starts.planned.yearAgo], where).toEqual([
        at[0]!.plannedStarts,
        at[2]!.plannedStarts,
      ]);
      expect([c.completions.planned.value, c.completions.planned.yearAgo], where).toEqual([
        at[0]!.plannedCompletions,
        at[2]!.plannedCompletions,
      ]);
      for (const color of ['red', 'yellow', 'green', 'none'] as const) {
        expect(pick(c.lights[color]), `${where}: lights ${color}`).toEqual(
          at.map((a) => (a.lights ? a.lights[color] : null)),
        );
      }
      expect(pick(c.overdueItems), `${where}: overdue items`).toEqual(at.map((a) => a.overdueItems));
      expect(pick(c.reportSubmission.expected), `${where}: reports expected`).toEqual(
        at.map((a) => a.reportsExpected),
      );
      expect(pick(c.reportSubmission.submitted), `${where}: reports submitted`).toEqual(
        at.map((a) => a.reportsSubmitted),
      );
      const upTo = Number(c.asOf.slice(5, 7));
      expect(
        c.trend.months.slice(0, upTo).map((m) => cents(m.completed)),
        `${where}: trend`,
      ).toEqual(at[0]!.completedByMonth.slice(0, upTo).map(cents));
      expect(
        c.trend.months.map((m) => cents(m.lastYearCompleted)),
        `${where}: last year`,
      ).toEqual(at[2]!.completedByMonth.map(cents));
      const ranked = new Map(
        [...c.rankings.leadDepartment.items].map((i) => [
          i.key ?? '',
          { count: i.projectCount, completedYtd: cents(i.completedYtd), annualPlan: cents(i.annualPlan) },
        ]),
      );
      const expected = new Map(
        [...at[0]!.byLeadDepartment].map(([k, v]) => [
          k,
          { count: v.count, completedYtd: cents(v.completedYtd), annualPlan: cents(v.annualPlan) },
        ]),
      );
      expect(ranked, `${where}: ranking`).toEqual(expected);
    }
  }
}

/** The month matrix itself: every project's every month equals its report in the table (or nothing). */
async function checkMonths(step: string) {
  const { facts } = await analyticsStoreFor(t.database.db).current();
  const rows = await t.database.query<{ project_id: string; m: number; status: string; amount: string }>(
    `select project_id, (extract(year from month)::int * 12 + extract(month from month)::int - 1) as m, status,
       investment_this_month::text as amount from progress_reports`,
  );
  const expected = new Map(rows.map((x) => [`${x.project_id}|${Number(x.m)}`, x]));
  for (const id of zone.projectIds) {
    const slot = facts.slot(id) as number;
    expect(slot, `${step}: ${id} loaded`).toBeDefined();
    for (let m = facts.firstMonth; m < facts.firstMonth + facts.monthSpan; m++) {
      const e = expected.get(`${id}|${m}`);
      const counted = e && e.status !== 'returned' ? cents(Number(e.amount)) : 0;
      expect(
        [cents(facts.completedBetween(slot, m, m)), facts.hasReport(slot, m)],
        `${step}: ${id} month ${m} (seed ${SEED})`,
      ).toEqual([counted, Boolean(e)]);
    }
  }
}

const pivotShapes: [PivotDimension, PivotDimension | undefined][] = [
  ['district', 'stage'],
  ['category', 'keyLevel'],
  ['industrySection', 'sizeBand'],
  ['leadingIndustry', 'startYear'],
  ['industryDivision', undefined],
];

async function checkPivots(step: string) {
  const store = analyticsStoreFor(t.database.db);
  const { facts, references } = await store.current();
  for (const [k, [rows, cols]] of pivotShapes.entries()) {
    const { scope } = r.pick(scopes());
    const { deleted: _deleted, ...filter } = randomFilter(r, zone);
    const to = shiftMonths(today, -r.int(0, 6)).slice(0, 7);
    const from = shiftMonths(`${to}-01`, -r.int(0, 14)).slice(0, 7);
    const year = Number(to.slice(0, 4));
    const where = `${step}, pivot ${rows}×${cols ?? '-'} ${JSON.stringify(filter)} ${JSON.stringify(scope)} (seed ${SEED}, ${k})`;
    let matching: Set<number> | undefined;
    if (filter.q || filter.tag) {
      const { findMatchingIds } = await import('./analytics.repo.ts');
      const ids = await findMatchingIds(t.database.db, filter.q, filter.tag);
      matching = new Set(ids.flatMap((id) => facts.slot(id) ?? []));
    }
    const selection = selectProjects(facts, filter, scope, {
      industryParent: references.industryParent,
      matching,
    });
    const p = computePivot(
      facts,
      selection,
      {
        rows,
        cols,
        measures: ['count', 'totalInvestment', 'annualPlan', 'completed', 'completionRate'],
        from,
        to,
        year,
        compare: false,
        sizeBands: store.sizeBands,
      },
      references,
    );
    const expected = await pivotAggregatesSql(t.database.db, {
      rows,
      cols,
      from,
      to,
      year,
      sizeBands: store.sizeBands,
      filter,
      scope,
    });
    const same = (key: string, v: Record<string, number | null | undefined>) => {
      const e = expected.get(key);
      expect(e, `${where}: ${key} exists in SQL`).toBeDefined();
      if (!e) return;
      expect(
        [v.count, cents(v.totalInvestment), cents(v.annualPlan), cents(v.completed), v.completionRate],
        `${where}: ${key}`,
      ).toEqual([
        e.count,
        cents(e.totalInvestment),
        cents(e.annualPlan),
        cents(e.completed),
        pct(e.completedPlanned, e.annualPlan),
      ]);
    };
    const colKeys = p.cols ? p.cols.values.map((v) => v.key) : [''];
    p.rows.values.forEach((rv, i) => {
      colKeys.forEach((ck, j) => {
        const v = p.cells[i]?.[j] ?? {};
        if ((v.count ?? 0) > 0) same(`${rv.key}|${ck}`, v);
        else expect(expected.has(`${rv.key}|${ck}`), `${where}: empty ${rv.key}|${ck}`).toBe(false);
      });
      same(`${rv.key}|*`, p.rowTotals[i] ?? {});
    });
    if (p.cols) {
      p.cols.values.forEach((cv, j) => {
        same(`*|${cv.key}`, p.colTotals[j] ?? {});
      });
    }
    if (selection.length) same('*|*', p.grandTotal);
    // Every SQL group is in the table.
    const shown = new Set(p.rows.values.map((v) => v.key));
    for (const key of expected.keys()) {
      const [rk] = key.split('|');
      if (rk !== '*') expect(shown.has(rk as string), `${where}: row ${rk}`).toBe(true);
    }
  }
}

/** A reader of the given scope, as the service sees one. */
function actorOf(scope: FactScope): Actor {
  return {
    id: scope.all ? '00000000-0000-4000-8000-00000000000a' : scope.userId,
    username: 'reader',
    displayName: 'reader',
    organizationId: scope.all ? null : scope.organizationId,
    organizationName: null,
    roles: [],
    permissions: new Set(scope.all ? ['project.scope.all', 'project.export'] : ['project.export']),
    mustChangePassword: false,
    ip: null,
    locale: 'zh-CN',
  };
}

/**
 * Pivots read through the service stay open between batches and are kept up to date project by project: after
 * each batch they must equal the same pivot summed afresh.
 */
async function checkOpenPivots(step: string) {
  const service =
    openService ?? createAnalyticsService({ db: t.database.db, config: t.config, crypto: softwareCrypto });
  openService = service;
  const { facts, references } = await analyticsStoreFor(t.database.db).current();
  const queries: {
    rows: PivotDimension;
    cols: PivotDimension | undefined;
    filter: Record<string, string[]>;
    scope: FactScope;
  }[] = [
    { rows: 'district', cols: 'stage', filter: {}, scope: scopes()[0]!.scope },
    {
      rows: 'leadingIndustry',
      cols: 'fundingSource',
      filter: { keyLevel: ['municipal', 'general'] },
      scope: scopes()[2]!.scope,
    },
    {
      rows: 'category',
      cols: 'sizeBand',
      filter: { leadDepartmentId: [newDepartment] },
      scope: scopes()[0]!.scope,
    },
    { rows: 'startYear', cols: undefined, filter: { industryCode: ['C'] }, scope: scopes()[1]!.scope },
  ];
  for (const q of queries) {
    const query = PivotQuerySchema.parse({
      rows: q.rows,
      ...(q.cols ? { cols: q.cols } : {}),
      measures: 'count,totalInvestment,annualPlan,completed,completionRate,share',
      from: `${today.slice(0, 4)}-01`,
      to: today.slice(0, 7),
      compare: 'yoy',
      ...Object.fromEntries(Object.entries(q.filter).map(([k, v]) => [k, v.join(',')])),
    });
    const open = await service.getPivot(actorOf(q.scope), query);
    const fresh = computePivot(
      facts,
      selectProjects(facts, q.filter as LedgerFilter, q.scope, { industryParent: references.industryParent }),
      {
        rows: query.rows,
        cols: query.cols,
        measures: query.measures,
        from: `${today.slice(0, 4)}-01`,
        to: today.slice(0, 7),
        year: Number(today.slice(0, 4)),
        compare: true,
        sizeBands: analyticsStoreFor(t.database.db).sizeBands,
      },
      references,
    );
    expect(open, `${step}: open pivot ${q.rows}×${q.cols ?? '-'} (seed ${SEED})`).toEqual(fresh);
  }
}

describe('analytics fact store', () => {
  it('equals the SQL aggregates after the initial load', async () => {
    await checkMonths('initial load');
    await checkCockpits('initial load');
    await checkPivots('initial load');
    await checkOpenPivots('initial load');
  });

  it('stays equal to the SQL aggregates through random writes, refreshed incrementally', async () => {
    const store = analyticsStoreFor(t.database.db);
    for (let batch = 0; batch < 12; batch++) {
      const done: string[] = [];
      for (let k = 0; k < 10; k++) done.push(await randomWrite(t.database.db, r, zone));
      const loadsBefore = store.lastLoad;
      await checkMonths(`batch ${batch}: ${done.join(', ')}`);
      await checkCockpits(`batch ${batch}: ${done.join(', ')}`);
      await checkPivots(`batch ${batch}: ${done.join(', ')}`);
      await checkOpenPivots(`batch ${batch}: ${done.join(', ')}`);
      // Incremental: the store was not reloaded in full.
      expect(store.lastLoad).toBe(loadsBefore);
    }
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'sees a write whose transaction was open when an earlier refresh ran (PostgreSQL: concurrent connections)',
    async () => {
      const store = analyticsStoreFor(t.database.db);
      const [row] = await t.database.query<{ db: string }>('select current_database() as db');
      const name = row?.db as string;
      const url = new URL(process.env.DATABASE_URL as string);
      url.pathname = `/${name}`;
      const other = new pg.Client({ connectionString: url.toString() });
      await other.connect();
      try {
        // Two projects: the two transactions would otherwise queue on the same analytics_changes row.
        const [projectId, otherProjectId] = zone.projectIds as [string, string];
        const before = (await store.current()).facts;
        const slot = before.slot(projectId) as number;
        const otherSlot = before.slot(otherProjectId) as number;
        const total = () =>
          before.completedBetween(slot, 0, 10_000_000) + before.completedBetween(otherSlot, 0, 10_000_000);
        const start = total();
        // A transaction takes its id, writes, and stays open while the store refreshes (the xmin is held back).
        await other.query('begin');
        await other.query(
          `insert into progress_reports (project_id, month, status, investment_this_month)
           values ($1, '2001-01-01', 'accepted', 1234.5)`,
          [projectId],
        );
        await store.current();
        expect(total()).toBe(start);
        // A later transaction commits first and is seen …
        await t.database.query(
          `insert into progress_reports (project_id, month, status, investment_this_month)
           values ($1, '2001-02-01', 'accepted', 10)`,
          [otherProjectId],
        );
        await store.current();
        expect(roundTo(total(), 2)).toBe(roundTo(start + 10, 2));
        // … and the older one, committed now, is seen on the next refresh although its id is below that xmin.
        await other.query('commit');
        await store.current();
        expect(roundTo(total(), 2)).toBe(roundTo(start + 10 + 1234.5, 2));
      } finally {
        await other.end();
      }
    },
  );
});
