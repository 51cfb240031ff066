import { z } from 'zod';
import { lifecycleStages } from '../codelists.ts';
import { exitRecords, StageTemplateSchema } from '../lifecycle.ts';
import { bilingual, isoDateSchema } from './common.ts';

/** Field labels for validation messages of the lifecycle routes. */
export const lifecycleFieldLabels = {
  toStage: { zh: '目标阶段', en: 'Target stage' },
  movedOn: { zh: '变更日期', en: 'Date of the move' },
  reason: { zh: '原因', en: 'Reason' },
  records: { zh: '办结记录', en: 'Exit records' },
  recordedOn: { zh: '登记日期', en: 'Date recorded' },
  plans: { zh: '阶段计划', en: 'Stage plans' },
  kind: { zh: '事件类型', en: 'Event kind' },
  eventDate: { zh: '事件日期', en: 'Event date' },
  note: { zh: '说明', en: 'Note' },
  templateCode: { zh: '阶段模板', en: 'Stage template' },
  template: { zh: '阶段模板', en: 'Stage template' },
  version: { zh: '版本', en: 'Version' },
} as const;

export const exitRecordCodes = exitRecords.map((r) => r.code) as [
  (typeof exitRecords)[number]['code'],
  ...(typeof exitRecords)[number]['code'][],
];

/**
 * Exit records as short texts: a date (YYYY-MM-DD) for date records, a document's number or title for documents,
 * a name for confirmations. Files come with the document module later.
 */
export const StageRecordsSchema = z
  .partialRecord(z.enum(exitRecordCodes), z.string().trim().min(1).max(200))
  .superRefine((records, ctx) => {
    for (const [code, value] of Object.entries(records)) {
      const kind = exitRecords.find((r) => r.code === code)?.kind;
      if (kind === 'date' && !isoDateSchema.safeParse(value).success) {
        ctx.addIssue({
          code: 'custom',
          path: [code],
          ...bilingual('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'),
        });
      }
    }
  });
export type StageRecords = z.infer<typeof StageRecordsSchema>;

export const StageTransitionInputSchema = z.object({
  toStage: z.enum(lifecycleStages.codes, bilingual('请选择目标阶段', 'Choose the target stage')),
  movedOn: isoDateSchema,
  reason: z.string().trim().max(500).nullable().optional(),
  /** Exit records of the stage being left, entered with the move. */
  records: StageRecordsSchema.optional(),
  /** The project's version, for optimistic locking. */
  version: z.number().int().min(1),
});
export type StageTransitionInput = z.infer<typeof StageTransitionInputSchema>;

export const StageRecordsInputSchema = z.object({ records: StageRecordsSchema, recordedOn: isoDateSchema });

export const StagePlansInputSchema = z.object({
  plans: z
    .array(
      z.object({
        stage: z.enum(lifecycleStages.codes),
        plannedStart: isoDateSchema.nullable(),
        plannedEnd: isoDateSchema.nullable(),
      }),
    )
    .max(20),
});
export type StagePlansInput = z.infer<typeof StagePlansInputSchema>;

export const projectEventKinds = [
  { code: 'start_report', zh: '开工报告', en: 'Start report' },
  { code: 'annual_report', zh: '年度报告', en: 'Annual report' },
  { code: 'completion_report', zh: '竣工报告', en: 'Completion report' },
  { code: 'delayed_start', zh: '延迟开工', en: 'Delayed start' },
  { code: 'suspension', zh: '暂停施工', en: 'Construction suspended' },
  { code: 'resumption', zh: '复工', en: 'Construction resumed' },
] as const;
const eventKindCodes = projectEventKinds.map((k) => k.code) as [
  (typeof projectEventKinds)[number]['code'],
  ...(typeof projectEventKinds)[number]['code'][],
];

export const ProjectEventInputSchema = z.object({
  kind: z.enum(eventKindCodes, bilingual('请选择事件类型', 'Choose the event kind')),
  eventDate: isoDateSchema,
  note: z.string().trim().max(1000).nullable().optional(),
});
export type ProjectEventInput = z.infer<typeof ProjectEventInputSchema>;

export const ProjectEventSchema = z.object({
  id: z.number().int(),
  kind: z.enum(eventKindCodes),
  eventDate: z.string(),
  note: z.string().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

export const StageHistoryEntrySchema = z.object({
  id: z.number().int(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  direction: z.enum(['initial', 'forward', 'back', 'same']),
  movedOn: z.string(),
  reason: z.string().nullable(),
  records: z.record(z.string(), z.string()),
  skipped: z.array(z.string()),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

export const StepSchema = z.object({
  code: z.enum(lifecycleStages.codes),
  mergedWith: z.array(z.enum(lifecycleStages.codes)),
  label: z.object({ zh: z.string(), en: z.string() }),
  required: z.boolean(),
  status: z.enum(['done', 'current', 'pending', 'skipped']),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  actualStart: z.string().nullable(),
  actualEnd: z.string().nullable(),
  entryConditions: z.array(z.string()),
  exitRecords: z.array(z.string()),
});

export const ProjectLifecycleSchema = z.object({
  projectId: z.uuid(),
  currentStage: z.enum(lifecycleStages.codes),
  version: z.number().int(),
  template: StageTemplateSchema,
  /** True when the template was chosen for this project; false when it is its category's default. */
  templateChosen: z.boolean(),
  steps: z.array(StepSchema),
  records: z.record(z.string(), z.string()),
  conditions: z.record(z.string(), z.boolean()),
  history: z.array(StageHistoryEntrySchema),
  events: z.array(ProjectEventSchema),
});
export type ProjectLifecycle = z.infer<typeof ProjectLifecycleSchema>;

export const StageTemplateRowSchema = z.object({
  template: StageTemplateSchema,
  version: z.number().int(),
  updatedAt: z.string(),
});
export const StageTemplateSaveInputSchema = z.object({
  template: StageTemplateSchema,
  /** Required when replacing an existing template. */
  version: z.number().int().min(1).optional(),
});
export type StageTemplateSaveInput = z.infer<typeof StageTemplateSaveInputSchema>;

export const ProjectTemplateInputSchema = z.object({
  templateCode: z.string().min(1).max(40),
  version: z.number().int().min(1),
});
