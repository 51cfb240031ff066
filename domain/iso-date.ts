/**
 * Calendar dates as 'YYYY-MM-DD' strings, with no time of day and no time zone.
 *
 * Deadlines and planned dates are civil dates in China. Arithmetic runs on whole days counted in UTC, so the
 * result is the same in a browser in Beijing, a server set to UTC and a laptop in New York.
 */

/** A civil date written 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A civil month written 'YYYY-MM'. */
export type IsoMonth = string;

const MS_PER_DAY = 86_400_000;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_SHAPE = /^(\d{4})-(\d{2})$/;

/** Days since 1970-01-01 for a real calendar date, or null (wrong shape, 2026-02-30, month 13 …). */
export function toDayNumber(date: IsoDate): number | null {
  const match = DATE_SHAPE.exec(date);
  if (!match) return null;
  const [, y = '', m = '', d = ''] = match;
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches it.
  return fromDayNumber(ms / MS_PER_DAY) === date ? ms / MS_PER_DAY : null;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  return toDayNumber(value) !== null;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

/** Calendar days from a to b (negative when b is earlier). Throws on an invalid date. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return requireDay(b) - requireDay(a);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(requireDay(date) + days);
}

/** Months counted as year × 12 + month − 1, for month arithmetic; null for an invalid 'YYYY-MM'. */
export function toMonthNumber(month: IsoMonth): number | null {
  const match = MONTH_SHAPE.exec(month);
  if (!match) return null;
  const [, y = '', m = ''] = match;
  const mm = Number(m);
  if (mm < 1 || mm > 12) return null;
  return Number(y) * 12 + mm - 1;
}

function requireDay(date: IsoDate): number {
  const day = toDayNumber(date);
  if (day === null) throw new RangeError(`Invalid date "${date}": expected a real date written YYYY-MM-DD`);
  return day;
}

/**
 * Today's civil date in China. China has kept UTC+8 without daylight saving since 1991, so a fixed offset is
 * exact: the same answer on a server set to UTC as in a browser in Chongqing.
 */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
