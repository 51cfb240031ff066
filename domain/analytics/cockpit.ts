/**
 * The cockpit's figures computed from the fact table (facts.ts), for the projects of a selection (the actor's
 * scope). Each headline figure is given on asOf, a month earlier and a year earlier, with the reason when an
 * earlier value cannot be known from what the platform records — a missing value is never filled in.
 *
 * Definitions follow the modules the figures come from, so that the cockpit and those pages agree: stages as the
 * ledger (today) or its stage history (earlier days, projects.repo.ts stageOnSql); completed investment from
 * submitted and accepted monthly reports; the plan completion as GET /api/annual-plans/summary (only projects with
 * a plan, each against its own 序时进度); overdue coordination items as the coordination module's overdue list;
 * projects owing a report as the missing-reports page.
 */
import { lifecycleStages } from '../codelists.ts';
import { addDays, fromDayNumber } from '../iso-date.ts';
import { hundredthsOfPercent, type MonthlySchedule, plannedCumulative, roundTo } from '../schedule.ts';
import type {
  Cockpit,
  ComparisonNote,
  Drill,
  Figure,
  Ranking,
  RankingDimension,
} from '../schemas/analysis.ts';
import { dayOf, LIGHT, monthOf, monthText, type ProjectFacts } from './facts.ts';
import { dictionarySizes, type FactScope, type FilterOptions, projectPredicate } from './filter.ts';

export type CockpitOptions = {
  /** The day the figures are as of; a month and a year earlier are computed too. */
  asOf: string;
  /** Today in China: a day from today on reads the current stage, light and item status rather than histories. */
  today: string;
  /** When the light history began (ms), or null when there is none. */
  lightHistorySince: number | null;
  /** Ranking groups listed before the rest are summed up. */
  top: number;
  /** Stages in which a project owes a monthly report (domain/schemas/progress-reports.ts reportingStages). */
  reportingStages: readonly string[];
  /**
   * Whose cockpit: everything, or the projects of his chiefship, his organisation and its lead (the ledger's
   * scope), and of coordination items also those he raised or that are assigned to his organisation.
   */
  scope: FactScope;
};

/** The cockpit without the labels of ranked departments and chiefs, which the caller looks up. */
export type CockpitFigures = Omit<Cockpit, 'scope'>;

const notes = {
  noHistory: (zh: string, en: string): ComparisonNote => ({ code: 'no_history', zh, en }),
  beforeHistory: (since: string | null): ComparisonNote => ({
    code: 'before_history',
    zh: since ? `平台自 ${since} 起记录预警灯变化，此前无数据` : '平台尚未记录预警灯变化，无数据',
    en: since
      ? `The platform has recorded light changes since ${since}; there is no data before`
      : 'The platform has not recorded light changes yet; there is no data',
  }),
  annual: (): ComparisonNote => ({
    code: 'annual_figure',
    zh: '年度指标，与上年同期比较',
    en: 'An annual figure: compared with the previous year',
  }),
};

const NO_LEDGER_HISTORY = notes.noHistory(
  '台账不保存总投资的历史值，无法得出过去的数',
  'The ledger keeps no history of investment totals: an earlier value is not known',
);

/** The same day `months` months earlier (or later), the day clamped to the month's end (31 March → 28 February). */
export function shiftMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The end of a day in China (00:00 of the next day, UTC+8) in ms. */
export function endOfChinaDay(date: string): number {
  return Date.parse(`${addDays(date, 1)}T00:00:00+08:00`);
}

/**
 * Sums plans as domain/schedule.ts combinedYearToDate does, one plan at a time (the cockpit has 100,000 of them
 * and no array to spare): the same per-plan 序时进度, the same rounding, so the figures equal the plans module's.
 * A plan can be taken out again (sign −1) when its project changes.
 */
class PlanTotals {
  projectCount = 0;
  annualPlan = 0;
  planned = 0;
  completed = 0;
  constructor(readonly month: number) {}

  add(amount: number, schedule: MonthlySchedule | undefined, completed: number, sign: number) {
    this.projectCount += sign;
    this.annualPlan += sign * amount;
    // plannedCumulative's own arithmetic for the even split, inlined: this runs for every plan.
    this.planned +=
      sign *
      (schedule ? plannedCumulative(amount, this.month, schedule) : roundTo((amount * this.month) / 12, 4));
    this.completed += sign * completed;
  }

  result() {
    const annualPlan = roundTo(this.annualPlan, 4);
    const planned = roundTo(this.planned, 4);
    const completed = roundTo(this.completed, 4);
    const pct = (n: number, d: number) => {
      const h = hundredthsOfPercent(n, d);
      return h === null ? null : h / 100;
    };
    return {
      projectCount: Math.round(this.projectCount),
      annualPlan,
      plannedCumulative: planned,
      completedCumulative: completed,
      annualCompletionPct: pct(completed, annualPlan),
      scheduleCompletionPct: pct(completed, planned),
    };
  }
}

const yearOf = (date: string) => Number(date.slice(0, 4));
const pctOf = (n: number, d: number) => {
  const h = hundredthsOfPercent(n, d);
  return h === null ? null : h / 100;
};
const money = (x: number) => roundTo(x, 4);
const inc = (counts: Float64Array | number[], k: number) => {
  counts[k] = (counts[k] as number) + 1;
};

function figure(
  value: number | null,
  monthAgo: number | null | ComparisonNote,
  yearAgo: number | null | ComparisonNote,
  drill: Drill | null,
): Figure {
  const isNote = (x: unknown): x is ComparisonNote => typeof x === 'object' && x !== null;
  return {
    value,
    monthAgo: isNote(monthAgo) ? null : monthAgo,
    yearAgo: isNote(yearAgo) ? null : yearAgo,
    monthAgoNote: isNote(monthAgo) ? monthAgo : null,
    yearAgoNote: isNote(yearAgo) ? yearAgo : null,
    drill,
  };
}

const ledger = (query: Record<string, string>): Drill => ({ path: '/projects', query });

/** Per group of a ranking dimension (a dictionary code): projects, completed, plans, red lights. */
class RankAcc {
  count = new Float64Array(64);
  completed = new Float64Array(64);
  plan = new Float64Array(64);
  completedPlanned = new Float64Array(64);
  red = new Float64Array(64);

  /** Makes room for group codes up to g (dictionaries grow as organisations and users appear). */
  reach(g: number): void {
    if (g < this.count.length) return;
    const n = Math.max(g + 1, this.count.length * 2);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.count = grow(this.count);
    this.completed = grow(this.completed);
    this.plan = grow(this.plan);
    this.completedPlanned = grow(this.completedPlanned);
    this.red = grow(this.red);
  }
}

export type CockpitLabels = {
  district: (code: string) => { zh: string; en: string };
  leadingIndustry: (code: string) => { zh: string; en: string };
  organization: (id: string) => { zh: string; en: string };
  user: (id: string) => { zh: string; en: string };
};

/**
 * Every figure of the cockpit of a reader (options.scope), summed afresh. Ranking items carry their key; labels of
 * districts and leading industries come from `labels`, and the caller replaces the labels of departments and chiefs
 * with their names.
 */
export function computeCockpit(
  facts: ProjectFacts,
  options: CockpitOptions,
  labels: CockpitLabels,
  filterOptions: FilterOptions,
): CockpitFigures {
  const summary = new CockpitSummary(facts, options, filterOptions);
  summary.fill();
  return summary.figures(options.top, labels);
}

/**
 * A reader's cockpit as sums of per-project shares, each added (or taken out again) on its own: the service keeps
 * the cockpits of recent readers open and the store tells them of every project that changes, so that a cockpit
 * costs a few milliseconds however many projects there are and however often reports are written. Taking a share
 * out and putting the new one in gives what summing afresh would (to floating-point dust, far below the two
 * decimals shown). A project outside the reader's scope has a share too when he sees some of its coordination
 * items (raised by him, or assigned to his organisation): those items' overdue counts.
 */
export class CockpitSummary {
  readonly dates: readonly [string, string, string];
  readonly isToday: boolean[];
  readonly days: number[];
  readonly ends: number[];
  private readonly years: number[];
  private readonly months: number[];
  private readonly lightsKnown: boolean[];
  private readonly reportMonths: number[];
  private readonly reporting: Set<number>;
  private readonly year: number;
  private readonly month: number;
  private readonly since: number | null;
  private readonly jan: number[];
  private readonly yearStartDays: number[];
  private readonly yearEndDays: number[];
  private readonly prefixStart: number[];
  private readonly prefixEnd: number[];
  private readonly prefix = new Float64Array(25);

  private readonly stageCounts: Float64Array[];
  private readonly completedYtd = [0, 0, 0];
  private readonly planTotals: PlanTotals[];
  private readonly startsActual = [0, 0, 0];
  private readonly completionsActual = [0, 0, 0];
  private readonly plannedStarts = [0, 0];
  private readonly plannedCompletions = [0, 0];
  private readonly lights: number[][];
  private readonly expected = [0, 0, 0];
  private readonly submitted = [0, 0, 0];
  private readonly overdue = [0, 0, 0];
  private projectCount = 0;
  private totalInvestment = 0;
  private annualPlan = 0;
  private annualPlanPrev = 0;
  /** Planned cumulative by the end of each month (index 1–12), summed plan by plan as combinedYearToDate does. */
  private readonly trendPlannedCumulative = new Float64Array(13);
  private readonly trendCompleted = new Float64Array(12);
  private readonly trendLastYear = new Float64Array(12);
  private readonly rank: Record<RankingDimension, RankAcc> = {
    leadDepartment: new RankAcc(),
    chief: new RankAcc(),
    district: new RankAcc(),
    leadingIndustry: new RankAcc(),
  };

  private passes: (i: number) => boolean = () => false;
  private visibleItems: ItemFilter | null = null;
  private userCode = -1;
  private orgCode = -1;
  private dictionaries = '';

  constructor(
    private readonly facts: ProjectFacts,
    readonly options: Omit<CockpitOptions, 'top'>,
    private readonly filterOptions: FilterOptions,
  ) {
    const { asOf, today } = options;
    this.dates = [asOf, shiftMonths(asOf, -1), shiftMonths(asOf, -12)];
    this.isToday = this.dates.map((d) => d >= today);
    this.days = this.dates.map(dayOf);
    this.ends = this.dates.map(endOfChinaDay);
    this.years = this.dates.map(yearOf);
    this.months = this.dates.map(monthOf);
    this.since = options.lightHistorySince;
    const since = this.since;
    this.lightsKnown = this.dates.map(
      (_, k) => (this.isToday[k] as boolean) || (since !== null && (this.ends[k] as number) > since),
    );
    this.reportMonths = this.months.map((m) => m - 1);
    // Codes of stages not yet in the dictionary are added: a project may reach them later.
    this.reporting = new Set(options.reportingStages.map((s) => facts.stages.code(s)));
    this.year = this.years[0] as number;
    this.month = ((this.months[0] as number) % 12) + 1;
    this.jan = this.years.map((y) => dayOf(`${y}-01-01`));
    this.yearStartDays = [dayOf(`${this.year}-01-01`), dayOf(`${this.year - 1}-01-01`)];
    this.yearEndDays = [dayOf(`${this.year}-12-31`), dayOf(`${this.year - 1}-12-31`)];
    this.prefixStart = this.years.map((y) => (y === this.year ? 12 : 0));
    this.prefixEnd = this.months.map((m, k) => (this.years[k] === this.year ? 12 : 0) + (m % 12) + 1);
    this.stageCounts = this.dates.map(() => new Float64Array(32));
    this.planTotals = this.months.map((m) => new PlanTotals((m % 12) + 1));
    this.lights = this.dates.map(() => [0, 0, 0, 0]);
    this.resolveScope();
  }

  /**
   * Resolves the scope against the dictionaries as they are; again when they have grown (a user or organisation
   * named by the scope may have appeared since). Cheap when nothing changed.
   */
  resolveScope(): void {
    const sizes = dictionarySizes(this.facts);
    if (sizes === this.dictionaries) return;
    this.dictionaries = sizes;
    const { scope } = this.options;
    this.passes = projectPredicate(this.facts, {}, scope, this.filterOptions);
    if (scope.all) return;
    const user = this.facts.users.find(scope.userId);
    const org = scope.organizationId ? this.facts.organizations.find(scope.organizationId) : -1;
    this.userCode = user;
    this.orgCode = org;
    this.visibleItems = (raisedBy, it, depts) => {
      if (user > 0 && raisedBy === user) return true;
      if (org <= 0) return false;
      const count = it[depts] as number;
      for (let d = 1; d <= count; d++) if (it[depts + d] === org) return true;
      return false;
    };
  }

  /** Adds every project's share: the reader's projects, and the items he sees on others. */
  fill(): void {
    const facts = this.facts;
    for (let i = 0; i < facts.count; i++) if (this.passes(i)) this.add(i, 1);
    if (this.options.scope.all) return;
    const others = new Set<number>();
    for (const slot of facts.itemProjectsByRaiser.get(this.userCode)?.keys() ?? []) others.add(slot);
    for (const slot of facts.itemProjectsByDepartment.get(this.orgCode)?.keys() ?? []) others.add(slot);
    for (const i of others) if (!this.passes(i)) this.add(i, 1);
  }

  /** Adds project i's share (sign 1) or takes it out (−1); a project that is not live has none. */
  add(i: number, sign: 1 | -1): void {
    const facts = this.facts;
    if (facts.deleted[i] !== 0) return;
    const { isToday, days, ends, prefix, prefixStart, prefixEnd, jan, year } = this;
    if (!this.passes(i)) {
      // Not his project: only the coordination items he sees on it count (overdue items).
      if (!this.visibleItems || (facts.items.length[i] as number) === 0) return;
      const counts = overdueOf(facts, i, this.visibleItems, isToday, days, ends);
      for (let d = 0; d < 3; d++)
        this.overdue[d] = (this.overdue[d] as number) + sign * (counts[d] as number);
      return;
    }
    this.projectCount += sign;
    this.totalInvestment += sign * (facts.totalInvestment[i] as number);
    // Last year's and this year's months, once: prefix[m] sums months 0 … m − 1 (0 = January last year).
    const span = facts.monthSpan;
    const first = facts.firstMonth;
    const base = i * span - first;
    for (let m = 0; m < 24; m++) {
      const month = (year - 1) * 12 + m;
      const v = month >= first && month < first + span ? (facts.completed[base + month] as number) : 0;
      prefix[m + 1] = (prefix[m] as number) + v;
    }
    let ytdNow = 0;
    for (let k = 0; k < 3; k++) {
      const stage = isToday[k] ? (facts.stage[i] as number) : facts.stageOn(i, days[k] as number);
      const counts = this.stageCounts[k] as Float64Array;
      if (stage >= counts.length) this.stageCounts[k] = grown(counts, stage);
      const stageCounts = this.stageCounts[k] as Float64Array;
      stageCounts[stage] = (stageCounts[stage] as number) + sign;
      // The three days fall in this year or the last: their year-to-date sums are prefixes of `prefix`.
      const ytd = (prefix[prefixEnd[k] as number] as number) - (prefix[prefixStart[k] as number] as number);
      if (k === 0) ytdNow = ytd;
      this.completedYtd[k] = (this.completedYtd[k] as number) + sign * ytd;
      const y = this.years[k] as number;
      const amount = facts.planAmount.get(y)?.[i];
      if (amount !== undefined && !Number.isNaN(amount)) {
        (this.planTotals[k] as PlanTotals).add(amount, facts.planSchedule.get(y)?.[i], ytd, sign);
      }
      const started = facts.actualStart[i] as number;
      if (started >= (jan[k] as number) && started <= (days[k] as number)) bump(this.startsActual, k, sign);
      const done = facts.actualCompletion[i] as number;
      if (done >= (jan[k] as number) && done <= (days[k] as number)) bump(this.completionsActual, k, sign);
      if (this.lightsKnown[k]) {
        const light = isToday[k] ? (facts.light[i] as number) : facts.lightBefore(i, ends[k] as number);
        bump(this.lights[k] as number[], light, sign);
      }
      if (this.reporting.has(stage)) {
        bump(this.expected, k, sign);
        if (facts.hasReport(i, this.reportMonths[k] as number)) bump(this.submitted, k, sign);
      }
    }
    for (let y = 0; y < 2; y++) {
      const ps = facts.plannedStart[i] as number;
      if (ps >= (this.yearStartDays[y] as number) && ps <= (this.yearEndDays[y] as number)) {
        bump(this.plannedStarts, y, sign);
      }
      const pc = facts.plannedCompletion[i] as number;
      if (pc >= (this.yearStartDays[y] as number) && pc <= (this.yearEndDays[y] as number)) {
        bump(this.plannedCompletions, y, sign);
      }
    }
    const plan = facts.planAmount.get(year)?.[i];
    const hasPlan = plan !== undefined && !Number.isNaN(plan);
    if (hasPlan) {
      this.annualPlan += sign * plan;
      const schedule = facts.planSchedule.get(year)?.[i];
      const trend = this.trendPlannedCumulative;
      for (let m = 1; m <= 12; m++) {
        // plannedCumulative's own arithmetic, inlined for the even split (most plans): 12 calls per plan add up.
        const cumulative = schedule ? plannedCumulative(plan, m, schedule) : roundTo((plan * m) / 12, 4);
        trend[m] = (trend[m] as number) + sign * cumulative;
      }
    }
    const prev = facts.planAmount.get(year - 1)?.[i];
    if (prev !== undefined && !Number.isNaN(prev)) this.annualPlanPrev += sign * prev;
    for (let m = 0; m < 12; m++) {
      this.trendLastYear[m] =
        (this.trendLastYear[m] as number) + sign * ((prefix[m + 1] as number) - (prefix[m] as number));
      this.trendCompleted[m] =
        (this.trendCompleted[m] as number) + sign * ((prefix[m + 13] as number) - (prefix[m + 12] as number));
    }
    const red =
      (isToday[0] ? facts.light[i] : facts.lightBefore(i, ends[0] as number)) === LIGHT.red ? sign : 0;
    this.rankAdd(
      this.rank.leadDepartment,
      facts.leadDept[i] as number,
      sign,
      ytdNow,
      hasPlan ? plan : null,
      red,
    );
    this.rankAdd(this.rank.chief, facts.chief[i] as number, sign, ytdNow, hasPlan ? plan : null, red);
    this.rankAdd(this.rank.district, facts.division[i] as number, sign, ytdNow, hasPlan ? plan : null, red);
    this.rankAdd(
      this.rank.leadingIndustry,
      facts.leadingIndustry[i] as number,
      sign,
      ytdNow,
      hasPlan ? plan : null,
      red,
    );
    const counts = overdueOf(facts, i, null, isToday, days, ends);
    for (let d = 0; d < 3; d++) this.overdue[d] = (this.overdue[d] as number) + sign * (counts[d] as number);
  }

  private rankAdd(acc: RankAcc, g: number, sign: number, ytd: number, plan: number | null, red: number) {
    acc.reach(g);
    acc.count[g] = (acc.count[g] as number) + sign;
    acc.completed[g] = (acc.completed[g] as number) + sign * ytd;
    if (plan !== null) {
      acc.plan[g] = (acc.plan[g] as number) + sign * plan;
      acc.completedPlanned[g] = (acc.completedPlanned[g] as number) + sign * ytd;
    }
    acc.red[g] = (acc.red[g] as number) + red;
  }

  /** The figures, the rankings cut at `top`. */
  figures(top: number, labels: CockpitLabels): CockpitFigures {
    const facts = this.facts;
    const { isToday, dates, year, month, since, lightsKnown } = this;
    const asOf = dates[0];
    const overdueCounts = this.overdue;
    const sinceText = since === null ? null : fromDayNumber(Math.floor((since + 8 * 3_600_000) / 86_400_000));
    const byDate = <T>(f: (k: number) => T) => [f(0), f(1), f(2)] as const;
    const count = (x: number) => Math.round(x);

    const stages = lifecycleStages.list.map((item) => {
      const code = facts.stages.find(item.code);
      const at = byDate((k) =>
        code > 0 ? count(((this.stageCounts[k] as Float64Array)[code] as number) ?? 0) : 0,
      );
      return {
        stage: item.code,
        label: item.label,
        figure: figure(at[0], at[1], at[2], isToday[0] ? ledger({ stage: item.code }) : null),
      };
    });

    const plans = this.planTotals.map((p) => p.result());
    const plan0 = plans[0] as ReturnType<PlanTotals['result']>;
    const lightFigure = (code: number, color: 'red' | 'yellow' | 'green' | null) => {
      const at = byDate((k) =>
        lightsKnown[k] ? count((this.lights[k] as number[])[code] as number) : notes.beforeHistory(sinceText),
      );
      const drill = isToday[0] && color ? { path: '/warnings' as const, query: { color } } : null;
      return figure(
        typeof at[0] === 'number' ? at[0] : null,
        at[1],
        at[2],
        typeof at[0] === 'number' ? drill : null,
      );
    };
    const reportMonth = monthText(this.reportMonths[0] as number);
    const reportingList = this.options.reportingStages.join(',');

    let completedSum = 0;
    let lastYearSum = 0;
    const trend = {
      year,
      months: Array.from({ length: 12 }, (_, m) => {
        const future = m + 1 > month;
        const cumulative = this.trendPlannedCumulative[m + 1] as number;
        completedSum += this.trendCompleted[m] as number;
        lastYearSum += this.trendLastYear[m] as number;
        return {
          month: monthText(year * 12 + m),
          planned: money(cumulative - (this.trendPlannedCumulative[m] as number)),
          plannedCumulative: money(cumulative),
          completed: future ? null : money(this.trendCompleted[m] as number),
          completedCumulative: future ? null : money(completedSum),
          lastYearCompleted: money(this.trendLastYear[m] as number),
          lastYearCompletedCumulative: money(lastYearSum),
        };
      }),
    };

    const keyOf: Record<RankingDimension, (g: number) => string> = {
      leadDepartment: (g) => facts.organizations.values[g] as string,
      chief: (g) => facts.users.values[g] as string,
      district: (g) => facts.divisions.values[g] as string,
      leadingIndustry: (g) => facts.leadingIndustries.values[g] as string,
    };
    const labelOf: Record<RankingDimension, (key: string) => { zh: string; en: string }> = {
      leadDepartment: labels.organization,
      chief: labels.user,
      district: labels.district,
      leadingIndustry: labels.leadingIndustry,
    };
    const drillParam: Record<RankingDimension, string> = {
      leadDepartment: 'leadDepartmentId',
      chief: 'chiefUserId',
      district: 'divisionCode',
      leadingIndustry: 'leadingIndustry',
    };
    const none: Record<RankingDimension, { zh: string; en: string }> = {
      leadDepartment: { zh: '未指定牵头部门', en: 'No lead department' },
      chief: { zh: '未指定项目长', en: 'No project chief' },
      district: { zh: '未指定区县', en: 'No district' },
      leadingIndustry: { zh: '未归入主导产业', en: 'No leading industry' },
    };
    const rankings = {} as Record<RankingDimension, Ranking>;
    for (const dim of Object.keys(this.rank) as RankingDimension[]) {
      const acc = this.rank[dim];
      const groups: number[] = [];
      for (let g = 0; g < acc.count.length; g++) if (count(acc.count[g] as number) > 0) groups.push(g);
      // Most investment completed first; ties by more projects, then by key so that the order is stable.
      groups.sort(
        (a, b) =>
          money(acc.completed[b] as number) - money(acc.completed[a] as number) ||
          (acc.count[b] as number) - (acc.count[a] as number) ||
          keyOf[dim](a).localeCompare(keyOf[dim](b)),
      );
      const figuresOf = (gs: number[]) => {
        let n = 0;
        let completed = 0;
        let plan = 0;
        let completedPlanned = 0;
        let red = 0;
        for (const g of gs) {
          n += acc.count[g] as number;
          completed += acc.completed[g] as number;
          plan += acc.plan[g] as number;
          completedPlanned += acc.completedPlanned[g] as number;
          red += acc.red[g] as number;
        }
        return {
          projectCount: count(n),
          completedYtd: money(completed),
          annualPlan: money(plan),
          completionPct: pctOf(money(completedPlanned), money(plan)),
          redCount: count(red),
        };
      };
      const shown = groups.slice(0, top);
      const rest = groups.slice(top);
      rankings[dim] = {
        items: shown.map((g) => {
          const key = g === 0 ? null : keyOf[dim](g);
          return {
            key,
            label: key === null ? none[dim] : labelOf[dim](key),
            drill: key === null ? null : ledger({ [drillParam[dim]]: key }),
            ...figuresOf([g]),
          };
        }),
        rest: rest.length ? { groupCount: rest.length, ...figuresOf(rest) } : null,
      };
    }

    const pct0 = plans.map((p) => p.annualCompletionPct);
    const sched = plans.map((p) => p.scheduleCompletionPct);
    const expected = this.expected.map(count);
    const submitted = this.submitted.map(count);
    const rate = byDate((k) => pctOf(submitted[k] as number, expected[k] as number));
    const trio = (xs: number[]) => xs.map(count) as [number, number, number];
    const [starts0, starts1, starts2] = trio(this.startsActual);
    const [done0, done1, done2] = trio(this.completionsActual);
    const [overdue0, overdue1, overdue2] = trio(overdueCounts);

    return {
      asOf,
      monthAgo: dates[1],
      yearAgo: dates[2],
      year,
      month,
      projectCount: count(this.projectCount),
      stages,
      investment: {
        total: figure(money(this.totalInvestment), NO_LEDGER_HISTORY, NO_LEDGER_HISTORY, ledger({})),
        annualPlan: figure(money(this.annualPlan), notes.annual(), money(this.annualPlanPrev), null),
        completedYtd: figure(
          money(this.completedYtd[0] as number),
          money(this.completedYtd[1] as number),
          money(this.completedYtd[2] as number),
          null,
        ),
        planCompletion: {
          projectCount: plan0.projectCount,
          annualPlan: plan0.annualPlan,
          plannedCumulative: plan0.plannedCumulative,
          completedCumulative: plan0.completedCumulative,
          annualCompletionPct: figure(pct0[0] ?? null, pct0[1] ?? null, pct0[2] ?? null, null),
          scheduleCompletionPct: figure(sched[0] ?? null, sched[1] ?? null, sched[2] ?? null, null),
        },
      },
      starts: {
        actual: figure(
          starts0,
          starts1,
          starts2,
          ledger({ actualStartFrom: `${year}-01-01`, actualStartTo: asOf }),
        ),
        planned: figure(
          count(this.plannedStarts[0] as number),
          notes.annual(),
          count(this.plannedStarts[1] as number),
          ledger({ plannedStartFrom: `${year}-01-01`, plannedStartTo: `${year}-12-31` }),
        ),
      },
      completions: {
        actual: figure(
          done0,
          done1,
          done2,
          ledger({ actualCompletionFrom: `${year}-01-01`, actualCompletionTo: asOf }),
        ),
        planned: figure(
          count(this.plannedCompletions[0] as number),
          notes.annual(),
          count(this.plannedCompletions[1] as number),
          ledger({ plannedCompletionFrom: `${year}-01-01`, plannedCompletionTo: `${year}-12-31` }),
        ),
      },
      lights: {
        red: lightFigure(LIGHT.red, 'red'),
        yellow: lightFigure(LIGHT.yellow, 'yellow'),
        green: lightFigure(LIGHT.green, 'green'),
        none: lightFigure(LIGHT.none, null),
        historySince: sinceText,
      },
      overdueItems: figure(
        overdue0,
        overdue1,
        overdue2,
        // view=all: the coordination list opens on "my items"; the figure counts every item the reader may see.
        isToday[0] ? { path: '/coordination', query: { view: 'all', overdue: 'true' } } : null,
      ),
      reportSubmission: {
        month: reportMonth,
        expected: figure(
          expected[0] as number,
          expected[1] as number,
          expected[2] as number,
          isToday[0] ? ledger({ stage: reportingList }) : null,
        ),
        submitted: figure(submitted[0] as number, submitted[1] as number, submitted[2] as number, null),
        rate: figure(rate[0], rate[1], rate[2], { path: '/reports/missing', query: { month: reportMonth } }),
      },
      signing: null,
      signingNote: {
        zh: '签约类指标待招商引资模块建成后提供，目前没有数据',
        en: 'Signing figures come with the investment attraction module, which does not exist yet: no data',
      },
      trend,
      rankings,
    };
  }
}

const bump = (counts: number[], k: number, sign: number) => {
  counts[k] = (counts[k] as number) + sign;
};

function grown(a: Float64Array, index: number): Float64Array {
  const b = new Float64Array(Math.max(index + 1, a.length * 2));
  b.set(a);
  return b;
}

type ItemFilter = (raisedBy: number, it: Float64Array, depts: number) => boolean;

/**
 * Project i's open coordination items past their deadline on each of the three days, as the coordination module
 * counts them: today by the items' current status; on an earlier day by the status their events give at its end,
 * among items raised by then. `visible` (raiser code, department codes) narrows the items; null takes all.
 */
function overdueOf(
  facts: ProjectFacts,
  i: number,
  visible: ItemFilter | null,
  isToday: boolean[],
  days: number[],
  ends: number[],
  counts: number[] = [0, 0, 0],
): number[] {
  if ((facts.items.length[i] as number) === 0) return counts;
  const it = facts.items.data;
  const n = it[facts.items.offset[i] as number] as number;
  let at = (facts.items.offset[i] as number) + 1;
  for (let k = 0; k < n; k++) {
    const deadline = it[at] as number;
    const raisedAt = it[at + 1] as number;
    const raisedBy = it[at + 2] as number;
    const openNow = it[at + 3] as number;
    const changes = it[at + 4] as number;
    const changesAt = at + 5;
    const depts = changesAt + 2 * changes;
    at = depts + 1 + (it[depts] as number);
    if (visible && !visible(raisedBy, it, depts)) continue;
    for (let d = 0; d < 3; d++) {
      if (deadline >= (days[d] as number)) continue;
      if (isToday[d]) {
        if (openNow === 1) inc(counts, d);
        continue;
      }
      const end = ends[d] as number;
      if (raisedAt >= end) continue;
      let open = 1;
      for (let c = 0; c < changes; c++) {
        if ((it[changesAt + 2 * c] as number) < end) open = it[changesAt + 2 * c + 1] as number;
        else break;
      }
      if (open === 1) inc(counts, d);
    }
  }
  return counts;
}
