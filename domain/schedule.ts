/**
 * 序时进度: how much of a year's planned investment (年度计划投资, 万元) should be done by the end of each month.
 *
 * Chinese progress reviews compare cumulative completed investment with this planned cumulative share
 * (domain.md §4). The default spreads the year evenly (month m → m/12); a project may instead carry its own
 * curve (slow in winter and around 春节, for instance) as 12 cumulative percentages.
 */
import { z } from 'zod';
import { bilingual, bilingualIssue } from './schemas/common.ts';

/** Cumulative planned share of the annual plan at the end of January … December, in percent. */
export type MonthlySchedule = readonly number[];

export const MonthlyScheduleSchema = z
  .array(
    z
      .number()
      .min(0, bilingual('累计比例不能小于 0%', 'A cumulative share cannot be below 0%'))
      .max(100, bilingual('累计比例不能超过 100%', 'A cumulative share cannot exceed 100%')),
  )
  .length(
    12,
    bilingual(
      '序时进度应有 12 个月的累计比例',
      'The schedule needs a cumulative share for each of the 12 months',
    ),
  )
  .superRefine((shares, ctx) => {
    shares.forEach((share, i) => {
      const previous = shares[i - 1];
      if (previous !== undefined && share < previous) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          ...bilingualIssue(
            `${i + 1} 月累计比例 ${share}% 小于 ${i} 月的 ${previous}%：累计比例不能下降`,
            `Cumulative share for month ${i + 1} (${share}%) is below month ${i} (${previous}%): it cannot go down`,
          ),
        });
      }
    });
    if (shares.length === 12 && shares[11] !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [11],
        ...bilingualIssue(
          `12 月累计比例应为 100%，当前为 ${shares[11]}%`,
          `The December cumulative share must be 100%, not ${shares[11]}%`,
        ),
      });
    }
  });

/** The default schedule, month m → m/12 of the year (December exactly 100). */
export function evenSchedule(): number[] {
  return Array.from({ length: 12 }, (_, i) => ((i + 1) * 100) / 12);
}

/** Planned cumulative share (%) at the end of `month` (1–12). */
export function plannedSharePct(month: number, schedule?: MonthlySchedule): number {
  checkMonth(month);
  if (!schedule) return (month * 100) / 12;
  const share = schedule[month - 1];
  if (share === undefined) throw new RangeError('A schedule has 12 cumulative shares');
  return share;
}

/** Planned cumulative investment (万元) at the end of `month`, to 4 decimals (one yuan). */
export function plannedCumulative(annualPlan: number, month: number, schedule?: MonthlySchedule): number {
  checkMonth(month);
  // Multiplying before dividing keeps the even split exact (1200 × 3 / 12 = 300, not 300.00000000000006).
  const amount = schedule ? (annualPlan * plannedSharePct(month, schedule)) / 100 : (annualPlan * month) / 12;
  return roundTo(amount, 4);
}

export type YearToDate = {
  month: number;
  annualPlan: number;
  plannedSharePct: number;
  plannedCumulative: number;
  completedCumulative: number;
  /** 年度投资完成率: completed ÷ annual plan, %; null without an annual plan. */
  annualCompletionPct: number | null;
  /** 序时完成率: completed ÷ planned cumulative, %; null when nothing is planned yet. */
  scheduleCompletionPct: number | null;
  /**
   * Percentage points of the annual plan by which completion trails the schedule: planned share % − completed
   * share %. Negative when ahead. null without an annual plan.
   */
  pointsBehind: number | null;
};

/**
 * Year-to-date position against the schedule. Percentages are rounded to 0.01, the resolution the warning
 * rules compare at (see warning-presets.ts), so what is shown is what was judged.
 */
export function yearToDate(input: {
  annualPlan: number;
  month: number;
  completedCumulative: number;
  schedule?: MonthlySchedule;
}): YearToDate {
  const { annualPlan, month, completedCumulative, schedule } = input;
  if (annualPlan < 0 || completedCumulative < 0) throw new RangeError('Amounts cannot be negative');
  const planned = plannedCumulative(annualPlan, month, schedule);
  const annualCompletion = hundredthsOfPercent(completedCumulative, annualPlan);
  const scheduleCompletion = hundredthsOfPercent(completedCumulative, planned);
  const behind = hundredthsOfPercent(planned - completedCumulative, annualPlan);
  return {
    month,
    annualPlan,
    plannedSharePct: roundTo(plannedSharePct(month, schedule), 2),
    plannedCumulative: planned,
    completedCumulative,
    annualCompletionPct: annualCompletion === null ? null : annualCompletion / 100,
    scheduleCompletionPct: scheduleCompletion === null ? null : scheduleCompletion / 100,
    pointsBehind: behind === null ? null : behind / 100,
  };
}

/**
 * The year-to-date position of several plans taken together (a zone's total, in the monthly bulletin): amounts
 * add up, and the planned cumulative is the sum of each plan's own 序时进度, since projects may follow different
 * curves. With a single plan it equals yearToDate.
 */
export function combinedYearToDate(
  month: number,
  plans: readonly { annualPlan: number; completedCumulative: number; schedule?: MonthlySchedule }[],
): YearToDate {
  checkMonth(month);
  let annualPlan = 0;
  let planned = 0;
  let completed = 0;
  for (const p of plans) {
    if (p.annualPlan < 0 || p.completedCumulative < 0) throw new RangeError('Amounts cannot be negative');
    annualPlan += p.annualPlan;
    planned += plannedCumulative(p.annualPlan, month, p.schedule);
    completed += p.completedCumulative;
  }
  // Amounts are kept to 4 decimals (one yuan); the sums are rounded back so floating-point dust never shows.
  annualPlan = roundTo(annualPlan, 4);
  planned = roundTo(planned, 4);
  completed = roundTo(completed, 4);
  const annualCompletion = hundredthsOfPercent(completed, annualPlan);
  const scheduleCompletion = hundredthsOfPercent(completed, planned);
  const behind = hundredthsOfPercent(planned - completed, annualPlan);
  const share = hundredthsOfPercent(planned, annualPlan);
  return {
    month,
    annualPlan,
    plannedSharePct: share === null ? roundTo(plannedSharePct(month), 2) : share / 100,
    plannedCumulative: planned,
    completedCumulative: completed,
    annualCompletionPct: annualCompletion === null ? null : annualCompletion / 100,
    scheduleCompletionPct: scheduleCompletion === null ? null : scheduleCompletion / 100,
    pointsBehind: behind === null ? null : behind / 100,
  };
}

/**
 * numerator ÷ denominator as an integer number of hundredths of a percent (30.01 % → 3001), or null when the
 * denominator is not positive. Integers let thresholds be compared exactly: in floating point
 * (1 − 700 / 1000) × 100 is 30.000000000000004, which would turn a "30 inclusive" boundary red.
 */
export function hundredthsOfPercent(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return roundHalfAwayFromZero((numerator * 10_000) / denominator);
}

export function roundTo(value: number, places: number): number {
  const factor = 10 ** places;
  return roundHalfAwayFromZero(value * factor) / factor;
}

/** Symmetric rounding (Math.round sends −2.5 to −2), and never −0. */
function roundHalfAwayFromZero(value: number): number {
  const rounded = value < 0 ? -Math.round(-value) : Math.round(value);
  return rounded === 0 ? 0 : rounded;
}

function checkMonth(month: number): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Month must be 1–12, not ${month}`);
  }
}
