import { and, asc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { ProjectMilestone } from '#domain/timeline.ts';
import type { Executor } from '../../db/client.ts';
import { projectStageHistory, projects, timelineEvents, users } from '../../db/schema.ts';

export type TimelineEventRow = typeof timelineEvents.$inferSelect & { createdByName: string | null };

function selectEvents(db: Executor) {
  return db
    .select({ e: timelineEvents, createdByName: users.displayName })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.createdBy));
}

export async function findEvents(db: Executor): Promise<TimelineEventRow[]> {
  const rows = await selectEvents(db).orderBy(asc(timelineEvents.eventDate), asc(timelineEvents.createdAt));
  return rows.map((r) => ({ ...r.e, createdByName: r.createdByName }));
}

export async function getEvent(db: Executor, id: string): Promise<TimelineEventRow | undefined> {
  const [row] = await selectEvents(db).where(eq(timelineEvents.id, id)).limit(1);
  return row ? { ...row.e, createdByName: row.createdByName } : undefined;
}

export type TimelineEventInsert = typeof timelineEvents.$inferInsert;

export async function insertEvent(db: Executor, values: TimelineEventInsert): Promise<string> {
  const [row] = await db.insert(timelineEvents).values(values).returning({ id: timelineEvents.id });
  return row!.id;
}

/** Optimistic locking: changes the row only if it is still at `version`. */
export async function updateEvent(
  db: Executor,
  id: string,
  version: number,
  values: Partial<TimelineEventInsert>,
): Promise<boolean> {
  const rows = await db
    .update(timelineEvents)
    .set({ ...values, version: sql`${timelineEvents.version} + 1`, updatedAt: new Date() })
    .where(and(eq(timelineEvents.id, id), eq(timelineEvents.version, version)))
    .returning({ id: timelineEvents.id });
  return rows.length > 0;
}

export async function deleteEvent(db: Executor, id: string, version: number): Promise<boolean> {
  const rows = await db
    .delete(timelineEvents)
    .where(and(eq(timelineEvents.id, id), eq(timelineEvents.version, version)))
    .returning({ id: timelineEvents.id });
  return rows.length > 0;
}

/** Live projects among `ids` that `visible` (scope, not deleted) lets the reader see. */
export async function findProjectsByIds(db: Executor, ids: string[], visible: SQL | undefined) {
  if (ids.length === 0) return [];
  return db
    .select({ id: projects.id, name: projects.name, totalInvestment: projects.totalInvestment })
    .from(projects)
    .where(and(inArray(projects.id, ids), visible));
}

const projectColumns = { id: projects.id, name: projects.name, totalInvestment: projects.totalInvestment };

/**
 * The visible projects' own milestones: 开工 (actual start, set by the start report or the move into
 * construction), 竣工 (actual completion) and 投产 (the first move into operation in the stage history).
 */
export async function findProjectMilestones(
  db: Executor,
  visible: SQL | undefined,
): Promise<ProjectMilestone[]> {
  const [starts, completions, operations] = await Promise.all([
    db
      .select({ ...projectColumns, date: projects.actualStart })
      .from(projects)
      .where(and(visible, isNotNull(projects.actualStart))),
    db
      .select({ ...projectColumns, date: projects.actualCompletion })
      .from(projects)
      .where(and(visible, isNotNull(projects.actualCompletion))),
    db
      .select({ ...projectColumns, date: sql<string>`min(${projectStageHistory.movedOn})::text` })
      .from(projects)
      .innerJoin(
        projectStageHistory,
        and(
          eq(projectStageHistory.projectId, projects.id),
          eq(projectStageHistory.toStage, 'in_operation'),
          inArray(projectStageHistory.direction, ['initial', 'forward']),
        ),
      )
      .where(visible)
      .groupBy(projects.id),
  ]);
  return [
    ...starts.map((r) => ({ ...r, date: r.date!, kind: 'start' as const })),
    ...completions.map((r) => ({ ...r, date: r.date!, kind: 'completion' as const })),
    ...operations.map((r) => ({ ...r, kind: 'operation' as const })),
  ];
}
