import type { Label } from '#domain/codelists.ts';
import { addDays, type IsoDate } from '#domain/iso-date.ts';
import type {
  CalendarDay,
  CalendarOverrideInput,
  CalendarOverrideItem,
  CalendarOverview,
  CoveredYearsInput,
  Deadline,
  DeadlineQuery,
  WorkingDays,
  WorkingDaysQuery,
} from '#domain/schemas/calendar.ts';
import { englishOf } from '#domain/schemas/common.ts';
import {
  type CalendarOverride,
  createWorkingCalendar,
  type WorkingCalendar,
  WorkingCalendarConfigSchema,
  WorkingCalendarError,
} from '#domain/working-days.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import * as repo from './calendar.repo.ts';

const OVERRIDE = { zh: '节假日调整', en: 'calendar override' };

/** The administrators' part of the calendar configuration, as stored. */
export async function loadCalendarConfig(
  db: Executor,
): Promise<{ coveredYears: number[]; overrides: CalendarOverride[] }> {
  const [coveredYears, rows] = await Promise.all([repo.getCoveredYears(db), repo.findOverrides(db)]);
  return {
    coveredYears,
    overrides: rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.name ? { name: r.name } : {}) })),
  };
}

/**
 * The working-day calendar with the database's overrides and covered years, for any module that counts
 * working days. Built per call: the table is small and an administrator's edit must apply at once.
 */
export async function loadWorkingCalendar(db: Executor): Promise<WorkingCalendar> {
  const config = await loadCalendarConfig(db);
  try {
    return createWorkingCalendar(config);
  } catch (error) {
    // The admin routes refuse edits that would leave the configuration invalid; reaching this means the tables
    // were edited by hand, which an operator must fix rather than the platform guessing.
    if (error instanceof WorkingCalendarError) throw new AppError('INTERNAL', error.label);
    throw error;
  }
}

/** A calendar refusal (year without data, bad date) as a 400 naming the input field it came from. */
export function calendarFieldError(error: WorkingCalendarError, field: string): AppError {
  return invalidField(field, error.label);
}

/** Working days from a to b, or null when the calendar has no data for a year in between. */
export function workingDaysBetweenOrNull(calendar: WorkingCalendar, a: IsoDate, b: IsoDate): number | null {
  try {
    return calendar.workingDaysBetween(a, b);
  } catch (error) {
    if (error instanceof WorkingCalendarError) return null;
    throw error;
  }
}

/** The first problem of a configuration that would not load, or undefined when it is valid. */
function configProblem(config: {
  coveredYears: number[];
  overrides: CalendarOverride[];
}): { label: Label; path: PropertyKey[] } | undefined {
  const parsed = WorkingCalendarConfigSchema.safeParse(config);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const zh = issue?.message ?? '日历配置无效';
  const en = (issue && englishOf(issue.message, 'params' in issue ? issue.params : undefined)) ?? zh;
  return { label: { zh, en }, path: issue?.path ?? [] };
}

export function createCalendarService(ctx: ServiceContext) {
  const { db } = ctx;

  async function overview(_actor: Actor, query: { year?: number | undefined }): Promise<CalendarOverview> {
    const [coveredYears, overrides] = await Promise.all([
      repo.getCoveredYears(db),
      repo.findOverrides(db, { year: query.year }),
    ]);
    return { builtInYears: [...createWorkingCalendar().coveredYears], coveredYears, overrides };
  }

  /** Adds or changes one day. Overrides win over the bundled schedule (the State Council amends it at times). */
  async function putOverride(
    actor: Actor,
    date: IsoDate,
    input: CalendarOverrideInput,
  ): Promise<CalendarOverrideItem> {
    const name = input.name?.trim() || null;
    return withAudit(db, actor, async (tx) => {
      await repo.lockCalendar(tx);
      const before = await repo.getOverride(tx, date);
      await repo.upsertOverride(tx, { date, kind: input.kind, name, updatedBy: actor.id });
      const problem = configProblem(await loadCalendarConfig(tx));
      if (problem) throw new AppError('CONFLICT', problem.label);
      const [saved] = await repo.findOverrides(tx, { date });
      return {
        result: saved!,
        audit: {
          action: 'calendar.override.set',
          entityType: 'calendar_override',
          entityId: date,
          before: before ? { kind: before.kind, name: before.name } : null,
          after: { kind: input.kind, name },
        },
      };
    });
  }

  /**
   * Removes one day's override. Refused while it is the last holiday entered for a year declared covered:
   * without it the year's holidays would silently become working days.
   */
  async function deleteOverride(actor: Actor, date: IsoDate): Promise<void> {
    await withAudit(db, actor, async (tx) => {
      await repo.lockCalendar(tx);
      const before = await repo.getOverride(tx, date);
      if (!before) throw notFound(OVERRIDE);
      await repo.deleteOverride(tx, date);
      const problem = configProblem(await loadCalendarConfig(tx));
      if (problem) {
        throw new AppError('CONFLICT', {
          zh: `${problem.label.zh}。请先取消该年的“已覆盖”标记`,
          en: `${problem.label.en}. Remove the year from the covered years first`,
        });
      }
      return {
        result: undefined,
        audit: {
          action: 'calendar.override.delete',
          entityType: 'calendar_override',
          entityId: date,
          before: { kind: before.kind, name: before.name },
        },
      };
    });
  }

  /**
   * Replaces the list of years declared covered. A year without bundled data may be declared only once at least
   * one of its holidays is entered (WorkingCalendarConfigSchema): every year has 元旦.
   */
  async function setCoveredYears(
    actor: Actor,
    input: CoveredYearsInput,
  ): Promise<{ coveredYears: number[] }> {
    const years = [...new Set(input.years)].sort((a, b) => a - b);
    return withAudit(db, actor, async (tx) => {
      await repo.lockCalendar(tx);
      const current = await loadCalendarConfig(tx);
      const problem = configProblem({ ...current, coveredYears: years });
      if (problem) throw invalidField('years', problem.label);
      await repo.setCoveredYears(tx, years, actor.id);
      return {
        result: { coveredYears: years },
        audit: {
          action: 'calendar.covered_years.set',
          entityType: 'app_setting',
          entityId: repo.COVERED_YEARS_KEY,
          before: current.coveredYears,
          after: years,
        },
      };
    });
  }

  /** Each day's kind for a UI calendar; days in years without data are marked, not guessed. */
  async function workingDays(_actor: Actor, query: WorkingDaysQuery): Promise<WorkingDays> {
    const calendar = await loadWorkingCalendar(db);
    const days: CalendarDay[] = [];
    for (let date = query.from; date <= query.to; date = addDays(date, 1)) {
      if (!calendar.coversYear(Number(date.slice(0, 4)))) {
        days.push({ date, kind: 'not_covered', working: null, name: null, source: null });
        continue;
      }
      const info = calendar.describeDay(date);
      days.push({ date, kind: info.kind, working: info.working, name: info.name, source: info.source });
    }
    return {
      from: query.from,
      to: query.to,
      workingDays: days.filter((d) => d.working).length,
      days,
    };
  }

  /** The date n working days after start (day 1 is the first working day after it). */
  async function deadline(_actor: Actor, query: DeadlineQuery): Promise<Deadline> {
    const calendar = await loadWorkingCalendar(db);
    try {
      return {
        start: query.start,
        days: query.days,
        deadline: calendar.addWorkingDays(query.start, query.days),
      };
    } catch (error) {
      if (!(error instanceof WorkingCalendarError)) throw error;
      const startYear = Number(query.start.slice(0, 4));
      const field = error.code === 'YEAR_NOT_COVERED' && error.year !== startYear ? 'days' : 'start';
      throw calendarFieldError(error, field);
    }
  }

  return { overview, putOverride, deleteOverride, setCoveredYears, workingDays, deadline };
}
