/**
 * Contracts of the dispatch meetings module (双月一调度, issue #4): a meeting for a two-month period with the agenda
 * Guanjia proposes (../dispatch-agenda.ts) and the organiser edits, its attendance, the minutes per agenda item and
 * the decisions (议定事项), each an action with a responsible organisation, a deadline in working days and a status.
 */
import { z } from 'zod';
import type { Label } from '../codelists.ts';
import { agendaItemKinds, DispatchAgendaCapsSchema } from '../dispatch-agenda.ts';
import { periodCodeSchema, periodOfCode } from '../supervision-cadence.ts';
import { bilingual, bilingualIssue, booleanQuery, csvList, isoDateSchema, pageSchema } from './common.ts';

/** Labels of this module's fields for validation messages (the routes pass them as config.fieldLabels). */
export const dispatchFieldLabels = {
  period: { zh: '调度周期', en: 'Period' },
  title: { zh: '会议名称', en: 'Title' },
  meetingDate: { zh: '会议日期', en: 'Meeting date' },
  startTime: { zh: '开始时间', en: 'Start time' },
  place: { zh: '会议地点', en: 'Place' },
  chair: { zh: '主持人', en: 'Chair' },
  summary: { zh: '会议概况', en: 'Summary' },
  status: { zh: '状态', en: 'Status' },
  cancelReason: { zh: '取消原因', en: 'Reason for cancelling' },
  version: { zh: '版本', en: 'Version' },
  items: { zh: '议程', en: 'Agenda' },
  attendees: { zh: '参会人员', en: 'Attendees' },
  caps: { zh: '每部分事项数', en: 'Items per section' },
  agendaItemId: { zh: '议程事项', en: 'Agenda item' },
  projectId: { zh: '项目', en: 'Project' },
  content: { zh: '议定事项内容', en: 'Decision' },
  ownerOrganizationId: { zh: '责任单位', en: 'Responsible organisation' },
  ownerUserId: { zh: '责任人', en: 'Person responsible' },
  workingDays: { zh: '办理时限（工作日）', en: 'Time limit (working days)' },
  progressNote: { zh: '落实情况', en: 'Progress' },
  meetingId: { zh: '会议', en: 'Meeting' },
  organizationId: { zh: '责任单位', en: 'Organisation' },
  scope: { zh: '范围', en: 'Scope' },
  overdue: { zh: '是否逾期', en: 'Overdue' },
  year: { zh: '年份', en: 'Year' },
} as const satisfies Record<string, Label>;

export const dispatchMeetingStatuses = ['scheduled', 'held', 'cancelled'] as const;
export type DispatchMeetingStatus = (typeof dispatchMeetingStatuses)[number];
export const dispatchMeetingStatusLabels: Readonly<Record<DispatchMeetingStatus, Label>> = {
  scheduled: { zh: '待召开', en: 'Scheduled' },
  held: { zh: '已召开', en: 'Held' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const dispatchActionStatuses = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type DispatchActionStatus = (typeof dispatchActionStatuses)[number];
export const dispatchActionStatusLabels: Readonly<Record<DispatchActionStatus, Label>> = {
  open: { zh: '待落实', en: 'Open' },
  in_progress: { zh: '落实中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
/** Statuses in which an action is still owed (and shows on the next agenda). */
export const unfinishedActionStatuses = ['open', 'in_progress'] as const satisfies DispatchActionStatus[];

/** Agenda item kinds: the proposal's sections, and 'other' for an item the organiser adds by hand. */
export const dispatchAgendaKinds = [...agendaItemKinds, 'other'] as const;
export type DispatchAgendaKind = (typeof dispatchAgendaKinds)[number];
export const otherAgendaKindLabel: Label = { zh: '其他事项', en: 'Other items' };

export const MAX_AGENDA_ITEMS = 200;
export const MAX_ATTENDEES = 200;
/** A decision's time limit: the same range as a coordination item's. */
export const MAX_ACTION_WORKING_DAYS = 120;

const version = z.number().int().min(1, bilingual('缺少版本号', 'Version is required'));

const optionalText = (max: number, zh: string, en: string) =>
  z
    .string()
    .trim()
    .max(max, bilingual(`${zh}最多 ${max} 个字`, `${en} has at most ${max} characters`))
    .nullable()
    .optional();

const titleSchema = z
  .string()
  .trim()
  .min(2, bilingual('会议名称至少 2 个字', 'The title must have at least 2 characters'))
  .max(100, bilingual('会议名称最多 100 个字', 'The title must have at most 100 characters'));

const startTimeSchema = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    bilingual('开始时间格式应为 HH:MM，如 09:30', 'Start time must be HH:MM, e.g. 09:30'),
  )
  .nullable()
  .optional();

const periodSchema = periodCodeSchema('dispatch');

/** A real calendar day: isoDateSchema alone lets 2026-09-31 through (Date.parse rolls it over). */

/** The meeting day must fall in its period: the meeting is that period's 双月一调度 (supervision-cadence.ts). */
export function meetingDateProblem(periodCode: string, meetingDate: string): Label | null {
  const period = periodOfCode(periodCode);
  if (period?.kind !== 'dispatch') return null;
  if (meetingDate >= period.start && meetingDate <= period.end) return null;
  return {
    zh: `会议日期应在调度周期${period.label.zh}内（${period.start} 至 ${period.end}）`,
    en: `The meeting date must fall in the period ${period.label.en} (${period.start} to ${period.end})`,
  };
}

export const DispatchMeetingCreateInputSchema = z
  .object({
    period: periodSchema,
    meetingDate: isoDateSchema,
    /** Default: "2026年第5期项目调度会议", numbered within the year. */
    title: titleSchema.optional(),
    startTime: startTimeSchema,
    place: optionalText(100, '会议地点', 'The place'),
    chair: optionalText(100, '主持人', 'The chair'),
    /** Propose the agenda at once (the default); false starts with an empty agenda. */
    proposeAgenda: z.boolean().default(true),
  })
  .superRefine((input, ctx) => {
    const problem = meetingDateProblem(input.period, input.meetingDate);
    if (problem)
      ctx.addIssue({ code: 'custom', path: ['meetingDate'], ...bilingualIssue(problem.zh, problem.en) });
  });
export type DispatchMeetingCreateInput = z.infer<typeof DispatchMeetingCreateInputSchema>;

/**
 * Changes under optimistic locking. status: scheduled → held (on or after the meeting day) or cancelled (with a
 * reason); cancelled → scheduled brings it back. A held meeting stays held.
 */
export const DispatchMeetingUpdateInputSchema = z.object({
  version,
  period: periodSchema.optional(),
  meetingDate: isoDateSchema.optional(),
  title: titleSchema.optional(),
  startTime: startTimeSchema,
  place: optionalText(100, '会议地点', 'The place'),
  chair: optionalText(100, '主持人', 'The chair'),
  summary: optionalText(5000, '会议概况', 'The summary'),
  status: z
    .enum(
      dispatchMeetingStatuses,
      bilingual('状态应为待召开、已召开或已取消', 'Status is scheduled, held or cancelled'),
    )
    .optional(),
  cancelReason: optionalText(500, '取消原因', 'The reason'),
});
export type DispatchMeetingUpdateInput = z.infer<typeof DispatchMeetingUpdateInputSchema>;

export const DispatchAgendaRegenerateInputSchema = z.object({
  version,
  caps: DispatchAgendaCapsSchema.partial().optional(),
});
export type DispatchAgendaRegenerateInput = z.infer<typeof DispatchAgendaRegenerateInputSchema>;

/**
 * The agenda in its new order. An item with an id is an existing one (kind, references and reasons stay as Guanjia
 * proposed them; its title may change); an item without one is added by hand (kind 'other', optionally about a
 * project). Items left out are removed.
 */
export const DispatchAgendaItemInputSchema = z.object({
  id: z.uuid(bilingual('议程事项无效', 'Invalid agenda item')).optional(),
  title: z
    .string()
    .trim()
    .min(2, bilingual('议程事项至少 2 个字', 'An agenda item needs at least 2 characters'))
    .max(300, bilingual('议程事项最多 300 个字', 'An agenda item has at most 300 characters')),
  projectId: z.uuid(bilingual('请选择项目', 'Choose a project')).nullable().optional(),
});
export type DispatchAgendaItemInput = z.infer<typeof DispatchAgendaItemInputSchema>;

export const DispatchAgendaInputSchema = z.object({
  version,
  items: z
    .array(DispatchAgendaItemInputSchema)
    .max(MAX_AGENDA_ITEMS, bilingual('议程最多 200 项', 'The agenda has at most 200 items'))
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (!item.id) return;
        if (seen.has(item.id)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'id'],
            ...bilingualIssue(`第 ${i + 1} 项重复`, `Item ${i + 1} is listed twice`),
          });
        }
        seen.add(item.id);
      });
    }),
});
export type DispatchAgendaInput = z.infer<typeof DispatchAgendaInputSchema>;

export const DispatchAttendeeInputSchema = z
  .object({
    /** A platform user; name and organisation default to the account's. */
    userId: z.uuid(bilingual('参会人员无效', 'Invalid attendee')).nullable().optional(),
    name: z
      .string()
      .trim()
      .min(1, bilingual('请填写参会人员姓名', 'Give the attendee’s name'))
      .max(50, bilingual('姓名最多 50 个字', 'A name has at most 50 characters'))
      .optional(),
    organizationId: z.uuid(bilingual('单位无效', 'Invalid organisation')).nullable().optional(),
    /** The organisation in words, for guests whose organisation is not in the platform. */
    organizationName: optionalText(100, '单位名称', 'The organisation'),
    position: optionalText(50, '职务', 'The position'),
    present: z.boolean(bilingual('请选择是否出席', 'Say whether the attendee was present')),
    absenceReason: optionalText(200, '请假原因', 'The reason for absence'),
  })
  .superRefine((a, ctx) => {
    if (!a.userId && !a.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        ...bilingualIssue('请选择用户或填写姓名', 'Choose a user or give a name'),
      });
    }
    if (!a.present && !a.absenceReason?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['absenceReason'],
        ...bilingualIssue('未出席的人员请填写请假原因', 'Give the reason for an absence'),
      });
    }
  });
export type DispatchAttendeeInput = z.infer<typeof DispatchAttendeeInputSchema>;

export const DispatchAttendanceInputSchema = z.object({
  version,
  attendees: z
    .array(DispatchAttendeeInputSchema)
    .max(MAX_ATTENDEES, bilingual('参会人员最多 200 人', 'At most 200 attendees'))
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((a, i) => {
        if (!a.userId) return;
        if (seen.has(a.userId)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'userId'],
            ...bilingualIssue(`第 ${i + 1} 位参会人员重复`, `Attendee ${i + 1} is listed twice`),
          });
        }
        seen.add(a.userId);
      });
    }),
});
export type DispatchAttendanceInput = z.infer<typeof DispatchAttendanceInputSchema>;

/** Minutes per agenda item (only the items listed change; null clears) and the meeting's summary. */
export const DispatchMinutesInputSchema = z.object({
  version,
  summary: optionalText(5000, '会议概况', 'The summary'),
  items: z
    .array(
      z.object({
        id: z.uuid(bilingual('议程事项无效', 'Invalid agenda item')),
        minutes: optionalText(5000, '会议纪要', 'The minutes'),
      }),
    )
    .max(MAX_AGENDA_ITEMS)
    .default([]),
});
export type DispatchMinutesInput = z.infer<typeof DispatchMinutesInputSchema>;

const workingDaysSchema = z
  .number(bilingual('请填写办理时限（工作日）', 'Give the time limit in working days'))
  .int(bilingual('办理时限应为整数个工作日', 'The time limit is a whole number of working days'))
  .min(1, bilingual('办理时限应为 1–120 个工作日', 'The time limit must be 1–120 working days'))
  .max(
    MAX_ACTION_WORKING_DAYS,
    bilingual('办理时限应为 1–120 个工作日', 'The time limit must be 1–120 working days'),
  );

const contentSchema = z
  .string()
  .trim()
  .min(4, bilingual('议定事项至少 4 个字', 'A decision needs at least 4 characters'))
  .max(1000, bilingual('议定事项最多 1000 个字', 'A decision has at most 1000 characters'));

/** A decision (议定事项): the deadline is workingDays working days after the meeting day. */
export const DispatchActionCreateInputSchema = z.object({
  agendaItemId: z.uuid(bilingual('议程事项无效', 'Invalid agenda item')).nullable().optional(),
  /** Default: the agenda item's project. */
  projectId: z.uuid(bilingual('请选择项目', 'Choose a project')).nullable().optional(),
  content: contentSchema,
  ownerOrganizationId: z.uuid(bilingual('请选择责任单位', 'Choose the responsible organisation')),
  ownerUserId: z.uuid(bilingual('责任人无效', 'Invalid person responsible')).nullable().optional(),
  workingDays: workingDaysSchema,
});
export type DispatchActionCreateInput = z.infer<typeof DispatchActionCreateInputSchema>;

/**
 * Changes to an action. The organiser may change everything; the responsible organisation reports progress
 * (status and progressNote) only. Done is final for the responsible organisation; the organiser may reopen.
 */
export const DispatchActionUpdateInputSchema = z.object({
  version,
  status: z
    .enum(
      dispatchActionStatuses,
      bilingual('状态应为待落实、落实中、已完成或已取消', 'Status is open, in progress, done or cancelled'),
    )
    .optional(),
  progressNote: optionalText(2000, '落实情况', 'The progress note'),
  content: contentSchema.optional(),
  projectId: z.uuid(bilingual('请选择项目', 'Choose a project')).nullable().optional(),
  ownerOrganizationId: z.uuid(bilingual('请选择责任单位', 'Choose the responsible organisation')).optional(),
  ownerUserId: z.uuid(bilingual('责任人无效', 'Invalid person responsible')).nullable().optional(),
  workingDays: workingDaysSchema.optional(),
});
export type DispatchActionUpdateInput = z.infer<typeof DispatchActionUpdateInputSchema>;

export const DispatchMeetingListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  period: periodSchema.optional(),
  year: z.coerce
    .number()
    .int()
    .min(2000, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100'))
    .max(2100, bilingual('年份应在 2000–2100 之间', 'Year must be 2000–2100'))
    .optional(),
  status: csvList(z.enum(dispatchMeetingStatuses)),
});
export type DispatchMeetingListQuery = z.infer<typeof DispatchMeetingListQuerySchema>;

export const dispatchActionScopes = ['mine', 'all'] as const;

export const DispatchActionListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** mine: assigned to my organisation or to me; all (default): every action I may see. */
  scope: z
    .enum(dispatchActionScopes, bilingual('范围应为 mine 或 all', 'Scope is mine or all'))
    .default('all'),
  status: csvList(z.enum(dispatchActionStatuses)),
  /** Unfinished and past the deadline today. */
  overdue: booleanQuery,
  meetingId: z.uuid().optional(),
  projectId: z.uuid().optional(),
  organizationId: z.uuid().optional(),
});
export type DispatchActionListQuery = z.infer<typeof DispatchActionListQuerySchema>;

// ---- Responses ----

const labelSchema = z.object({ zh: z.string(), en: z.string() });

export const DispatchActionSchema = z.object({
  id: z.uuid(),
  meetingId: z.uuid(),
  meetingTitle: z.string(),
  meetingDate: z.string(),
  sequence: z.number().int(),
  agendaItemId: z.uuid().nullable(),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  content: z.string(),
  ownerOrganizationId: z.uuid(),
  ownerOrganizationName: z.string(),
  ownerUserId: z.uuid().nullable(),
  ownerUserName: z.string().nullable(),
  workingDays: z.number().int(),
  /** workingDays working days after the meeting day (YYYY-MM-DD, China time). */
  deadline: z.string(),
  status: z.enum(dispatchActionStatuses),
  progressNote: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Unfinished and past the deadline today. */
  overdue: z.boolean(),
  /** Working days past the deadline; 0 when not overdue; null when the calendar cannot count. */
  overdueWorkingDays: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  /** What the reader may do: report progress (the responsible organisation), or edit it all (the organiser). */
  viewer: z.object({ canReport: z.boolean(), canEdit: z.boolean() }),
});
export type DispatchAction = z.infer<typeof DispatchActionSchema>;
export const DispatchActionPageSchema = pageSchema(DispatchActionSchema);
export type DispatchActionPage = z.infer<typeof DispatchActionPageSchema>;

export const DispatchAgendaItemSchema = z.object({
  id: z.uuid(),
  sort: z.number().int(),
  kind: z.enum(dispatchAgendaKinds),
  projectId: z.uuid().nullable(),
  projectName: z.string().nullable(),
  refs: z.object({
    projectId: z.string().optional(),
    itemId: z.string().optional(),
    actionId: z.string().optional(),
  }),
  title: z.string(),
  /** The English title of a proposed item; null for one written by hand. */
  titleEn: z.string().nullable(),
  reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  minutes: z.string().nullable(),
});
export type DispatchAgendaItem = z.infer<typeof DispatchAgendaItemSchema>;

export const DispatchAttendeeSchema = z.object({
  id: z.uuid(),
  userId: z.uuid().nullable(),
  name: z.string(),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  position: z.string().nullable(),
  present: z.boolean(),
  absenceReason: z.string().nullable(),
});
export type DispatchAttendee = z.infer<typeof DispatchAttendeeSchema>;

export const DispatchMeetingSummarySchema = z.object({
  id: z.uuid(),
  period: z.string(),
  periodLabel: labelSchema,
  title: z.string(),
  meetingDate: z.string(),
  startTime: z.string().nullable(),
  place: z.string().nullable(),
  chair: z.string().nullable(),
  status: z.enum(dispatchMeetingStatuses),
  cancelReason: z.string().nullable(),
  organiserId: z.uuid(),
  organiserName: z.string().nullable(),
  /** Counts within what the reader may see. */
  agendaCount: z.number().int(),
  actionCount: z.number().int(),
  openActionCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DispatchMeetingSummary = z.infer<typeof DispatchMeetingSummarySchema>;
export const DispatchMeetingPageSchema = pageSchema(DispatchMeetingSummarySchema);
export type DispatchMeetingPage = z.infer<typeof DispatchMeetingPageSchema>;

export const DispatchMeetingDetailSchema = DispatchMeetingSummarySchema.extend({
  summary: z.string().nullable(),
  agenda: z.array(DispatchAgendaItemSchema),
  attendees: z.array(DispatchAttendeeSchema),
  actions: z.array(DispatchActionSchema),
  /**
   * Agenda items and actions about projects outside the reader's scope, left out (a chief sees his projects'
   * part of a zone-wide meeting).
   */
  hiddenAgendaItems: z.number().int(),
  hiddenActions: z.number().int(),
  viewer: z.object({ canEdit: z.boolean() }),
});
export type DispatchMeetingDetail = z.infer<typeof DispatchMeetingDetailSchema>;

/** The chief workspace's 双月一调度 (the period containing the workspace's month). */
export const DispatchCadenceSchema = z.object({
  period: z.string(),
  periodLabel: labelSchema,
  status: z.enum(['done', 'due', 'overdue']),
  dueBy: z.string(),
  daysLeft: z.number().int().nullable(),
  daysOverdue: z.number().int().nullable(),
  /** The held meeting that counts, or else the next one scheduled in the period. */
  meeting: z
    .object({
      id: z.uuid(),
      title: z.string(),
      meetingDate: z.string(),
      status: z.enum(dispatchMeetingStatuses),
    })
    .nullable(),
  /** Actions on the chief's projects still owed, and those of them past their deadline. */
  openActions: z.number().int(),
  overdueActions: z.number().int(),
});
export type DispatchCadence = z.infer<typeof DispatchCadenceSchema>;
