/**
 * Contracts of the plans module (节点计划): milestones, yearly baselines and annual investment plans with their
 * 序时进度 (domain/schedule.ts holds the schedule rules; this file only wires them into API shapes).
 */
import { z } from 'zod';
import { MonthlyScheduleSchema } from '../schedule.ts';
import { bilingual, bilingualIssue, isoDateSchema } from './common.ts';

/** Field labels, used for form labels and validation messages. */
export const planFieldLabels = {
  name: { zh: '节点名称', en: 'Milestone' },
  plannedDate: { zh: '计划日期', en: 'Planned date' },
  actualDate: { zh: '实际完成日期', en: 'Actual date' },
  responsibleOrgId: { zh: '责任单位', en: 'Responsible organisation' },
  status: { zh: '状态', en: 'Status' },
  sort: { zh: '排序', en: 'Order' },
  year: { zh: '年度', en: 'Year' },
  note: { zh: '备注', en: 'Note' },
  asOfMonth: { zh: '截至月份', en: 'As of month' },
  plannedInvestment: { zh: '年度计划投资（万元）', en: 'Annual planned investment (10k CNY)' },
  monthlySchedule: { zh: '序时进度（月累计%）', en: 'Monthly schedule (cumulative %)' },
} as const;

export const milestoneStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MilestoneStatus = (typeof milestoneStatuses)[number];
export const milestoneStatusLabels: Record<MilestoneStatus, { zh: string; en: string }> = {
  planned: { zh: '未开始', en: 'Planned' },
  in_progress: { zh: '进行中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export type MilestoneRuleInput = {
  status?: MilestoneStatus;
  actualDate?: string | null;
};

/**
 * Rules across milestone fields, as problems per field: used by the create schema and by the service on the
 * merged record of a partial update (the client may send only the status). Without `today` the clock-bound
 * rule is skipped: the server checks it against its own clock, which tests can fix.
 */
export function milestoneProblems(
  m: MilestoneRuleInput,
  today?: string,
): { field: 'actualDate'; zh: string; en: string }[] {
  const problems: { field: 'actualDate'; zh: string; en: string }[] = [];
  if (today && m.actualDate && m.actualDate > today) {
    problems.push({
      field: 'actualDate',
      zh: `实际完成日期 ${m.actualDate} 不能晚于今天（${today}）`,
      en: `The actual date ${m.actualDate} cannot be later than today (${today})`,
    });
  }
  if (m.status === 'done' && !m.actualDate) {
    problems.push({
      field: 'actualDate',
      zh: '节点标记为已完成时须填写实际完成日期',
      en: 'A milestone marked done needs its actual date',
    });
  }
  return problems;
}

const milestoneFields = {
  name: z
    .string()
    .trim()
    .min(2, bilingual('节点名称至少 2 个字', 'The milestone name needs at least 2 characters'))
    .max(100, bilingual('节点名称最多 100 个字', 'The milestone name can have at most 100 characters')),
  plannedDate: isoDateSchema,
  actualDate: isoDateSchema.nullable().optional(),
  responsibleOrgId: z
    .uuid(bilingual('请选择责任单位', 'Choose the responsible organisation'))
    .nullable()
    .optional(),
  status: z.enum(milestoneStatuses, bilingual('节点状态无效', 'Unknown milestone status')),
  /** Order among milestones on the same planned date. */
  sort: z.number().int().min(0).max(10_000).optional(),
};

function checkMilestone(m: MilestoneRuleInput, ctx: z.RefinementCtx) {
  for (const p of milestoneProblems(m)) {
    ctx.addIssue({ code: 'custom', path: [p.field], ...bilingualIssue(p.zh, p.en) });
  }
}

export const MilestoneCreateInputSchema = z
  .object({ ...milestoneFields, status: milestoneFields.status.default('planned') })
  .superRefine(checkMilestone);
export type MilestoneCreateInput = z.infer<typeof MilestoneCreateInputSchema>;

export const MilestoneUpdateInputSchema = z.object({
  ...z.object(milestoneFields).partial().shape,
  version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
});
export type MilestoneUpdateInput = z.infer<typeof MilestoneUpdateInputSchema>;

export const MilestoneSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  name: z.string(),
  plannedDate: z.string(),
  actualDate: z.string().nullable(),
  responsibleOrgId: z.uuid().nullable(),
  responsibleOrgName: z.string().nullable(),
  status: z.enum(milestoneStatuses),
  sort: z.number().int(),
  version: z.number().int(),
  /** Not done, not cancelled and the planned date has passed (China time). */
  overdue: z.boolean(),
  /** Days past the planned date while overdue; 0 otherwise. */
  overdueDays: z.number().int(),
  /** The planned date frozen in the current year's baseline, when there is one and it holds this milestone. */
  baselinePlannedDate: z.string().nullable(),
  /** Planned date − baseline planned date, in days: positive when the milestone has slipped. */
  baselineVarianceDays: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const BaselineSummarySchema = z.object({
  id: z.uuid(),
  year: z.number().int(),
  approvedAt: z.string(),
});

export const MilestoneListSchema = z.object({
  items: z.array(MilestoneSchema),
  /** The current year's baseline the `baseline…` fields compare with, or null. */
  baseline: BaselineSummarySchema.nullable(),
});
export type MilestoneList = z.infer<typeof MilestoneListSchema>;

export const MilestoneIdParamSchema = z.object({ id: z.uuid() });

const yearSchema = z
  .number()
  .int(bilingual('年度应为整数', 'The year must be a whole number'))
  .min(2000, bilingual('年度应在 2000–2100 之间', 'The year must be between 2000 and 2100'))
  .max(2100, bilingual('年度应在 2000–2100 之间', 'The year must be between 2000 and 2100'));

export const ProjectYearParamSchema = z.object({ id: z.uuid(), year: z.coerce.number().pipe(yearSchema) });

export const BaselineCreateInputSchema = z.object({
  year: yearSchema,
  note: z
    .string()
    .trim()
    .max(500, bilingual('备注最多 500 个字', 'The note can have at most 500 characters'))
    .nullable()
    .optional(),
});
export type BaselineCreateInput = z.infer<typeof BaselineCreateInputSchema>;

export const BaselineMilestoneSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  plannedDate: z.string(),
  actualDate: z.string().nullable(),
  responsibleOrgId: z.uuid().nullable(),
  responsibleOrgName: z.string().nullable(),
  status: z.enum(milestoneStatuses),
});

export const BaselineSnapshotSchema = z.object({
  milestones: z.array(BaselineMilestoneSchema),
  annualPlan: z
    .object({
      plannedInvestment: z.number(),
      monthlySchedule: z.array(z.number()).nullable(),
      version: z.number().int(),
    })
    .nullable(),
});
export type BaselineSnapshot = z.infer<typeof BaselineSnapshotSchema>;

export const BaselineSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  year: z.number().int(),
  note: z.string().nullable(),
  approvedBy: z.uuid().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string(),
  snapshot: BaselineSnapshotSchema,
});
export type Baseline = z.infer<typeof BaselineSchema>;

export const BaselineListSchema = z.array(BaselineSchema);

export const AnnualPlanPutInputSchema = z.object({
  plannedInvestment: z
    .number(bilingual('请填写年度计划投资', 'Give the annual planned investment'))
    .min(0, bilingual('年度计划投资不能为负数', 'The annual planned investment cannot be negative'))
    .max(100_000_000, bilingual('年度计划投资超出范围', 'The annual planned investment is out of range')),
  /** 12 cumulative percentages; null or absent = even split (PUT replaces the whole plan). */
  monthlySchedule: MonthlyScheduleSchema.nullable().optional(),
  /** Required when the plan exists already (optimistic locking); absent when creating it. */
  version: z.number().int().min(1).optional(),
});
export type AnnualPlanPutInput = z.infer<typeof AnnualPlanPutInputSchema>;

export const AnnualPlanSchema = z.object({
  projectId: z.uuid(),
  year: z.number().int(),
  plannedInvestment: z.number(),
  /** As stored: null means the default even split. */
  monthlySchedule: z.array(z.number()).nullable(),
  /** The schedule in force: the stored one, or the even split. */
  effectiveSchedule: z.array(z.number()),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.uuid().nullable(),
  updatedByName: z.string().nullable(),
});
export type AnnualPlan = z.infer<typeof AnnualPlanSchema>;

export const AnnualPlanQuerySchema = z.object({
  /** Year-to-date figures as of the end of this month (default: the current month, or December of a past year). */
  asOfMonth: z.coerce
    .number()
    .int()
    .min(1, bilingual('月份应在 1–12 之间', 'The month must be 1–12'))
    .max(12, bilingual('月份应在 1–12 之间', 'The month must be 1–12'))
    .optional(),
});
export type AnnualPlanQuery = z.infer<typeof AnnualPlanQuerySchema>;

/** Mirrors domain/schedule.ts YearToDate. */
export const YearToDateSchema = z.object({
  month: z.number().int(),
  annualPlan: z.number(),
  plannedSharePct: z.number(),
  plannedCumulative: z.number(),
  completedCumulative: z.number(),
  annualCompletionPct: z.number().nullable(),
  scheduleCompletionPct: z.number().nullable(),
  pointsBehind: z.number().nullable(),
});

export const AnnualPlanStatusSchema = z.object({
  projectId: z.uuid(),
  year: z.number().int(),
  /** null: no plan for that year yet. */
  plan: AnnualPlanSchema.nullable(),
  /**
   * Planned (序时进度) vs completed (submitted or accepted monthly reports) up to the month; null for a year
   * that has not begun. Without a plan the rates are null and the completed amount still shows.
   */
  yearToDate: YearToDateSchema.nullable(),
});
export type AnnualPlanStatus = z.infer<typeof AnnualPlanStatusSchema>;

export const AnnualPlanSummaryQuerySchema = z.object({
  year: z.coerce.number().pipe(yearSchema),
  /** As for one project's plan: the end of this month (default: the current month, or December of a past year). */
  asOfMonth: AnnualPlanQuerySchema.shape.asOfMonth,
});
export type AnnualPlanSummaryQuery = z.infer<typeof AnnualPlanSummaryQuerySchema>;

/**
 * The annual plans of every live project the reader may see, taken together (the monthly bulletin's investment
 * figure): the projects with a plan for the year, their plans and the investment they reported, with the 序时进度
 * of each plan summed (domain/schedule.ts combinedYearToDate).
 */
export const AnnualPlanSummarySchema = z.object({
  year: z.number().int(),
  /** Projects with a plan for the year; only their reports count. */
  projectCount: z.number().int(),
  /** null for a year that has not begun. */
  yearToDate: YearToDateSchema.nullable(),
  /** Investment reported for the as-of month alone (submitted or accepted reports); null with yearToDate. */
  completedInMonth: z.number().nullable(),
});
export type AnnualPlanSummary = z.infer<typeof AnnualPlanSummarySchema>;
