import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  max,
  min,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FieldReviewTourStatus } from '#domain/schemas/field-reviews.ts';
import type { Executor } from '../../db/client.ts';
import {
  fieldReviewAmendments,
  fieldReviewScorers,
  fieldReviewSheets,
  fieldReviewStops,
  fieldReviews,
  organizations,
  projects,
  rolePermissions,
  userRoles,
  users,
} from '../../db/schema.ts';
import { type ProjectScope, scopeCondition } from '../projects/projects.repo.ts';

const organiser = alias(users, 'organiser');
const closer = alias(users, 'closer');
const chief = alias(users, 'chief');

export type ReviewInsert = typeof fieldReviews.$inferInsert;
export type SheetRow = typeof fieldReviewSheets.$inferSelect;

/**
 * Who may see which tours: everything with project.scope.all; otherwise the tours the user organises or scores,
 * and those visiting at least one project in his project scope.
 */
export type ReviewVisibility = { all: true } | { all: false; userId: string; projects: ProjectScope };

export type ReviewFilter = {
  visibleTo: ReviewVisibility;
  quarter?: string | undefined;
  status?: FieldReviewTourStatus | undefined;
  /** Tours visiting this project. */
  projectId?: string | undefined;
};

export function filterConditions(f: ReviewFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  const v = f.visibleTo;
  if (!v.all) {
    c.push(
      or(
        eq(fieldReviews.organiserId, v.userId),
        sql`exists (select 1 from ${fieldReviewScorers} where ${fieldReviewScorers.reviewId} = ${fieldReviews.id} and ${fieldReviewScorers.userId} = ${v.userId})`,
        sql`exists (select 1 from ${fieldReviewStops} inner join ${projects} on ${projects.id} = ${fieldReviewStops.projectId} where ${fieldReviewStops.reviewId} = ${fieldReviews.id} and ${scopeCondition(v.projects)})`,
      ),
    );
  }
  if (f.quarter) c.push(eq(fieldReviews.quarter, f.quarter));
  if (f.status) c.push(eq(fieldReviews.status, f.status));
  if (f.projectId) {
    c.push(
      sql`exists (select 1 from ${fieldReviewStops} where ${fieldReviewStops.reviewId} = ${fieldReviews.id} and ${fieldReviewStops.projectId} = ${f.projectId})`,
    );
  }
  return and(...c);
}

function selectReviews(db: Executor) {
  return db
    .select({ r: fieldReviews, organiserName: organiser.displayName, closedByName: closer.displayName })
    .from(fieldReviews)
    .leftJoin(organiser, eq(organiser.id, fieldReviews.organiserId))
    .leftJoin(closer, eq(closer.id, fieldReviews.closedBy));
}

export type ReviewRow = Awaited<ReturnType<ReturnType<typeof selectReviews>['execute']>>[number];

export async function getReview(db: Executor, id: string, where?: SQL): Promise<ReviewRow | undefined> {
  const [row] = await selectReviews(db).where(and(eq(fieldReviews.id, id), where));
  return row;
}

/** Newest quarter first; within a quarter, the latest tour first. */
export async function findReviews(
  db: Executor,
  where: SQL | undefined,
  page?: { limit: number; offset: number },
): Promise<ReviewRow[]> {
  const query = selectReviews(db)
    .where(where)
    .orderBy(desc(fieldReviews.quarter), desc(fieldReviews.createdAt), asc(fieldReviews.id));
  return page ? query.limit(page.limit).offset(page.offset) : query;
}

/** Closed tours in the order they happened (oldest quarter first), for histories and comparisons. */
export async function findClosedReviews(db: Executor, where: SQL | undefined): Promise<ReviewRow[]> {
  return selectReviews(db)
    .where(and(eq(fieldReviews.status, 'closed'), where))
    .orderBy(asc(fieldReviews.quarter), asc(fieldReviews.createdAt), asc(fieldReviews.id));
}

export async function countReviews(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(fieldReviews).where(where);
  return row?.n ?? 0;
}

/**
 * Locks the tour's row for the rest of the transaction. A sheet or amendment takes this lock before it checks
 * the status and the panel, so it cannot slip in beside a concurrent close or route change.
 */
export async function lockReview(tx: Executor, id: string) {
  const [row] = await tx
    .select({ status: fieldReviews.status, version: fieldReviews.version })
    .from(fieldReviews)
    .where(eq(fieldReviews.id, id))
    .for('update');
  return row;
}

export type StopRow = {
  reviewId: string;
  projectId: string;
  visitDate: string;
  sort: number;
  projectName: string;
  category: string;
  chiefUserId: string | null;
  chiefName: string | null;
};

/** The routes of the given tours in visiting order, with what the result and the chiefs' comparison need. */
export async function stopsOf(db: Executor, reviewIds: string[]): Promise<StopRow[]> {
  if (reviewIds.length === 0) return [];
  return db
    .select({
      reviewId: fieldReviewStops.reviewId,
      projectId: fieldReviewStops.projectId,
      visitDate: fieldReviewStops.visitDate,
      sort: fieldReviewStops.sort,
      projectName: projects.name,
      category: projects.category,
      chiefUserId: projects.chiefUserId,
      chiefName: chief.displayName,
    })
    .from(fieldReviewStops)
    .innerJoin(projects, eq(projects.id, fieldReviewStops.projectId))
    .leftJoin(chief, eq(chief.id, projects.chiefUserId))
    .where(inArray(fieldReviewStops.reviewId, reviewIds))
    .orderBy(asc(fieldReviewStops.reviewId), asc(fieldReviewStops.sort));
}

export type ScorerRow = {
  reviewId: string;
  userId: string;
  displayName: string;
  organizationName: string | null;
};

export async function scorersOf(db: Executor, reviewIds: string[]): Promise<ScorerRow[]> {
  if (reviewIds.length === 0) return [];
  return db
    .select({
      reviewId: fieldReviewScorers.reviewId,
      userId: fieldReviewScorers.userId,
      displayName: users.displayName,
      organizationName: organizations.name,
    })
    .from(fieldReviewScorers)
    .innerJoin(users, eq(users.id, fieldReviewScorers.userId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(inArray(fieldReviewScorers.reviewId, reviewIds))
    .orderBy(asc(fieldReviewScorers.reviewId), asc(fieldReviewScorers.sort));
}

export async function sheetsOf(db: Executor, reviewIds: string[]): Promise<SheetRow[]> {
  if (reviewIds.length === 0) return [];
  return db
    .select()
    .from(fieldReviewSheets)
    .where(inArray(fieldReviewSheets.reviewId, reviewIds))
    .orderBy(asc(fieldReviewSheets.submittedAt));
}

export type AmendmentRow = typeof fieldReviewAmendments.$inferSelect & { actorName: string | null };

/** In the order they were recorded: the scoring rules let a later amendment win. */
export async function amendmentsOf(db: Executor, reviewIds: string[]): Promise<AmendmentRow[]> {
  if (reviewIds.length === 0) return [];
  const rows = await db
    .select({ a: fieldReviewAmendments, actorName: users.displayName })
    .from(fieldReviewAmendments)
    .leftJoin(users, eq(users.id, fieldReviewAmendments.actorId))
    .where(inArray(fieldReviewAmendments.reviewId, reviewIds))
    .orderBy(asc(fieldReviewAmendments.id));
  return rows.map((r) => ({ ...r.a, actorName: r.actorName }));
}

export type ReviewCounts = {
  projectCount: number;
  scorerCount: number;
  sheetsSubmitted: number;
  firstVisit: string | null;
  lastVisit: string | null;
};

/** Route length, panel size and sheets per tour, for the list. */
export async function countsOf(db: Executor, reviewIds: string[]): Promise<Map<string, ReviewCounts>> {
  const map = new Map<string, ReviewCounts>();
  if (reviewIds.length === 0) return map;
  const [stops, scorers, sheets] = await Promise.all([
    db
      .select({
        id: fieldReviewStops.reviewId,
        n: count(),
        first: min(fieldReviewStops.visitDate),
        last: max(fieldReviewStops.visitDate),
      })
      .from(fieldReviewStops)
      .where(inArray(fieldReviewStops.reviewId, reviewIds))
      .groupBy(fieldReviewStops.reviewId),
    db
      .select({ id: fieldReviewScorers.reviewId, n: count() })
      .from(fieldReviewScorers)
      .where(inArray(fieldReviewScorers.reviewId, reviewIds))
      .groupBy(fieldReviewScorers.reviewId),
    db
      .select({ id: fieldReviewSheets.reviewId, n: count() })
      .from(fieldReviewSheets)
      .where(inArray(fieldReviewSheets.reviewId, reviewIds))
      .groupBy(fieldReviewSheets.reviewId),
  ]);
  for (const id of reviewIds) {
    const s = stops.find((r) => r.id === id);
    map.set(id, {
      projectCount: s?.n ?? 0,
      firstVisit: s?.first ?? null,
      lastVisit: s?.last ?? null,
      scorerCount: scorers.find((r) => r.id === id)?.n ?? 0,
      sheetsSubmitted: sheets.find((r) => r.id === id)?.n ?? 0,
    });
  }
  return map;
}

/** The given projects that exist and are not deleted, marking those inside `scope`. */
export async function routeProjects(
  db: Executor,
  ids: string[],
  scope: ProjectScope,
): Promise<{ id: string; visible: boolean }[]> {
  if (ids.length === 0) return [];
  const live = and(inArray(projects.id, ids), isNull(projects.deletedAt));
  const [all, visible] = await Promise.all([
    db.select({ id: projects.id }).from(projects).where(live),
    db
      .select({ id: projects.id })
      .from(projects)
      .where(and(live, scopeCondition(scope))),
  ]);
  const seen = new Set(visible.map((r) => r.id));
  return all.map((r) => ({ id: r.id, visible: seen.has(r.id) }));
}

/** The subset of `ids` that are active accounts holding `permission` through one of their roles. */
export async function activeUsersWithPermission(
  db: Executor,
  ids: string[],
  permission: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(
      and(inArray(users.id, ids), eq(users.isActive, true), eq(rolePermissions.permissionCode, permission)),
    );
  return new Set(rows.map((r) => r.id));
}

export async function insertReview(tx: Executor, values: ReviewInsert): Promise<string> {
  const [row] = await tx.insert(fieldReviews).values(values).returning({ id: fieldReviews.id });
  return row!.id;
}

/** An update under optimistic locking, only while the tour is open: false when either no longer holds. */
export async function updateReview(
  tx: Executor,
  id: string,
  version: number,
  set: Partial<ReviewInsert> & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(fieldReviews)
    .set({ ...set, version: sql`${fieldReviews.version} + 1` })
    .where(and(eq(fieldReviews.id, id), eq(fieldReviews.version, version), eq(fieldReviews.status, 'open')))
    .returning({ id: fieldReviews.id });
  return rows.length === 1;
}

/** Closes an open tour; false when it was already closed (or the version moved on, when one is given). */
export async function closeReview(
  tx: Executor,
  id: string,
  by: string,
  at: Date,
  version?: number,
): Promise<boolean> {
  const rows = await tx
    .update(fieldReviews)
    .set({
      status: 'closed',
      closedAt: at,
      closedBy: by,
      updatedAt: at,
      version: sql`${fieldReviews.version} + 1`,
    })
    .where(
      and(
        eq(fieldReviews.id, id),
        eq(fieldReviews.status, 'open'),
        version === undefined ? undefined : eq(fieldReviews.version, version),
      ),
    )
    .returning({ id: fieldReviews.id });
  return rows.length === 1;
}

/**
 * Makes the route what `route` says, in its order. Stops that stay keep their sheets; a stop taken off the route
 * takes its sheets with it (ON DELETE CASCADE).
 */
export async function syncStops(
  tx: Executor,
  reviewId: string,
  route: readonly { projectId: string; visitDate: string }[],
): Promise<void> {
  const ids = route.map((s) => s.projectId);
  await tx
    .delete(fieldReviewStops)
    .where(and(eq(fieldReviewStops.reviewId, reviewId), notInArray(fieldReviewStops.projectId, ids)));
  for (const [sort, stop] of route.entries()) {
    await tx
      .insert(fieldReviewStops)
      .values({ reviewId, projectId: stop.projectId, visitDate: stop.visitDate, sort })
      .onConflictDoUpdate({
        target: [fieldReviewStops.reviewId, fieldReviewStops.projectId],
        set: { visitDate: stop.visitDate, sort },
      });
  }
}

/** Makes the panel `userIds`, in order; a scorer taken off takes his sheets with him (ON DELETE CASCADE). */
export async function syncScorers(tx: Executor, reviewId: string, userIds: readonly string[]): Promise<void> {
  await tx
    .delete(fieldReviewScorers)
    .where(
      and(eq(fieldReviewScorers.reviewId, reviewId), notInArray(fieldReviewScorers.userId, [...userIds])),
    );
  for (const [sort, userId] of userIds.entries()) {
    await tx
      .insert(fieldReviewScorers)
      .values({ reviewId, userId, sort })
      .onConflictDoUpdate({
        target: [fieldReviewScorers.reviewId, fieldReviewScorers.userId],
        set: { sort },
      });
  }
}

/** Stores a scorer's sheet for a project, replacing the one he sent before. */
export async function upsertSheet(tx: Executor, values: typeof fieldReviewSheets.$inferInsert) {
  await tx
    .insert(fieldReviewSheets)
    .values(values)
    .onConflictDoUpdate({
      target: [fieldReviewSheets.reviewId, fieldReviewSheets.projectId, fieldReviewSheets.scorerId],
      set: { scores: values.scores, submittedAt: values.submittedAt },
    });
}

export async function getSheet(
  db: Executor,
  reviewId: string,
  projectId: string,
  scorerId: string,
): Promise<SheetRow | undefined> {
  const [row] = await db
    .select()
    .from(fieldReviewSheets)
    .where(
      and(
        eq(fieldReviewSheets.reviewId, reviewId),
        eq(fieldReviewSheets.projectId, projectId),
        eq(fieldReviewSheets.scorerId, scorerId),
      ),
    );
  return row;
}

export async function insertAmendment(
  tx: Executor,
  values: typeof fieldReviewAmendments.$inferInsert,
): Promise<number> {
  const [row] = await tx
    .insert(fieldReviewAmendments)
    .values(values)
    .returning({ id: fieldReviewAmendments.id });
  return row!.id;
}
