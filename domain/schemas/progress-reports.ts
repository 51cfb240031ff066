import { z } from 'zod';
import { lifecycleStages } from '../codelists.ts';
import { bilingual } from './common.ts';

/** Field labels, for form labels and the field named in a validation message. */
export const progressReportFieldLabels = {
  month: { zh: '填报月份', en: 'Month' },
  investmentThisMonth: { zh: '本月完成投资（万元）', en: 'Investment this month (10k CNY)' },
  physicalProgress: { zh: '工程形象进度（%）', en: 'Physical progress (%)' },
  imageProgress: { zh: '形象进度', en: 'Progress narrative' },
  problems: { zh: '存在问题', en: 'Problems met' },
  overTotalExplanation: { zh: '超总投资说明', en: 'Explanation for exceeding the total investment' },
  decision: { zh: '审核结论', en: 'Decision' },
  'idempotency-key': { zh: '幂等键', en: 'Idempotency key' },
} as const;

export const progressReportStatuses = ['submitted', 'accepted', 'returned'] as const;
export type ProgressReportStatus = (typeof progressReportStatuses)[number];
export const progressReportStatusLabels = {
  submitted: { zh: '待审核', en: 'Awaiting review' },
  accepted: { zh: '已通过', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
} as const;

/**
 * Stages in which a project owes a monthly report: it is spending on construction. 竣工验收 is included
 * because final accounts and retention payments keep arriving until acceptance; 投产运营 no longer reports.
 */
export const reportingStages = [
  'under_construction',
  'completion_acceptance',
] as const satisfies readonly (typeof lifecycleStages.codes)[number][];

/** Photos: the formats a phone camera produces; anything else is refused by its bytes, not its name. */
export const photoMimeTypes = ['image/jpeg', 'image/png', 'image/heic'] as const;
export type PhotoMimeType = (typeof photoMimeTypes)[number];
export const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
export const PHOTOS_PER_UPLOAD = 10;

/** A civil month written 'YYYY-MM'. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, bilingual('月份格式应为 YYYY-MM', 'Month must be written YYYY-MM'));

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, bilingual(`最多 ${max} 个字`, `At most ${max} characters`))
    .nullable()
    .optional()
    // An emptied text box means "nothing", so that '' never counts as an explanation.
    .transform((v) => (v ? v : null));

export const ProgressReportSubmitInputSchema = z.object({
  month: MonthSchema,
  investmentThisMonth: z
    .number(bilingual('请填写本月完成投资', 'Give the investment completed this month'))
    .min(0, bilingual('金额不能为负数', 'Amount cannot be negative'))
    .max(100_000_000, bilingual('金额超出范围', 'Amount is out of range')),
  physicalProgress: z
    .number()
    .min(0, bilingual('形象进度百分比应在 0–100 之间', 'Physical progress must be 0–100'))
    .max(100, bilingual('形象进度百分比应在 0–100 之间', 'Physical progress must be 0–100'))
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  imageProgress: z
    .string(bilingual('请填写形象进度', 'Describe the progress made'))
    .trim()
    .min(2, bilingual('请填写形象进度', 'Describe the progress made'))
    .max(2000, bilingual('形象进度最多 2000 个字', 'At most 2000 characters')),
  problems: optionalText(2000),
  overTotalExplanation: optionalText(1000),
});
export type ProgressReportSubmitInput = z.infer<typeof ProgressReportSubmitInputSchema>;

/** Headers of a submission: a client retrying after a lost answer sends the same key. */
export const ProgressReportSubmitHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200, bilingual('幂等键最多 200 个字符', 'The idempotency key has at most 200 characters'))
    .optional()
    .describe('同一提交重试时带同一个键 / the same key on a retry of the same submission'),
});

export const ProgressReportReviewInputSchema = z
  .object({
    decision: z.enum(['accept', 'return'], bilingual('请选择通过或退回', 'Choose accept or return')),
    reason: optionalText(1000),
    version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'return' && (!v.reason || v.reason.length < 2)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        ...bilingual('退回时须填写原因', 'Give the reason for returning the report'),
      });
    }
  });
export type ProgressReportReviewInput = z.infer<typeof ProgressReportReviewInputSchema>;

export const MissingReportsQuerySchema = z.object({
  month: MonthSchema.optional().describe('默认为上个月 / defaults to the previous month'),
});
export type MissingReportsQuery = z.infer<typeof MissingReportsQuerySchema>;

export const PhotoParamsSchema = z.object({ id: z.uuid(), photoId: z.uuid() });

export const ProgressReportSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  month: z.string(),
  status: z.enum(progressReportStatuses),
  /** Number of the submitted version the current values come from (1, 2 …). */
  currentVersion: z.number().int(),
  investmentThisMonth: z.number(),
  /** Derived: this month and every earlier month of the project, whatever their review status. */
  cumulativeInvestment: z.number(),
  /** Derived: as above, counting only accepted months (the figure an official statistic may quote). */
  cumulativeAcceptedInvestment: z.number(),
  physicalProgress: z.number().nullable(),
  imageProgress: z.string().nullable(),
  problems: z.string().nullable(),
  overTotalExplanation: z.string().nullable(),
  submittedBy: z.uuid().nullable(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string(),
  reviewedBy: z.uuid().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewReason: z.string().nullable(),
  versionsCount: z.number().int(),
  photosCount: z.number().int(),
  /** Optimistic locking: send it back with a review. */
  version: z.number().int(),
});
export type ProgressReport = z.infer<typeof ProgressReportSchema>;

export const ProgressReportListSchema = z.object({
  projectId: z.uuid(),
  totalInvestment: z.number(),
  cumulativeInvestment: z.number(),
  items: z.array(ProgressReportSchema),
});
export type ProgressReportList = z.infer<typeof ProgressReportListSchema>;

export const ProgressReportVersionSchema = z.object({
  version: z.number().int(),
  status: z.enum(progressReportStatuses),
  investmentThisMonth: z.number(),
  physicalProgress: z.number().nullable(),
  imageProgress: z.string().nullable(),
  problems: z.string().nullable(),
  overTotalExplanation: z.string().nullable(),
  submittedBy: z.uuid().nullable(),
  submittedByName: z.string().nullable(),
  submittedAt: z.string(),
  review: z
    .object({
      decision: z.enum(['accept', 'return']),
      reason: z.string().nullable(),
      reviewedBy: z.uuid().nullable(),
      reviewedByName: z.string().nullable(),
      reviewedAt: z.string(),
    })
    .nullable(),
});
export type ProgressReportVersion = z.infer<typeof ProgressReportVersionSchema>;

export const ReportPhotoSchema = z.object({
  id: z.uuid(),
  reportId: z.uuid(),
  originalName: z.string().nullable(),
  mimeType: z.enum(photoMimeTypes),
  sizeBytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** From EXIF DateTimeOriginal, when the camera wrote it. */
  takenAt: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  url: z.string(),
  /** Null only for HEIC photos stored before HEIC was decoded, which have none: the UI shows a placeholder. */
  thumbnailUrl: z.string().nullable(),
  uploadedBy: z.uuid().nullable(),
  createdAt: z.string(),
});
export type ReportPhoto = z.infer<typeof ReportPhotoSchema>;

export const ReportPhotoListSchema = z.object({ items: z.array(ReportPhotoSchema) });

export const ProgressReportDetailSchema = ProgressReportSchema.extend({
  versions: z.array(ProgressReportVersionSchema),
  photos: z.array(ReportPhotoSchema),
});
export type ProgressReportDetail = z.infer<typeof ProgressReportDetailSchema>;

export const MissingReportsSchema = z.object({
  month: z.string(),
  /** Last day to report the month: the configured day of the following month (default the 5th). */
  deadline: z.string(),
  overdue: z.boolean(),
  total: z.number().int(),
  groups: z.array(
    z.object({
      ownerOrgId: z.uuid(),
      ownerOrgName: z.string(),
      projects: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          code: z.string().nullable(),
          stage: z.enum(lifecycleStages.codes),
          chiefUserId: z.uuid().nullable(),
          chiefName: z.string().nullable(),
          leadDepartmentId: z.uuid().nullable(),
          leadDepartmentName: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type MissingReports = z.infer<typeof MissingReportsSchema>;
