import { describe, expect, it } from 'vitest';
import {
  actionHorizon,
  actionReminder,
  inspectionReminder,
  reportReminders,
  workingDaysAfter,
} from './reminder-rules.ts';
import { createWorkingCalendar } from './working-days.ts';

const calendar = createWorkingCalendar();
/** The deadline rule of progress reports: the given day of the next month. */
const fifthOfNextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-05` : `${y}-${String(m + 1).padStart(2, '0')}-05`;
};

describe('inspectionReminder', () => {
  it('comes when at most the lead of working days remain after today in the month (October 2026 ends on a Saturday)', () => {
    expect(inspectionReminder(calendar, '2026-10-26', 3)).toBeNull();
    expect(inspectionReminder(calendar, '2026-10-27', 3)).toEqual({
      month: '2026-10',
      monthEnd: '2026-10-31',
      workingDaysLeft: 3,
    });
    expect(inspectionReminder(calendar, '2026-10-30', 3)?.workingDaysLeft).toBe(0);
    expect(inspectionReminder(calendar, '2026-10-31', 0)?.workingDaysLeft).toBe(0);
  });

  it('counts holidays out and 调休 Saturdays in', () => {
    // 2026: 25 September is 中秋节; the 26th and 27th a weekend. Counting weekdays alone would give 4.
    expect(inspectionReminder(calendar, '2026-09-24', 3)?.workingDaysLeft).toBe(3);
    // February 2026 ends on Saturday the 28th, a working day under 调休 for the Spring Festival break.
    expect(inspectionReminder(calendar, '2026-02-24', 3)).toBeNull();
    expect(inspectionReminder(calendar, '2026-02-25', 3)?.workingDaysLeft).toBe(3);
    expect(workingDaysAfter(calendar, '2026-02-12', '2026-02-28')).toBe(7);
  });

  it('counts Monday to Friday in a year the calendar has no schedule for, rather than failing', () => {
    // 2031-01-31 is a Friday; the calendar data ends with 2026.
    expect(() => calendar.workingDaysBetween('2031-01-27', '2031-01-31')).toThrow();
    expect(workingDaysAfter(calendar, '2031-01-27', '2031-01-31')).toBe(4);
    expect(inspectionReminder(calendar, '2031-01-28', 3)?.workingDaysLeft).toBe(3);
  });
});

describe('reportReminders', () => {
  it("reminds of last month's report from lead days before the deadline up to it, then as overdue that month", () => {
    expect(reportReminders('2026-11-01', 3, fifthOfNextMonth)).toEqual([]);
    expect(reportReminders('2026-11-02', 3, fifthOfNextMonth)).toEqual([
      { kind: 'report_due', month: '2026-10', deadline: '2026-11-05' },
    ]);
    expect(reportReminders('2026-11-05', 3, fifthOfNextMonth)).toEqual([
      { kind: 'report_due', month: '2026-10', deadline: '2026-11-05' },
    ]);
    expect(reportReminders('2026-11-06', 3, fifthOfNextMonth)).toEqual([
      { kind: 'report_overdue', month: '2026-10', deadline: '2026-11-05' },
    ]);
    expect(reportReminders('2026-11-30', 3, fifthOfNextMonth)).toEqual([
      { kind: 'report_overdue', month: '2026-10', deadline: '2026-11-05' },
    ]);
  });

  it("reminds of this month's report in the month itself when the lead reaches back into it", () => {
    const secondOfNextMonth = (month: string) => fifthOfNextMonth(month).replace(/-05$/, '-02');
    expect(reportReminders('2026-12-30', 3, secondOfNextMonth)).toEqual([
      { kind: 'report_overdue', month: '2026-11', deadline: '2026-12-02' },
      { kind: 'report_due', month: '2026-12', deadline: '2027-01-02' },
    ]);
  });
});

describe('actionReminder', () => {
  it('is due within the lead of working days, on the deadline day with none left, and overdue the day after', () => {
    // Deadline Thursday 29 October 2026.
    expect(actionReminder(calendar, '2026-10-26', '2026-10-29', 2)).toBeNull();
    expect(actionReminder(calendar, '2026-10-27', '2026-10-29', 2)).toEqual({
      kind: 'action_due',
      workingDaysLeft: 2,
    });
    expect(actionReminder(calendar, '2026-10-29', '2026-10-29', 2)).toEqual({
      kind: 'action_due',
      workingDaysLeft: 0,
    });
    expect(actionReminder(calendar, '2026-10-30', '2026-10-29', 2)).toEqual({
      kind: 'action_overdue',
      daysOverdue: 1,
    });
  });

  it('looks far enough ahead for a lead that spans the 国庆 break', () => {
    // 15 working days after 29 September 2026 reach past the eight-day break.
    const deadline = calendar.addWorkingDays('2026-09-29', 15);
    expect(actionHorizon('2026-09-29', 15) >= deadline).toBe(true);
  });
});
