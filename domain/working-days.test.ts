import { describe, expect, it } from 'vitest';
import {
  type CalendarOverride,
  createWorkingCalendar,
  WorkingCalendarConfigSchema,
  WorkingCalendarError,
} from './working-days.ts';

// 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04):
// 春节 02-15 (Sun) … 02-23 (Mon) off, 02-14 (Sat) and 02-28 (Sat) worked;
// 中秋节 09-25 (Fri) … 09-27 (Sun) off; 国庆节 10-01 (Thu) … 10-07 (Wed) off, 09-20 (Sun) and 10-10 (Sat) worked.
const calendar = createWorkingCalendar();

function thrown(fn: () => unknown): WorkingCalendarError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkingCalendarError) return error;
    throw error;
  }
  throw new Error('expected a WorkingCalendarError');
}

describe('working-day calendar, 2026 National Day and Mid-Autumn', () => {
  it.each([
    ['2026-10-01', false],
    ['2026-10-03', false],
    ['2026-10-07', false],
    ['2026-10-08', true],
    ['2026-10-10', true],
    ['2026-10-11', false],
    ['2026-09-20', true],
    ['2026-09-25', false],
    ['2026-09-19', false],
  ])('treats %s as a working day: %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('names the 调休 Saturday as an adjusted workday of National Day', () => {
    expect(calendar.describeDay('2026-10-10')).toEqual({
      date: '2026-10-10',
      working: true,
      kind: 'adjusted_workday',
      name: { zh: '国庆节', en: 'National Day' },
      source: 'package',
    });
  });

  it('counts day 1 as the first working day after the start date, skipping the whole holiday', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
  });

  it('counts the 调休 Saturday 10-10 as a working day', () => {
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
  });

  it('puts a 7-working-day construction permit received on Monday 2026-09-28 due on 2026-10-13', () => {
    expect(calendar.addWorkingDays('2026-09-28', 7)).toBe('2026-10-13');
  });

  it('puts a 20-working-day licence received on 2026-09-15 due on 2026-10-19, counting Sunday 09-20 and skipping Mid-Autumn', () => {
    expect(calendar.addWorkingDays('2026-09-15', 20)).toBe('2026-10-19');
  });

  it('starts counting the day after a start date that falls inside the holiday', () => {
    expect(calendar.addWorkingDays('2026-10-04', 1)).toBe('2026-10-08');
  });

  it('counts working days in (a, b] and is the inverse of addWorkingDays', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4);
    expect(calendar.workingDaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
    expect(calendar.workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
    for (const n of [0, 1, 5, 13, 60]) {
      expect(calendar.workingDaysBetween('2026-09-01', calendar.addWorkingDays('2026-09-01', n))).toBe(n);
    }
  });
});

describe('working-day calendar, 2026 Spring Festival', () => {
  it('works Saturday 02-14 and 02-28 and rests 02-15 to 02-23', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-15')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
  });

  it('puts 10 working days from Thursday 2026-02-12 on 2026-03-04', () => {
    expect(calendar.addWorkingDays('2026-02-12', 1)).toBe('2026-02-13');
    expect(calendar.addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(calendar.addWorkingDays('2026-02-12', 10)).toBe('2026-03-04');
  });
});

describe('working-day calendar coverage', () => {
  it('covers the package years 2004–2026 and nothing after', () => {
    expect(calendar.coveredYears[0]).toBe(2004);
    expect(calendar.coveredYears.at(-1)).toBe(2026);
    expect(calendar.coversYear(2027)).toBe(false);
    expect(calendar.coversYear(2003)).toBe(false);
  });

  it('refuses a date in a year without holiday data instead of treating it as a plain weekday', () => {
    const error = thrown(() => calendar.isWorkingDay('2027-01-01'));
    expect(error.code).toBe('YEAR_NOT_COVERED');
    expect(error.year).toBe(2027);
    expect(error.label.zh).toContain('2027 年');
    expect(error.label.en).toContain('no statutory holiday schedule for 2027');
  });

  it('refuses a deadline that runs into a year without data', () => {
    expect(calendar.addWorkingDays('2026-12-28', 3)).toBe('2026-12-31');
    expect(thrown(() => calendar.addWorkingDays('2026-12-28', 4)).code).toBe('YEAR_NOT_COVERED');
  });

  it('accepts a year once an administrator has entered its holidays and declared it covered', () => {
    const overrides: CalendarOverride[] = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节调休' },
    ];
    const withOverrides = createWorkingCalendar({ coveredYears: [2027], overrides });
    expect(withOverrides.coversYear(2027)).toBe(true);
    expect(withOverrides.isWorkingDay('2027-01-01')).toBe(false);
    expect(withOverrides.describeDay('2027-02-06')).toMatchObject({
      working: true,
      kind: 'adjusted_workday',
    });
    // Wed 12-30 → Thu 12-31 (1), Fri 01-01 holiday, weekend, Mon 01-04 (2).
    expect(withOverrides.addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
  });

  it('keeps refusing a year that has overrides but is not declared covered', () => {
    const partial = createWorkingCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday' }] });
    expect(thrown(() => partial.isWorkingDay('2027-01-05')).code).toBe('YEAR_NOT_COVERED');
  });

  it('lets an override win over the package data', () => {
    const amended = createWorkingCalendar({
      overrides: [{ date: '2026-10-10', kind: 'holiday', name: '调整' }],
    });
    expect(amended.isWorkingDay('2026-10-10')).toBe(false);
    expect(amended.describeDay('2026-10-10').source).toBe('override');
  });

  it('gives the same answers in a time zone west of UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const west = createWorkingCalendar();
      expect(west.isWorkingDay('2026-10-07')).toBe(false);
      expect(west.isWorkingDay('2026-10-10')).toBe(true);
      expect(west.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    } finally {
      process.env.TZ = saved;
    }
  });
});

describe('working-day calendar input checks', () => {
  it('rejects an impossible date with a bilingual message', () => {
    const error = thrown(() => calendar.isWorkingDay('2026-02-30'));
    expect(error.code).toBe('INVALID_DATE');
    expect(error.label).toEqual({
      zh: '日期“2026-02-30”无效，应为 YYYY-MM-DD',
      en: 'Invalid date "2026-02-30": use YYYY-MM-DD',
    });
  });

  it('returns the start date for zero working days and rejects negative or fractional counts', () => {
    expect(calendar.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
    expect(() => calendar.addWorkingDays('2026-10-03', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-10-03', 1.5)).toThrow(RangeError);
  });

  it('rejects a configuration that declares a year covered without entering any of its holidays', () => {
    const result = WorkingCalendarConfigSchema.safeParse({ coveredYears: [2027], overrides: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('2027 年已标记为有数据，但没有录入该年任何放假日期');
    expect(thrown(() => createWorkingCalendar({ coveredYears: [2027] })).code).toBe('INVALID_CONFIG');
  });

  it('rejects a date entered twice in the override table', () => {
    const result = WorkingCalendarConfigSchema.safeParse({
      overrides: [
        { date: '2026-10-09', kind: 'holiday' },
        { date: '2026-10-09', kind: 'workday' },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['overrides', 1, 'date']);
  });
});
