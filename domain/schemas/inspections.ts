/**
 * Contracts of the project chiefs' module (项目长责任制, issue #4): who answers for a project (chief, deputies,
 * liaison staff), the chief's workspace, the monthly inspection (一月一督查) with its findings, photos and
 * rectification demands, the project tasks those demands become, and the months left without an inspection.
 * The cadence rules themselves live in ../supervision-cadence.ts.
 */
import { z } from 'zod';
import { codeList, type KeyLevel, keyLevels, type Label, lifecycleStages } from '../codelists.ts';
import { periodCodeSchema } from '../supervision-cadence.ts';
import { bilingual, booleanQuery, csvList, isoDateSchema, pageSchema } from './common.ts';
import {
  CoordinationItemCreateInputSchema,
  coordinationCategories,
  coordinationStatuses,
} from './coordination.ts';
import { DispatchCadenceSchema } from './dispatch-meetings.ts';
import { ReportPhotoSchema } from './progress-reports.ts';
import { UserOptionSchema } from './users.ts';

export const chiefRoles = codeList([
  { code: 'chief', zh: '项目长', en: 'Chief' },
  { code: 'deputy', zh: '副项目长', en: 'Deputy chief' },
  { code: 'liaison', zh: '联络员', en: 'Liaison' },
] as const);
export type ChiefRole = (typeof chiefRoles.codes)[number];

export const inspectionMethods = codeList([
  { code: 'onsite', zh: '现场', en: 'On site' },
  { code: 'video', zh: '视频', en: 'By video' },
  { code: 'written', zh: '书面', en: 'In writing' },
] as const);
export type InspectionMethod = (typeof inspectionMethods.codes)[number];

export const findingCategories = codeList([
  { code: 'progress', zh: '进度', en: 'Progress' },
  { code: 'quality', zh: '质量', en: 'Quality' },
  { code: 'safety', zh: '安全', en: 'Safety' },
  { code: 'civilised_construction', zh: '文明施工', en: 'Civilised construction' },
  { code: 'resource_support', zh: '要素保障', en: 'Resource support' },
] as const);
export type FindingCategory = (typeof findingCategories.codes)[number];

export const taskStatuses = codeList([
  { code: 'open', zh: '待整改', en: 'Open' },
  { code: 'done', zh: '已整改', en: 'Done' },
  { code: 'cancelled', zh: '已取消', en: 'Cancelled' },
] as const);
export type TaskStatus = (typeof taskStatuses.codes)[number];

export const rectificationKinds = codeList([
  { code: 'coordination', zh: '协调事项', en: 'Coordination item' },
  { code: 'task', zh: '整改任务', en: 'Project task' },
] as const);
export type RectificationKind = (typeof rectificationKinds.codes)[number];

/** Labels of this module's fields for validation messages (the routes pass them as config.fieldLabels). */
export const inspectionFieldLabels = {
  chiefUserId: { zh: '项目长', en: 'Chief' },
  deputyUserIds: { zh: '副项目长', en: 'Deputy chiefs' },
  liaisonUserIds: { zh: '联络员', en: 'Liaisons' },
  version: { zh: '版本', en: 'Version' },
  month: { zh: '督查月份', en: 'Month' },
  inspectedOn: { zh: '督查日期', en: 'Inspection date' },
  method: { zh: '督查方式', en: 'Method' },
  participants: { zh: '参加人员', en: 'Participants' },
  summary: { zh: '督查情况', en: 'Summary' },
  findings: { zh: '发现问题', en: 'Findings' },
  rectifications: { zh: '整改要求', en: 'Rectification demands' },
  status: { zh: '状态', en: 'Status' },
  file: { zh: '照片', en: 'Photo' },
  from: { zh: '起始月份', en: 'From month' },
  to: { zh: '截止月份', en: 'To month' },
  keyLevel: { zh: '重点级别', en: 'Key level' },
} as const satisfies Record<string, Label>;

const version = z.number().int().min(1, bilingual('缺少版本号', 'Version is required'));

const userIds = (zh: string, en: string, max: number) =>
  z
    .array(z.uuid(bilingual(`${zh}无效`, `Invalid ${en.toLowerCase()}`)))
    .max(max, bilingual(`${zh}最多 ${max} 人`, `At most ${max} ${en.toLowerCase()}`))
    .default([]);

/** Replaces the project's chief, deputies and liaisons in one step (the form shows all three). */
export const ProjectChiefsInputSchema = z
  .object({
    chiefUserId: z.uuid(bilingual('请选择项目长', 'Choose the chief')),
    deputyUserIds: userIds('副项目长', 'Deputy chiefs', 5),
    liaisonUserIds: userIds('联络员', 'Liaisons', 10),
    /** The project's version: assigning a chief changes the project record. */
    version,
  })
  .superRefine((input, ctx) => {
    const seen = new Set([input.chiefUserId]);
    for (const field of ['deputyUserIds', 'liaisonUserIds'] as const) {
      input[field].forEach((id, index) => {
        if (seen.has(id)) {
          ctx.addIssue({
            code: 'custom',
            path: [field, index],
            ...bilingual('同一人只能担任一个职务', 'A person holds one role on a project'),
          });
        }
        seen.add(id);
      });
    }
  });
export type ProjectChiefsInput = z.infer<typeof ProjectChiefsInputSchema>;

export const ChiefPersonSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  organizationName: z.string().nullable(),
  /** Since when (China date); null for a chief set before assignments were dated. */
  assignedOn: z.string().nullable(),
});
export type ChiefPerson = z.infer<typeof ChiefPersonSchema>;

export const ProjectChiefsSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  /** The project's version after the change, for the next edit of the project. */
  version: z.number().int(),
  chief: ChiefPersonSchema.nullable(),
  deputies: z.array(ChiefPersonSchema),
  liaisons: z.array(ChiefPersonSchema),
});
export type ProjectChiefs = z.infer<typeof ProjectChiefsSchema>;

const title = CoordinationItemCreateInputSchema.shape.title;
const description = z
  .string()
  .trim()
  .max(2000, bilingual('说明最多 2000 个字', 'The description must have at most 2000 characters'))
  .nullable()
  .optional()
  .transform((v) => (v ? v : null));

/** A demand that departments must answer: it becomes a coordination item (source 'inspection'). */
const CoordinationRectificationSchema = z.object({
  kind: z.literal('coordination'),
  title,
  /** Defaults to the title: a coordination item always has a description. */
  description,
  category: CoordinationItemCreateInputSchema.shape.category.default('other'),
  priority: CoordinationItemCreateInputSchema.shape.priority,
  departmentIds: CoordinationItemCreateInputSchema.shape.departmentIds,
  deadlineWorkingDays: CoordinationItemCreateInputSchema.shape.deadlineWorkingDays,
});

/** A demand on the owner or the builder: it becomes a project task with a calendar deadline. */
const TaskRectificationSchema = z.object({
  kind: z.literal('task'),
  title,
  description,
  ownerOrgId: z.uuid(bilingual('请选择整改责任单位', 'Choose the organisation responsible')),
  ownerUserId: z.uuid(bilingual('整改责任人无效', 'Invalid person responsible')).nullable().optional(),
  deadline: isoDateSchema,
});

export const RectificationInputSchema = z.discriminatedUnion(
  'kind',
  [CoordinationRectificationSchema, TaskRectificationSchema],
  bilingual('整改要求类型应为 coordination 或 task', 'A demand is of kind coordination or task'),
);
export type RectificationInput = z.infer<typeof RectificationInputSchema>;

export const FindingInputSchema = z.object({
  category: z.enum(findingCategories.codes, bilingual('请选择问题类别', 'Choose a category')),
  text: z
    .string()
    .trim()
    .min(2, bilingual('请描述发现的问题', 'Describe the finding'))
    .max(1000, bilingual('每条问题最多 1000 个字', 'A finding must have at most 1000 characters')),
});

const participants = z
  .array(
    z
      .string()
      .trim()
      .min(1, bilingual('参加人员姓名不能为空', 'A participant needs a name'))
      .max(50, bilingual('每位参加人员最多 50 个字', 'A participant must have at most 50 characters')),
  )
  .min(1, bilingual('请填写参加人员', 'List the participants'))
  .max(50, bilingual('参加人员最多 50 位', 'At most 50 participants'));

const summary = z
  .string()
  .trim()
  .min(2, bilingual('请填写督查情况', 'Summarise the inspection'))
  .max(5000, bilingual('督查情况最多 5000 个字', 'The summary must have at most 5000 characters'));

const findings = z.array(FindingInputSchema).max(50, bilingual('发现问题最多 50 条', 'At most 50 findings'));

export const InspectionCreateInputSchema = z.object({
  /** The inspected month, 'YYYY-MM'; the date must fall in it and not after today (checked by the service). */
  month: periodCodeSchema('inspection'),
  inspectedOn: isoDateSchema,
  method: z.enum(inspectionMethods.codes, bilingual('请选择督查方式', 'Choose the method')),
  /** Names as the record lists them: officials, the owner's and the builder's people (most are not users). */
  participants,
  summary,
  findings: findings.default([]),
  rectifications: z
    .array(RectificationInputSchema)
    .max(20, bilingual('整改要求最多 20 条', 'At most 20 rectification demands'))
    .default([]),
});
export type InspectionCreateInput = z.infer<typeof InspectionCreateInputSchema>;

/** Corrects the record itself; the month stays, and its demands live on as items and tasks. */
export const InspectionUpdateInputSchema = z.object({
  version,
  inspectedOn: isoDateSchema.optional(),
  method: z.enum(inspectionMethods.codes, bilingual('请选择督查方式', 'Choose the method')).optional(),
  participants: participants.optional(),
  summary: summary.optional(),
  /** Replaces every finding when present. */
  findings: findings.optional(),
});
export type InspectionUpdateInput = z.infer<typeof InspectionUpdateInputSchema>;

export const InspectionFindingSchema = z.object({
  id: z.number().int(),
  category: z.enum(findingCategories.codes),
  text: z.string(),
});

export const InspectionPhotoSchema = ReportPhotoSchema.omit({ reportId: true }).extend({
  inspectionId: z.uuid(),
});
export type InspectionPhoto = z.infer<typeof InspectionPhotoSchema>;
export const InspectionPhotoListSchema = z.object({ items: z.array(InspectionPhotoSchema) });

export const ProjectTaskSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  ownerOrgId: z.uuid(),
  ownerOrgName: z.string(),
  ownerUserId: z.uuid().nullable(),
  ownerUserName: z.string().nullable(),
  /** The last day to rectify (China date). */
  deadline: z.string(),
  status: z.enum(taskStatuses.codes),
  /** Open and past its deadline today (China time). */
  overdue: z.boolean(),
  source: z.enum(['inspection']),
  /** For source 'inspection': the inspection's id. */
  sourceRef: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type ProjectTask = z.infer<typeof ProjectTaskSchema>;
export const ProjectTaskListSchema = z.object({ items: z.array(ProjectTaskSchema) });
export type ProjectTaskList = z.infer<typeof ProjectTaskListSchema>;

export const ProjectTaskUpdateInputSchema = z.object({
  status: z.enum(
    taskStatuses.codes,
    bilingual('状态应为 open、done 或 cancelled', 'Status is open, done or cancelled'),
  ),
  version,
});
export type ProjectTaskUpdateInput = z.infer<typeof ProjectTaskUpdateInputSchema>;

/** A coordination item an inspection raised, as the inspection shows it. */
export const InspectionItemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  category: z.enum(coordinationCategories.codes),
  status: z.enum(coordinationStatuses.codes),
  deadline: z.string(),
  departments: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const InspectionSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  projectName: z.string(),
  month: z.string(),
  inspectedOn: z.string(),
  method: z.enum(inspectionMethods.codes),
  participants: z.array(z.string()),
  summary: z.string(),
  findingsCount: z.number().int(),
  photosCount: z.number().int(),
  coordinationItemsCount: z.number().int(),
  tasksCount: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Inspection = z.infer<typeof InspectionSchema>;
export const InspectionListSchema = z.object({ items: z.array(InspectionSchema) });
export type InspectionList = z.infer<typeof InspectionListSchema>;

export const InspectionDetailSchema = InspectionSchema.extend({
  findings: z.array(InspectionFindingSchema),
  photos: z.array(InspectionPhotoSchema),
  coordinationItems: z.array(InspectionItemSchema),
  tasks: z.array(ProjectTaskSchema),
});
export type InspectionDetail = z.infer<typeof InspectionDetailSchema>;

export const InspectionPhotoParamsSchema = z.object({ id: z.uuid(), photoId: z.uuid() });

export const ChiefWorkspaceQuerySchema = z.object({
  month: periodCodeSchema('inspection').optional().describe('默认为本月 / defaults to this month'),
  /** Another chief's workspace: for leaders (project.scope.all) only. */
  chiefUserId: z.uuid().optional(),
});
export type ChiefWorkspaceQuery = z.infer<typeof ChiefWorkspaceQuerySchema>;

export const cadenceStates = ['done', 'due', 'overdue'] as const;

export const WorkspaceProjectSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  projectCode: z.string().nullable(),
  stage: z.enum(lifecycleStages.codes),
  /** The viewed person's role on the project. */
  role: z.enum(chiefRoles.codes),
  chiefUserId: z.uuid().nullable(),
  chiefName: z.string().nullable(),
  /** Since when the current chief answers for the project. */
  chiefAssignedOn: z.string().nullable(),
  /** The warning light, brought up to date before it is read; null when it was never computed. */
  color: z.enum(['green', 'yellow', 'red']).nullable(),
  /** Open coordination items past their deadline today. */
  overdueCoordinationItems: z.number().int(),
  openTasks: z.number().int(),
  overdueTasks: z.number().int(),
  /** 一月一督查 for the requested month (domain/supervision-cadence.ts cadenceStatus). */
  inspection: z.object({
    status: z.enum(cadenceStates),
    /** The month's last day: the day it is due by. */
    dueBy: z.string(),
    inspectionId: z.uuid().nullable(),
    inspectedOn: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    daysOverdue: z.number().int().nullable(),
  }),
  /** Ended months since the chief's assignment without an inspection, ascending (YYYY-MM). */
  monthsWithoutInspection: z.array(z.string()),
});
export type WorkspaceProject = z.infer<typeof WorkspaceProjectSchema>;

export const CalendarEntrySchema = z.object({
  date: z.string(),
  kind: z.enum(['inspection', 'task']),
  status: z.enum(['done', 'due', 'overdue']),
  projectId: z.uuid(),
  projectName: z.string(),
  title: z.string(),
  /** The inspection (when done) or the task. */
  refId: z.uuid().nullable(),
});
export type CalendarEntry = z.infer<typeof CalendarEntrySchema>;

export const ChiefWorkspaceSchema = z.object({
  month: z.string(),
  today: z.string(),
  user: z.object({ id: z.uuid(), displayName: z.string() }),
  projects: z.array(WorkspaceProjectSchema),
  counts: z.object({ done: z.number().int(), due: z.number().int(), overdue: z.number().int() }),
  /** What falls due in the month, by date: each project's inspection and the open tasks' deadlines. */
  calendar: z.array(CalendarEntrySchema),
  /** 双月一调度 of the two-month period containing the month (dispatch-meetings.service loadDispatchCadence). */
  dispatch: DispatchCadenceSchema,
});
export type ChiefWorkspace = z.infer<typeof ChiefWorkspaceSchema>;

export const MissingInspectionsQuerySchema = z.object({
  month: periodCodeSchema('inspection').optional().describe('默认为上个月 / defaults to the previous month'),
});
export type MissingInspectionsQuery = z.infer<typeof MissingInspectionsQuerySchema>;

export const MissingInspectionsSchema = z.object({
  month: z.string(),
  /** Project-months without an inspection, over every chief listed. */
  total: z.number().int(),
  chiefs: z.array(
    z.object({
      chiefUserId: z.uuid(),
      chiefName: z.string(),
      /** Projects that owed an inspection that month (the chief was assigned by its end). */
      projectCount: z.number().int(),
      inspectedCount: z.number().int(),
      missing: z.array(
        z.object({
          projectId: z.uuid(),
          projectName: z.string(),
          projectCode: z.string().nullable(),
          stage: z.enum(lifecycleStages.codes),
          chiefAssignedOn: z.string(),
        }),
      ),
    }),
  ),
});
export type MissingInspections = z.infer<typeof MissingInspectionsSchema>;

export const MissingInspectionFlagsSchema = z.object({
  month: z.string(),
  /** Project-months flagged by this run (none already flagged before). */
  flagged: z.number().int(),
  notified: z.number().int(),
});
export type MissingInspectionFlags = z.infer<typeof MissingInspectionFlagsSchema>;

// ------------------------------------------------------------------------------ chief teams of the key projects

/** The levels a project counts as a key project at (重点项目), which must each have a chief. */
export const KEY_PROJECT_LEVELS = ['municipal', 'district'] as const satisfies readonly KeyLevel[];

export const ChiefTeamsQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Name (Chinese, pinyin or initials) or code, as in the ledger. */
  q: z.string().trim().max(100).optional(),
  /** Default: the key projects (市级重点, 区级重点). */
  keyLevel: csvList(z.enum(keyLevels.codes, bilingual('重点级别无效', 'Invalid key level'))),
  /** Only projects without a chief. */
  unassigned: booleanQuery,
});
export type ChiefTeamsQuery = z.infer<typeof ChiefTeamsQuerySchema>;

export const ChiefTeamSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  projectCode: z.string().nullable(),
  keyLevel: z.enum(keyLevels.codes),
  stage: z.enum(lifecycleStages.codes),
  /** The project's version, for PUT /projects/:id/chiefs. */
  version: z.number().int(),
  chief: ChiefPersonSchema.nullable(),
  deputies: z.array(ChiefPersonSchema),
  liaisons: z.array(ChiefPersonSchema),
});
export type ChiefTeam = z.infer<typeof ChiefTeamSchema>;

export const ChiefTeamPageSchema = pageSchema(ChiefTeamSchema).extend({
  /** Over the filters without `unassigned`: how many projects match and how many of them have no chief. */
  counts: z.object({ projects: z.number().int(), unassigned: z.number().int() }),
});
export type ChiefTeamPage = z.infer<typeof ChiefTeamPageSchema>;

export const ChiefCandidateSchema = UserOptionSchema.extend({ organizationName: z.string().nullable() });
export type ChiefCandidate = z.infer<typeof ChiefCandidateSchema>;

/** Who may be picked, by the rules PUT /projects/:id/chiefs checks: active accounts only. */
export const ChiefCandidatesSchema = z.object({
  /** Holders of the project chief role. */
  chiefs: z.array(ChiefCandidateSchema),
  /** Holders of inspection.record: deputies and liaisons. */
  staff: z.array(ChiefCandidateSchema),
});
export type ChiefCandidates = z.infer<typeof ChiefCandidatesSchema>;

// ------------------------------------------------------------------------- missing inspections over a range

/** The longest range of months the report covers in one request. */
export const MISSING_REPORT_MAX_MONTHS = 24;

export const MissingInspectionReportQuerySchema = z.object({
  /** Default: five months before `to`. */
  from: periodCodeSchema('inspection').optional(),
  /** Default: the previous month; must have ended. */
  to: periodCodeSchema('inspection').optional(),
  chiefUserId: z.uuid(bilingual('项目长无效', 'Invalid chief')).optional(),
});
export type MissingInspectionReportQuery = z.infer<typeof MissingInspectionReportQuerySchema>;

export const MissingInspectionRowSchema = z.object({
  month: z.string(),
  chiefUserId: z.uuid(),
  chiefName: z.string(),
  projectId: z.uuid(),
  projectName: z.string(),
  projectCode: z.string().nullable(),
  stage: z.enum(lifecycleStages.codes),
  chiefAssignedOn: z.string(),
});
export type MissingInspectionRow = z.infer<typeof MissingInspectionRowSchema>;

export const MissingInspectionReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** The months covered, ascending. */
  months: z.array(z.string()),
  /** Project-months without an inspection. */
  total: z.number().int(),
  /** Per chief over the range: project-months owed (the chief assigned by the month's end), inspected, missing. */
  chiefs: z.array(
    z.object({
      chiefUserId: z.uuid(),
      chiefName: z.string(),
      owed: z.number().int(),
      inspected: z.number().int(),
      missing: z.number().int(),
    }),
  ),
  /** Month by month, then by chief and project. */
  rows: z.array(MissingInspectionRowSchema),
});
export type MissingInspectionReport = z.infer<typeof MissingInspectionReportSchema>;
