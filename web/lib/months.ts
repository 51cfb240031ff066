import dayjs, { type Dayjs } from 'dayjs';
import { todayInChina } from '#domain/iso-date.ts';

/** This month in China ('YYYY-MM'): reports, plans and deadlines follow the sites' calendar, not the browser's. */
export function currentMonthInChina(): string {
  return todayInChina().slice(0, 7);
}

/** 'YYYY-MM' shifted by whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** For a month DatePicker's disabledDate: months after this one (China time). */
export function isFutureMonth(day: Dayjs): boolean {
  return day.format('YYYY-MM') > currentMonthInChina();
}

export function monthToDayjs(month: string | null | undefined): Dayjs | null {
  if (!month) return null;
  const d = dayjs(`${month}-01`);
  return d.isValid() ? d : null;
}
