import { asc, eq, sql } from 'drizzle-orm';
import type { CalendarOverrideItem } from '#domain/schemas/calendar.ts';
import type { Executor } from '../../db/client.ts';
import { appSettings, calendarOverrides, users } from '../../db/schema.ts';

export const COVERED_YEARS_KEY = 'calendar_covered_years';

/** Arbitrary constant: serialises calendar edits so that no two of them validate against a stale picture. */
const CALENDAR_LOCK_KEY = 74_210_031;

export async function lockCalendar(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${CALENDAR_LOCK_KEY})`);
}

export async function findOverrides(
  db: Executor,
  filter: { year?: number | undefined; date?: string } = {},
): Promise<CalendarOverrideItem[]> {
  const where =
    filter.date !== undefined
      ? eq(calendarOverrides.date, filter.date)
      : filter.year !== undefined
        ? sql`${calendarOverrides.date} between ${`${filter.year}-01-01`}::date and ${`${filter.year}-12-31`}::date`
        : undefined;
  const rows = await db
    .select({ o: calendarOverrides, updatedByName: users.displayName })
    .from(calendarOverrides)
    .leftJoin(users, eq(users.id, calendarOverrides.updatedBy))
    .where(where)
    .orderBy(asc(calendarOverrides.date));
  return rows.map((r) => ({
    date: r.o.date,
    kind: r.o.kind,
    name: r.o.name,
    updatedBy: r.o.updatedBy,
    updatedByName: r.updatedByName,
    updatedAt: r.o.updatedAt.toISOString(),
  }));
}

export async function getOverride(db: Executor, date: string) {
  const [row] = await db.select().from(calendarOverrides).where(eq(calendarOverrides.date, date));
  return row;
}

export async function upsertOverride(
  tx: Executor,
  values: { date: string; kind: 'holiday' | 'workday'; name: string | null; updatedBy: string },
) {
  await tx
    .insert(calendarOverrides)
    .values({ ...values, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: calendarOverrides.date,
      set: { kind: values.kind, name: values.name, updatedBy: values.updatedBy, updatedAt: new Date() },
    });
}

export async function deleteOverride(tx: Executor, date: string) {
  await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date));
}

/** The stored covered years; a missing or malformed setting counts as none declared. */
export async function getCoveredYears(db: Executor): Promise<number[]> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, COVERED_YEARS_KEY));
  const value: unknown = row?.value;
  return Array.isArray(value) ? value.filter((y): y is number => Number.isInteger(y)) : [];
}

export async function setCoveredYears(tx: Executor, years: number[], userId: string) {
  await tx
    .insert(appSettings)
    .values({ key: COVERED_YEARS_KEY, value: years, updatedBy: userId })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: {
        value: years,
        version: sql`${appSettings.version} + 1`,
        updatedAt: new Date(),
        updatedBy: userId,
      },
    });
}
