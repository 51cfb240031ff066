import { and, asc, count, desc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  type CoordinationCategory,
  type CoordinationEvent,
  type CoordinationPriority,
  type CoordinationStatus,
  openCoordinationStatuses,
} from '#domain/schemas/coordination.ts';
import type { Executor } from '../../db/client.ts';
import {
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  organizations,
  projects,
  users,
} from '../../db/schema.ts';
import { type ProjectScope, scopeCondition } from '../projects/projects.repo.ts';

const raiser = alias(users, 'raiser');
const departments = coordinationItemDepartments;

export type ItemInsert = typeof coordinationItems.$inferInsert;

/** Who may see which items: the project's people, the assigned departments, and the raiser. */
export type CoordinationScope =
  | { all: true }
  | { all: false; userId: string; organizationId: string | null; projects: ProjectScope };

export type ItemFilter = {
  visibleTo?: CoordinationScope;
  projectId?: string | undefined;
  /** Assigned to this organisation. */
  assignedTo?: string | undefined;
  /** "My items": raised by the user or assigned to the organisation (either may be absent). */
  mine?: { userId: string | null; organizationId: string | null };
  /** Items of projects in this project scope. */
  inProjectScope?: ProjectScope;
  status?: CoordinationStatus[] | undefined;
  category?: CoordinationCategory[] | undefined;
  priority?: CoordinationPriority[] | undefined;
  /** Open and past the deadline on this day. */
  overdueOn?: string | undefined;
  /**
   * Overdue on a past day: raised by the end of `day`, open at that moment by the item's last status event
   * before `end` (the next day's 00:00 in China), deadline before `day`.
   */
  overdueAsOf?: { day: string; end: Date } | undefined;
  minLevel?: number | undefined;
};

const assignedTo = (organizationId: string): SQL =>
  sql`exists (select 1 from ${departments} where ${departments.itemId} = ${coordinationItems.id} and ${departments.organizationId} = ${organizationId})`;

const overdueOn = (today: string): SQL =>
  and(
    inArray(coordinationItems.status, [...openCoordinationStatuses]),
    lt(coordinationItems.deadline, today),
  )!;

/** An item's status at `end`: that of its last status event before then (an item starts pending). */
const statusAt = (end: Date): SQL =>
  sql`coalesce((select e.to_status from ${coordinationItemEvents} e
    where e.item_id = ${coordinationItems.id} and e.to_status is not null and e.created_at < ${end.toISOString()}::timestamptz
    order by e.created_at desc, e.id desc limit 1), 'pending')`;

const overdueAsOf = (day: string, end: Date): SQL =>
  and(
    sql`${coordinationItems.raisedAt} < ${end.toISOString()}::timestamptz`,
    lt(coordinationItems.deadline, day),
    sql`${statusAt(end)} in ('pending', 'in_progress')`,
  )!;

export function filterConditions(f: ItemFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  const v = f.visibleTo;
  if (v && !v.all) {
    const parts: (SQL | undefined)[] = [scopeCondition(v.projects), eq(coordinationItems.raisedBy, v.userId)];
    if (v.organizationId) parts.push(assignedTo(v.organizationId));
    c.push(or(...parts));
  }
  if (f.mine) {
    const parts: SQL[] = [];
    if (f.mine.userId) parts.push(eq(coordinationItems.raisedBy, f.mine.userId));
    if (f.mine.organizationId) parts.push(assignedTo(f.mine.organizationId));
    c.push(parts.length ? or(...parts) : sql`false`);
  }
  if (f.inProjectScope) c.push(scopeCondition(f.inProjectScope));
  if (f.projectId) c.push(eq(coordinationItems.projectId, f.projectId));
  if (f.assignedTo) c.push(assignedTo(f.assignedTo));
  if (f.status?.length) c.push(inArray(coordinationItems.status, f.status));
  if (f.category?.length) c.push(inArray(coordinationItems.category, f.category));
  if (f.priority?.length) c.push(inArray(coordinationItems.priority, f.priority));
  if (f.overdueOn) c.push(overdueOn(f.overdueOn));
  if (f.overdueAsOf) c.push(overdueAsOf(f.overdueAsOf.day, f.overdueAsOf.end));
  if (f.minLevel !== undefined) c.push(sql`${coordinationItems.escalationLevel} >= ${f.minLevel}`);
  return and(...c);
}

function selectItems(db: Executor) {
  return (
    db
      .select({ c: coordinationItems, projectName: projects.name, raisedByName: raiser.displayName })
      .from(coordinationItems)
      // Items of a deleted project leave the lists with it (and come back when it is restored).
      .innerJoin(projects, and(eq(projects.id, coordinationItems.projectId), isNull(projects.deletedAt)))
      .leftJoin(raiser, eq(raiser.id, coordinationItems.raisedBy))
  );
}

export type ItemRow = Awaited<ReturnType<ReturnType<typeof selectItems>['execute']>>[number];

export async function findItems(
  db: Executor,
  where: SQL | undefined,
  page: { limit: number; offset: number },
): Promise<ItemRow[]> {
  return (
    selectItems(db)
      .where(where)
      // What needs action first: open items by nearest deadline, then closed ones, newest first.
      .orderBy(
        sql`case when ${coordinationItems.status} in ('pending', 'in_progress') then 0 else 1 end`,
        asc(coordinationItems.deadline),
        desc(coordinationItems.raisedAt),
        asc(coordinationItems.id),
      )
      .limit(page.limit)
      .offset(page.offset)
  );
}

export async function countItems(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await countItemsQuery(db, where);
  return row?.n ?? 0;
}

/** The statement counting the items that match `where` (for core/count-cache.ts). */
export function countItemsQuery(db: Executor, where: SQL | undefined) {
  return db
    .select({ n: count() })
    .from(coordinationItems)
    .innerJoin(projects, and(eq(projects.id, coordinationItems.projectId), isNull(projects.deletedAt)))
    .where(where);
}

export async function getItem(db: Executor, id: string, where?: SQL): Promise<ItemRow | undefined> {
  const [row] = await selectItems(db).where(and(eq(coordinationItems.id, id), where));
  return row;
}

/** Assigned departments per item, by name. */
export async function departmentsOf(
  db: Executor,
  itemIds: string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const map = new Map<string, { id: string; name: string }[]>();
  if (itemIds.length === 0) return map;
  const rows = await db
    .select({ itemId: departments.itemId, id: organizations.id, name: organizations.name })
    .from(departments)
    .innerJoin(organizations, eq(organizations.id, departments.organizationId))
    .where(inArray(departments.itemId, itemIds))
    .orderBy(asc(organizations.name));
  for (const r of rows) {
    const list = map.get(r.itemId) ?? [];
    list.push({ id: r.id, name: r.name });
    map.set(r.itemId, list);
  }
  return map;
}

export async function eventsOf(db: Executor, itemId: string): Promise<CoordinationEvent[]> {
  const rows = await db
    .select({ e: coordinationItemEvents, actorName: users.displayName })
    .from(coordinationItemEvents)
    .leftJoin(users, eq(users.id, coordinationItemEvents.actorId))
    .where(eq(coordinationItemEvents.itemId, itemId))
    .orderBy(asc(coordinationItemEvents.id));
  return rows.map((r) => ({
    id: r.e.id,
    kind: r.e.kind,
    fromStatus: r.e.fromStatus,
    toStatus: r.e.toStatus,
    note: r.e.note,
    actorId: r.e.actorId,
    actorName: r.actorName,
    createdAt: r.e.createdAt.toISOString(),
  }));
}

export async function organizationsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organizations.id, name: organizations.name, type: organizations.type })
    .from(organizations)
    .where(inArray(organizations.id, ids));
}

export async function insertItem(
  tx: Executor,
  values: ItemInsert,
  organizationIds: string[],
): Promise<string> {
  const [row] = await tx.insert(coordinationItems).values(values).returning({ id: coordinationItems.id });
  const id = row!.id;
  await tx
    .insert(departments)
    .values(organizationIds.map((organizationId) => ({ itemId: id, organizationId })));
  return id;
}

export async function insertEvent(tx: Executor, values: typeof coordinationItemEvents.$inferInsert) {
  await tx.insert(coordinationItemEvents).values(values);
}

/** A status step under optimistic locking: false when the version moved on since the caller read it. */
export async function updateItem(
  tx: Executor,
  id: string,
  version: number,
  set: Partial<ItemInsert> & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(coordinationItems)
    .set({ ...set, version: sql`${coordinationItems.version} + 1` })
    .where(and(eq(coordinationItems.id, id), eq(coordinationItems.version, version)))
    .returning({ id: coordinationItems.id });
  return rows.length === 1;
}

/**
 * Raises the escalation level of a still-open item. The condition makes concurrent runs safe: only one of them
 * moves an item to a level, so each level is recorded once. The version is left alone on purpose: escalation
 * does not change what a department or raiser edits, and a background run must not make their next step stale.
 */
export async function raiseEscalation(tx: Executor, id: string, level: number, at: Date): Promise<boolean> {
  const rows = await tx
    .update(coordinationItems)
    .set({ escalationLevel: level, updatedAt: at })
    .where(
      and(
        eq(coordinationItems.id, id),
        lt(coordinationItems.escalationLevel, level),
        inArray(coordinationItems.status, [...openCoordinationStatuses]),
      ),
    )
    .returning({ id: coordinationItems.id });
  return rows.length === 1;
}

/** Open items past their deadline on `today`, with what escalation needs to notify people. */
export async function findOpenOverdue(db: Executor, today: string) {
  return db
    .select({
      id: coordinationItems.id,
      title: coordinationItems.title,
      deadline: coordinationItems.deadline,
      escalationLevel: coordinationItems.escalationLevel,
      status: coordinationItems.status,
      projectName: projects.name,
      chiefUserId: projects.chiefUserId,
    })
    .from(coordinationItems)
    .innerJoin(projects, and(eq(projects.id, coordinationItems.projectId), isNull(projects.deletedAt)))
    .where(overdueOn(today))
    .orderBy(asc(coordinationItems.deadline), asc(coordinationItems.id));
}

/** The project's chief, who may put its items to a leader's decision. */
export async function projectChiefOf(db: Executor, projectId: string): Promise<string | null> {
  const [row] = await db
    .select({ chiefUserId: projects.chiefUserId })
    .from(projects)
    .where(eq(projects.id, projectId));
  return row?.chiefUserId ?? null;
}
