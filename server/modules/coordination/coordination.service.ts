import type { Label } from '#domain/codelists.ts';
import type { IsoDate } from '#domain/iso-date.ts';
import { addDays, todayInChina } from '#domain/iso-date.ts';
import {
  type CoordinationAcceptInput,
  type CoordinationAction,
  type CoordinationConfirmInput,
  type CoordinationDecisionInput,
  type CoordinationItem,
  type CoordinationItemCreateInput,
  type CoordinationItemDetail,
  type CoordinationItemPage,
  type CoordinationListQuery,
  type CoordinationReopenInput,
  type CoordinationResolveInput,
  type CoordinationStatus,
  coordinationStatuses,
  coordinationTransitions,
  ESCALATION_LEVEL_2_WORKING_DAYS,
  type EscalationResult,
  type OverdueCoordinationListQuery,
  type ProjectCoordinationListQuery,
} from '#domain/schemas/coordination.ts';
import { type WorkingCalendar, WorkingCalendarError } from '#domain/working-days.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { cachedCount } from '../../core/count-cache.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { auditAlone, auditWithin, withAudit } from '../../core/transaction.ts';
import type { Executor, Tx } from '../../db/client.ts';
import {
  calendarFieldError,
  loadWorkingCalendar,
  workingDaysBetweenOrNull,
} from '../calendar/calendar.service.ts';
import {
  filterActiveUserIds,
  findUserIdsWithPermission,
  insertNotifications,
  type NotificationInsert,
} from '../notifications/notifications.repo.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import * as repo from './coordination.repo.ts';

const ITEM = { zh: '协调事项', en: 'coordination item' };
const HANDLE = 'coordination.handle';

const statusLabel = (s: CoordinationStatus): Label =>
  coordinationStatuses.list.find((x) => x.code === s)?.label ?? { zh: s, en: s };

/** Everything an item may be seen through; leaders and auditors (project.scope.all) see the whole zone. */
function coordinationScopeOf(actor: Actor): repo.CoordinationScope {
  const projects = scopeOf(actor);
  return projects.all
    ? { all: true }
    : { all: false, userId: actor.id, organizationId: actor.organizationId, projects };
}

function toItem(
  row: repo.ItemRow,
  departments: { id: string; name: string }[],
  calendar: WorkingCalendar,
  today: IsoDate,
  overdueAsOf = false,
): CoordinationItem {
  const c = row.c;
  const open = c.status === 'pending' || c.status === 'in_progress';
  // A list as of a past day holds only items overdue on that day, whatever became of them since.
  const overdue = overdueAsOf || (open && c.deadline < today);
  return {
    id: c.id,
    projectId: c.projectId,
    projectName: row.projectName,
    title: c.title,
    description: c.description,
    category: c.category,
    priority: c.priority,
    source: c.source,
    sourceRef: c.sourceRef,
    status: c.status,
    departments,
    deadlineWorkingDays: c.deadlineWorkingDays,
    deadline: c.deadline,
    answer: c.answer,
    escalationLevel: c.escalationLevel,
    needsDecision: c.needsDecision,
    decisionNote: c.decisionNote,
    overdue,
    overdueWorkingDays: overdue ? workingDaysBetweenOrNull(calendar, c.deadline, today) : 0,
    raisedBy: c.raisedBy,
    raisedByName: row.raisedByName,
    raisedAt: c.raisedAt.toISOString(),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    confirmedAt: c.confirmedAt?.toISOString() ?? null,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** The escalation level an open item deserves on `today`; level 2 needs a countable calendar. */
export function escalationLevelFor(overdueWorkingDays: number | null): 1 | 2 {
  return overdueWorkingDays !== null && overdueWorkingDays >= ESCALATION_LEVEL_2_WORKING_DAYS ? 2 : 1;
}

/** Thrown inside a transaction when another run escalated the item first: rolls back its audit record too. */
class AlreadyEscalated extends Error {}

const link = (itemId: string) => `/coordination/${itemId}`;

function notificationRows(
  userIds: Iterable<string>,
  except: string | null,
  item: { id: string },
  n: Pick<NotificationInsert, 'kind' | 'title' | 'body'>,
  at: Date,
): NotificationInsert[] {
  return [...new Set(userIds)]
    .filter((u) => u !== except)
    .map((userId) => ({
      userId,
      ...n,
      link: link(item.id),
      entityType: 'coordination_item',
      entityId: item.id,
      createdAt: at,
    }));
}

/**
 * What raising an item needs before its transaction: the assigned organisations must be departments, and the
 * deadline is counted in working days from `today`; a deadline the calendar cannot count (a year without holiday
 * data) is refused rather than guessed. `fieldPrefix` names the fields of a caller that nests the item in its
 * own input ('rectifications.0.').
 */
export async function prepareItem(
  db: Executor,
  input: Pick<CoordinationItemCreateInput, 'departmentIds' | 'deadlineWorkingDays'>,
  today: IsoDate,
  fieldPrefix = '',
): Promise<{ deadline: IsoDate }> {
  const orgs = await repo.organizationsByIds(db, input.departmentIds);
  const notDepartment = input.departmentIds.filter(
    (id) => orgs.find((o) => o.id === id)?.type !== 'department',
  );
  if (notDepartment.length) {
    throw invalidField(`${fieldPrefix}departmentIds`, {
      zh: '责任部门须为职能部门，所选单位不存在或不是职能部门',
      en: 'Assign departments only: a chosen organisation is unknown or not a department',
    });
  }
  const calendar = await loadWorkingCalendar(db);
  try {
    return { deadline: calendar.addWorkingDays(today, input.deadlineWorkingDays) };
  } catch (error) {
    if (error instanceof WorkingCalendarError)
      throw calendarFieldError(error, `${fieldPrefix}deadlineWorkingDays`);
    throw error;
  }
}

/**
 * Writes a raised item inside the caller's transaction: the item, its 'raised' event, the notifications of the
 * assigned departments' handlers and its audit record. An inspection raises its items this way, in its own
 * transaction; `prepareItem` gives the deadline.
 */
export async function insertRaisedItem(
  tx: Tx,
  actor: Actor,
  project: { id: string; name: string },
  input: CoordinationItemCreateInput,
  deadline: IsoDate,
  now: Date,
): Promise<string> {
  const itemId = await repo.insertItem(
    tx,
    {
      projectId: project.id,
      title: input.title,
      description: input.description,
      category: input.category,
      priority: input.priority,
      source: input.source,
      sourceRef: input.sourceRef?.trim() || null,
      deadlineWorkingDays: input.deadlineWorkingDays,
      deadline,
      raisedBy: actor.id,
      raisedAt: now,
      updatedAt: now,
    },
    input.departmentIds,
  );
  await repo.insertEvent(tx, {
    itemId,
    kind: 'raised',
    toStatus: 'pending',
    actorId: actor.id,
    createdAt: now,
  });
  await insertNotifications(
    tx,
    notificationRows(
      await findUserIdsWithPermission(tx, input.departmentIds, HANDLE),
      actor.id,
      { id: itemId },
      {
        kind: 'coordination.assigned',
        title: `新协调事项：${input.title}`,
        body: `${project.name}；办理期限 ${deadline}（${input.deadlineWorkingDays} 个工作日）`,
      },
      now,
    ),
  );
  await auditWithin(tx, actor, {
    action: 'coordination.raise',
    entityType: 'coordination_item',
    entityId: itemId,
    after: { ...input, projectId: project.id, deadline },
  });
  return itemId;
}

export function createCoordinationService(ctx: ServiceContext) {
  const { db } = ctx;
  const projects = createProjectService(ctx);
  const clock = () => ctx.clock?.() ?? new Date();

  /** Handlers of the given departments, the people a department-side notification goes to. */
  const handlersOf = (organizationIds: string[], tx: Executor = db) =>
    findUserIdsWithPermission(tx, organizationIds, HANDLE);

  async function present(
    rows: repo.ItemRow[],
    today: IsoDate,
    calendar?: WorkingCalendar,
    overdueAsOf = false,
  ) {
    const cal = calendar ?? (await loadWorkingCalendar(db));
    const departments = await repo.departmentsOf(
      db,
      rows.map((r) => r.c.id),
    );
    return rows.map((r) => toItem(r, departments.get(r.c.id) ?? [], cal, today, overdueAsOf));
  }

  /** An item the actor may see, or 404 (existence is not revealed outside the actor's scope). */
  async function getVisibleRow(actor: Actor, id: string): Promise<repo.ItemRow> {
    const where = repo.filterConditions({ visibleTo: coordinationScopeOf(actor) });
    const row = await repo.getItem(db, id, where);
    if (row) return row;
    if (await repo.getItem(db, id)) {
      await auditAlone(db, actor, {
        action: 'coordination.read',
        entityType: 'coordination_item',
        entityId: id,
        outcome: 'denied',
        detail: 'outside data scope',
      });
    }
    throw notFound(ITEM);
  }

  async function get(actor: Actor, id: string): Promise<CoordinationItemDetail> {
    const row = await getVisibleRow(actor, id);
    const [item] = await present([row], todayInChina(clock()));
    return { ...item!, events: await repo.eventsOf(db, id) };
  }

  /**
   * Raises an item on a project in the actor's scope. The deadline is counted in working days from today in
   * China; a deadline the calendar cannot count (a year without holiday data) is refused rather than guessed.
   */
  async function raise(
    actor: Actor,
    projectId: string,
    input: CoordinationItemCreateInput,
  ): Promise<CoordinationItemDetail> {
    const project = await projects.get(actor, projectId);
    if (project.deletedAt) {
      throw new AppError('CONFLICT', { zh: '项目已删除，不能提出协调事项', en: 'The project is deleted' });
    }
    const now = clock();
    const { deadline } = await prepareItem(db, input, todayInChina(now));
    const id = await db.transaction((tx) => insertRaisedItem(tx, actor, project, input, deadline, now));
    return get(actor, id);
  }

  /**
   * One step of the loop. Checks, in order: the item is visible (404), the actor is the party for this step
   * (403), the version is current (409 VERSION_CONFLICT), the step is allowed from the current status (409).
   */
  async function step(
    actor: Actor,
    id: string,
    action: CoordinationAction,
    version: number,
    change: { note: string | null; answer?: string },
  ): Promise<CoordinationItemDetail> {
    const rule = coordinationTransitions[action];
    const row = await getVisibleRow(actor, id);
    const item = row.c;
    const departments = (await repo.departmentsOf(db, [id])).get(id) ?? [];
    if (rule.by === 'department') {
      if (!actor.organizationId || !departments.some((d) => d.id === actor.organizationId)) {
        throw new AppError('FORBIDDEN', {
          zh: `只有被指派的责任部门才能${rule.label.zh}此事项`,
          en: `Only an assigned department can ${rule.label.en} this item`,
        });
      }
    } else if (item.raisedBy !== actor.id) {
      throw new AppError('FORBIDDEN', {
        zh: `只有提出人才能${rule.label.zh}此事项`,
        en: `Only the person who raised this item can ${rule.label.en} it`,
      });
    }
    if (version !== item.version) throw versionConflict();
    if (!rule.from.includes(item.status)) {
      const current = statusLabel(item.status);
      const allowed = rule.from.map(statusLabel);
      throw new AppError('CONFLICT', {
        zh: `事项当前为“${current.zh}”，只有“${allowed.map((l) => l.zh).join('、')}”的事项才能${rule.label.zh}`,
        en: `The item is ${current.en.toLowerCase()}; only ${allowed.map((l) => l.en.toLowerCase()).join(' or ')} items can be ${pastTense(action)}`,
      });
    }
    const now = clock();
    const set: Partial<repo.ItemInsert> & { updatedAt: Date } = { status: rule.to, updatedAt: now };
    if (action === 'resolve') Object.assign(set, { answer: change.answer, resolvedAt: now });
    if (action === 'confirm') set.confirmedAt = now;
    // The rejected answer stays in the history (its 'resolved' event); the item waits for a new one.
    if (action === 'reopen') Object.assign(set, { answer: null, resolvedAt: null });
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateItem(tx, id, version, set))) throw versionConflict();
      await repo.insertEvent(tx, {
        itemId: id,
        kind: rule.event,
        fromStatus: item.status,
        toStatus: rule.to,
        note: change.answer ?? change.note,
        actorId: actor.id,
        createdAt: now,
      });
      if (action === 'resolve' && item.raisedBy) {
        const [raiser] = await filterActiveUserIds(tx, [item.raisedBy]);
        await insertNotifications(
          tx,
          notificationRows(
            raiser ? [raiser] : [],
            actor.id,
            { id },
            {
              kind: 'coordination.resolved',
              title: `协调事项已办结，请确认：${item.title}`,
              body: `${actor.organizationName ?? actor.displayName}答复：${change.answer}`,
            },
            now,
          ),
        );
      }
      if (action === 'reopen') {
        await insertNotifications(
          tx,
          notificationRows(
            await handlersOf(
              departments.map((d) => d.id),
              tx,
            ),
            actor.id,
            { id },
            {
              kind: 'coordination.reopened',
              title: `协调事项被重新打开：${item.title}`,
              body: `原因：${change.note}`,
            },
            now,
          ),
        );
      }
      return {
        result: undefined,
        audit: {
          action: `coordination.${action}`,
          entityType: 'coordination_item',
          entityId: id,
          before: { status: item.status, version: item.version },
          after: {
            status: rule.to,
            version: item.version + 1,
            ...(change.answer ? { answer: change.answer } : {}),
          },
          detail: change.note,
        },
      };
    });
    return get(actor, id);
  }

  const accept = (actor: Actor, id: string, input: CoordinationAcceptInput) =>
    step(actor, id, 'accept', input.version, { note: input.note?.trim() || null });
  const resolve = (actor: Actor, id: string, input: CoordinationResolveInput) =>
    step(actor, id, 'resolve', input.version, { note: null, answer: input.answer });
  const confirm = (actor: Actor, id: string, input: CoordinationConfirmInput) =>
    step(actor, id, 'confirm', input.version, { note: input.note?.trim() || null });
  const reopen = (actor: Actor, id: string, input: CoordinationReopenInput) =>
    step(actor, id, 'reopen', input.version, { note: input.reason });

  /**
   * 督办: raises the escalation level of every open item past its deadline — level 1 once overdue, level 2 at
   * ESCALATION_LEVEL_2_WORKING_DAYS working days overdue — records an 'escalated' event and notifies the
   * project's chief and the handlers of the assigned departments. Idempotent per level: running it again on the
   * same day (or concurrently) changes nothing. `actor` is null for the daily job and for list refreshes.
   */
  async function escalateOverdue(now: Date = clock(), actor: Actor | null = null): Promise<EscalationResult> {
    const today = todayInChina(now);
    const calendar = await loadWorkingCalendar(db);
    const overdue = await repo.findOpenOverdue(db, today);
    const departments = await repo.departmentsOf(
      db,
      overdue.map((r) => r.id),
    );
    const escalated: EscalationResult['escalated'] = [];
    for (const item of overdue) {
      const days = workingDaysBetweenOrNull(calendar, item.deadline, today);
      const level = escalationLevelFor(days);
      if (level <= item.escalationLevel) continue;
      const assigned = departments.get(item.id) ?? [];
      try {
        const notified = await withAudit(db, actor, async (tx) => {
          if (!(await repo.raiseEscalation(tx, item.id, level, now))) throw new AlreadyEscalated();
          const daysText = days === null ? '' : `，逾期 ${days} 个工作日`;
          await repo.insertEvent(tx, {
            itemId: item.id,
            kind: 'escalated',
            fromStatus: item.status,
            toStatus: item.status,
            note: `${level} 级督办：期限 ${item.deadline}${daysText}`,
            actorId: actor?.id ?? null,
            createdAt: now,
          });
          const chief = item.chiefUserId ? await filterActiveUserIds(tx, [item.chiefUserId]) : [];
          const handlers = await handlersOf(
            assigned.map((d) => d.id),
            tx,
          );
          const count = await insertNotifications(
            tx,
            notificationRows(
              [...chief, ...handlers],
              null,
              { id: item.id },
              {
                kind: 'coordination.escalated',
                title: `${level} 级督办：${item.title}`,
                body: `${item.projectName}；责任部门 ${assigned.map((d) => d.name).join('、')}；期限 ${item.deadline}${daysText}`,
              },
              now,
            ),
          );
          return {
            result: count,
            audit: {
              action: 'coordination.escalate',
              entityType: 'coordination_item',
              entityId: item.id,
              before: { escalationLevel: item.escalationLevel },
              after: { escalationLevel: level },
              detail: `${today}: ${days ?? '?'} working days overdue`,
            },
          };
        });
        escalated.push({
          itemId: item.id,
          fromLevel: item.escalationLevel,
          toLevel: level,
          overdueWorkingDays: days,
          notified,
        });
      } catch (error) {
        if (!(error instanceof AlreadyEscalated)) throw error;
      }
    }
    return { today, overdue: overdue.length, escalated };
  }

  async function page(
    where: ReturnType<typeof repo.filterConditions>,
    query: { page: number; pageSize: number },
    today: IsoDate,
    overdueAsOf = false,
  ): Promise<CoordinationItemPage> {
    const [rows, total] = await Promise.all([
      repo.findItems(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      // The exact total, computed again only after a write (core/count-cache.ts).
      cachedCount(db, repo.countItemsQuery(db, where)),
    ]);
    return {
      items: await present(rows, today, undefined, overdueAsOf),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Lists asking for overdue items bring escalation up to date first, so levels and flags agree. */
  async function refreshEscalation(now: Date) {
    await escalateOverdue(now, null);
  }

  /** The general list: scope mine | department | project, always within what the actor may see. */
  async function find(actor: Actor, query: CoordinationListQuery): Promise<CoordinationItemPage> {
    const now = clock();
    const today = todayInChina(now);
    const filter: repo.ItemFilter = {
      visibleTo: coordinationScopeOf(actor),
      projectId: query.projectId,
      status: query.status,
      category: query.category,
      priority: query.priority,
      overdueOn: query.overdue ? today : undefined,
    };
    if (query.scope === 'mine') {
      filter.mine = {
        userId: can(actor, 'coordination.raise') ? actor.id : null,
        organizationId: can(actor, HANDLE) ? actor.organizationId : null,
      };
    } else if (query.scope === 'department') {
      const departmentId = query.departmentId ?? actor.organizationId;
      if (!departmentId) {
        throw invalidField('departmentId', {
          zh: '请选择责任部门（您的账号不属于任何单位）',
          en: 'Choose a department (your account belongs to no organisation)',
        });
      }
      filter.assignedTo = departmentId;
    } else if (query.scope === 'project') {
      if (query.projectId) await projects.get(actor, query.projectId);
      else filter.inProjectScope = scopeOf(actor);
    }
    if (query.scope !== 'department' && query.departmentId) filter.assignedTo = query.departmentId;
    if (query.overdue) await refreshEscalation(now);
    return page(repo.filterConditions(filter), query, today);
  }

  /** Every item of one project the actor may see (404 outside the actor's project scope). */
  async function findForProject(
    actor: Actor,
    projectId: string,
    query: ProjectCoordinationListQuery,
  ): Promise<CoordinationItemPage> {
    await projects.get(actor, projectId);
    const now = clock();
    const today = todayInChina(now);
    if (query.overdue) await refreshEscalation(now);
    const where = repo.filterConditions({
      projectId,
      status: query.status,
      category: query.category,
      priority: query.priority,
      overdueOn: query.overdue ? today : undefined,
    });
    return page(where, query, today);
  }

  /**
   * Overdue items across the zone, most overdue first (the route requires project.scope.all): today's, or with
   * `asOf` those overdue on that past day, reconstructed from the items' status events (the monthly bulletin's
   * figure for the month's last day).
   */
  async function findOverdue(
    actor: Actor,
    query: OverdueCoordinationListQuery,
  ): Promise<CoordinationItemPage> {
    const now = clock();
    const today = todayInChina(now);
    if (query.asOf !== undefined && query.asOf > today) {
      throw invalidField('asOf', {
        zh: `统计日期 ${query.asOf} 晚于今天（${today}）`,
        en: `${query.asOf} is after today (${today})`,
      });
    }
    await refreshEscalation(now);
    const past = query.asOf !== undefined && query.asOf < today ? query.asOf : undefined;
    const where = repo.filterConditions({
      visibleTo: coordinationScopeOf(actor),
      overdueOn: past ? undefined : today,
      overdueAsOf: past ? { day: past, end: new Date(`${addDays(past, 1)}T00:00:00+08:00`) } : undefined,
      category: query.category,
      priority: query.priority,
      assignedTo: query.departmentId,
      minLevel: query.minLevel,
    });
    return past ? page(where, query, past, true) : page(where, query, today);
  }

  /**
   * 提请领导决策: flags an open item for a leader's decision at the next dispatch meeting, or clears the flag. The
   * raiser, the project's chief, an assigned department and leaders may; the flag is cleared on a closed item only.
   */
  async function flagDecision(
    actor: Actor,
    id: string,
    input: CoordinationDecisionInput,
  ): Promise<CoordinationItemDetail> {
    const row = await getVisibleRow(actor, id);
    const item = row.c;
    const departments = (await repo.departmentsOf(db, [id])).get(id) ?? [];
    const allowed =
      can(actor, 'project.scope.all') ||
      item.raisedBy === actor.id ||
      (await repo.projectChiefOf(db, item.projectId)) === actor.id ||
      (actor.organizationId !== null && departments.some((d) => d.id === actor.organizationId));
    if (!allowed) {
      throw new AppError('FORBIDDEN', {
        zh: '只有提出人、项目长、责任部门和管委会领导才能提请领导决策',
        en: "Only the raiser, the project's chief, an assigned department and leaders can ask for a leader's decision",
      });
    }
    if (input.version !== item.version) throw versionConflict();
    const open = item.status === 'pending' || item.status === 'in_progress';
    if (input.needsDecision && !open) {
      throw new AppError('CONFLICT', {
        zh: '事项已办结，不能再提请领导决策',
        en: "The item is resolved: it can no longer be put to a leader's decision",
      });
    }
    const note = input.needsDecision ? input.note?.trim() || null : null;
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      const set = { needsDecision: input.needsDecision, decisionNote: note, updatedAt: now };
      if (!(await repo.updateItem(tx, id, input.version, set))) throw versionConflict();
      await repo.insertEvent(tx, {
        itemId: id,
        kind: input.needsDecision ? 'decision_requested' : 'decision_withdrawn',
        fromStatus: item.status,
        toStatus: item.status,
        note,
        actorId: actor.id,
        createdAt: now,
      });
      return {
        result: undefined,
        audit: {
          action: 'coordination.decision',
          entityType: 'coordination_item',
          entityId: id,
          before: {
            needsDecision: item.needsDecision,
            decisionNote: item.decisionNote,
            version: item.version,
          },
          after: { needsDecision: input.needsDecision, decisionNote: note, version: item.version + 1 },
        },
      };
    });
    return get(actor, id);
  }

  return {
    get,
    raise,
    accept,
    resolve,
    confirm,
    reopen,
    flagDecision,
    escalateOverdue,
    find,
    findForProject,
    findOverdue,
  };
}

function pastTense(action: CoordinationAction): string {
  return { accept: 'accepted', resolve: 'resolved', confirm: 'confirmed', reopen: 'reopened' }[action];
}

export type CoordinationService = ReturnType<typeof createCoordinationService>;
