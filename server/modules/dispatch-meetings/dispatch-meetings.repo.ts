import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { LifecycleStage } from '#domain/codelists.ts';
import {
  type DispatchActionStatus,
  type DispatchMeetingStatus,
  unfinishedActionStatuses,
} from '#domain/schemas/dispatch-meetings.ts';
import type { Executor } from '../../db/client.ts';
import {
  coordinationItemDepartments,
  coordinationItems,
  dispatchActions,
  dispatchAgendaItems,
  dispatchAttendees,
  dispatchMeetings,
  organizations,
  projectChiefStaff,
  projects,
  projectWarnings,
  users,
} from '../../db/schema.ts';
import { type ProjectScope, scopeCondition } from '../projects/projects.repo.ts';

const organiser = alias(users, 'organiser');
const ownerUser = alias(users, 'owner_user');

export type MeetingInsert = typeof dispatchMeetings.$inferInsert;
export type MeetingRecord = typeof dispatchMeetings.$inferSelect;
export type AgendaRow = typeof dispatchAgendaItems.$inferSelect & { projectName: string | null };
export type AttendeeRow = typeof dispatchAttendees.$inferSelect;
export type ActionInsert = typeof dispatchActions.$inferInsert;

/**
 * What of the dispatch records a user may see. Meetings are zone-wide; inside them, `all` sees everything,
 * otherwise a reader sees the agenda items and actions about projects in his project scope or about no project
 * (general decisions), and whoever is responsible for an action, or organised its meeting, sees that action.
 * `general` is false for users who only report on their own actions (departments, project owners): they see
 * nothing but those.
 */
export type DispatchScope =
  | { all: true }
  | {
      all: false;
      userId: string;
      organizationId: string | null;
      projects: ProjectScope;
      general: boolean;
    };

/** `project_id` of the given column is null or a live project in scope. */
function projectInScope(
  column: typeof dispatchActions.projectId | typeof dispatchAgendaItems.projectId,
  scope: ProjectScope,
): SQL {
  const inScope = scopeCondition(scope);
  return sql`exists (select 1 from ${projects} where ${projects.id} = ${column}${inScope ? sql` and ${inScope}` : sql``})`;
}

export function actionVisible(scope: DispatchScope): SQL | undefined {
  if (scope.all) return undefined;
  const parts: (SQL | undefined)[] = [
    eq(dispatchActions.ownerUserId, scope.userId),
    sql`exists (select 1 from dispatch_meetings om where om.id = ${dispatchActions.meetingId} and om.organiser_id = ${scope.userId})`,
  ];
  if (scope.organizationId) parts.push(eq(dispatchActions.ownerOrganizationId, scope.organizationId));
  if (scope.general) {
    parts.push(isNull(dispatchActions.projectId), projectInScope(dispatchActions.projectId, scope.projects));
  }
  return or(...parts);
}

export function agendaVisible(scope: DispatchScope): SQL | undefined {
  if (scope.all) return undefined;
  return or(
    isNull(dispatchAgendaItems.projectId),
    projectInScope(dispatchAgendaItems.projectId, scope.projects),
  );
}

// ---------------------------------------------------------------------------------------------------- meetings

function selectMeetings(db: Executor) {
  return db
    .select({ m: dispatchMeetings, organiserName: organiser.displayName })
    .from(dispatchMeetings)
    .leftJoin(organiser, eq(organiser.id, dispatchMeetings.organiserId));
}

export type MeetingRow = Awaited<ReturnType<ReturnType<typeof selectMeetings>['execute']>>[number];

export type MeetingFilter = {
  period?: string | undefined;
  year?: number | undefined;
  status?: DispatchMeetingStatus[] | undefined;
};

export function meetingConditions(f: MeetingFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.period) c.push(eq(dispatchMeetings.period, f.period));
  if (f.year) c.push(sql`${dispatchMeetings.period} like ${`${f.year}-B%`}`);
  if (f.status?.length) c.push(inArray(dispatchMeetings.status, f.status));
  return and(...c);
}

export async function getMeeting(db: Executor, id: string): Promise<MeetingRow | undefined> {
  const [row] = await selectMeetings(db).where(eq(dispatchMeetings.id, id));
  return row;
}

/** Latest meeting first. */
export async function findMeetings(
  db: Executor,
  where: SQL | undefined,
  page: { limit: number; offset: number },
): Promise<MeetingRow[]> {
  return selectMeetings(db)
    .where(where)
    .orderBy(desc(dispatchMeetings.meetingDate), desc(dispatchMeetings.createdAt), asc(dispatchMeetings.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countMeetings(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(dispatchMeetings).where(where);
  return row?.n ?? 0;
}

export async function insertMeeting(tx: Executor, values: MeetingInsert): Promise<string> {
  const [row] = await tx.insert(dispatchMeetings).values(values).returning({ id: dispatchMeetings.id });
  return row!.id;
}

/** Optimistic locking: false when the version moved on since the caller read it. */
export async function updateMeeting(
  tx: Executor,
  id: string,
  version: number,
  set: Partial<MeetingInsert> & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(dispatchMeetings)
    .set({ ...set, version: sql`${dispatchMeetings.version} + 1` })
    .where(and(eq(dispatchMeetings.id, id), eq(dispatchMeetings.version, version)))
    .returning({ id: dispatchMeetings.id });
  return rows.length === 1;
}

/** Meetings of a year not cancelled, held or planned before `date`: the next one's number in the year. */
export async function countEarlierMeetingsOfYear(db: Executor, year: number, date: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(dispatchMeetings)
    .where(
      and(
        sql`${dispatchMeetings.period} like ${`${year}-B%`}`,
        ne(dispatchMeetings.status, 'cancelled'),
        lt(dispatchMeetings.meetingDate, date),
      ),
    );
  return row?.n ?? 0;
}

/** Agenda items, actions and open actions per meeting, counted within what `scope` sees. */
export async function countsOf(db: Executor, meetingIds: string[], scope: DispatchScope) {
  const map = new Map<string, { agenda: number; actions: number; open: number }>();
  if (meetingIds.length === 0) return map;
  const [agenda, actions] = await Promise.all([
    db
      .select({ id: dispatchAgendaItems.meetingId, n: count() })
      .from(dispatchAgendaItems)
      .where(and(inArray(dispatchAgendaItems.meetingId, meetingIds), agendaVisible(scope)))
      .groupBy(dispatchAgendaItems.meetingId),
    db
      .select({
        id: dispatchActions.meetingId,
        n: count(),
        open: sql<number>`count(*) filter (where ${inArray(dispatchActions.status, [...unfinishedActionStatuses])})::int`,
      })
      .from(dispatchActions)
      .where(and(inArray(dispatchActions.meetingId, meetingIds), actionVisible(scope)))
      .groupBy(dispatchActions.meetingId),
  ]);
  for (const id of meetingIds) {
    const a = actions.find((r) => r.id === id);
    map.set(id, {
      agenda: agenda.find((r) => r.id === id)?.n ?? 0,
      actions: a?.n ?? 0,
      open: a?.open ?? 0,
    });
  }
  return map;
}

// ------------------------------------------------------------------------------------------------------ agenda

export async function agendaOf(db: Executor, meetingId: string, where?: SQL): Promise<AgendaRow[]> {
  const rows = await db
    .select({ a: dispatchAgendaItems, projectName: projects.name })
    .from(dispatchAgendaItems)
    .leftJoin(projects, eq(projects.id, dispatchAgendaItems.projectId))
    .where(and(eq(dispatchAgendaItems.meetingId, meetingId), where))
    .orderBy(asc(dispatchAgendaItems.sort), asc(dispatchAgendaItems.id));
  return rows.map((r) => ({ ...r.a, projectName: r.projectName }));
}

export type AgendaWrite = Omit<typeof dispatchAgendaItems.$inferInsert, 'meetingId' | 'sort'>;

/**
 * Makes the stored agenda the given list, in its order: rows with an id are updated in place (so minutes and the
 * decisions' links to them survive), rows without one are inserted, and stored rows left out are deleted (a
 * decision's link to a deleted item is cleared by the foreign key).
 */
export async function syncAgenda(tx: Executor, meetingId: string, items: AgendaWrite[]): Promise<void> {
  const kept = items.flatMap((i) => (i.id ? [i.id] : []));
  await tx
    .delete(dispatchAgendaItems)
    .where(
      and(
        eq(dispatchAgendaItems.meetingId, meetingId),
        kept.length ? notInArray(dispatchAgendaItems.id, kept) : undefined,
      ),
    );
  for (const [sort, item] of items.entries()) {
    if (item.id) {
      const { id, ...set } = item;
      await tx
        .update(dispatchAgendaItems)
        .set({ ...set, sort })
        .where(and(eq(dispatchAgendaItems.id, id), eq(dispatchAgendaItems.meetingId, meetingId)));
    } else {
      await tx.insert(dispatchAgendaItems).values({ ...item, meetingId, sort });
    }
  }
}

export async function setMinutes(tx: Executor, meetingId: string, itemId: string, minutes: string | null) {
  await tx
    .update(dispatchAgendaItems)
    .set({ minutes })
    .where(and(eq(dispatchAgendaItems.id, itemId), eq(dispatchAgendaItems.meetingId, meetingId)));
}

// ------------------------------------------------------------------------------------------------- attendance

export async function attendeesOf(db: Executor, meetingId: string): Promise<AttendeeRow[]> {
  return db
    .select()
    .from(dispatchAttendees)
    .where(eq(dispatchAttendees.meetingId, meetingId))
    .orderBy(asc(dispatchAttendees.sort), asc(dispatchAttendees.id));
}

export async function replaceAttendees(
  tx: Executor,
  meetingId: string,
  rows: Omit<typeof dispatchAttendees.$inferInsert, 'meetingId' | 'sort'>[],
) {
  await tx.delete(dispatchAttendees).where(eq(dispatchAttendees.meetingId, meetingId));
  if (rows.length) {
    await tx.insert(dispatchAttendees).values(rows.map((r, sort) => ({ ...r, meetingId, sort })));
  }
}

export async function usersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: users.id,
      displayName: users.displayName,
      organizationId: users.organizationId,
      organizationName: organizations.name,
      isActive: users.isActive,
    })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(inArray(users.id, ids));
}

export async function organizationsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name, type: organizations.type })
    .from(organizations)
    .where(inArray(organizations.id, ids));
}

// ---------------------------------------------------------------------------------------------------- actions

function selectActions(db: Executor) {
  return db
    .select({
      a: dispatchActions,
      meetingTitle: dispatchMeetings.title,
      meetingDate: dispatchMeetings.meetingDate,
      meetingOrganiserId: dispatchMeetings.organiserId,
      projectName: projects.name,
      ownerOrganizationName: organizations.name,
      ownerUserName: ownerUser.displayName,
    })
    .from(dispatchActions)
    .innerJoin(dispatchMeetings, eq(dispatchMeetings.id, dispatchActions.meetingId))
    .innerJoin(organizations, eq(organizations.id, dispatchActions.ownerOrganizationId))
    .leftJoin(projects, eq(projects.id, dispatchActions.projectId))
    .leftJoin(ownerUser, eq(ownerUser.id, dispatchActions.ownerUserId));
}

export type ActionRow = Awaited<ReturnType<ReturnType<typeof selectActions>['execute']>>[number];

export type ActionFilter = {
  visibleTo: DispatchScope;
  /** Assigned to this organisation or this user (either may be absent). */
  mine?: { userId: string; organizationId: string | null };
  status?: DispatchActionStatus[] | undefined;
  /** Unfinished and past the deadline on this day. */
  overdueOn?: string | undefined;
  meetingId?: string | undefined;
  projectId?: string | undefined;
  organizationId?: string | undefined;
};

export function actionConditions(f: ActionFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [actionVisible(f.visibleTo)];
  if (f.mine) {
    const parts: SQL[] = [eq(dispatchActions.ownerUserId, f.mine.userId)];
    if (f.mine.organizationId) parts.push(eq(dispatchActions.ownerOrganizationId, f.mine.organizationId));
    c.push(or(...parts));
  }
  if (f.status?.length) c.push(inArray(dispatchActions.status, f.status));
  if (f.overdueOn) {
    c.push(
      inArray(dispatchActions.status, [...unfinishedActionStatuses]),
      lt(dispatchActions.deadline, f.overdueOn),
    );
  }
  if (f.meetingId) c.push(eq(dispatchActions.meetingId, f.meetingId));
  if (f.projectId) c.push(eq(dispatchActions.projectId, f.projectId));
  if (f.organizationId) c.push(eq(dispatchActions.ownerOrganizationId, f.organizationId));
  return and(...c);
}

export async function getAction(db: Executor, id: string, where?: SQL): Promise<ActionRow | undefined> {
  const [row] = await selectActions(db).where(and(eq(dispatchActions.id, id), where));
  return row;
}

/** Unfinished first by nearest deadline, then finished ones, newest meeting first. */
export async function findActions(
  db: Executor,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<ActionRow[]> {
  const query = selectActions(db)
    .where(where)
    .orderBy(
      sql`case when ${dispatchActions.status} in ('open', 'in_progress') then 0 else 1 end`,
      asc(dispatchActions.deadline),
      desc(dispatchMeetings.meetingDate),
      asc(dispatchActions.sequence),
      asc(dispatchActions.id),
    );
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/** A meeting's actions in the order of its 议定事项. */
export async function actionsOfMeeting(db: Executor, meetingId: string, where?: SQL): Promise<ActionRow[]> {
  return selectActions(db)
    .where(and(eq(dispatchActions.meetingId, meetingId), where))
    .orderBy(asc(dispatchActions.sequence));
}

export async function countActions(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(dispatchActions)
    .innerJoin(dispatchMeetings, eq(dispatchMeetings.id, dispatchActions.meetingId))
    .where(where);
  return row?.n ?? 0;
}

export async function countMeetingItems(db: Executor, meetingId: string) {
  const [agenda] = await db
    .select({ n: count() })
    .from(dispatchAgendaItems)
    .where(eq(dispatchAgendaItems.meetingId, meetingId));
  const [actions] = await db
    .select({ n: count() })
    .from(dispatchActions)
    .where(eq(dispatchActions.meetingId, meetingId));
  return { agenda: agenda?.n ?? 0, actions: actions?.n ?? 0 };
}

/**
 * Locks the meeting row for the rest of the transaction: decisions are numbered max + 1 under it, so two
 * decisions recorded at once get different numbers.
 */
export async function lockMeeting(tx: Executor, id: string) {
  const [row] = await tx
    .select({ status: dispatchMeetings.status, version: dispatchMeetings.version })
    .from(dispatchMeetings)
    .where(eq(dispatchMeetings.id, id))
    .for('update');
  return row;
}

export async function nextSequence(tx: Executor, meetingId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`coalesce(max(${dispatchActions.sequence}), 0)::int` })
    .from(dispatchActions)
    .where(eq(dispatchActions.meetingId, meetingId));
  return (row?.n ?? 0) + 1;
}

export async function insertAction(tx: Executor, values: ActionInsert): Promise<string> {
  const [row] = await tx.insert(dispatchActions).values(values).returning({ id: dispatchActions.id });
  return row!.id;
}

export async function updateAction(
  tx: Executor,
  id: string,
  version: number,
  set: Partial<ActionInsert> & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(dispatchActions)
    .set({ ...set, version: sql`${dispatchActions.version} + 1` })
    .where(and(eq(dispatchActions.id, id), eq(dispatchActions.version, version)))
    .returning({ id: dispatchActions.id });
  return rows.length === 1;
}

/** Deadlines follow the meeting day when it moves; the version moves too, so an open edit form turns stale. */
export async function setActionDeadline(tx: Executor, id: string, deadline: string, at: Date) {
  await tx
    .update(dispatchActions)
    .set({ deadline, updatedAt: at, version: sql`${dispatchActions.version} + 1` })
    .where(eq(dispatchActions.id, id));
}

// --------------------------------------------------------------------------------------------- agenda inputs

/**
 * Unfinished actions decided at meetings before `beforeDate` (other than `meetingId`, and not at a cancelled
 * meeting), within `scope`: the next agenda opens with them.
 */
export async function findUnfinishedActionsBefore(
  db: Executor,
  /** The meeting the agenda is for; null for one not written yet. */
  meetingId: string | null,
  beforeDate: string,
  scope: DispatchScope,
): Promise<ActionRow[]> {
  return selectActions(db)
    .where(
      and(
        meetingId ? ne(dispatchActions.meetingId, meetingId) : undefined,
        ne(dispatchMeetings.status, 'cancelled'),
        lt(dispatchMeetings.meetingDate, beforeDate),
        inArray(dispatchActions.status, [...unfinishedActionStatuses]),
        actionVisible(scope),
      ),
    )
    .orderBy(asc(dispatchMeetings.meetingDate), asc(dispatchActions.sequence));
}

/** Live projects with a red or yellow light in scope, with what the agenda prints. */
export async function findLitProjects(db: Executor, scope: ProjectScope) {
  return db
    .select({
      projectId: projects.id,
      projectName: projects.name,
      totalInvestment: projects.totalInvestment,
      color: projectWarnings.color,
      reasons: projectWarnings.reasons,
    })
    .from(projectWarnings)
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .where(
      and(
        isNull(projects.deletedAt),
        inArray(projectWarnings.color, ['red', 'yellow']),
        scopeCondition(scope),
      ),
    );
}

export async function findLiveProjectIds(db: Executor, scope: ProjectScope): Promise<string[]> {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(isNull(projects.deletedAt), scopeCondition(scope)));
  return rows.map((r) => r.id);
}

/** Live projects in scope, not started, with a planned start: candidates for a late start. */
export async function findNotStartedProjects(db: Executor, scope: ProjectScope, stages: LifecycleStage[]) {
  return db
    .select({
      projectId: projects.id,
      projectName: projects.name,
      totalInvestment: projects.totalInvestment,
      plannedStart: projects.plannedStart,
    })
    .from(projects)
    .where(
      and(
        isNull(projects.deletedAt),
        isNull(projects.actualStart),
        isNotNull(projects.plannedStart),
        inArray(projects.stage, stages),
        scopeCondition(scope),
      ),
    );
}

/** Open coordination items in scope that are overdue on `today` or flagged for a leader's decision. */
export async function findAgendaCoordinationItems(db: Executor, scope: ProjectScope, today: string) {
  const rows = await db
    .select({
      itemId: coordinationItems.id,
      title: coordinationItems.title,
      deadline: coordinationItems.deadline,
      escalationLevel: coordinationItems.escalationLevel,
      needsDecision: coordinationItems.needsDecision,
      decisionNote: coordinationItems.decisionNote,
      projectId: projects.id,
      projectName: projects.name,
      totalInvestment: projects.totalInvestment,
    })
    .from(coordinationItems)
    .innerJoin(projects, and(eq(projects.id, coordinationItems.projectId), isNull(projects.deletedAt)))
    .where(
      and(
        inArray(coordinationItems.status, ['pending', 'in_progress']),
        or(lt(coordinationItems.deadline, today), eq(coordinationItems.needsDecision, true)),
        scopeCondition(scope),
      ),
    );
  const departments = new Map<string, string[]>();
  if (rows.length) {
    const assigned = await db
      .select({ itemId: coordinationItemDepartments.itemId, name: organizations.name })
      .from(coordinationItemDepartments)
      .innerJoin(organizations, eq(organizations.id, coordinationItemDepartments.organizationId))
      .where(
        inArray(
          coordinationItemDepartments.itemId,
          rows.map((r) => r.itemId),
        ),
      )
      .orderBy(asc(organizations.name));
    for (const a of assigned) departments.set(a.itemId, [...(departments.get(a.itemId) ?? []), a.name]);
  }
  return rows.map((r) => ({ ...r, departmentNames: departments.get(r.itemId) ?? [] }));
}

/** Which of the given ids are live projects in scope. */
export async function projectsInScope(db: Executor, ids: string[], scope: ProjectScope) {
  if (ids.length === 0) return [];
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(and(inArray(projects.id, ids), isNull(projects.deletedAt), scopeCondition(scope)));
}

// ---------------------------------------------------------------------------------------------------- cadence

/**
 * The held meetings of a period that count for a chief: organised by him, attended by him, or with an agenda item
 * about one of his projects. Latest first; only meetings held on or before `until`.
 */
export async function findChiefMeetings(db: Executor, period: string, userId: string, projectIds: string[]) {
  const aboutHisProjects = projectIds.length
    ? sql`exists (select 1 from ${dispatchAgendaItems} where ${dispatchAgendaItems.meetingId} = ${dispatchMeetings.id} and ${inArray(dispatchAgendaItems.projectId, projectIds)})`
    : sql`false`;
  return db
    .select({
      id: dispatchMeetings.id,
      title: dispatchMeetings.title,
      meetingDate: dispatchMeetings.meetingDate,
      status: dispatchMeetings.status,
    })
    .from(dispatchMeetings)
    .where(
      and(
        eq(dispatchMeetings.period, period),
        ne(dispatchMeetings.status, 'cancelled'),
        or(
          eq(dispatchMeetings.organiserId, userId),
          sql`exists (select 1 from ${dispatchAttendees} where ${dispatchAttendees.meetingId} = ${dispatchMeetings.id} and ${dispatchAttendees.userId} = ${userId} and ${dispatchAttendees.present})`,
          aboutHisProjects,
          // A meeting still to come counts as the one he is expected at once it is held; show it meanwhile.
          eq(dispatchMeetings.status, 'scheduled'),
        ),
      ),
    )
    .orderBy(desc(dispatchMeetings.meetingDate));
}

/** Unfinished actions on the projects, with their deadlines. */
export async function findOpenActionsOfProjects(db: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .select({
      id: dispatchActions.id,
      projectId: dispatchActions.projectId,
      deadline: dispatchActions.deadline,
    })
    .from(dispatchActions)
    .innerJoin(dispatchMeetings, eq(dispatchMeetings.id, dispatchActions.meetingId))
    .where(
      and(
        inArray(dispatchActions.projectId, projectIds),
        inArray(dispatchActions.status, [...unfinishedActionStatuses]),
        ne(dispatchMeetings.status, 'cancelled'),
      ),
    );
}

/** Whether the user is on the chief team (chief, deputy, liaison) of the project. */
export async function teamProjectIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .leftJoin(
      projectChiefStaff,
      and(eq(projectChiefStaff.projectId, projects.id), eq(projectChiefStaff.userId, userId)),
    )
    .where(
      and(
        isNull(projects.deletedAt),
        or(eq(projects.chiefUserId, userId), isNotNull(projectChiefStaff.userId)),
      ),
    );
  return rows.map((r) => r.id);
}
