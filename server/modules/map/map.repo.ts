import { and, asc, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { divisions, organizations, projects, projectWarnings } from '../../db/schema.ts';

/**
 * The placed projects among `where` (the ledger's filter and scope), largest investment first, with only the
 * columns a map point carries.
 */
export async function findMapRows(db: Executor, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: projects.id,
      name: projects.name,
      lng: projects.longitude,
      lat: projects.latitude,
      stage: projects.stage,
      color: projectWarnings.color,
      totalInvestment: projects.totalInvestment,
      ownerName: organizations.name,
      divisionCode: projects.divisionCode,
    })
    .from(projects)
    .innerJoin(organizations, eq(organizations.id, projects.ownerOrgId))
    .leftJoin(projectWarnings, eq(projectWarnings.projectId, projects.id))
    .where(and(where, isNotNull(projects.longitude), isNotNull(projects.latitude)))
    .orderBy(desc(projects.totalInvestment), asc(projects.id))
    .limit(limit);
}

/** All matching projects and those of them without coordinates, in one pass. */
export async function countMapProjects(db: Executor, where: SQL | undefined) {
  const [row] = await db
    .select({
      total: count(),
      withoutLocation: sql<number>`(count(*) filter (where ${projects.longitude} is null or ${projects.latitude} is null))::int`,
    })
    .from(projects)
    .where(where);
  return { total: row?.total ?? 0, withoutLocation: row?.withoutLocation ?? 0 };
}

export async function findDivisionNames(db: Executor, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: divisions.code, name: divisions.name })
    .from(divisions)
    .where(inArray(divisions.code, codes));
}
