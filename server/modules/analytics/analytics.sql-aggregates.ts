/**
 * The cockpit's main figures and the pivot computed the slow way: raw aggregates over the base tables in SQL, by
 * the definitions of the modules the figures come from (the ledger's filters and scope, the plans module's
 * summary, the coordination module's overdue rule, the missing-reports rule). They serve two purposes: the
 * property tests hold the in-memory figures of the fact store equal to them, and the load benchmark times them
 * next to the API (bench/load-bench.ts). Not used on any request path.
 */
import { and, isNull, type SQL, sql } from 'drizzle-orm';
import { endOfChinaDay, shiftMonths } from '#domain/analytics/cockpit.ts';
import { combinedYearToDate } from '#domain/schedule.ts';
import type { PivotDimension } from '#domain/schemas/analysis.ts';
import { reportingStages } from '#domain/schemas/progress-reports.ts';
import type { Executor } from '../../db/client.ts';
import { projects } from '../../db/schema.ts';
import { countItems, filterConditions as itemConditions } from '../coordination/coordination.repo.ts';
import { findPlansWithCompletion } from '../plans/plans.repo.ts';
import {
  filterConditions,
  type ProjectFilter,
  type ProjectScope,
  scopeCondition,
  stageOnSql,
} from '../projects/projects.repo.ts';
import { lightHistorySince } from './analytics.repo.ts';

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(query: Promise<unknown>): Promise<T[]> => ((await query) as Rows<T>).rows;
const live = (scope: ProjectScope) => and(isNull(projects.deletedAt), scopeCondition(scope));
const num = (v: unknown) => Number(v ?? 0);

export type CockpitAggregates = {
  date: string;
  stages: Record<string, number>;
  totalInvestment: number;
  annualPlan: number;
  completedYtd: number;
  planCompletion: ReturnType<typeof combinedYearToDate> & { projectCount: number };
  startsActual: number;
  completionsActual: number;
  plannedStarts: number;
  plannedCompletions: number;
  /** null before the light history begins. */
  lights: { red: number; yellow: number; green: number; none: number } | null;
  overdueItems: number;
  reportsExpected: number;
  reportsSubmitted: number;
  /** Completed per month of the date's year (12 values). */
  completedByMonth: number[];
  /** Per lead department id ('' for none): projects, completed this year to date, annual plan. */
  byLeadDepartment: Map<string, { count: number; completedYtd: number; annualPlan: number }>;
};

/**
 * The cockpit's figures on one day, in SQL, for a scope. `today` decides as the cockpit does whether the day
 * reads the current state (stages, lights, item statuses) or the histories.
 */
export async function cockpitAggregatesSql(
  db: Executor,
  input: {
    date: string;
    today: string;
    scope: ProjectScope;
    userId?: string;
    organizationId?: string | null;
  },
): Promise<CockpitAggregates> {
  const { date, today, scope } = input;
  const isToday = date >= today;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const monthStart = `${date.slice(0, 7)}-01`;
  const where = live(scope);
  const stage = isToday ? sql<string>`${projects.stage}` : stageOnSql(date);

  const stageRows = await rowsOf<{ stage: string; n: number }>(
    db.execute(sql`select s.stage, count(*)::int as n from (select ${stage} as stage from projects where ${where}) s
      group by s.stage`),
  );
  const [totals] = await rowsOf<Record<string, unknown>>(
    db.execute(sql`select
      coalesce(sum(total_investment), 0)::text as total,
      count(*) filter (where actual_start between ${`${year}-01-01`}::date and ${date}::date)::int as starts,
      count(*) filter (where actual_completion between ${`${year}-01-01`}::date and ${date}::date)::int as completions,
      count(*) filter (where planned_start between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date)::int
        as planned_starts,
      count(*) filter (where planned_completion between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date)::int
        as planned_completions,
      count(*)::int as n
      from projects where ${where}`),
  );
  const [plan] = await rowsOf<{ plan: string }>(
    db.execute(sql`select coalesce(sum(a.planned_investment), 0)::text as plan
      from annual_plans a join projects on projects.id = a.project_id
      where a.year = ${year} and ${where}`),
  );
  const completedRows = await rowsOf<{ m: number; amount: string }>(
    db.execute(sql`select extract(month from r.month)::int as m, sum(r.investment_this_month)::text as amount
      from progress_reports r join projects on projects.id = r.project_id
      where r.status in ('submitted', 'accepted') and r.month between ${`${year}-01-01`}::date
        and ${`${year}-12-01`}::date and ${where}
      group by 1`),
  );
  const completedByMonth = Array.from({ length: 12 }, (_, m) =>
    num(completedRows.find((r) => Number(r.m) === m + 1)?.amount),
  );
  const plans = await findPlansWithCompletion(db, year, `${year}-01-01`, monthStart, scope);
  const ytd = combinedYearToDate(
    month,
    plans.map((r) => ({
      annualPlan: r.plannedInvestment,
      completedCumulative: r.cumulative,
      schedule: r.monthlySchedule ?? undefined,
    })),
  );

  let lights: CockpitAggregates['lights'] = null;
  const n = Number(totals?.n ?? 0);
  if (isToday) {
    const rows = await rowsOf<{ color: string; n: number }>(
      db.execute(sql`select w.color, count(*)::int as n from project_warnings w
        join projects on projects.id = w.project_id where ${where} group by w.color`),
    );
    const c = (color: string) => Number(rows.find((r) => r.color === color)?.n ?? 0);
    lights = {
      red: c('red'),
      yellow: c('yellow'),
      green: c('green'),
      none: n - c('red') - c('yellow') - c('green'),
    };
  } else {
    const end = new Date(endOfChinaDay(date)).toISOString();
    const since = await lightHistorySince(db);
    if (since !== null && Date.parse(end) > since) {
      const rows = await rowsOf<{ color: string | null; n: number }>(
        db.execute(sql`select h.color, count(*)::int as n from (
            select distinct on (project_id) project_id, color from warning_light_history
            where at < ${end}::timestamptz order by project_id, at desc, id desc
          ) h join projects on projects.id = h.project_id where ${where} group by h.color`),
      );
      const c = (color: string) => Number(rows.find((r) => r.color === color)?.n ?? 0);
      lights = {
        red: c('red'),
        yellow: c('yellow'),
        green: c('green'),
        none: n - c('red') - c('yellow') - c('green'),
      };
    }
  }

  const visibleTo = scope.all
    ? ({ all: true } as const)
    : { all: false as const, userId: scope.userId, organizationId: scope.organizationId, projects: scope };
  const overdueItems = await countItems(
    db,
    itemConditions(
      isToday
        ? { visibleTo, overdueOn: date }
        : { visibleTo, overdueAsOf: { day: date, end: new Date(endOfChinaDay(date)) } },
    ),
  );

  const reportMonth = `${shiftMonths(monthStart, -1)}`;
  const [reports] = await rowsOf<{ expected: number; submitted: number }>(
    db.execute(sql`select count(*)::int as expected,
        count(*) filter (where exists (select 1 from progress_reports r where r.project_id = s.id
          and r.month = ${reportMonth}::date))::int as submitted
      from (select projects.id, ${stage} as stage from projects where ${where}) s
      where s.stage in ${[...reportingStages]}`),
  );

  const deptRows = await rowsOf<{ dept: string | null; n: number; completed: string; plan: string }>(
    db.execute(sql`with r as (
        select project_id, sum(investment_this_month) as completed from progress_reports
        where status in ('submitted', 'accepted') and month between ${`${year}-01-01`}::date and ${monthStart}::date
        group by project_id
      )
      select projects.lead_department_id as dept, count(*)::int as n,
        coalesce(sum(r.completed), 0)::text as completed, coalesce(sum(a.planned_investment), 0)::text as plan
      from projects
      left join r on r.project_id = projects.id
      left join annual_plans a on a.project_id = projects.id and a.year = ${year}
      where ${where} group by projects.lead_department_id`),
  );

  return {
    date,
    stages: Object.fromEntries(stageRows.map((r) => [r.stage, Number(r.n)])),
    totalInvestment: num(totals?.total),
    annualPlan: num(plan?.plan),
    completedYtd: completedByMonth.slice(0, month).reduce((a, b) => a + b, 0),
    planCompletion: { ...ytd, projectCount: plans.length },
    startsActual: Number(totals?.starts ?? 0),
    completionsActual: Number(totals?.completions ?? 0),
    plannedStarts: Number(totals?.planned_starts ?? 0),
    plannedCompletions: Number(totals?.planned_completions ?? 0),
    lights,
    overdueItems,
    reportsExpected: Number(reports?.expected ?? 0),
    reportsSubmitted: Number(reports?.submitted ?? 0),
    completedByMonth,
    byLeadDepartment: new Map(
      deptRows.map((r) => [
        r.dept ?? '',
        { count: Number(r.n), completedYtd: num(r.completed), annualPlan: num(r.plan) },
      ]),
    ),
  };
}

/** Dimensions as SQL expressions over `projects` (joined with `industries` as ind). Funding source has none. */
function dimensionSql(dim: PivotDimension, sizeBands: readonly number[]): SQL<string> {
  switch (dim) {
    case 'industrySection':
      return sql`coalesce(case when ind.level = 1 then projects.industry_code else ind.parent_code end, projects.industry_code)`;
    case 'industryDivision':
      return sql`projects.industry_code`;
    case 'leadingIndustry':
      return sql`coalesce(projects.leading_industry, '')`;
    case 'category':
      return sql`projects.category`;
    case 'keyLevel':
      return sql`projects.key_level`;
    case 'stage':
      return sql`projects.stage`;
    case 'district':
      return sql`projects.division_code`;
    case 'sizeBand': {
      const cases = sizeBands.map(
        (limit, b) => sql`when projects.total_investment < ${limit} then '${sql.raw(String(b))}'`,
      );
      return sql`(case ${sql.join(cases, sql` `)} else '${sql.raw(String(sizeBands.length))}' end)`;
    }
    case 'startYear':
      return sql`coalesce(extract(year from coalesce(projects.actual_start, projects.planned_start))::int::text, '')`;
    case 'fundingSource':
      throw new Error('fundingSource has no single SQL expression: a project belongs to several sources');
  }
}

export type PivotAggregates = Map<
  string,
  { count: number; totalInvestment: number; annualPlan: number; completed: number; completedPlanned: number }
>;

/**
 * The pivot's cells in SQL for the ledger filter and scope: keyed 'row|col' (col '' without cols), plus
 * 'row|*' row totals, '*|col' column totals and '*|*' the grand total. Dimension keys are those the API reports
 * (sizeBand: the band's index). `q` and `tag` are evaluated by the ledger's SQL like every other filter.
 */
export async function pivotAggregatesSql(
  db: Executor,
  input: {
    rows: PivotDimension;
    cols?: PivotDimension;
    from: string;
    to: string;
    year: number;
    sizeBands: readonly number[];
    filter: Omit<ProjectFilter, 'deleted'>;
    scope: ProjectScope;
  },
): Promise<PivotAggregates> {
  const row = dimensionSql(input.rows, input.sizeBands);
  const col = input.cols ? dimensionSql(input.cols, input.sizeBands) : sql<string>`''`;
  const where = filterConditions({ ...input.filter, deleted: false }, input.scope);
  const rows = await rowsOf<{
    r: string | null;
    c: string | null;
    n: number;
    total: string;
    plan: string;
    completed: string;
    completed_planned: string;
  }>(
    db.execute(sql`
      with done as (
        select project_id, sum(investment_this_month) as completed from progress_reports
        where status in ('submitted', 'accepted')
          and month between ${`${input.from}-01`}::date and ${`${input.to}-01`}::date
        group by project_id
      ), f as (
        select ${row} as r, ${col} as c, projects.total_investment as total,
          a.planned_investment as plan, coalesce(done.completed, 0) as completed
        from projects
        left join industries ind on ind.code = projects.industry_code
        left join annual_plans a on a.project_id = projects.id and a.year = ${input.year}
        left join done on done.project_id = projects.id
        where ${where}
      )
      select r, c, count(*)::int as n, sum(total)::text as total, coalesce(sum(plan), 0)::text as plan,
        sum(completed)::text as completed,
        coalesce(sum(completed) filter (where plan is not null), 0)::text as completed_planned
      from f group by grouping sets ((r, c), (r), (c), ())`),
  );
  const out: PivotAggregates = new Map();
  for (const x of rows) {
    // grouping sets leave the grouped-away column NULL; keys themselves are never NULL (coalesced above).
    const key = `${x.r ?? '*'}|${x.c ?? '*'}`;
    out.set(key, {
      count: Number(x.n),
      totalInvestment: num(x.total),
      annualPlan: num(x.plan),
      completed: num(x.completed),
      completedPlanned: num(x.completed_planned),
    });
  }
  return out;
}

/** Live project ids in a scope, for tests comparing selections. */
export async function liveProjectIds(db: Executor, where: SQL | undefined): Promise<string[]> {
  const rows = await db.select({ id: projects.id }).from(projects).where(where);
  return rows.map((r) => r.id);
}
