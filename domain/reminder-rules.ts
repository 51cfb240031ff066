/**
 * When a reminder is due (issue #4). A reminder comes N working days (or days) before its deadline and, for
 * reports and dispatch actions, once more when the deadline has passed. Whether it has already been sent is not
 * decided here: the reminders table's unique key makes each occasion fire once.
 */
import { addDays, fromDayNumber, type IsoDate, type IsoMonth, toDayNumber, weekdayOf } from './iso-date.ts';
import { periodOf } from './supervision-cadence.ts';
import { type WorkingCalendar, WorkingCalendarError } from './working-days.ts';

/**
 * Working days after `a` up to and including `b` (0 when b ≤ a). Where the calendar has no holiday schedule
 * for a year, Monday to Friday count: a deadline is refused there (calendar.ts), but a reminder a day off is
 * better than none.
 */
export function workingDaysAfter(calendar: WorkingCalendar, a: IsoDate, b: IsoDate): number {
  if (b <= a) return 0;
  try {
    return calendar.workingDaysBetween(a, b);
  } catch (error) {
    if (!(error instanceof WorkingCalendarError) || error.code !== 'YEAR_NOT_COVERED') throw error;
    const from = toDayNumber(a) ?? 0;
    const to = toDayNumber(b) ?? 0;
    let count = 0;
    for (let day = from + 1; day <= to; day += 1) {
      const weekday = weekdayOf(day);
      if (weekday !== 0 && weekday !== 6) count += 1;
    }
    return count;
  }
}

export type InspectionReminder = { month: IsoMonth; monthEnd: IsoDate; workingDaysLeft: number };

/**
 * 一月一督查: this month's inspection is reminded when at most `lead` working days remain after today until the
 * month's end (lead 3 with the month ending on a Friday: from the Tuesday before). Null before then.
 */
export function inspectionReminder(
  calendar: WorkingCalendar,
  today: IsoDate,
  lead: number,
): InspectionReminder | null {
  const period = periodOf('inspection', today);
  const left = workingDaysAfter(calendar, today, period.end);
  return left <= lead ? { month: period.code, monthEnd: period.end, workingDaysLeft: left } : null;
}

export type ReportReminder = {
  kind: 'report_due' | 'report_overdue';
  /** The month reported on. */
  month: IsoMonth;
  deadline: IsoDate;
};

/**
 * The monthly report of month M is due on the deadline day of month M+1. It is reminded from `lead` days before
 * that deadline up to it (report_due), and once it has passed, during the rest of that month (report_overdue):
 * from the next month on, the missing-report warning takes over. `deadlineOf` is the platform's deadline rule.
 */
export function reportReminders(
  today: IsoDate,
  lead: number,
  deadlineOf: (month: IsoMonth) => IsoDate,
): ReportReminder[] {
  const thisMonth = periodOf('inspection', today);
  const lastMonth = periodOf('inspection', addDays(thisMonth.start, -1));
  const out: ReportReminder[] = [];
  // The current month too: with a deadline on the 2nd and a lead of 3 days, the reminder comes in the month itself.
  for (const month of [lastMonth.code, thisMonth.code]) {
    const deadline = deadlineOf(month);
    if (today > deadline) {
      if (deadline.slice(0, 7) === today.slice(0, 7)) out.push({ kind: 'report_overdue', month, deadline });
    } else if (today >= addDays(deadline, -lead)) {
      out.push({ kind: 'report_due', month, deadline });
    }
  }
  return out;
}

export type ActionReminder =
  | { kind: 'action_due'; workingDaysLeft: number }
  | { kind: 'action_overdue'; daysOverdue: number };

/**
 * A dispatch action (议定事项) still open: reminded when at most `lead` working days remain after today until its
 * deadline (0 on the deadline day), and as overdue from the day after the deadline.
 */
export function actionReminder(
  calendar: WorkingCalendar,
  today: IsoDate,
  deadline: IsoDate,
  lead: number,
): ActionReminder | null {
  if (today > deadline) {
    return { kind: 'action_overdue', daysOverdue: (toDayNumber(today) ?? 0) - (toDayNumber(deadline) ?? 0) };
  }
  const left = workingDaysAfter(calendar, today, deadline);
  return left <= lead ? { kind: 'action_due', workingDaysLeft: left } : null;
}

/** The latest deadline that can be due for an action reminder on `today` with `lead` working days. */
export function actionHorizon(today: IsoDate, lead: number): IsoDate {
  // Two calendar weeks per working week, plus the longest holiday break (Spring Festival, 8–9 days).
  return fromDayNumber((toDayNumber(today) ?? 0) + lead * 2 + 14);
}
