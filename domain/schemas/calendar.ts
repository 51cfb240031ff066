/**
 * The working-day calendar's administration and look-ups (domain/working-days.ts holds the rules). Administrators
 * correct or extend the statutory schedule day by day and declare a year covered once its schedule is entered.
 */
import { z } from 'zod';
import type { Label } from '../codelists.ts';
import { daysBetween, isIsoDate } from '../iso-date.ts';
import { CalendarOverrideSchema } from '../working-days.ts';
import { bilingual, isoDateSchema } from './common.ts';

export const calendarFieldLabels = {
  date: { zh: '日期', en: 'Date' },
  // Neutral: other modules' inputs also have a kind (project events) and share this label.
  kind: { zh: '类型', en: 'Kind' },
  years: { zh: '已覆盖年份', en: 'Covered years' },
  year: { zh: '年份', en: 'Year' },
  from: { zh: '开始日期', en: 'From' },
  to: { zh: '结束日期', en: 'To' },
  start: { zh: '起算日期', en: 'Start date' },
  days: { zh: '工作日数', en: 'Working days' },
} as const satisfies Record<string, Label>;

/** Longest span the day-by-day look-up answers: a year view of the UI calendar. */
export const MAX_CALENDAR_SPAN_DAYS = 400;

export const CalendarDateParamSchema = z.object({ date: CalendarOverrideSchema.shape.date });

export const CalendarOverrideInputSchema = z.object({
  kind: CalendarOverrideSchema.shape.kind,
  /** e.g. 国庆节; shown on the calendar. */
  name: z
    .string()
    .trim()
    .max(40, bilingual('名称最多 40 个字', 'Name must have at most 40 characters'))
    .nullable()
    .optional(),
});
export type CalendarOverrideInput = z.infer<typeof CalendarOverrideInputSchema>;

export const CalendarOverrideItemSchema = z.object({
  date: z.string(),
  kind: z.enum(['holiday', 'workday']),
  name: z.string().nullable(),
  updatedBy: z.uuid().nullable(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type CalendarOverrideItem = z.infer<typeof CalendarOverrideItemSchema>;

export const CalendarOverridesQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const CalendarOverviewSchema = z.object({
  /** Years the bundled statutory schedule (chinese-days) covers. */
  builtInYears: z.array(z.number().int()),
  /** Years administrators declared covered after entering their schedule. */
  coveredYears: z.array(z.number().int()),
  overrides: z.array(CalendarOverrideItemSchema),
});
export type CalendarOverview = z.infer<typeof CalendarOverviewSchema>;

export const CoveredYearsInputSchema = z.object({
  years: z
    .array(
      z
        .number()
        .int()
        .min(2000, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100'))
        .max(2100, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100')),
    )
    .max(100),
});
export type CoveredYearsInput = z.infer<typeof CoveredYearsInputSchema>;

export const CoveredYearsSchema = z.object({ coveredYears: z.array(z.number().int()) });

export const WorkingDaysQuerySchema = z
  .object({ from: isoDateSchema, to: isoDateSchema })
  .superRefine((q, ctx) => {
    if (!isIsoDate(q.from) || !isIsoDate(q.to)) return;
    const span = daysBetween(q.from, q.to);
    if (span < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        ...bilingual('结束日期不能早于开始日期', 'The end date cannot precede the start date'),
      });
    } else if (span >= MAX_CALENDAR_SPAN_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        ...bilingual('一次最多查询 400 天', 'Ask for at most 400 days at a time'),
      });
    }
  });
export type WorkingDaysQuery = z.infer<typeof WorkingDaysQuerySchema>;

export const CalendarDaySchema = z.object({
  date: z.string(),
  /** not_covered: the calendar has no schedule for the year, so the day cannot be classified. */
  kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday', 'not_covered']),
  working: z.boolean().nullable(),
  name: z.object({ zh: z.string(), en: z.string() }).nullable(),
  source: z.enum(['override', 'package', 'weekday']).nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDaySchema>;

export const WorkingDaysSchema = z.object({
  from: z.string(),
  to: z.string(),
  workingDays: z.number().int(),
  days: z.array(CalendarDaySchema),
});
export type WorkingDays = z.infer<typeof WorkingDaysSchema>;

export const DeadlineQuerySchema = z.object({
  start: isoDateSchema,
  days: z.coerce
    .number()
    .int()
    .min(0, bilingual('工作日数应在 0–365 之间', 'Working days must be 0–365'))
    .max(365, bilingual('工作日数应在 0–365 之间', 'Working days must be 0–365')),
});
export type DeadlineQuery = z.infer<typeof DeadlineQuerySchema>;

export const DeadlineSchema = z.object({ start: z.string(), days: z.number().int(), deadline: z.string() });
export type Deadline = z.infer<typeof DeadlineSchema>;
