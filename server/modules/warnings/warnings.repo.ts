import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  annualPlans,
  appSettings,
  coordinationItems,
  milestones,
  notifications,
  organizations,
  progressReports,
  projects,
  projectWarnings,
  users,
  warningJudgements,
} from '../../db/schema.ts';

/**
 * Projects whose light is out of date: never computed, computed before today (time-driven rules such as an
 * overdue milestone change by the day), or older than a change to any of their inputs.
 */
export async function findStaleProjectIds(db: Executor, startOfToday: Date): Promise<string[]> {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .leftJoin(projectWarnings, eq(projectWarnings.projectId, projects.id))
    .where(
      and(
        isNull(projects.deletedAt),
        sql`(
          ${projectWarnings.projectId} is null
          or ${projectWarnings.computedAt} < ${startOfToday.toISOString()}::timestamptz
          or ${projectWarnings.computedAt} < ${projects.updatedAt}
          or ${projectWarnings.computedAt} < (select max(greatest(r.submitted_at, coalesce(r.reviewed_at, r.submitted_at))) from progress_reports r where r.project_id = ${projects.id})
          or ${projectWarnings.computedAt} < (select max(m.updated_at) from milestones m where m.project_id = ${projects.id})
          or ${projectWarnings.computedAt} < (select max(c.updated_at) from coordination_items c where c.project_id = ${projects.id})
          or ${projectWarnings.computedAt} < (select max(a.updated_at) from annual_plans a where a.project_id = ${projects.id})
        )`,
      ),
    );
  return rows.map((r) => r.id);
}

export async function findAllLiveProjectIds(db: Executor): Promise<string[]> {
  const rows = await db.select({ id: projects.id }).from(projects).where(isNull(projects.deletedAt));
  return rows.map((r) => r.id);
}

export async function loadProjects(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      id: projects.id,
      name: projects.name,
      stage: projects.stage,
      totalInvestment: projects.totalInvestment,
      plannedStart: projects.plannedStart,
      plannedCompletion: projects.plannedCompletion,
      actualStart: projects.actualStart,
      chiefUserId: projects.chiefUserId,
      ownerOrgId: projects.ownerOrgId,
      leadDepartmentId: projects.leadDepartmentId,
    })
    .from(projects)
    .where(inArray(projects.id, ids));
}

export async function loadAnnualPlans(db: Executor, ids: string[], year: number) {
  if (!ids.length) return [];
  return db
    .select()
    .from(annualPlans)
    .where(and(inArray(annualPlans.projectId, ids), eq(annualPlans.year, year)));
}

export async function loadReports(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      projectId: progressReports.projectId,
      month: progressReports.month,
      status: progressReports.status,
      investmentThisMonth: progressReports.investmentThisMonth,
      physicalProgress: progressReports.physicalProgress,
    })
    .from(progressReports)
    .where(inArray(progressReports.projectId, ids));
}

export async function loadOpenMilestones(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ projectId: milestones.projectId, plannedDate: milestones.plannedDate })
    .from(milestones)
    .where(
      and(
        inArray(milestones.projectId, ids),
        isNull(milestones.deletedAt),
        sql`${milestones.status} not in ('done', 'cancelled')`,
      ),
    );
}

export async function loadOverdueItemCounts(db: Executor, ids: string[], today: string) {
  if (!ids.length) return [];
  return db
    .select({ projectId: coordinationItems.projectId, n: count() })
    .from(coordinationItems)
    .where(
      and(
        inArray(coordinationItems.projectId, ids),
        sql`${coordinationItems.status} in ('pending', 'in_progress')`,
        sql`${coordinationItems.deadline} < ${today}`,
      ),
    )
    .groupBy(coordinationItems.projectId);
}

export async function getWarningRows(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select().from(projectWarnings).where(inArray(projectWarnings.projectId, ids));
}

export async function upsertWarning(db: Executor, values: typeof projectWarnings.$inferInsert) {
  await db
    .insert(projectWarnings)
    .values(values)
    .onConflictDoUpdate({
      target: projectWarnings.projectId,
      set: {
        color: values.color,
        reasons: values.reasons,
        presetCode: values.presetCode,
        earnedValue: values.earnedValue,
        computedAt: values.computedAt,
      },
    });
}

/** The people responsible for a project: its chief and the users of its owner and lead department. */
export async function findResponsibleUserIds(
  db: Executor,
  project: { chiefUserId: string | null; ownerOrgId: string; leadDepartmentId: string | null },
) {
  const orgIds = [project.ownerOrgId, project.leadDepartmentId].filter((x): x is string => Boolean(x));
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isActive, true), inArray(users.organizationId, orgIds)));
  const ids = new Set(rows.map((r) => r.id));
  if (project.chiefUserId) ids.add(project.chiefUserId);
  return [...ids];
}

export async function insertNotifications(db: Executor, values: (typeof notifications.$inferInsert)[]) {
  if (values.length) await db.insert(notifications).values(values);
}

export async function findWarningList(db: Executor, where: SQL | undefined, limit: number, offset: number) {
  return db
    .select({
      w: projectWarnings,
      projectName: projects.name,
      stage: projects.stage,
      keyLevel: projects.keyLevel,
      ownerOrgName: organizations.name,
      chiefName: users.displayName,
    })
    .from(projectWarnings)
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .leftJoin(organizations, eq(organizations.id, projects.ownerOrgId))
    .leftJoin(users, eq(users.id, projects.chiefUserId))
    .where(where)
    .orderBy(
      sql`case ${projectWarnings.color} when 'red' then 0 when 'yellow' then 1 else 2 end`,
      projects.name,
    )
    .limit(limit)
    .offset(offset);
}

export async function countByColor(db: Executor, where: SQL | undefined) {
  return db
    .select({ color: projectWarnings.color, n: count() })
    .from(projectWarnings)
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .where(where)
    .groupBy(projectWarnings.color);
}

export async function findJudgements(db: Executor, projectIds: string[]) {
  if (!projectIds.length) return [];
  const rows = await db
    .select({ j: warningJudgements, actorName: users.displayName })
    .from(warningJudgements)
    .leftJoin(users, eq(users.id, warningJudgements.actorId))
    .where(inArray(warningJudgements.projectId, projectIds))
    .orderBy(desc(warningJudgements.judgedOn), desc(warningJudgements.createdAt));
  return rows.map((r) => ({
    projectId: r.j.projectId,
    id: r.j.id,
    confidence: r.j.confidence,
    reason: r.j.reason,
    judgedOn: r.j.judgedOn,
    actorName: r.actorName,
    createdAt: r.j.createdAt.toISOString(),
  }));
}

export async function insertJudgement(db: Executor, values: typeof warningJudgements.$inferInsert) {
  const [row] = await db.insert(warningJudgements).values(values).returning({ id: warningJudgements.id });
  return row!.id;
}

export async function getSetting(db: Executor, key: string) {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row;
}

export async function saveSetting(
  db: Executor,
  key: string,
  value: unknown,
  version: number,
  actorId: string,
) {
  if (version === 0) {
    const rows = await db
      .insert(appSettings)
      .values({ key, value, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ key: appSettings.key });
    return rows.length > 0;
  }
  const rows = await db
    .update(appSettings)
    .set({ value, version: sql`${appSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(appSettings.key, key), eq(appSettings.version, version)))
    .returning({ key: appSettings.key });
  return rows.length > 0;
}

/** Writes a plain setting, last writer wins (the settings record that carries it is version-checked). */
export async function putSetting(db: Executor, key: string, value: unknown, actorId: string) {
  await db
    .insert(appSettings)
    .values({ key, value, updatedBy: actorId })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value, version: sql`${appSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId },
    });
}
