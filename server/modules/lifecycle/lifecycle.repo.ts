import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { StageTemplate } from '#domain/lifecycle.ts';
import type { Executor } from '../../db/client.ts';
import {
  projectEvents,
  projectStageHistory,
  projectStagePlans,
  projects,
  stageTemplates,
  users,
} from '../../db/schema.ts';

export async function findTemplates(db: Executor) {
  const rows = await db.select().from(stageTemplates).orderBy(asc(stageTemplates.code));
  return rows.map((r) => ({
    template: r.definition as StageTemplate,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function getTemplateRow(db: Executor, code: string) {
  const [row] = await db.select().from(stageTemplates).where(eq(stageTemplates.code, code));
  return row
    ? {
        template: row.definition as StageTemplate,
        version: row.version,
        updatedAt: row.updatedAt.toISOString(),
      }
    : undefined;
}

export async function insertTemplate(db: Executor, template: StageTemplate, actorId: string) {
  await db.insert(stageTemplates).values({ code: template.code, definition: template, updatedBy: actorId });
}

export async function updateTemplate(
  db: Executor,
  template: StageTemplate,
  version: number,
  actorId: string,
) {
  const rows = await db
    .update(stageTemplates)
    .set({
      definition: template,
      version: sql`${stageTemplates.version} + 1`,
      updatedAt: new Date(),
      updatedBy: actorId,
    })
    .where(and(eq(stageTemplates.code, template.code), eq(stageTemplates.version, version)))
    .returning({ code: stageTemplates.code });
  return rows.length > 0;
}

export async function getProjectLifecycleRow(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: projects.id,
      code: projects.code,
      category: projects.category,
      stage: projects.stage,
      version: projects.version,
      stageTemplateCode: projects.stageTemplateCode,
      actualStart: projects.actualStart,
      actualCompletion: projects.actualCompletion,
    })
    .from(projects)
    .where(eq(projects.id, id));
  return row;
}

export async function findHistory(db: Executor, projectId: string) {
  const rows = await db
    .select({ h: projectStageHistory, actorName: users.displayName })
    .from(projectStageHistory)
    .leftJoin(users, eq(users.id, projectStageHistory.actorId))
    .where(eq(projectStageHistory.projectId, projectId))
    .orderBy(asc(projectStageHistory.id));
  return rows.map((r) => ({
    id: r.h.id,
    fromStage: r.h.fromStage,
    toStage: r.h.toStage,
    direction: r.h.direction,
    movedOn: r.h.movedOn,
    reason: r.h.reason,
    records: (r.h.records ?? {}) as Record<string, string>,
    skipped: r.h.skipped,
    actorName: r.actorName,
    createdAt: r.h.createdAt.toISOString(),
  }));
}

export async function insertHistory(db: Executor, values: typeof projectStageHistory.$inferInsert) {
  await db.insert(projectStageHistory).values(values);
}

export async function findStagePlans(db: Executor, projectId: string) {
  return db.select().from(projectStagePlans).where(eq(projectStagePlans.projectId, projectId));
}

export async function replaceStagePlans(
  db: Executor,
  projectId: string,
  plans: (typeof projectStagePlans.$inferInsert)[],
) {
  await db.delete(projectStagePlans).where(eq(projectStagePlans.projectId, projectId));
  if (plans.length) await db.insert(projectStagePlans).values(plans);
}

export async function findEvents(db: Executor, projectId: string) {
  const rows = await db
    .select({ e: projectEvents, actorName: users.displayName })
    .from(projectEvents)
    .leftJoin(users, eq(users.id, projectEvents.actorId))
    .where(eq(projectEvents.projectId, projectId))
    .orderBy(desc(projectEvents.eventDate), desc(projectEvents.id));
  return rows.map((r) => ({
    id: r.e.id,
    kind: r.e.kind,
    eventDate: r.e.eventDate,
    note: r.e.note,
    actorName: r.actorName,
    createdAt: r.e.createdAt.toISOString(),
  }));
}

export async function insertEvent(db: Executor, values: typeof projectEvents.$inferInsert) {
  const [row] = await db.insert(projectEvents).values(values).returning({ id: projectEvents.id });
  return row!.id;
}

/** Moves the project and bumps its version, only if nobody changed it meanwhile. */
export async function setProjectStage(
  db: Executor,
  id: string,
  version: number,
  values: {
    stage?: string;
    stageTemplateCode?: string | null;
    actualStart?: string;
    actualCompletion?: string;
  },
  actorId: string,
) {
  const rows = await db
    .update(projects)
    .set({ ...values, version: sql`${projects.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(projects.id, id), eq(projects.version, version)))
    .returning({ id: projects.id });
  return rows.length > 0;
}

export async function setProjectDates(
  db: Executor,
  id: string,
  values: { actualStart?: string; actualCompletion?: string },
) {
  await db
    .update(projects)
    .set({ ...values, version: sql`${projects.version} + 1`, updatedAt: new Date() })
    .where(eq(projects.id, id));
}
