import { z } from 'zod';
import { WarningPresetSchema, warningColors } from '../warning-presets.ts';
import { bilingual, csvList, isoDateSchema, pageSchema } from './common.ts';

export const confidenceLevels = [
  { code: 'high', zh: '高', en: 'High' },
  { code: 'medium', zh: '中', en: 'Medium' },
  { code: 'low', zh: '低', en: 'Low' },
] as const;
const confidenceCodes = ['high', 'medium', 'low'] as const;

export const WarningReasonSchema = z.object({
  code: z.string(),
  color: z.enum(warningColors),
  zh: z.string(),
  en: z.string(),
});

export const JudgementSchema = z.object({
  id: z.uuid(),
  confidence: z.enum(confidenceCodes),
  reason: z.string(),
  judgedOn: z.string(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

export const JudgementInputSchema = z.object({
  confidence: z.enum(confidenceCodes, bilingual('请选择研判等级', 'Choose a confidence level')),
  reason: z
    .string()
    .trim()
    .min(4, bilingual('请写明研判理由（至少 4 个字）', 'Write the reason (at least 4 characters)'))
    .max(2000),
  judgedOn: isoDateSchema.optional(),
});
export type JudgementInput = z.infer<typeof JudgementInputSchema>;

export const ProjectWarningSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  stage: z.string(),
  keyLevel: z.string(),
  ownerOrgName: z.string().nullable(),
  chiefName: z.string().nullable(),
  color: z.enum(warningColors),
  reasons: z.array(WarningReasonSchema),
  presetCode: z.string(),
  /** The month whose figures were judged (YYYY-MM): the latest one whose reports were due. */
  evaluatedMonth: z.string(),
  computedAt: z.string(),
  latestJudgement: JudgementSchema.nullable(),
});
export type ProjectWarning = z.infer<typeof ProjectWarningSchema>;

export const WarningListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  color: csvList(z.enum(warningColors)),
  q: z.string().trim().max(100).optional(),
});
export const WarningPageSchema = pageSchema(ProjectWarningSchema).extend({
  counts: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
});

const computed = <T extends z.ZodType>(value: T) =>
  z.object({ value: value.nullable(), reason: z.object({ zh: z.string(), en: z.string() }).nullable() });

export const EarnedValueSchema = z.object({
  bac: z.number(),
  pv: z.number(),
  ev: z.number(),
  ac: z.number(),
  sv: z.number(),
  cv: z.number(),
  spi: computed(z.number()),
  cpi: computed(z.number()),
  eac: computed(z.number()),
  forecastFinish: computed(z.string()),
  asOf: z.string(),
  physicalProgressPct: z.number(),
});

export const ProjectWarningDetailSchema = ProjectWarningSchema.extend({
  earnedValue: EarnedValueSchema.nullable(),
  judgements: z.array(JudgementSchema),
});

export const builtInPresetCodes = ['yinchuan', 'sanya', 'wuhan', 'custom'] as const;
export const WarningSettingsSchema = z.object({
  activePreset: z.enum(builtInPresetCodes),
  custom: WarningPresetSchema,
  /** Monthly reports are due on this day of the following month (default 5). */
  reportDeadlineDay: z.number().int(),
  version: z.number().int(),
});
export const WarningSettingsInputSchema = z.object({
  activePreset: z.enum(builtInPresetCodes),
  custom: WarningPresetSchema.optional(),
  reportDeadlineDay: z
    .number()
    .int()
    .min(1, bilingual('月报截止日应为每月 1–28 日', 'The report deadline is a day from 1 to 28'))
    .max(28, bilingual('月报截止日应为每月 1–28 日', 'The report deadline is a day from 1 to 28'))
    .optional(),
  version: z.number().int().min(0),
});
export type WarningSettingsInput = z.infer<typeof WarningSettingsInputSchema>;
