import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { LifecycleStage } from '#domain/codelists.ts';
import type { ChiefRole, Inspection, InspectionPhoto, ProjectTask } from '#domain/schemas/inspections.ts';
import type { PhotoMimeType } from '#domain/schemas/progress-reports.ts';
import type { Executor } from '../../db/client.ts';
import {
  coordinationItems,
  inspectionFindings,
  inspectionPhotos,
  inspections,
  notifications,
  organizations,
  projectChiefAssignments,
  projectChiefStaff,
  projects,
  projectTasks,
  rolePermissions,
  userRoles,
  users,
} from '../../db/schema.ts';

export type InspectionRow = typeof inspections.$inferSelect;
export type InspectionInsert = typeof inspections.$inferInsert;
export type PhotoRow = typeof inspectionPhotos.$inferSelect;
export type PhotoInsert = typeof inspectionPhotos.$inferInsert;
export type TaskInsert = typeof projectTasks.$inferInsert;
export type StaffRow = typeof projectChiefStaff.$inferSelect;

/** 'YYYY-MM' (API) ↔ 'YYYY-MM-01' (the date column), as for monthly reports. */
export const monthToDate = (month: string) => `${month}-01`;
export const dateToMonth = (date: string) => date.slice(0, 7);

const creator = alias(users, 'creator');
const chief = alias(users, 'chief');
const ownerUser = alias(users, 'owner_user');

// ---------------------------------------------------------------------------------------------- projects, staff

export type ProjectBrief = {
  id: string;
  name: string;
  code: string | null;
  stage: string;
  chiefUserId: string | null;
  version: number;
  deletedAt: Date | null;
};

export async function getProjectBrief(db: Executor, id: string): Promise<ProjectBrief | undefined> {
  const [row] = await db
    .select({
      id: projects.id,
      name: projects.name,
      code: projects.code,
      stage: projects.stage,
      chiefUserId: projects.chiefUserId,
      version: projects.version,
      deletedAt: projects.deletedAt,
    })
    .from(projects)
    .where(eq(projects.id, id));
  return row;
}

/** Serialises inspections of one project: the one-per-month check and the insert happen under this lock. */
export async function lockProject(tx: Executor, projectId: string): Promise<void> {
  await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for('update');
}

/** The user's role on the project's chief team, or null: chief first (a deputy made chief by the ledger is chief). */
export async function chiefRoleOf(
  db: Executor,
  projectId: string,
  userId: string,
): Promise<ChiefRole | null> {
  const [row] = await db
    .select({ chiefUserId: projects.chiefUserId, staffRole: projectChiefStaff.role })
    .from(projects)
    .leftJoin(
      projectChiefStaff,
      and(eq(projectChiefStaff.projectId, projects.id), eq(projectChiefStaff.userId, userId)),
    )
    .where(eq(projects.id, projectId));
  if (!row) return null;
  if (row.chiefUserId === userId) return 'chief';
  return row.staffRole ?? null;
}

/** Active users with their role codes, for the checks of an assignment. */
export async function usersWithRoles(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id, isActive: users.isActive, roleCode: userRoles.roleCode })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(inArray(users.id, ids));
  const byId = new Map<string, { id: string; isActive: boolean; roles: string[] }>();
  for (const r of rows) {
    const user = byId.get(r.id) ?? { id: r.id, isActive: r.isActive, roles: [] };
    if (r.roleCode) user.roles.push(r.roleCode);
    byId.set(r.id, user);
  }
  return [...byId.values()];
}

/** Which of the given users hold a permission through any of their roles, active accounts only. */
export async function usersHoldingPermission(db: Executor, ids: string[], permission: string) {
  if (ids.length === 0) return new Set<string>();
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

/** Every active user holding a permission, whatever their organisation (leaders often have none). */
export async function allUsersHoldingPermission(db: Executor, permission: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(and(eq(users.isActive, true), eq(rolePermissions.permissionCode, permission)));
  return rows.map((r) => r.id);
}

export async function findStaff(db: Executor, projectId: string) {
  return db
    .select({
      userId: projectChiefStaff.userId,
      role: projectChiefStaff.role,
      assignedOn: projectChiefStaff.assignedOn,
      displayName: users.displayName,
      organizationName: organizations.name,
    })
    .from(projectChiefStaff)
    .innerJoin(users, eq(users.id, projectChiefStaff.userId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(projectChiefStaff.projectId, projectId))
    .orderBy(asc(projectChiefStaff.assignedOn), asc(users.displayName));
}

/** The project's chief with the date of his assignment (null when the assignment is someone else's: never). */
export async function findChief(db: Executor, projectId: string) {
  const [row] = await db
    .select({
      userId: users.id,
      displayName: users.displayName,
      organizationName: organizations.name,
      assignedOn: projectChiefAssignments.assignedOn,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.chiefUserId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(
      projectChiefAssignments,
      and(
        eq(projectChiefAssignments.projectId, projects.id),
        eq(projectChiefAssignments.chiefUserId, projects.chiefUserId),
      ),
    )
    .where(eq(projects.id, projectId));
  return row;
}

export async function deleteStaff(tx: Executor, projectId: string, userIds: string[]) {
  if (userIds.length === 0) return;
  await tx
    .delete(projectChiefStaff)
    .where(and(eq(projectChiefStaff.projectId, projectId), inArray(projectChiefStaff.userId, userIds)));
}

export async function upsertStaff(tx: Executor, rows: (typeof projectChiefStaff.$inferInsert)[]) {
  if (rows.length === 0) return;
  await tx
    .insert(projectChiefStaff)
    .values(rows)
    .onConflictDoUpdate({
      target: [projectChiefStaff.projectId, projectChiefStaff.userId],
      set: {
        role: sql`excluded.role`,
        assignedOn: sql`excluded.assigned_on`,
        assignedBy: sql`excluded.assigned_by`,
      },
    });
}

/** Dates the current chief's assignment from the application's clock (the trigger used the database's day). */
export async function dateAssignment(
  tx: Executor,
  projectId: string,
  chiefUserId: string,
  assignedOn: string,
  assignedBy: string,
) {
  await tx
    .insert(projectChiefAssignments)
    .values({ projectId, chiefUserId, assignedOn, assignedBy })
    .onConflictDoUpdate({
      target: projectChiefAssignments.projectId,
      set: { chiefUserId, assignedOn, assignedBy },
    });
}

export async function setChief(
  tx: Executor,
  projectId: string,
  version: number,
  chiefUserId: string,
  actorId: string,
): Promise<number | null> {
  const [row] = await tx
    .update(projects)
    .set({ chiefUserId, updatedBy: actorId, updatedAt: new Date(), version: sql`${projects.version} + 1` })
    .where(and(eq(projects.id, projectId), eq(projects.version, version)))
    .returning({ version: projects.version });
  return row?.version ?? null;
}

// --------------------------------------------------------------------------------------------------- workspace

/** Live projects on which the user is chief, deputy or liaison, with what the workspace shows of each. */
export async function findTeamProjects(db: Executor, userId: string) {
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      code: projects.code,
      stage: projects.stage,
      chiefUserId: projects.chiefUserId,
      chiefName: chief.displayName,
      chiefAssignedOn: projectChiefAssignments.assignedOn,
      staffRole: projectChiefStaff.role,
    })
    .from(projects)
    .leftJoin(
      projectChiefStaff,
      and(eq(projectChiefStaff.projectId, projects.id), eq(projectChiefStaff.userId, userId)),
    )
    .leftJoin(chief, eq(chief.id, projects.chiefUserId))
    .leftJoin(
      projectChiefAssignments,
      and(
        eq(projectChiefAssignments.projectId, projects.id),
        eq(projectChiefAssignments.chiefUserId, projects.chiefUserId),
      ),
    )
    .where(
      and(
        isNull(projects.deletedAt),
        or(eq(projects.chiefUserId, userId), isNotNull(projectChiefStaff.userId)),
      ),
    )
    .orderBy(asc(projects.name), asc(projects.id));
  return rows.map((r) => ({
    ...r,
    stage: r.stage as LifecycleStage,
    role: (r.chiefUserId === userId ? 'chief' : r.staffRole) as ChiefRole,
  }));
}

/** Inspection dates of the projects up to `until` (a held date is never in the future). */
export async function findInspectionDates(db: Executor, projectIds: string[], until: string) {
  if (projectIds.length === 0) return [];
  return db
    .select({ id: inspections.id, projectId: inspections.projectId, inspectedOn: inspections.inspectedOn })
    .from(inspections)
    .where(and(inArray(inspections.projectId, projectIds), sql`${inspections.inspectedOn} <= ${until}`))
    .orderBy(asc(inspections.inspectedOn));
}

/** Open tasks of the projects, for the counts and the calendar. */
export async function findOpenTasks(db: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .select({
      id: projectTasks.id,
      projectId: projectTasks.projectId,
      title: projectTasks.title,
      deadline: projectTasks.deadline,
    })
    .from(projectTasks)
    .where(and(inArray(projectTasks.projectId, projectIds), eq(projectTasks.status, 'open')))
    .orderBy(asc(projectTasks.deadline));
}

// ------------------------------------------------------------------------------------------------- inspections

export async function findInspectionByMonth(db: Executor, projectId: string, month: string) {
  const [row] = await db
    .select({ id: inspections.id })
    .from(inspections)
    .where(and(eq(inspections.projectId, projectId), eq(inspections.month, monthToDate(month))));
  return row;
}

export async function insertInspection(tx: Executor, values: InspectionInsert): Promise<string> {
  const [row] = await tx.insert(inspections).values(values).returning({ id: inspections.id });
  return row!.id;
}

export async function getInspectionRow(db: Executor, id: string): Promise<InspectionRow | undefined> {
  const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
  return row;
}

/** Optimistic locking: false when the version moved on since the caller read it. */
export async function updateInspection(
  tx: Executor,
  id: string,
  version: number,
  set: Partial<InspectionInsert> & { updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(inspections)
    .set({ ...set, version: sql`${inspections.version} + 1` })
    .where(and(eq(inspections.id, id), eq(inspections.version, version)))
    .returning({ id: inspections.id });
  return rows.length === 1;
}

export async function replaceFindings(
  tx: Executor,
  inspectionId: string,
  findings: { category: (typeof inspectionFindings.$inferInsert)['category']; text: string }[],
) {
  await tx.delete(inspectionFindings).where(eq(inspectionFindings.inspectionId, inspectionId));
  if (findings.length === 0) return;
  await tx
    .insert(inspectionFindings)
    .values(findings.map((f, sort) => ({ inspectionId, category: f.category, text: f.text, sort })));
}

export async function findFindings(db: Executor, inspectionId: string) {
  return db
    .select({
      id: inspectionFindings.id,
      category: inspectionFindings.category,
      text: inspectionFindings.text,
    })
    .from(inspectionFindings)
    .where(eq(inspectionFindings.inspectionId, inspectionId))
    .orderBy(asc(inspectionFindings.sort), asc(inspectionFindings.id));
}

const countOf = (table: SQL) => sql<number>`(select count(*)::int from ${table})`;

function selectInspections(db: Executor) {
  return db
    .select({
      i: inspections,
      projectName: projects.name,
      createdByName: creator.displayName,
      findingsCount: countOf(
        sql`${inspectionFindings} where ${inspectionFindings.inspectionId} = ${inspections.id}`,
      ),
      photosCount: countOf(
        sql`${inspectionPhotos} where ${inspectionPhotos.inspectionId} = ${inspections.id} and ${inspectionPhotos.deletedAt} is null`,
      ),
      // The source reference is text (it also names reports and meetings): compare it with the id as text.
      coordinationItemsCount: countOf(
        sql`${coordinationItems} where ${coordinationItems.source} = 'inspection' and ${coordinationItems.sourceRef} = ${inspections.id}::text`,
      ),
      tasksCount: countOf(
        sql`${projectTasks} where ${projectTasks.source} = 'inspection' and ${projectTasks.sourceRef} = ${inspections.id}::text`,
      ),
    })
    .from(inspections)
    .innerJoin(projects, eq(projects.id, inspections.projectId))
    .leftJoin(creator, eq(creator.id, inspections.createdBy));
}

type InspectionViewRow = Awaited<ReturnType<ReturnType<typeof selectInspections>['execute']>>[number];

function toInspection(r: InspectionViewRow): Inspection {
  const i = r.i;
  return {
    id: i.id,
    projectId: i.projectId,
    projectName: r.projectName,
    month: dateToMonth(i.month),
    inspectedOn: i.inspectedOn,
    method: i.method,
    participants: i.participants,
    summary: i.summary,
    findingsCount: Number(r.findingsCount),
    photosCount: Number(r.photosCount),
    coordinationItemsCount: Number(r.coordinationItemsCount),
    tasksCount: Number(r.tasksCount),
    createdBy: i.createdBy,
    createdByName: r.createdByName,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    version: i.version,
  };
}

export async function findInspections(db: Executor, projectId: string): Promise<Inspection[]> {
  const rows = await selectInspections(db)
    .where(eq(inspections.projectId, projectId))
    .orderBy(desc(inspections.month));
  return rows.map(toInspection);
}

export async function getInspection(db: Executor, id: string): Promise<Inspection | undefined> {
  const [row] = await selectInspections(db).where(eq(inspections.id, id));
  return row ? toInspection(row) : undefined;
}

/** Coordination items an inspection raised. */
export async function findRaisedItems(db: Executor, inspectionId: string) {
  return db
    .select({
      id: coordinationItems.id,
      title: coordinationItems.title,
      category: coordinationItems.category,
      status: coordinationItems.status,
      deadline: coordinationItems.deadline,
    })
    .from(coordinationItems)
    .where(and(eq(coordinationItems.source, 'inspection'), eq(coordinationItems.sourceRef, inspectionId)))
    .orderBy(asc(coordinationItems.raisedAt), asc(coordinationItems.id));
}

// ------------------------------------------------------------------------------------------------------ photos

export function toPhoto(p: PhotoRow): InspectionPhoto {
  const base = `/api/inspections/${p.inspectionId}/photos/${p.id}`;
  return {
    id: p.id,
    inspectionId: p.inspectionId,
    originalName: p.originalName,
    mimeType: p.mimeType as PhotoMimeType,
    sizeBytes: p.sizeBytes,
    width: p.width,
    height: p.height,
    takenAt: p.takenAt?.toISOString() ?? null,
    latitude: p.latitude,
    longitude: p.longitude,
    url: base,
    thumbnailUrl: p.thumbnailKey ? `${base}/thumbnail` : null,
    uploadedBy: p.uploadedBy,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function findPhotos(db: Executor, inspectionId: string): Promise<PhotoRow[]> {
  return db
    .select()
    .from(inspectionPhotos)
    .where(and(eq(inspectionPhotos.inspectionId, inspectionId), isNull(inspectionPhotos.deletedAt)))
    .orderBy(asc(inspectionPhotos.createdAt), asc(inspectionPhotos.id));
}

export async function getPhoto(db: Executor, inspectionId: string, photoId: string) {
  const [row] = await db
    .select()
    .from(inspectionPhotos)
    .where(
      and(
        eq(inspectionPhotos.id, photoId),
        eq(inspectionPhotos.inspectionId, inspectionId),
        isNull(inspectionPhotos.deletedAt),
      ),
    );
  return row;
}

export async function insertPhotos(tx: Executor, values: PhotoInsert[]): Promise<PhotoRow[]> {
  if (values.length === 0) return [];
  return tx.insert(inspectionPhotos).values(values).returning();
}

/** Photos are withdrawn, not erased: the audit trail refers to the file. */
export async function withdrawPhoto(tx: Executor, photoId: string): Promise<boolean> {
  const rows = await tx
    .update(inspectionPhotos)
    .set({ deletedAt: new Date() })
    .where(and(eq(inspectionPhotos.id, photoId), isNull(inspectionPhotos.deletedAt)))
    .returning({ id: inspectionPhotos.id });
  return rows.length > 0;
}

// ------------------------------------------------------------------------------------------------------- tasks

export async function organizationById(db: Executor, id: string) {
  const [row] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row;
}

export async function getUserName(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return row?.name;
}

export async function userById(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id, organizationId: users.organizationId, isActive: users.isActive })
    .from(users)
    .where(eq(users.id, id));
  return row;
}

export async function insertTask(tx: Executor, values: TaskInsert): Promise<string> {
  const [row] = await tx.insert(projectTasks).values(values).returning({ id: projectTasks.id });
  return row!.id;
}

function selectTasks(db: Executor) {
  return db
    .select({
      t: projectTasks,
      projectName: projects.name,
      ownerOrgName: organizations.name,
      ownerUserName: ownerUser.displayName,
    })
    .from(projectTasks)
    .innerJoin(projects, eq(projects.id, projectTasks.projectId))
    .innerJoin(organizations, eq(organizations.id, projectTasks.ownerOrgId))
    .leftJoin(ownerUser, eq(ownerUser.id, projectTasks.ownerUserId));
}

type TaskViewRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

function toTask(r: TaskViewRow, today: string): ProjectTask {
  const t = r.t;
  return {
    id: t.id,
    projectId: t.projectId,
    projectName: r.projectName,
    title: t.title,
    description: t.description,
    ownerOrgId: t.ownerOrgId,
    ownerOrgName: r.ownerOrgName,
    ownerUserId: t.ownerUserId,
    ownerUserName: r.ownerUserName,
    deadline: t.deadline,
    status: t.status,
    overdue: t.status === 'open' && t.deadline < today,
    source: t.source,
    sourceRef: t.sourceRef,
    closedAt: t.closedAt?.toISOString() ?? null,
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
  };
}

/** Open tasks first by nearest deadline, then closed ones. */
export async function findTasks(db: Executor, where: SQL, today: string): Promise<ProjectTask[]> {
  const rows = await selectTasks(db)
    .where(where)
    .orderBy(
      sql`case when ${projectTasks.status} = 'open' then 0 else 1 end`,
      asc(projectTasks.deadline),
      asc(projectTasks.createdAt),
      asc(projectTasks.id),
    );
  return rows.map((r) => toTask(r, today));
}

export const tasksOfProject = (projectId: string) => eq(projectTasks.projectId, projectId);
export const tasksOfInspection = (inspectionId: string) =>
  and(eq(projectTasks.source, 'inspection'), eq(projectTasks.sourceRef, inspectionId))!;

export async function getTask(db: Executor, id: string, today: string): Promise<ProjectTask | undefined> {
  const [row] = await selectTasks(db).where(eq(projectTasks.id, id));
  return row ? toTask(row, today) : undefined;
}

export async function updateTaskStatus(
  tx: Executor,
  id: string,
  version: number,
  set: { status: ProjectTask['status']; closedAt: Date | null; updatedAt: Date },
): Promise<boolean> {
  const rows = await tx
    .update(projectTasks)
    .set({ ...set, version: sql`${projectTasks.version} + 1` })
    .where(and(eq(projectTasks.id, id), eq(projectTasks.version, version)))
    .returning({ id: projectTasks.id });
  return rows.length === 1;
}

// ----------------------------------------------------------------------------------------- missing inspections

/**
 * Live projects with a chief dated on or before `assignedBy`, with whether the month had an inspection.
 * `memberId` narrows them to the projects on whose team that user is.
 */
export async function findChiefProjects(
  db: Executor,
  month: string,
  assignedBy: string,
  memberId: string | null,
) {
  const team = memberId
    ? or(
        eq(projects.chiefUserId, memberId),
        exists(
          db
            .select({ one: sql`1` })
            .from(projectChiefStaff)
            .where(and(eq(projectChiefStaff.projectId, projects.id), eq(projectChiefStaff.userId, memberId))),
        ),
      )
    : undefined;
  return db
    .select({
      projectId: projects.id,
      projectName: projects.name,
      projectCode: projects.code,
      stage: projects.stage,
      chiefUserId: projectChiefAssignments.chiefUserId,
      chiefName: chief.displayName,
      chiefAssignedOn: projectChiefAssignments.assignedOn,
      inspectedOn: inspections.inspectedOn,
    })
    .from(projects)
    .innerJoin(
      projectChiefAssignments,
      and(
        eq(projectChiefAssignments.projectId, projects.id),
        eq(projectChiefAssignments.chiefUserId, projects.chiefUserId),
      ),
    )
    .innerJoin(chief, eq(chief.id, projectChiefAssignments.chiefUserId))
    .leftJoin(
      inspections,
      and(eq(inspections.projectId, projects.id), eq(inspections.month, monthToDate(month))),
    )
    .where(and(isNull(projects.deletedAt), sql`${projectChiefAssignments.assignedOn} <= ${assignedBy}`, team))
    .orderBy(asc(chief.displayName), asc(projects.name), asc(projects.id));
}

/** Arbitrary constant: serialises the flagging runs of several nodes. */
const MISSING_FLAG_LOCK_KEY = 74_210_004;

export async function lockMissingFlags(tx: Executor) {
  await tx.execute(sql`select pg_advisory_xact_lock(${MISSING_FLAG_LOCK_KEY})`);
}

/** Which of the keys ('<projectId>:<YYYY-MM>') were flagged already, to anyone. */
export async function flaggedKeys(db: Executor, entityType: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ key: notifications.entityId })
    .from(notifications)
    .where(and(eq(notifications.entityType, entityType), inArray(notifications.entityId, keys)));
  return new Set(rows.map((r) => r.key).filter((k): k is string => k !== null));
}

// ------------------------------------------------------------------------------- chief teams of many projects

// 市级重点 before 区级重点 before the rest: the codes do not sort in that order.
const keyLevelOrder = sql`case ${projects.keyLevel} when 'municipal' then 0 when 'district' then 1 else 2 end`;

/** A page of projects for the chief-team list: those without a chief first, then by key level and name. */
export async function findTeamProjectPage(
  db: Executor,
  where: SQL | undefined,
  page: { limit: number; offset: number },
) {
  return db
    .select({
      id: projects.id,
      name: projects.name,
      code: projects.code,
      keyLevel: projects.keyLevel,
      stage: projects.stage,
      version: projects.version,
    })
    .from(projects)
    .where(where)
    .orderBy(sql`${projects.chiefUserId} is null desc`, keyLevelOrder, asc(projects.name), asc(projects.id))
    .limit(page.limit)
    .offset(page.offset);
}

/** How many projects match, and how many of them have no chief. */
export async function countTeamProjects(db: Executor, where: SQL | undefined) {
  const [row] = await db
    .select({
      projects: sql<number>`count(*)`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${projects.chiefUserId} is null)`.mapWith(Number),
    })
    .from(projects)
    .where(where);
  return row ?? { projects: 0, unassigned: 0 };
}

/** The chiefs of the given projects with their assignment dates. */
export async function findChiefsOf(db: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .select({
      projectId: projects.id,
      userId: users.id,
      displayName: users.displayName,
      organizationName: organizations.name,
      assignedOn: projectChiefAssignments.assignedOn,
    })
    .from(projects)
    .innerJoin(users, eq(users.id, projects.chiefUserId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(
      projectChiefAssignments,
      and(
        eq(projectChiefAssignments.projectId, projects.id),
        eq(projectChiefAssignments.chiefUserId, projects.chiefUserId),
      ),
    )
    .where(inArray(projects.id, projectIds));
}

/** The deputies and liaisons of the given projects, in the order findStaff gives them. */
export async function findStaffOf(db: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .select({
      projectId: projectChiefStaff.projectId,
      userId: projectChiefStaff.userId,
      role: projectChiefStaff.role,
      assignedOn: projectChiefStaff.assignedOn,
      displayName: users.displayName,
      organizationName: organizations.name,
    })
    .from(projectChiefStaff)
    .innerJoin(users, eq(users.id, projectChiefStaff.userId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(inArray(projectChiefStaff.projectId, projectIds))
    .orderBy(asc(projectChiefStaff.assignedOn), asc(users.displayName));
}

const candidateColumns = {
  id: users.id,
  displayName: users.displayName,
  username: users.username,
  organizationName: organizations.name,
};

/** Active holders of a role, with their organisation, for a picker. */
export async function findActiveUsersWithRole(db: Executor, roleCode: string) {
  return db
    .selectDistinct(candidateColumns)
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.isActive, true), eq(userRoles.roleCode, roleCode)))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** Active holders of a permission through any of their roles, with their organisation, for a picker. */
export async function findActiveUsersHoldingPermission(db: Executor, permission: string) {
  return db
    .selectDistinct(candidateColumns)
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(and(eq(users.isActive, true), eq(rolePermissions.permissionCode, permission)))
    .orderBy(asc(users.displayName), asc(users.id));
}

/** The chief-team list's filter: the ledger's filters and scope, and optionally only projects without a chief. */
export function teamConditions(ledger: SQL | undefined, unassigned: boolean): SQL | undefined {
  return unassigned ? and(ledger, isNull(projects.chiefUserId)) : ledger;
}
