/**
 * The cadence of a project chief (项目长责任制, issue #4): 一月一督查 (one inspection per project per calendar
 * month), 双月一调度 (one dispatch meeting per two-month period: Jan–Feb, Mar–Apr, … Nov–Dec) and 一季一拉练
 * (one field review tour per calendar quarter).
 *
 * Periods are fixed calendar blocks, not rolling windows: an inspection on 31 March and one on 1 April satisfy
 * March and April, and nothing carries over from one period to the next. Dates are civil dates in China
 * ('YYYY-MM-DD', see iso-date.ts), and days left or overdue are calendar days, because the cadence is stated
 * in calendar months, not in working days.
 */
import { z } from 'zod';
import type { Label } from './codelists.ts';
import { addDays, daysBetween, fromDayNumber, type IsoDate, type IsoMonth, toDayNumber } from './iso-date.ts';
import { bilingual } from './schemas/common.ts';

export const cadenceKinds = ['inspection', 'dispatch', 'field_review'] as const;
export type CadenceKind = (typeof cadenceKinds)[number];

export const cadenceKindLabels: Readonly<Record<CadenceKind, Label>> = {
  inspection: { zh: '一月一督查', en: 'Monthly inspection' },
  dispatch: { zh: '双月一调度', en: 'Dispatch meeting every two months' },
  field_review: { zh: '一季一拉练', en: 'Quarterly field review' },
};

const monthsPerPeriod: Readonly<Record<CadenceKind, number>> = {
  inspection: 1,
  dispatch: 2,
  field_review: 3,
};

/**
 * One period of a cadence. `code` is stable and sortable within a kind: '2026-11' (month), '2026-B6'
 * (the sixth two-month dispatch period, Nov–Dec) or '2026-Q4'; start and end are both inclusive.
 */
export type CadencePeriod = {
  kind: CadenceKind;
  code: string;
  start: IsoDate;
  end: IsoDate;
  label: Label;
};

/** The period of `kind` that contains `date`. Throws RangeError on an invalid date. */
export function periodOf(kind: CadenceKind, date: IsoDate): CadencePeriod {
  requireDay(date, 'date');
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const index = Math.floor((month - 1) / monthsPerPeriod[kind]);
  return buildPeriod(kind, year, index);
}

/** The period a code names ('2026-11', '2026-B6', '2026-Q4'), or null for anything else. */
export function periodOfCode(code: string): CadencePeriod | null {
  const match = /^(\d{4})-(?:(\d{2})|B([1-6])|Q([1-4]))$/.exec(code);
  if (!match) return null;
  const [, y = '', month, bimonth, quarter] = match;
  const year = Number(y);
  if (month !== undefined) {
    const m = Number(month);
    return m >= 1 && m <= 12 ? buildPeriod('inspection', year, m - 1) : null;
  }
  if (bimonth !== undefined) return buildPeriod('dispatch', year, Number(bimonth) - 1);
  return buildPeriod('field_review', year, Number(quarter) - 1);
}

/** The period right after `period`, of the same kind (2026-B6 → 2027-B1). */
export function nextPeriod(period: CadencePeriod): CadencePeriod {
  return periodOf(period.kind, addDays(period.end, 1));
}

const periodCodeMessages: Readonly<Record<CadenceKind, { message: string }>> = {
  inspection: bilingual('督查周期应为月份，如 2026-11', 'An inspection period is a month, e.g. 2026-11'),
  dispatch: bilingual(
    '调度周期应为双月编号，如 2026-B6（11—12 月）',
    'A dispatch period is a two-month code, e.g. 2026-B6 (Nov–Dec)',
  ),
  field_review: bilingual('拉练周期应为季度，如 2026-Q4', 'A field review period is a quarter, e.g. 2026-Q4'),
};

/** A period code of one kind, as a request carries it (a dispatch meeting is scheduled for '2026-B6'). */
export function periodCodeSchema(kind: CadenceKind) {
  return z.string().refine((code) => periodOfCode(code)?.kind === kind, periodCodeMessages[kind]);
}

export type CadenceStatus =
  | { status: 'done'; period: CadencePeriod; heldOn: IsoDate }
  /** daysLeft: calendar days after today up to the period's end; 0 on its last day, when it can still be held. */
  | { status: 'due'; period: CadencePeriod; daysLeft: number }
  /** daysOverdue: calendar days since the period ended; 1 on the day after. */
  | { status: 'overdue'; period: CadencePeriod; daysOverdue: number };

/**
 * Whether the period of `kind` containing `date` has had its inspection, meeting or tour, as of `today`.
 *
 * `lastHeldOn` is the latest date it was held up to the end of that period (null: never). A later date is
 * refused rather than ignored: it would hide whether the period itself had one, so the caller must query the
 * latest date on or before `period.end`. A held date after `today` is refused too: a planned meeting is not a
 * held one. A period still running (or still to come) without one is due, never overdue.
 */
export function cadenceStatus(input: {
  kind: CadenceKind;
  date: IsoDate;
  lastHeldOn: IsoDate | null;
  today: IsoDate;
}): CadenceStatus {
  const { kind, date, lastHeldOn, today } = input;
  const period = periodOf(kind, date);
  requireDay(today, 'today');
  if (lastHeldOn !== null) {
    requireDay(lastHeldOn, 'lastHeldOn');
    if (lastHeldOn > today) {
      throw new RangeError(`lastHeldOn ${lastHeldOn} is after today ${today}: only held dates count`);
    }
    if (lastHeldOn > period.end) {
      throw new RangeError(
        `lastHeldOn ${lastHeldOn} is after the period ${period.code}: pass the latest date up to ${period.end}`,
      );
    }
    if (lastHeldOn >= period.start) return { status: 'done', period, heldOn: lastHeldOn };
  }
  if (today <= period.end) return { status: 'due', period, daysLeft: daysBetween(today, period.end) };
  return { status: 'overdue', period, daysOverdue: daysBetween(period.end, today) };
}

/**
 * The periods of `kind` from the one containing `since` up to the last one that ended before `today`, in
 * which nothing was held. A period still running is never listed: it can still be met.
 * The period containing `since` counts in full, whatever the day: the cadence is per calendar period, and a
 * date held earlier in that period (by a previous chief, say) still satisfies it.
 */
export function missedPeriods(
  kind: CadenceKind,
  since: IsoDate,
  heldOn: readonly IsoDate[],
  today: IsoDate,
): CadencePeriod[] {
  requireDay(since, 'since');
  requireDay(today, 'today');
  for (const date of heldOn) requireDay(date, 'heldOn');
  const held = new Set(heldOn.map((date) => periodOf(kind, date).code));
  const missed: CadencePeriod[] = [];
  for (let period = periodOf(kind, since); period.end < today; period = nextPeriod(period)) {
    if (!held.has(period.code)) missed.push(period);
  }
  return missed;
}

/**
 * 一月一督查: the months (YYYY-MM, ascending) since the chief's assignment with no inspection of the project,
 * counting only months that have ended before `today`. `inspections` are the project's inspection dates,
 * whoever led them. The month of assignment counts (see missedPeriods).
 */
export function monthsWithoutInspection(
  assignedOn: IsoDate,
  inspections: readonly IsoDate[],
  today: IsoDate,
): IsoMonth[] {
  return missedPeriods('inspection', assignedOn, inspections, today).map((period) => period.code);
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const quarterNumerals = ['一', '二', '三', '四'] as const;

function buildPeriod(kind: CadenceKind, year: number, index: number): CadencePeriod {
  const length = monthsPerPeriod[kind];
  const firstMonth = index * length + 1;
  const lastMonth = firstMonth + length - 1;
  const start = `${year}-${pad2(firstMonth)}-01`;
  const nextStart = lastMonth === 12 ? `${year + 1}-01-01` : `${year}-${pad2(lastMonth + 1)}-01`;
  const end = fromDayNumber(requireDay(nextStart, 'period end') - 1);
  const first = monthNames[firstMonth - 1] ?? '';
  const last = monthNames[lastMonth - 1] ?? '';
  if (kind === 'inspection') {
    return {
      kind,
      code: `${year}-${pad2(firstMonth)}`,
      start,
      end,
      label: { zh: `${year}年${firstMonth}月`, en: `${first} ${year}` },
    };
  }
  if (kind === 'dispatch') {
    return {
      kind,
      code: `${year}-B${index + 1}`,
      start,
      end,
      label: { zh: `${year}年${firstMonth}—${lastMonth}月`, en: `${first}–${last} ${year}` },
    };
  }
  return {
    kind,
    code: `${year}-Q${index + 1}`,
    start,
    end,
    label: { zh: `${year}年第${quarterNumerals[index] ?? ''}季度`, en: `Q${index + 1} ${year}` },
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function requireDay(date: IsoDate, name: string): number {
  const day = toDayNumber(date);
  if (day === null)
    throw new RangeError(`Invalid ${name} "${date}": expected a real date written YYYY-MM-DD`);
  return day;
}
