/**
 * Contracts of the monthly bulletin (通报, issue #4): generating a month's bulletin, its history and the figures
 * it reports. The figures are a snapshot taken from the same services that answer the platform's own endpoints
 * (which endpoint gives each is noted on the field); domain/bulletin-content.ts turns them into the document.
 */
import { z } from 'zod';
import { type Label, lifecycleStages } from '../codelists.ts';
import { bilingual, booleanQuery, pageSchema } from './common.ts';
import { MonthSchema } from './progress-reports.ts';

export const bulletinFieldLabels = {
  month: { zh: '通报月份', en: 'Month' },
  note: { zh: '重新生成说明', en: 'Reason for regenerating' },
  year: { zh: '年度', en: 'Year' },
  current: { zh: '仅当前版本', en: 'Current versions only' },
  issuer: { zh: '发文机关', en: 'Issuer' },
  issuerShort: { zh: '发文机关代字', en: 'Issuer’s short name' },
  recipients: { zh: '主送机关', en: 'Recipients' },
  copyTo: { zh: '抄送机关', en: 'Copy to' },
  version: { zh: '版本', en: 'Version' },
} as const satisfies Record<string, Label>;

export const BulletinGenerateInputSchema = z.object({
  /** The data month (YYYY-MM), which must have ended; default the last month that has. */
  month: MonthSchema.optional(),
});
export type BulletinGenerateInput = z.infer<typeof BulletinGenerateInputSchema>;

export const BulletinRegenerateInputSchema = z.object({
  /** Why the month is generated again (data corrected late, …), kept with the new version. */
  note: z
    .string()
    .trim()
    .max(500, bilingual('说明最多 500 个字', 'The reason has at most 500 characters'))
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type BulletinRegenerateInput = z.infer<typeof BulletinRegenerateInputSchema>;

export const BulletinListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Bulletins of this data month. */
  month: MonthSchema.optional(),
  /** Bulletins whose data month falls in this year. */
  year: z.coerce
    .number()
    .int(bilingual('年度应为整数', 'The year must be a whole number'))
    .min(2000, bilingual('年度应在 2000–2100 之间', 'The year must be between 2000 and 2100'))
    .max(2100, bilingual('年度应在 2000–2100 之间', 'The year must be between 2000 and 2100'))
    .optional(),
  /** Only the latest version of each month (a regeneration supersedes the earlier file). */
  current: booleanQuery,
});
export type BulletinListQuery = z.infer<typeof BulletinListQuerySchema>;

const warnedColors = ['red', 'yellow'] as const;

/** What the bulletin reports, as it was when the bulletin was generated. Amounts in 万元. */
export const BulletinFiguresSchema = z.object({
  /** The data month, YYYY-MM. */
  month: z.string(),
  /** Its last day: stage counts and overdue coordination items are taken as of this day, the tour closed by it. */
  asOf: z.string(),
  /** The day (China time) the figures were gathered: warning lights are those of this day. */
  generatedOn: z.string(),
  /** GET /api/projects/stage-counts?asOf=<asOf>, every stage in chain order (zeros included). */
  stages: z.array(z.object({ stage: z.enum(lifecycleStages.codes), count: z.number().int() })),
  /** GET /api/annual-plans/summary?year=<year>&asOfMonth=<month>. */
  investment: z.object({
    year: z.number().int(),
    month: z.number().int(),
    projectCount: z.number().int(),
    annualPlan: z.number(),
    plannedSharePct: z.number(),
    plannedCumulative: z.number(),
    completedCumulative: z.number(),
    completedInMonth: z.number(),
    annualCompletionPct: z.number().nullable(),
    scheduleCompletionPct: z.number().nullable(),
  }),
  /** Totals of GET /api/projects?actualStartFrom=…&actualStartTo=… (and actualCompletion…) for the year and the month. */
  startsAndCompletions: z.object({
    startedThisYear: z.number().int(),
    startedInMonth: z.number().int(),
    completedThisYear: z.number().int(),
    completedInMonth: z.number().int(),
  }),
  /** GET /api/warnings?color=red,yellow: the lights on generatedOn, judged on evaluatedMonth's figures. */
  warnings: z.object({
    evaluatedMonth: z.string(),
    red: z.number().int(),
    yellow: z.number().int(),
    projects: z.array(
      z.object({
        projectId: z.uuid(),
        projectName: z.string(),
        color: z.enum(warnedColors),
        chiefName: z.string().nullable(),
        reasons: z.array(z.string()),
      }),
    ),
  }),
  /** GET /api/coordination-items/overdue?asOf=<asOf>, counted per assigned department. */
  overdueItems: z.object({
    total: z.number().int(),
    departments: z.array(
      z.object({
        departmentId: z.uuid(),
        departmentName: z.string(),
        items: z.number().int(),
        maxOverdueWorkingDays: z.number().int().nullable(),
      }),
    ),
  }),
  /** GET /api/inspections/missing?month=<month>: 一月一督查 coverage per chief. */
  inspections: z.object({
    projectCount: z.number().int(),
    inspectedCount: z.number().int(),
    coveragePct: z.number().nullable(),
    chiefs: z.array(
      z.object({
        chiefUserId: z.uuid(),
        chiefName: z.string(),
        projectCount: z.number().int(),
        inspectedCount: z.number().int(),
        coveragePct: z.number().nullable(),
      }),
    ),
  }),
  /** GET /api/field-reviews/:id of the tour closed last by the end of the month; null when none was. */
  fieldReview: z
    .object({
      reviewId: z.uuid(),
      quarter: z.string(),
      quarterLabel: z.string(),
      title: z.string(),
      closedOn: z.string(),
      projects: z.array(
        z.object({
          projectId: z.string(),
          projectName: z.string(),
          rank: z.number().int().nullable(),
          rankLabel: z.string(),
          score: z.number().nullable(),
          vanguard: z.boolean(),
        }),
      ),
    })
    .nullable(),
  /**
   * GET /api/dispatch-actions?overdue=true: 调度议定事项 unfinished past their deadline on generatedOn (the list has no
   * as-of day yet; it keeps only the completion time, not when an action was cancelled or taken in hand).
   */
  dispatchActions: z.object({
    total: z.number().int(),
    actions: z.array(
      z.object({
        actionId: z.uuid(),
        meetingTitle: z.string(),
        meetingDate: z.string(),
        sequence: z.number().int(),
        content: z.string(),
        ownerOrganizationName: z.string(),
        deadline: z.string(),
        projectName: z.string().nullable(),
      }),
    ),
  }),
});
export type BulletinFigures = z.infer<typeof BulletinFiguresSchema>;

export const BulletinSchema = z.object({
  id: z.uuid(),
  /** The data month, YYYY-MM. */
  month: z.string(),
  /** 文号-like number, kept by every regeneration of the month. */
  number: z.string(),
  title: z.string(),
  /** 1 for the first generation of the month, then 2, 3 … */
  revision: z.number().int(),
  /** The latest version of its month. */
  current: z.boolean(),
  supersedesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  note: z.string().nullable(),
  generatedBy: z.uuid(),
  generatedByName: z.string().nullable(),
  generatedAt: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});
export type Bulletin = z.infer<typeof BulletinSchema>;

export const BulletinDetailSchema = BulletinSchema.extend({
  issuer: z.string(),
  figures: BulletinFiguresSchema,
});
export type BulletinDetail = z.infer<typeof BulletinDetailSchema>;

export const BulletinPageSchema = pageSchema(BulletinSchema);
export type BulletinPage = z.infer<typeof BulletinPageSchema>;

const settingText = (max: number, required: { zh: string; en: string }) =>
  z
    .string()
    .trim()
    .min(1, bilingual(required.zh, required.en))
    .max(max, bilingual(`最多 ${max} 个字`, `At most ${max} characters`));

/** The masthead and addressing every bulletin is generated with. */
export const BulletinSettingsInputSchema = z.object({
  /** 发文机关标志, the red banner. */
  issuer: settingText(40, { zh: '请填写发文机关', en: 'Give the issuer' }),
  /** 发文机关代字 of the 文号 (checked by BulletinNumberPartsSchema in the service). */
  issuerShort: settingText(20, { zh: '请填写发文机关代字', en: 'Give the issuer’s short name' }),
  /** 主送机关. */
  recipients: settingText(100, { zh: '请填写主送机关', en: 'Give the recipients' }),
  /** 抄送机关; empty for none. */
  copyTo: z
    .string()
    .trim()
    .max(200, bilingual('最多 200 个字', 'At most 200 characters'))
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
  /** The version read (0 while the defaults apply): two people saving at once cannot overwrite each other. */
  version: z.number().int().min(0),
});
export type BulletinSettingsInput = z.infer<typeof BulletinSettingsInputSchema>;

export const BulletinSettingsSchema = z.object({
  issuer: z.string(),
  issuerShort: z.string(),
  recipients: z.string(),
  copyTo: z.string().nullable(),
  version: z.number().int(),
});
export type BulletinSettings = z.infer<typeof BulletinSettingsSchema>;
