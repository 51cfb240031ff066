import { type Label, type LifecycleStage, lifecycleStages } from '#domain/codelists.ts';
import {
  type AgendaActionInput,
  type AgendaItem,
  type AgendaProjectInput,
  type DispatchAgendaCapsInput,
  proposeDispatchAgenda,
} from '#domain/dispatch-agenda.ts';
import { type IsoDate, todayInChina } from '#domain/iso-date.ts';
import {
  type DispatchAction,
  type DispatchActionCreateInput,
  type DispatchActionListQuery,
  type DispatchActionPage,
  type DispatchActionStatus,
  type DispatchActionUpdateInput,
  type DispatchAgendaInput,
  type DispatchAgendaRegenerateInput,
  type DispatchAttendanceInput,
  type DispatchCadence,
  type DispatchMeetingCreateInput,
  type DispatchMeetingDetail,
  type DispatchMeetingListQuery,
  type DispatchMeetingPage,
  type DispatchMeetingStatus,
  type DispatchMeetingSummary,
  type DispatchMeetingUpdateInput,
  type DispatchMinutesInput,
  dispatchActionStatusLabels,
  dispatchMeetingStatusLabels,
  meetingDateProblem,
} from '#domain/schemas/dispatch-meetings.ts';
import { cadenceStatus, periodOf, periodOfCode } from '#domain/supervision-cadence.ts';
import { monthsStartDelayed, type WarningColor } from '#domain/warning-presets.ts';
import { type WorkingCalendar, WorkingCalendarError } from '#domain/working-days.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { renderOfficialDocument } from '../../core/official-document.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import {
  calendarFieldError,
  loadWorkingCalendar,
  workingDaysBetweenOrNull,
} from '../calendar/calendar.service.ts';
import { findUserIdsWithPermission, insertNotifications } from '../notifications/notifications.repo.ts';
import { scopeOf } from '../projects/projects.service.ts';
import { createWarningService } from '../warnings/warnings.service.ts';
import { buildMeetingRecord } from './dispatch-meetings.record.ts';
import * as repo from './dispatch-meetings.repo.ts';

const MEETING: Label = { zh: '调度会议', en: 'dispatch meeting' };
const ACTION: Label = { zh: '议定事项', en: 'dispatch action' };
const ORGANISE = 'dispatch.organise';
const REPORT = 'dispatch.action.update';

/** Stages before a project starts building: a planned start in the past makes them late. */
const NOT_STARTED: LifecycleStage[] = lifecycleStages.codes.slice(
  0,
  lifecycleStages.codes.indexOf('under_construction'),
) as LifecycleStage[];

/** Status changes of a meeting; a held meeting is a record and stays held. */
const meetingTransitions: Readonly<Record<DispatchMeetingStatus, readonly DispatchMeetingStatus[]>> = {
  scheduled: ['held', 'cancelled'],
  held: [],
  cancelled: ['scheduled'],
};

/** Status changes the responsible organisation may report; the organiser may set any status. */
const reportTransitions: Readonly<Record<DispatchActionStatus, readonly DispatchActionStatus[]>> = {
  open: ['in_progress', 'done'],
  in_progress: ['open', 'done'],
  done: [],
  cancelled: [],
};

export function dispatchScopeOf(actor: Actor): repo.DispatchScope {
  const projects = scopeOf(actor);
  if (projects.all) return { all: true };
  return {
    all: false,
    userId: actor.id,
    organizationId: actor.organizationId,
    projects,
    general: can(actor, 'dispatch.read'),
  };
}

const periodLabel = (code: string): Label => periodOfCode(code)?.label ?? { zh: code, en: code };

/** An agenda item as stored: one row per proposed item, its English title kept beside the Chinese. */
function agendaWrite(item: AgendaItem, keep?: repo.AgendaRow): repo.AgendaWrite {
  return {
    ...(keep ? { id: keep.id, minutes: keep.minutes } : {}),
    kind: item.kind,
    refs: item.refs,
    projectId: item.refs.projectId ?? null,
    title: item.title.zh,
    titleEn: item.title.en,
    reasons: item.reasons,
  };
}

/** Items are the same agenda point when their kind and references are. */
const agendaKey = (kind: string, refs: { projectId?: string; itemId?: string; actionId?: string }) =>
  `${kind}|${refs.projectId ?? ''}|${refs.itemId ?? ''}|${refs.actionId ?? ''}`;

/** The deadline `days` working days after the meeting day; a year without holiday data is a 400 on `field`. */
function deadlineOf(calendar: WorkingCalendar, meetingDate: IsoDate, days: number, field: string): IsoDate {
  try {
    return calendar.addWorkingDays(meetingDate, days);
  } catch (error) {
    if (error instanceof WorkingCalendarError) throw calendarFieldError(error, field);
    throw error;
  }
}

const notOrganiser = () =>
  new AppError('FORBIDDEN', {
    zh: '只有会议组织者和管委会领导才能修改调度会议',
    en: 'Only the organiser and leaders can change a dispatch meeting',
  });

/**
 * 双月一调度 in a chief's workspace: the period containing `date` is done when a meeting held in it (on or before
 * `today`) was organised or attended by the user or discussed one of his projects (`projectIds`); otherwise it is
 * due until the period ends, then overdue. Also counts the unfinished actions on his projects.
 */
export async function loadDispatchCadence(
  db: Executor,
  input: { userId: string; projectIds: string[]; date: IsoDate; today: IsoDate },
): Promise<DispatchCadence> {
  const period = periodOf('dispatch', input.date);
  const [meetings, open] = await Promise.all([
    repo.findChiefMeetings(db, period.code, input.userId, input.projectIds),
    repo.findOpenActionsOfProjects(db, input.projectIds),
  ]);
  const held = meetings.find((m) => m.status === 'held' && m.meetingDate <= input.today);
  const next = meetings
    .filter((m) => m.status === 'scheduled')
    .sort((a, b) => a.meetingDate.localeCompare(b.meetingDate))[0];
  const cadence = cadenceStatus({
    kind: 'dispatch',
    date: period.start,
    lastHeldOn: held?.meetingDate ?? null,
    today: input.today,
  });
  const shown = held ?? next ?? null;
  return {
    period: period.code,
    periodLabel: period.label,
    status: cadence.status,
    dueBy: period.end,
    daysLeft: cadence.status === 'due' ? cadence.daysLeft : null,
    daysOverdue: cadence.status === 'overdue' ? cadence.daysOverdue : null,
    meeting: shown
      ? { id: shown.id, title: shown.title, meetingDate: shown.meetingDate, status: shown.status }
      : null,
    openActions: open.length,
    overdueActions: open.filter((a) => a.deadline < input.today).length,
  };
}

export function createDispatchMeetingService(ctx: ServiceContext) {
  const { db } = ctx;
  const warnings = createWarningService(ctx);
  const clock = () => ctx.clock?.() ?? new Date();

  /** Organiser of the meeting or a leader, holding dispatch.organise. */
  const canEditMeeting = (actor: Actor, m: repo.MeetingRecord) =>
    can(actor, ORGANISE) && (m.organiserId === actor.id || can(actor, 'project.scope.all'));

  /** What of a meeting the actor sees: everything as its organiser, otherwise his dispatch scope. */
  const meetingScope = (actor: Actor, m: repo.MeetingRecord): repo.DispatchScope =>
    m.organiserId === actor.id ? { all: true } : dispatchScopeOf(actor);

  function toAction(
    row: repo.ActionRow,
    actor: Actor,
    calendar: WorkingCalendar,
    today: IsoDate,
  ): DispatchAction {
    const a = row.a;
    const unfinished = a.status === 'open' || a.status === 'in_progress';
    const overdue = unfinished && a.deadline < today;
    const canEdit =
      can(actor, ORGANISE) && (row.meetingOrganiserId === actor.id || can(actor, 'project.scope.all'));
    const responsible =
      a.ownerUserId === actor.id ||
      (actor.organizationId !== null && a.ownerOrganizationId === actor.organizationId);
    return {
      id: a.id,
      meetingId: a.meetingId,
      meetingTitle: row.meetingTitle,
      meetingDate: row.meetingDate,
      sequence: a.sequence,
      agendaItemId: a.agendaItemId,
      projectId: a.projectId,
      projectName: row.projectName,
      content: a.content,
      ownerOrganizationId: a.ownerOrganizationId,
      ownerOrganizationName: row.ownerOrganizationName,
      ownerUserId: a.ownerUserId,
      ownerUserName: row.ownerUserName,
      workingDays: a.workingDays,
      deadline: a.deadline,
      status: a.status,
      progressNote: a.progressNote,
      completedAt: a.completedAt?.toISOString() ?? null,
      overdue,
      overdueWorkingDays: overdue ? workingDaysBetweenOrNull(calendar, a.deadline, today) : 0,
      version: a.version,
      updatedAt: a.updatedAt.toISOString(),
      viewer: { canEdit, canReport: canEdit || (responsible && can(actor, REPORT)) },
    };
  }

  function summaryOf(
    row: repo.MeetingRow,
    counts: { agenda: number; actions: number; open: number },
  ): DispatchMeetingSummary {
    const m = row.m;
    return {
      id: m.id,
      period: m.period,
      periodLabel: periodLabel(m.period),
      title: m.title,
      meetingDate: m.meetingDate,
      startTime: m.startTime,
      place: m.place,
      chair: m.chair,
      status: m.status,
      cancelReason: m.cancelReason,
      organiserId: m.organiserId,
      organiserName: row.organiserName,
      agendaCount: counts.agenda,
      actionCount: counts.actions,
      openActionCount: counts.open,
      version: m.version,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    };
  }

  async function getRow(id: string): Promise<repo.MeetingRow> {
    const row = await repo.getMeeting(db, id);
    if (!row) throw notFound(MEETING);
    return row;
  }

  /** A meeting the actor may change, or 403 (a reader of dispatch meetings sees it exists anyway). */
  async function getEditable(
    actor: Actor,
    id: string,
    version: number | undefined,
  ): Promise<repo.MeetingRow> {
    const row = await getRow(id);
    if (!canEditMeeting(actor, row.m)) throw notOrganiser();
    if (version !== undefined && version !== row.m.version) throw versionConflict();
    return row;
  }

  const cancelledConflict = () =>
    new AppError('CONFLICT', {
      zh: '会议已取消，请先恢复为待召开',
      en: 'The meeting is cancelled; bring it back to scheduled first',
    });

  /** A meeting with what the actor may see of it: a chief sees the part about his projects. */
  async function get(actor: Actor, id: string): Promise<DispatchMeetingDetail> {
    const row = await getRow(id);
    const scope = meetingScope(actor, row.m);
    const today = todayInChina(clock());
    const [agenda, attendees, actions, all, calendar] = await Promise.all([
      repo.agendaOf(db, id, repo.agendaVisible(scope)),
      repo.attendeesOf(db, id),
      repo.actionsOfMeeting(db, id, repo.actionVisible(scope)),
      repo.countMeetingItems(db, id),
      loadWorkingCalendar(db),
    ]);
    const open = actions.filter((a) => a.a.status === 'open' || a.a.status === 'in_progress').length;
    return {
      ...summaryOf(row, { agenda: agenda.length, actions: actions.length, open }),
      summary: row.m.summary,
      agenda: agenda.map((a) => ({
        id: a.id,
        sort: a.sort,
        kind: a.kind,
        projectId: a.projectId,
        projectName: a.projectName,
        refs: a.refs,
        title: a.title,
        titleEn: a.titleEn,
        reasons: a.reasons,
        minutes: a.minutes,
      })),
      attendees: attendees.map((a) => ({
        id: a.id,
        userId: a.userId,
        name: a.name,
        organizationId: a.organizationId,
        organizationName: a.organizationName,
        position: a.position,
        present: a.present,
        absenceReason: a.absenceReason,
      })),
      actions: actions.map((a) => toAction(a, actor, calendar, today)),
      hiddenAgendaItems: all.agenda - agenda.length,
      hiddenActions: all.actions - actions.length,
      viewer: { canEdit: canEditMeeting(actor, row.m) },
    };
  }

  /** Meetings across the zone, latest first; the counts are of what the actor may see. */
  async function find(actor: Actor, query: DispatchMeetingListQuery): Promise<DispatchMeetingPage> {
    const where = repo.meetingConditions({ period: query.period, year: query.year, status: query.status });
    const [rows, total] = await Promise.all([
      repo.findMeetings(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      repo.countMeetings(db, where),
    ]);
    const scope = dispatchScopeOf(actor);
    // The organiser sees all of his own meetings; the others' counts follow the reader's scope.
    const own = rows.filter((r) => r.m.organiserId === actor.id).map((r) => r.m.id);
    const others = rows.filter((r) => r.m.organiserId !== actor.id).map((r) => r.m.id);
    const [ownCounts, otherCounts] = await Promise.all([
      repo.countsOf(db, own, { all: true }),
      repo.countsOf(db, others, scope),
    ]);
    return {
      items: rows.map((r) => summaryOf(r, (ownCounts.get(r.m.id) ?? otherCounts.get(r.m.id))!)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * The agenda Guanjia proposes now, from what `actor` may see: previous meetings' unfinished actions, red and
   * yellow lights (brought up to date first), overdue coordination items with their working days overdue,
   * items flagged for a leader's decision and late starts.
   */
  async function propose(
    actor: Actor,
    meeting: { id: string | null; meetingDate: IsoDate },
    caps: DispatchAgendaCapsInput = {},
  ) {
    const now = clock();
    const today = todayInChina(now);
    const projects = scopeOf(actor);
    await warnings.refresh(await repo.findLiveProjectIds(db, projects));
    const [calendar, evaluationMonth, actions, lit, notStarted, items] = await Promise.all([
      loadWorkingCalendar(db),
      warnings.evaluationMonth(),
      repo.findUnfinishedActionsBefore(db, meeting.id, meeting.meetingDate, dispatchScopeOf(actor)),
      repo.findLitProjects(db, projects),
      repo.findNotStartedProjects(db, projects, NOT_STARTED),
      repo.findAgendaCoordinationItems(db, projects, today),
    ]);
    const unfinishedActions: AgendaActionInput[] = actions.map((r) => ({
      actionId: r.a.id,
      title: r.a.content,
      ownerName: r.ownerUserName ? `${r.ownerOrganizationName}${r.ownerUserName}` : r.ownerOrganizationName,
      deadline: r.a.deadline,
      overdueWorkingDays: workingDaysBetweenOrNull(calendar, r.a.deadline, today),
      decidedOn: r.meetingDate,
      sequence: r.a.sequence,
      projectId: r.a.projectId,
    }));
    const lights: AgendaProjectInput[] = lit.map((p) => ({
      projectId: p.projectId,
      projectName: p.projectName,
      totalInvestment: p.totalInvestment,
      color: p.color,
      reasons: p.reasons as { code: string; color?: WarningColor; zh: string; en: string }[],
    }));
    const lateStarts = notStarted.flatMap((p) => {
      const plannedStartMonth = p.plannedStart!.slice(0, 7);
      const monthsLate = monthsStartDelayed(plannedStartMonth, null, evaluationMonth);
      return monthsLate > 0 ? [{ ...p, monthsLate, plannedStartMonth }] : [];
    });
    const overdueItems = items
      .filter((i) => i.deadline < today)
      .map((i) => ({
        projectId: i.projectId,
        projectName: i.projectName,
        totalInvestment: i.totalInvestment,
        itemId: i.itemId,
        title: i.title,
        departmentNames: i.departmentNames,
        overdueWorkingDays: workingDaysBetweenOrNull(calendar, i.deadline, today),
        escalationLevel: i.escalationLevel,
      }));
    const decisions = items
      .filter((i) => i.needsDecision)
      .map((i) => ({
        projectId: i.projectId,
        projectName: i.projectName,
        totalInvestment: i.totalInvestment,
        itemId: i.itemId,
        title: i.title,
        note: i.decisionNote,
      }));
    return proposeDispatchAgenda(
      { projects: lights, lateStarts, overdueItems, decisions, unfinishedActions },
      caps,
    );
  }

  async function defaultTitle(period: string, meetingDate: IsoDate): Promise<string> {
    const year = Number(period.slice(0, 4));
    const n = (await repo.countEarlierMeetingsOfYear(db, year, meetingDate)) + 1;
    return `${year}年第${n}期项目调度会议`;
  }

  /** Schedules a meeting; the actor is its organiser. The agenda is proposed at once unless asked not to. */
  async function create(actor: Actor, input: DispatchMeetingCreateInput): Promise<DispatchMeetingDetail> {
    const now = clock();
    const title = input.title ?? (await defaultTitle(input.period, input.meetingDate));
    const agenda = input.proposeAgenda
      ? await propose(actor, { id: null, meetingDate: input.meetingDate })
      : null;
    const id = await withAudit(db, actor, async (tx) => {
      const meetingId = await repo.insertMeeting(tx, {
        period: input.period,
        title,
        meetingDate: input.meetingDate,
        startTime: input.startTime ?? null,
        place: input.place?.trim() || null,
        chair: input.chair?.trim() || null,
        organiserId: actor.id,
        updatedBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      if (agenda)
        await repo.syncAgenda(
          tx,
          meetingId,
          agenda.items.map((item) => agendaWrite(item)),
        );
      return {
        result: meetingId,
        audit: {
          action: 'dispatch.create',
          entityType: 'dispatch_meeting',
          entityId: meetingId,
          after: { ...input, title, agendaItems: agenda?.items.length ?? 0, omitted: agenda?.omitted },
        },
      };
    });
    return get(actor, id);
  }

  /**
   * Changes a meeting (organiser or leader, optimistic locking). The day must stay in the period; marking it held
   * needs a day not after today; cancelling needs a reason and a meeting without decisions. When the day moves,
   * the decisions' deadlines move with it (counted again in working days).
   */
  async function update(
    actor: Actor,
    id: string,
    input: DispatchMeetingUpdateInput,
  ): Promise<DispatchMeetingDetail> {
    const row = await getEditable(actor, id, input.version);
    const m = row.m;
    const now = clock();
    const today = todayInChina(now);
    const period = input.period ?? m.period;
    const meetingDate = input.meetingDate ?? m.meetingDate;
    const dateProblem = meetingDateProblem(period, meetingDate);
    if (dateProblem) throw invalidField(input.meetingDate ? 'meetingDate' : 'period', dateProblem);
    const status = input.status ?? m.status;
    if (status !== m.status && !meetingTransitions[m.status].includes(status)) {
      const from = dispatchMeetingStatusLabels[m.status];
      const to = dispatchMeetingStatusLabels[status];
      throw new AppError('CONFLICT', {
        zh: `会议当前为“${from.zh}”，不能改为“${to.zh}”`,
        en: `The meeting is ${from.en.toLowerCase()} and cannot become ${to.en.toLowerCase()}`,
      });
    }
    if (status === 'held' && meetingDate > today) {
      throw invalidField(input.meetingDate ? 'meetingDate' : 'status', {
        zh: `会议日期 ${meetingDate} 晚于今天，尚不能标记为已召开`,
        en: `The meeting date ${meetingDate} is after today: it cannot be marked as held yet`,
      });
    }
    const cancelReason = status === 'cancelled' ? (input.cancelReason?.trim() ?? m.cancelReason ?? '') : null;
    if (status === 'cancelled' && !cancelReason) {
      throw invalidField('cancelReason', { zh: '请填写取消原因', en: 'Give the reason for cancelling' });
    }
    const actions = await repo.actionsOfMeeting(db, id);
    if (status === 'cancelled' && m.status !== 'cancelled' && actions.length) {
      throw new AppError('CONFLICT', {
        zh: '会议已有议定事项，不能取消；请先取消各议定事项或保留会议',
        en: 'The meeting has recorded decisions and cannot be cancelled',
      });
    }
    const moved = meetingDate !== m.meetingDate;
    const deadlines = new Map<string, IsoDate>();
    if (moved && actions.length) {
      const calendar = await loadWorkingCalendar(db);
      for (const a of actions)
        deadlines.set(a.a.id, deadlineOf(calendar, meetingDate, a.a.workingDays, 'meetingDate'));
    }
    const set = {
      updatedAt: now,
      updatedBy: actor.id,
      period,
      meetingDate,
      status,
      cancelReason,
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.startTime !== undefined ? { startTime: input.startTime } : {}),
      ...(input.place !== undefined ? { place: input.place?.trim() || null } : {}),
      ...(input.chair !== undefined ? { chair: input.chair?.trim() || null } : {}),
      ...(input.summary !== undefined ? { summary: input.summary?.trim() || null } : {}),
    };
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMeeting(tx, id, input.version, set))) throw versionConflict();
      for (const [actionId, deadline] of deadlines) await repo.setActionDeadline(tx, actionId, deadline, now);
      const { version: _, ...changes } = input;
      return {
        result: undefined,
        audit: {
          action: 'dispatch.update',
          entityType: 'dispatch_meeting',
          entityId: id,
          before: {
            version: m.version,
            period: m.period,
            meetingDate: m.meetingDate,
            status: m.status,
            title: m.title,
            startTime: m.startTime,
            place: m.place,
            chair: m.chair,
            summary: m.summary,
            cancelReason: m.cancelReason,
          },
          after: {
            version: m.version + 1,
            ...changes,
            ...(deadlines.size ? { deadlines: Object.fromEntries(deadlines) } : {}),
          },
        },
      };
    });
    return get(actor, id);
  }

  /**
   * Replaces the agenda with a fresh proposal (only before the meeting is held: a held meeting's agenda is the
   * record of what was discussed). Items that are proposed again keep their minutes and their decisions' links;
   * items added by hand stay, after the proposed ones.
   */
  async function regenerateAgenda(
    actor: Actor,
    id: string,
    input: DispatchAgendaRegenerateInput,
  ): Promise<DispatchMeetingDetail> {
    const row = await getEditable(actor, id, input.version);
    if (row.m.status !== 'scheduled') {
      throw new AppError('CONFLICT', {
        zh: '只有待召开的会议才能重新生成议程',
        en: 'Only a scheduled meeting can have its agenda proposed again',
      });
    }
    const current = await repo.agendaOf(db, id);
    const proposal = await propose(actor, row.m, input.caps ?? {});
    const byKey = new Map(current.map((a) => [agendaKey(a.kind, a.refs), a]));
    const items = [
      ...proposal.items.map((item) => agendaWrite(item, byKey.get(agendaKey(item.kind, item.refs)))),
      ...current
        .filter((a) => a.kind === 'other')
        .map((a) => ({
          id: a.id,
          kind: a.kind,
          refs: a.refs,
          projectId: a.projectId,
          title: a.title,
          titleEn: a.titleEn,
          reasons: a.reasons,
          minutes: a.minutes,
        })),
    ];
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMeeting(tx, id, input.version, { updatedAt: now, updatedBy: actor.id })))
        throw versionConflict();
      await repo.syncAgenda(tx, id, items);
      return {
        result: undefined,
        audit: {
          action: 'dispatch.agenda.propose',
          entityType: 'dispatch_meeting',
          entityId: id,
          before: { version: row.m.version, agenda: current.map((a) => ({ kind: a.kind, title: a.title })) },
          after: {
            version: row.m.version + 1,
            agenda: items.map((a) => ({ kind: a.kind, title: a.title })),
            omitted: proposal.omitted,
          },
        },
      };
    });
    return get(actor, id);
  }

  /** The organiser's agenda: order, titles, removals and items added by hand (about a project or none). */
  async function putAgenda(
    actor: Actor,
    id: string,
    input: DispatchAgendaInput,
  ): Promise<DispatchMeetingDetail> {
    const row = await getEditable(actor, id, input.version);
    if (row.m.status === 'cancelled') throw cancelledConflict();
    const current = await repo.agendaOf(db, id);
    const byId = new Map(current.map((a) => [a.id, a]));
    input.items.forEach((item, i) => {
      if (item.id && !byId.has(item.id)) {
        throw invalidField(`items.${i}.id`, {
          zh: `第 ${i + 1} 项不是本次会议的议程事项`,
          en: `Item ${i + 1} is not on this meeting's agenda`,
        });
      }
    });
    // A project named on an item written by hand must be one the organiser may see.
    const asked = input.items.flatMap((item, i) => {
      const kept = item.id ? byId.get(item.id) : undefined;
      const canName = !kept || kept.kind === 'other';
      return canName && item.projectId && item.projectId !== kept?.projectId
        ? [{ i, projectId: item.projectId }]
        : [];
    });
    const found = new Set(
      (await repo.projectsInScope(db, [...new Set(asked.map((a) => a.projectId))], scopeOf(actor))).map(
        (p) => p.id,
      ),
    );
    const bad = asked.find((a) => !found.has(a.projectId));
    if (bad) {
      throw invalidField(`items.${bad.i}.projectId`, {
        zh: '项目不存在、已删除或不在您的数据范围内',
        en: 'The project is unknown, deleted or outside your data scope',
      });
    }
    const items: repo.AgendaWrite[] = input.items.map((item) => {
      const kept = item.id ? byId.get(item.id) : undefined;
      if (!kept) {
        return {
          kind: 'other',
          refs: item.projectId ? { projectId: item.projectId } : {},
          projectId: item.projectId ?? null,
          title: item.title,
          titleEn: null,
          reasons: [],
        };
      }
      const projectId =
        kept.kind === 'other' && item.projectId !== undefined ? item.projectId : kept.projectId;
      return {
        id: kept.id,
        kind: kept.kind,
        refs: kept.kind === 'other' ? (projectId ? { projectId } : {}) : kept.refs,
        projectId,
        title: item.title,
        // A retitled item has no English title any more: the organiser wrote the new one.
        titleEn: item.title === kept.title ? kept.titleEn : null,
        reasons: kept.reasons,
        minutes: kept.minutes,
      };
    });
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMeeting(tx, id, input.version, { updatedAt: now, updatedBy: actor.id })))
        throw versionConflict();
      await repo.syncAgenda(tx, id, items);
      return {
        result: undefined,
        audit: {
          action: 'dispatch.agenda.update',
          entityType: 'dispatch_meeting',
          entityId: id,
          before: { version: row.m.version, agenda: current.map((a) => ({ id: a.id, title: a.title })) },
          after: {
            version: row.m.version + 1,
            agenda: items.map((a) => ({ id: a.id ?? null, title: a.title })),
          },
        },
      };
    });
    return get(actor, id);
  }

  /** Who was asked to attend and whether they came; the list replaces the stored one. */
  async function putAttendance(
    actor: Actor,
    id: string,
    input: DispatchAttendanceInput,
  ): Promise<DispatchMeetingDetail> {
    const row = await getEditable(actor, id, input.version);
    if (row.m.status === 'cancelled') throw cancelledConflict();
    const userIds = input.attendees.flatMap((a) => (a.userId ? [a.userId] : []));
    const orgIds = input.attendees.flatMap((a) => (a.organizationId ? [a.organizationId] : []));
    const [userRows, orgRows] = await Promise.all([
      repo.usersByIds(db, userIds),
      repo.organizationsByIds(db, orgIds),
    ]);
    const usersById = new Map(userRows.map((u) => [u.id, u]));
    const orgsById = new Map(orgRows.map((o) => [o.id, o]));
    const rows = input.attendees.map((a, i) => {
      const user = a.userId ? usersById.get(a.userId) : undefined;
      if (a.userId && !user) {
        throw invalidField(`attendees.${i}.userId`, {
          zh: `第 ${i + 1} 位参会人员的账号不存在`,
          en: `Attendee ${i + 1} is not a known user`,
        });
      }
      if (a.organizationId && !orgsById.has(a.organizationId)) {
        throw invalidField(`attendees.${i}.organizationId`, {
          zh: `第 ${i + 1} 位参会人员的单位不存在`,
          en: `The organisation of attendee ${i + 1} is unknown`,
        });
      }
      const organizationId = a.organizationId ?? user?.organizationId ?? null;
      return {
        userId: a.userId ?? null,
        name: a.name?.trim() || user!.displayName,
        organizationId,
        organizationName:
          a.organizationName?.trim() ||
          (organizationId ? (orgsById.get(organizationId)?.name ?? user?.organizationName ?? null) : null),
        position: a.position?.trim() || null,
        present: a.present,
        absenceReason: a.present ? null : a.absenceReason!.trim(),
      };
    });
    const before = await repo.attendeesOf(db, id);
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMeeting(tx, id, input.version, { updatedAt: now, updatedBy: actor.id })))
        throw versionConflict();
      await repo.replaceAttendees(tx, id, rows);
      const brief = (list: { name: string; present: boolean; absenceReason: string | null }[]) =>
        list.map((a) => ({ name: a.name, present: a.present, absenceReason: a.absenceReason }));
      return {
        result: undefined,
        audit: {
          action: 'dispatch.attendance',
          entityType: 'dispatch_meeting',
          entityId: id,
          before: { version: row.m.version, attendees: brief(before) },
          after: { version: row.m.version + 1, attendees: brief(rows) },
        },
      };
    });
    return get(actor, id);
  }

  /** Minutes per agenda item (the items listed) and the meeting's summary. */
  async function putMinutes(
    actor: Actor,
    id: string,
    input: DispatchMinutesInput,
  ): Promise<DispatchMeetingDetail> {
    const row = await getEditable(actor, id, input.version);
    if (row.m.status === 'cancelled') throw cancelledConflict();
    const current = await repo.agendaOf(db, id);
    const byId = new Map(current.map((a) => [a.id, a]));
    input.items.forEach((item, i) => {
      if (!byId.has(item.id)) {
        throw invalidField(`items.${i}.id`, {
          zh: `第 ${i + 1} 项不是本次会议的议程事项`,
          en: `Item ${i + 1} is not on this meeting's agenda`,
        });
      }
    });
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      const set = {
        updatedAt: now,
        updatedBy: actor.id,
        ...(input.summary !== undefined ? { summary: input.summary?.trim() || null } : {}),
      };
      if (!(await repo.updateMeeting(tx, id, input.version, set))) throw versionConflict();
      for (const item of input.items) await repo.setMinutes(tx, id, item.id, item.minutes?.trim() || null);
      return {
        result: undefined,
        audit: {
          action: 'dispatch.minutes',
          entityType: 'dispatch_meeting',
          entityId: id,
          before: {
            version: row.m.version,
            ...(input.summary !== undefined ? { summary: row.m.summary } : {}),
            minutes: input.items.map((i) => ({ id: i.id, minutes: byId.get(i.id)?.minutes ?? null })),
          },
          after: {
            version: row.m.version + 1,
            ...(input.summary !== undefined ? { summary: input.summary } : {}),
            minutes: input.items,
          },
        },
      };
    });
    return get(actor, id);
  }

  /** The responsible organisation must exist; a person responsible must be one of its active users. */
  async function checkOwner(ownerOrganizationId: string, ownerUserId: string | null | undefined) {
    const [org] = await repo.organizationsByIds(db, [ownerOrganizationId]);
    if (!org) {
      throw invalidField('ownerOrganizationId', { zh: '责任单位不存在', en: 'Unknown organisation' });
    }
    if (ownerUserId) {
      const [user] = await repo.usersByIds(db, [ownerUserId]);
      if (!user?.isActive || user.organizationId !== ownerOrganizationId) {
        throw invalidField('ownerUserId', {
          zh: '责任人须为责任单位的在用账号',
          en: 'The person responsible must be an active user of the responsible organisation',
        });
      }
    }
  }

  async function checkProject(actor: Actor, projectId: string) {
    const [found] = await repo.projectsInScope(db, [projectId], scopeOf(actor));
    if (!found) {
      throw invalidField('projectId', {
        zh: '项目不存在、已删除或不在您的数据范围内',
        en: 'The project is unknown, deleted or outside your data scope',
      });
    }
  }

  async function presentAction(actor: Actor, id: string): Promise<DispatchAction> {
    const row = await repo.getAction(db, id);
    return toAction(row!, actor, await loadWorkingCalendar(db), todayInChina(clock()));
  }

  /**
   * Records a decision (议定事项) with the next number of the meeting's list. Its deadline is `workingDays` working
   * days after the meeting day; the responsible organisation's people who report on actions are notified.
   */
  async function createAction(
    actor: Actor,
    meetingId: string,
    input: DispatchActionCreateInput,
  ): Promise<DispatchAction> {
    const row = await getEditable(actor, meetingId, undefined);
    if (row.m.status === 'cancelled') throw cancelledConflict();
    let projectId = input.projectId ?? null;
    if (input.agendaItemId) {
      const item = (await repo.agendaOf(db, meetingId)).find((a) => a.id === input.agendaItemId);
      if (!item) {
        throw invalidField('agendaItemId', {
          zh: '该事项不在本次会议的议程中',
          en: "The item is not on this meeting's agenda",
        });
      }
      if (input.projectId === undefined) projectId = item.projectId;
    }
    // A project taken from the agenda item is the meeting's own; one named here must be in the organiser's scope.
    if (input.projectId) await checkProject(actor, input.projectId);
    await checkOwner(input.ownerOrganizationId, input.ownerUserId);
    const calendar = await loadWorkingCalendar(db);
    const deadline = deadlineOf(calendar, row.m.meetingDate, input.workingDays, 'workingDays');
    const now = clock();
    const id = await withAudit(db, actor, async (tx) => {
      const locked = await repo.lockMeeting(tx, meetingId);
      if (locked?.status === 'cancelled') throw cancelledConflict();
      const sequence = await repo.nextSequence(tx, meetingId);
      const actionId = await repo.insertAction(tx, {
        meetingId,
        sequence,
        agendaItemId: input.agendaItemId ?? null,
        projectId,
        content: input.content,
        ownerOrganizationId: input.ownerOrganizationId,
        ownerUserId: input.ownerUserId ?? null,
        workingDays: input.workingDays,
        deadline,
        createdBy: actor.id,
        updatedBy: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      const told = input.ownerUserId
        ? [input.ownerUserId]
        : await findUserIdsWithPermission(tx, [input.ownerOrganizationId], REPORT);
      await insertNotifications(
        tx,
        told
          .filter((u) => u !== actor.id)
          .map((userId) => ({
            userId,
            kind: 'dispatch.assigned',
            title: `调度会议议定事项：${input.content.slice(0, 40)}`,
            body: `${row.m.title}第 ${sequence} 项；完成时限 ${deadline}（${input.workingDays} 个工作日）`,
            link: '/dispatch-actions',
            entityType: 'dispatch_action',
            entityId: actionId,
            createdAt: now,
          })),
      );
      return {
        result: actionId,
        audit: {
          action: 'dispatch.action.create',
          entityType: 'dispatch_action',
          entityId: actionId,
          after: { meetingId, sequence, ...input, projectId, deadline },
        },
      };
    });
    return presentAction(actor, id);
  }

  /** An action the actor may see, or 404 (its existence is not revealed outside the actor's scope). */
  async function getVisibleAction(actor: Actor, id: string): Promise<repo.ActionRow> {
    const row = await repo.getAction(db, id, repo.actionVisible(dispatchScopeOf(actor)));
    if (row) return row;
    if (await repo.getAction(db, id)) {
      await auditAlone(db, actor, {
        action: 'dispatch.action.read',
        entityType: 'dispatch_action',
        entityId: id,
        outcome: 'denied',
        detail: 'outside data scope',
      });
    }
    throw notFound(ACTION);
  }

  async function getAction(actor: Actor, id: string): Promise<DispatchAction> {
    const row = await getVisibleAction(actor, id);
    return toAction(row, actor, await loadWorkingCalendar(db), todayInChina(clock()));
  }

  /**
   * Progress on an action, or a correction of it. The responsible organisation (or person) reports status and
   * progress: open ⇄ in progress → done, and done is final for it. The meeting's organiser and leaders may change
   * everything, reopen a done action or cancel one; a new time limit is counted again from the meeting day.
   */
  async function updateAction(
    actor: Actor,
    id: string,
    input: DispatchActionUpdateInput,
  ): Promise<DispatchAction> {
    const row = await getVisibleAction(actor, id);
    const a = row.a;
    const calendar = await loadWorkingCalendar(db);
    const today = todayInChina(clock());
    const viewer = toAction(row, actor, calendar, today).viewer;
    const editsContent =
      input.content !== undefined ||
      input.projectId !== undefined ||
      input.ownerOrganizationId !== undefined ||
      input.ownerUserId !== undefined ||
      input.workingDays !== undefined;
    if (!viewer.canReport || (editsContent && !viewer.canEdit)) {
      throw new AppError('FORBIDDEN', {
        zh: editsContent
          ? '只有会议组织者和管委会领导才能修改议定事项的内容、责任单位和时限'
          : '只有责任单位才能反馈该议定事项的落实情况',
        en: editsContent
          ? 'Only the organiser and leaders can change what was decided, who answers for it and by when'
          : 'Only the responsible organisation can report on this action',
      });
    }
    if (input.version !== a.version) throw versionConflict();
    const status = input.status ?? a.status;
    if (status !== a.status && !viewer.canEdit && !reportTransitions[a.status].includes(status)) {
      const from = dispatchActionStatusLabels[a.status];
      const to = dispatchActionStatusLabels[status];
      throw new AppError('CONFLICT', {
        zh: `议定事项当前为“${from.zh}”，不能改为“${to.zh}”；如需调整请联系会议组织者`,
        en: `The action is ${from.en.toLowerCase()} and cannot become ${to.en.toLowerCase()}; ask the organiser`,
      });
    }
    const ownerOrganizationId = input.ownerOrganizationId ?? a.ownerOrganizationId;
    const ownerUserId =
      input.ownerUserId !== undefined
        ? input.ownerUserId
        : input.ownerOrganizationId && input.ownerOrganizationId !== a.ownerOrganizationId
          ? null
          : a.ownerUserId;
    if (input.ownerOrganizationId !== undefined || input.ownerUserId !== undefined)
      await checkOwner(ownerOrganizationId, ownerUserId);
    if (input.projectId) await checkProject(actor, input.projectId);
    const workingDays = input.workingDays ?? a.workingDays;
    const deadline =
      workingDays !== a.workingDays
        ? deadlineOf(calendar, row.meetingDate, workingDays, 'workingDays')
        : a.deadline;
    const now = clock();
    const set: Partial<repo.ActionInsert> & { updatedAt: Date } = {
      updatedAt: now,
      updatedBy: actor.id,
      status,
      completedAt: status === 'done' ? (a.status === 'done' ? a.completedAt : now) : null,
      ...(input.progressNote !== undefined ? { progressNote: input.progressNote?.trim() || null } : {}),
      ...(input.content !== undefined ? { content: input.content } : {}),
      ...(input.projectId !== undefined ? { projectId: input.projectId } : {}),
      ownerOrganizationId,
      ownerUserId,
      workingDays,
      deadline,
    };
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateAction(tx, id, input.version, set))) throw versionConflict();
      const { version: _, ...changes } = input;
      return {
        result: undefined,
        audit: {
          action: editsContent ? 'dispatch.action.update' : 'dispatch.action.report',
          entityType: 'dispatch_action',
          entityId: id,
          before: {
            version: a.version,
            status: a.status,
            progressNote: a.progressNote,
            ...(editsContent
              ? {
                  content: a.content,
                  projectId: a.projectId,
                  ownerOrganizationId: a.ownerOrganizationId,
                  ownerUserId: a.ownerUserId,
                  workingDays: a.workingDays,
                  deadline: a.deadline,
                }
              : {}),
          },
          after: { version: a.version + 1, ...changes, ...(deadline !== a.deadline ? { deadline } : {}) },
        },
      };
    });
    return presentAction(actor, id);
  }

  /** Actions the actor may see: mine (assigned to my organisation or to me) or all, with filters. */
  async function findActions(actor: Actor, query: DispatchActionListQuery): Promise<DispatchActionPage> {
    const now = clock();
    const today = todayInChina(now);
    const where = repo.actionConditions({
      visibleTo: dispatchScopeOf(actor),
      mine: query.scope === 'mine' ? { userId: actor.id, organizationId: actor.organizationId } : undefined,
      status: query.status,
      overdueOn: query.overdue ? today : undefined,
      meetingId: query.meetingId,
      projectId: query.projectId,
      organizationId: query.organizationId,
    });
    const [rows, total, calendar] = await Promise.all([
      repo.findActions(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      repo.countActions(db, where),
      loadWorkingCalendar(db),
    ]);
    return {
      items: rows.map((r) => toAction(r, actor, calendar, today)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The meeting record (会议纪要) as .docx, of what the actor may see of the meeting. */
  async function record(actor: Actor, id: string): Promise<{ buffer: Buffer; fileName: string }> {
    const detail = await get(actor, id);
    if (detail.status === 'cancelled') {
      throw new AppError('CONFLICT', {
        zh: '会议已取消，没有会议纪要',
        en: 'The meeting was cancelled: it has no record',
      });
    }
    const buffer = await renderOfficialDocument(buildMeetingRecord(detail));
    await auditAlone(db, actor, {
      action: 'dispatch.record.export',
      entityType: 'dispatch_meeting',
      entityId: id,
      detail: detail.hiddenAgendaItems || detail.hiddenActions ? 'partial (data scope)' : null,
    });
    return { buffer, fileName: `${detail.title}纪要.docx` };
  }

  return {
    find,
    get,
    create,
    update,
    regenerateAgenda,
    putAgenda,
    putAttendance,
    putMinutes,
    createAction,
    getAction,
    updateAction,
    findActions,
    record,
  };
}

export type DispatchMeetingService = ReturnType<typeof createDispatchMeetingService>;
