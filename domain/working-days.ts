/**
 * Chinese working-day calendar for statutory and committed time limits (domain.md §3).
 *
 * 行政许可法 Art. 82: time limits for administrative licensing are counted in working days, excluding statutory
 * holidays. Each year the General Office of the State Council (国务院办公厅) publishes which days are off and
 * which weekend days are worked instead (调休); those weekend days count as working days.
 *
 * Holiday data comes from the `chinese-days` package (pinned, MIT), read from its published JSON file
 * (`dist/chinese-days.json`) rather than through its functions: those build their tables in local time and
 * shift every holiday by one day in time zones west of UTC. The package covers 2004–2026 and treats later
 * years as plain weekdays without saying so, so this wrapper refuses dates in any year it has no data for,
 * unless an administrator has entered that year's schedule in the override table and declared it covered.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { z } from 'zod';
import type { Label } from './codelists.ts';
import { fromDayNumber, type IsoDate, toDayNumber, weekdayOf } from './iso-date.ts';
import { bilingual, bilingualIssue, englishOf } from './schemas/common.ts';

export const CalendarOverrideSchema = z.object({
  date: z
    .string()
    .refine(
      (s) => toDayNumber(s) !== null,
      bilingual('日期无效，应为 YYYY-MM-DD', 'Invalid date: use YYYY-MM-DD'),
    ),
  /** holiday: a day off (放假); workday: a day worked, e.g. a 调休 Saturday (上班). */
  kind: z.enum(['holiday', 'workday'], bilingual('请选择放假或上班', 'Choose holiday or workday')),
  name: z
    .string()
    .trim()
    .min(1)
    .max(40, bilingual('名称最多 40 个字', 'Name must have at most 40 characters'))
    .optional(),
});
export type CalendarOverride = z.infer<typeof CalendarOverrideSchema>;

/** Calendar configuration as administrators edit it. */
export const WorkingCalendarConfigSchema = z
  .object({
    /** Years without package data whose full schedule has been entered in `overrides`. */
    coveredYears: z
      .array(
        z.number().int().min(2000).max(2100, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100')),
      )
      .default([]),
    overrides: z.array(CalendarOverrideSchema).max(2000).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.overrides.forEach((o, i) => {
      if (seen.has(o.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['overrides', i, 'date'],
          ...bilingualIssue(`日期 ${o.date} 重复录入`, `Date ${o.date} is entered twice`),
        });
      }
      seen.add(o.date);
    });
    // Every year has statutory holidays (元旦 at least), so a declared year with none entered is a mistake
    // that would silently turn the year's holidays into working days.
    const packageYears = packagedData().years;
    config.coveredYears.forEach((year, i) => {
      if (packageYears.has(year)) return;
      const hasHoliday = config.overrides.some((o) => o.kind === 'holiday' && o.date.startsWith(`${year}-`));
      if (!hasHoliday) {
        ctx.addIssue({
          code: 'custom',
          path: ['coveredYears', i],
          ...bilingualIssue(
            `${year} 年已标记为有数据，但没有录入该年任何放假日期`,
            `${year} is marked as covered but none of its holidays has been entered`,
          ),
        });
      }
    });
  });
export type WorkingCalendarConfig = z.input<typeof WorkingCalendarConfigSchema>;

export type WorkingCalendarErrorCode = 'YEAR_NOT_COVERED' | 'INVALID_DATE' | 'INVALID_CONFIG';

/** Thrown instead of guessing: a wrong deadline is worse than no deadline. */
export class WorkingCalendarError extends Error {
  readonly code: WorkingCalendarErrorCode;
  readonly label: Label;
  /** The year without data, for YEAR_NOT_COVERED. */
  readonly year: number | undefined;

  constructor(code: WorkingCalendarErrorCode, label: Label, year?: number) {
    super(label.en);
    this.name = 'WorkingCalendarError';
    this.code = code;
    this.label = label;
    this.year = year;
  }
}

/**
 * holiday: a statutory day off (weekend days inside a holiday break included); adjusted_workday: a weekend day
 * worked under 调休; workday / weekend: an ordinary day.
 */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

export type DayInfo = {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** Holiday name for holidays and adjusted workdays, e.g. 国庆节 / National Day. */
  name: Label | null;
  source: 'override' | 'package' | 'weekday';
};

export type WorkingCalendar = {
  /** Years in which dates are accepted, ascending. */
  readonly coveredYears: readonly number[];
  coversYear(year: number): boolean;
  describeDay(date: IsoDate): DayInfo;
  isWorkingDay(date: IsoDate): boolean;
  /**
   * The deadline n working days after `start`. Day 1 is the first working day AFTER the start date, whatever
   * the start date is (民法典 Art. 201: the starting day is not counted); n = 0 returns `start` itself.
   * The result is always a working day, so 民法典 Art. 203 (a deadline on a holiday moves to the next working
   * day) never has to apply.
   */
  addWorkingDays(start: IsoDate, n: number): IsoDate;
  /**
   * Working days in (a, b]: after a, up to and including b; negative when b is before a. It is the inverse of
   * addWorkingDays: workingDaysBetween(s, addWorkingDays(s, n)) === n. Use it for days used or days overdue.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
};

/**
 * Builds a calendar from the package data plus the administrators' overrides. Overrides win over package
 * data (the State Council occasionally amends a schedule, and a local government may add a day).
 * Throws WorkingCalendarError (INVALID_CONFIG) when the configuration does not pass WorkingCalendarConfigSchema.
 */
export function createWorkingCalendar(config: WorkingCalendarConfig = {}): WorkingCalendar {
  const parsed = WorkingCalendarConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const zh = issue?.message ?? '日历配置无效';
    const en = (issue && englishOf(issue.message, 'params' in issue ? issue.params : undefined)) ?? zh;
    throw new WorkingCalendarError('INVALID_CONFIG', {
      zh: `日历配置无效：${zh}`,
      en: `Invalid calendar configuration: ${en}`,
    });
  }
  const data = packagedData();
  const overrides = new Map(parsed.data.overrides.map((o) => [o.date, o]));
  const covered = new Set([...data.years, ...parsed.data.coveredYears]);
  const coveredYears = [...covered].sort((a, b) => a - b);

  function dayNumberOf(date: IsoDate): number {
    const day = toDayNumber(date);
    if (day === null) {
      throw new WorkingCalendarError('INVALID_DATE', {
        zh: `日期“${date}”无效，应为 YYYY-MM-DD`,
        en: `Invalid date "${date}": use YYYY-MM-DD`,
      });
    }
    return day;
  }

  function describe(day: number): DayInfo {
    const date = fromDayNumber(day);
    const year = Number(date.slice(0, 4));
    if (!covered.has(year)) throw notCovered(year);
    const override = overrides.get(date);
    if (override) {
      const working = override.kind === 'workday';
      const weekend = isWeekend(day);
      return {
        date,
        working,
        kind: working ? (weekend ? 'adjusted_workday' : 'workday') : 'holiday',
        name: override.name ? { zh: override.name, en: override.name } : null,
        source: 'override',
      };
    }
    if (data.years.has(year)) {
      const worked = data.workdays.get(date);
      if (worked) return { date, working: true, kind: 'adjusted_workday', name: worked, source: 'package' };
      const off = data.holidays.get(date);
      if (off) return { date, working: false, kind: 'holiday', name: off, source: 'package' };
    }
    const weekend = isWeekend(day);
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, source: 'weekday' };
  }

  return {
    coveredYears,
    coversYear: (year) => covered.has(year),
    describeDay: (date) => describe(dayNumberOf(date)),
    isWorkingDay: (date) => describe(dayNumberOf(date)).working,
    addWorkingDays(start, n) {
      if (!Number.isInteger(n) || n < 0) {
        throw new RangeError(`Working days must be a whole number of zero or more, not ${n}`);
      }
      let day = dayNumberOf(start);
      let counted = 0;
      while (counted < n) {
        day += 1;
        if (describe(day).working) counted += 1;
      }
      return fromDayNumber(day);
    },
    workingDaysBetween(a, b) {
      const from = dayNumberOf(a);
      const to = dayNumberOf(b);
      const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
      let count = 0;
      for (let day = lo + 1; day <= hi; day += 1) if (describe(day).working) count += 1;
      return sign * count;
    },
  };
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday === 0 || weekday === 6;
}

function notCovered(year: number): WorkingCalendarError {
  return new WorkingCalendarError(
    'YEAR_NOT_COVERED',
    {
      zh: `日历没有 ${year} 年的法定节假日安排，无法按工作日计算期限。请管理员在节假日调整表中录入国务院办公厅公布的 ${year} 年安排，并将该年标记为已覆盖`,
      en: `The calendar has no statutory holiday schedule for ${year}, so working days cannot be counted. An administrator must enter the ${year} schedule published by the General Office of the State Council in the holiday override table and mark the year as covered`,
    },
    year,
  );
}

type PackagedData = {
  years: ReadonlySet<number>;
  holidays: Map<string, Label>;
  workdays: Map<string, Label>;
};
let packaged: PackagedData | undefined;

/**
 * The package's tables, indexed on first use. Values look like "National Day,国庆节,3" (English, Chinese, id).
 * A year counts as covered when the package lists at least one holiday in it: the State Council publishes a
 * whole year's schedule at once, and every year has 元旦.
 */
function packagedData(): PackagedData {
  if (packaged) return packaged;
  const source: { holidays: Record<string, string>; workdays: Record<string, string> } = chineseDaysData;
  const holidays = new Map(Object.entries(source.holidays).map(([date, v]) => [date, labelOf(v)]));
  const workdays = new Map(Object.entries(source.workdays).map(([date, v]) => [date, labelOf(v)]));
  const years = new Set([...holidays.keys()].map((date) => Number(date.slice(0, 4))));
  packaged = { years, holidays, workdays };
  return packaged;
}

function labelOf(value: string): Label {
  const [en = value, zh = en] = value.split(',');
  return { zh, en };
}
