/**
 * Coordination items (问题协调): a problem raised on a project, assigned to departments, answered within a number
 * of working days and closed by the person who raised it (issue #3). The codes are stored in the database; the
 * labels are what people read, in both interface languages.
 */
import { z } from 'zod';
import { codeList, type Label } from '../codelists.ts';
import { bilingual, booleanQuery, csvList, isoDateSchema, pageSchema } from './common.ts';

export const coordinationCategories = codeList([
  { code: 'land', zh: '用地', en: 'Land' },
  { code: 'planning', zh: '规划', en: 'Planning' },
  { code: 'funding', zh: '资金', en: 'Funding' },
  { code: 'approval', zh: '审批', en: 'Approval' },
  { code: 'construction_environment', zh: '施工环境', en: 'Construction environment' },
  { code: 'utilities', zh: '水电气讯', en: 'Water, power, gas and telecoms' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type CoordinationCategory = (typeof coordinationCategories.codes)[number];

export const coordinationPriorities = codeList([
  { code: 'urgent', zh: '紧急', en: 'Urgent' },
  { code: 'high', zh: '高', en: 'High' },
  { code: 'normal', zh: '一般', en: 'Normal' },
  { code: 'low', zh: '低', en: 'Low' },
] as const);
export type CoordinationPriority = (typeof coordinationPriorities.codes)[number];

export const coordinationSources = codeList([
  { code: 'report', zh: '月报', en: 'Monthly report' },
  { code: 'inspection', zh: '督查检查', en: 'Inspection' },
  { code: 'chief', zh: '项目长', en: 'Project chief' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type CoordinationSource = (typeof coordinationSources.codes)[number];

/** The closed loop: 待受理 → 办理中 → 已办结 → 已确认, or back to 办理中 when the raiser reopens. */
export const coordinationStatuses = codeList([
  { code: 'pending', zh: '待受理', en: 'Pending' },
  { code: 'in_progress', zh: '办理中', en: 'In progress' },
  { code: 'resolved', zh: '已办结', en: 'Resolved' },
  { code: 'confirmed', zh: '已确认', en: 'Confirmed' },
] as const);
export type CoordinationStatus = (typeof coordinationStatuses.codes)[number];

/** Statuses in which the deadline runs and an item can become overdue. */
export const openCoordinationStatuses = ['pending', 'in_progress'] as const satisfies CoordinationStatus[];

export const coordinationEventKinds = codeList([
  { code: 'raised', zh: '提出', en: 'Raised' },
  { code: 'accepted', zh: '受理', en: 'Accepted' },
  { code: 'resolved', zh: '办结', en: 'Resolved' },
  { code: 'confirmed', zh: '确认', en: 'Confirmed' },
  { code: 'reopened', zh: '重新打开', en: 'Reopened' },
  { code: 'escalated', zh: '督办', en: 'Escalated' },
  { code: 'decision_requested', zh: '提请领导决策', en: "Put to a leader's decision" },
  { code: 'decision_withdrawn', zh: '撤回决策申请', en: 'Decision request withdrawn' },
] as const);
export type CoordinationEventKind = (typeof coordinationEventKinds.codes)[number];

export type CoordinationAction = 'accept' | 'resolve' | 'confirm' | 'reopen';

/**
 * Who may take each step and from which status. Departments move the item forward; only the raiser closes it,
 * because only the raiser can say whether the problem is gone. The web app reads this to show buttons.
 */
export const coordinationTransitions: Record<
  CoordinationAction,
  {
    from: readonly CoordinationStatus[];
    to: CoordinationStatus;
    event: CoordinationEventKind;
    by: 'department' | 'raiser';
    label: Label;
  }
> = {
  accept: {
    from: ['pending'],
    to: 'in_progress',
    event: 'accepted',
    by: 'department',
    label: { zh: '受理', en: 'accept' },
  },
  resolve: {
    from: ['in_progress'],
    to: 'resolved',
    event: 'resolved',
    by: 'department',
    label: { zh: '办结', en: 'resolve' },
  },
  confirm: {
    from: ['resolved'],
    to: 'confirmed',
    event: 'confirmed',
    by: 'raiser',
    label: { zh: '确认', en: 'confirm' },
  },
  reopen: {
    from: ['resolved'],
    to: 'in_progress',
    event: 'reopened',
    by: 'raiser',
    label: { zh: '重新打开', en: 'reopen' },
  },
};

/** Escalation (督办) level 2 starts when an item is this many working days past its deadline. */
export const ESCALATION_LEVEL_2_WORKING_DAYS = 5;

/**
 * Field labels for validation messages. Names shared with the project ledger (category, status …) keep the
 * ledger's label in the global table; the coordination routes pass these labels (config.fieldLabels), so a
 * name the ledger labels differently (category) is labelled for this module here.
 */
export const coordinationFieldLabels = {
  category: { zh: '问题类别', en: 'Problem category' },
  kind: { zh: '类型', en: 'Kind' },
  title: { zh: '标题', en: 'Title' },
  description: { zh: '问题描述', en: 'Description' },
  departmentIds: { zh: '责任部门', en: 'Departments' },
  departmentId: { zh: '责任部门', en: 'Department' },
  deadlineWorkingDays: { zh: '办理时限（工作日）', en: 'Time limit (working days)' },
  priority: { zh: '优先级', en: 'Priority' },
  source: { zh: '问题来源', en: 'Source' },
  sourceRef: { zh: '来源编号', en: 'Source reference' },
  answer: { zh: '办理答复', en: 'Answer' },
  note: { zh: '备注', en: 'Note' },
  scope: { zh: '范围', en: 'Scope' },
  status: { zh: '状态', en: 'Status' },
  projectId: { zh: '项目', en: 'Project' },
  overdue: { zh: '是否逾期', en: 'Overdue' },
  asOf: { zh: '统计日期', en: 'As of' },
} as const satisfies Record<string, Label>;

const version = z.number().int().min(1, bilingual('缺少版本号', 'Version is required'));

export const CoordinationItemCreateInputSchema = z.object({
  title: z
    .string()
    .trim()
    .min(2, bilingual('标题至少 2 个字', 'Title must have at least 2 characters'))
    .max(100, bilingual('标题最多 100 个字', 'Title must have at most 100 characters')),
  description: z
    .string()
    .trim()
    .min(2, bilingual('请描述问题', 'Describe the problem'))
    .max(2000, bilingual('问题描述最多 2000 个字', 'Description must have at most 2000 characters')),
  category: z.enum(coordinationCategories.codes, bilingual('请选择问题类别', 'Choose a problem category')),
  departmentIds: z
    .array(z.uuid(bilingual('责任部门无效', 'Invalid department')))
    .min(1, bilingual('请至少指派一个责任部门', 'Assign at least one department'))
    .max(10, bilingual('最多指派 10 个责任部门', 'Assign at most 10 departments'))
    .refine(
      (ids) => new Set(ids).size === ids.length,
      bilingual('责任部门重复', 'A department is listed twice'),
    ),
  deadlineWorkingDays: z
    .number(bilingual('请填写办理时限（工作日）', 'Give the time limit in working days'))
    .int(bilingual('办理时限应为整数个工作日', 'The time limit is a whole number of working days'))
    .min(1, bilingual('办理时限应为 1–120 个工作日', 'The time limit must be 1–120 working days'))
    .max(120, bilingual('办理时限应为 1–120 个工作日', 'The time limit must be 1–120 working days')),
  priority: z
    .enum(coordinationPriorities.codes, bilingual('请选择优先级', 'Choose a priority'))
    .default('normal'),
  source: z.enum(coordinationSources.codes, bilingual('请选择问题来源', 'Choose a source')),
  sourceRef: z.string().trim().max(100).nullable().optional(),
});
export type CoordinationItemCreateInput = z.infer<typeof CoordinationItemCreateInputSchema>;

export const CoordinationAcceptInputSchema = z.object({
  version,
  note: z.string().trim().max(500).nullable().optional(),
});
export type CoordinationAcceptInput = z.infer<typeof CoordinationAcceptInputSchema>;

export const CoordinationResolveInputSchema = z.object({
  version,
  answer: z
    .string()
    .trim()
    .min(2, bilingual('请填写办理答复', 'Give the answer'))
    .max(2000, bilingual('办理答复最多 2000 个字', 'The answer must have at most 2000 characters')),
});
export type CoordinationResolveInput = z.infer<typeof CoordinationResolveInputSchema>;

export const CoordinationConfirmInputSchema = CoordinationAcceptInputSchema;
export type CoordinationConfirmInput = z.infer<typeof CoordinationConfirmInputSchema>;

export const CoordinationReopenInputSchema = z.object({
  version,
  reason: z
    .string()
    .trim()
    .min(2, bilingual('请填写重新打开的原因', 'Give the reason for reopening'))
    .max(500, bilingual('原因最多 500 个字', 'The reason must have at most 500 characters')),
});
export type CoordinationReopenInput = z.infer<typeof CoordinationReopenInputSchema>;

/**
 * 提请领导决策: flags an open item for a leader's decision (the dispatch meeting's agenda lists it), or clears the
 * flag. `note` says what must be decided.
 */
export const CoordinationDecisionInputSchema = z.object({
  version,
  needsDecision: z.boolean(
    bilingual('请选择是否提请领导决策', "Say whether the item needs a leader's decision"),
  ),
  note: z
    .string()
    .trim()
    .max(500, bilingual('决策事由最多 500 个字', 'The note must have at most 500 characters'))
    .nullable()
    .optional(),
});
export type CoordinationDecisionInput = z.infer<typeof CoordinationDecisionInputSchema>;

export const CoordinationDepartmentSchema = z.object({ id: z.uuid(), name: z.string() });

export const CoordinationItemSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.enum(coordinationCategories.codes),
  priority: z.enum(coordinationPriorities.codes),
  source: z.enum(coordinationSources.codes),
  sourceRef: z.string().nullable(),
  status: z.enum(coordinationStatuses.codes),
  departments: z.array(CoordinationDepartmentSchema),
  deadlineWorkingDays: z.number().int(),
  /** The last day to act, a working day (YYYY-MM-DD, China time). */
  deadline: z.string(),
  answer: z.string().nullable(),
  /** 0 none, 1 overdue (督办), 2 overdue by ESCALATION_LEVEL_2_WORKING_DAYS working days or more. */
  escalationLevel: z.number().int(),
  /** 提请领导决策: listed in the next dispatch meeting's agenda, with what must be decided. */
  needsDecision: z.boolean(),
  decisionNote: z.string().nullable(),
  /** Open and past its deadline today (China time). */
  overdue: z.boolean(),
  /**
   * Working days after the deadline up to today; 0 when not overdue (or overdue only over a holiday), null when
   * the calendar has no data for a year in between and cannot count.
   */
  overdueWorkingDays: z.number().int().nullable(),
  raisedBy: z.uuid().nullable(),
  raisedByName: z.string().nullable(),
  raisedAt: z.string(),
  resolvedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CoordinationItem = z.infer<typeof CoordinationItemSchema>;

export const CoordinationEventSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  note: z.string().nullable(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type CoordinationEvent = z.infer<typeof CoordinationEventSchema>;

export const CoordinationItemDetailSchema = CoordinationItemSchema.extend({
  events: z.array(CoordinationEventSchema),
});
export type CoordinationItemDetail = z.infer<typeof CoordinationItemDetailSchema>;

export const CoordinationItemPageSchema = pageSchema(CoordinationItemSchema);
export type CoordinationItemPage = z.infer<typeof CoordinationItemPageSchema>;

const listFilters = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: csvList(z.enum(coordinationStatuses.codes)),
  category: csvList(z.enum(coordinationCategories.codes)),
  priority: csvList(z.enum(coordinationPriorities.codes)),
  overdue: booleanQuery,
};

export const coordinationListScopes = ['mine', 'department', 'project'] as const;

export const CoordinationListQuerySchema = z.object({
  ...listFilters,
  /**
   * mine: assigned to my organisation (departments) or raised by me; department: assigned to `departmentId`
   * (default: my organisation); project: items of projects in my data scope (or of `projectId`). Omitted: every
   * item I may see.
   */
  scope: z
    .enum(
      coordinationListScopes,
      bilingual('范围应为 mine、department 或 project', 'Scope is mine, department or project'),
    )
    .optional(),
  projectId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
});
export type CoordinationListQuery = z.infer<typeof CoordinationListQuerySchema>;

export const ProjectCoordinationListQuerySchema = z.object(listFilters);
export type ProjectCoordinationListQuery = z.infer<typeof ProjectCoordinationListQuerySchema>;

export const OverdueCoordinationListQuerySchema = z.object({
  page: listFilters.page,
  pageSize: listFilters.pageSize,
  category: listFilters.category,
  priority: listFilters.priority,
  departmentId: z.uuid().optional(),
  /** Only items escalated to at least this level. */
  minLevel: z.coerce.number().int().min(1).max(2).optional(),
  /**
   * The list as it stood on this day (not after today): items raised by its end, still pending or in progress at
   * its end (their status events tell), with a deadline before it; working days overdue are counted to it. The
   * monthly bulletin asks for the month's last day. Omitted: today, with the current statuses.
   */
  asOf: isoDateSchema.optional(),
});
export type OverdueCoordinationListQuery = z.infer<typeof OverdueCoordinationListQuerySchema>;

export const EscalationResultSchema = z.object({
  /** The day the run counted from (China time). */
  today: z.string(),
  /** Open items past their deadline that were looked at. */
  overdue: z.number().int(),
  escalated: z.array(
    z.object({
      itemId: z.uuid(),
      fromLevel: z.number().int(),
      toLevel: z.number().int(),
      overdueWorkingDays: z.number().int().nullable(),
      notified: z.number().int(),
    }),
  ),
});
export type EscalationResult = z.infer<typeof EscalationResultSchema>;
