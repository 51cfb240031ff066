import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { MilestoneStatus } from '#domain/schemas/plans.ts';
import type { Executor } from '../../db/client.ts';
import {
  annualPlans,
  milestones,
  organizations,
  planBaselines,
  progressReports,
  projects,
  users,
} from '../../db/schema.ts';
import { type ProjectScope, scopeCondition } from '../projects/projects.repo.ts';

export type MilestoneRow = {
  id: string;
  projectId: string;
  name: string;
  plannedDate: string;
  actualDate: string | null;
  responsibleOrgId: string | null;
  responsibleOrgName: string | null;
  status: MilestoneStatus;
  sort: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

function selectMilestones(db: Executor) {
  return db
    .select({
      id: milestones.id,
      projectId: milestones.projectId,
      name: milestones.name,
      plannedDate: milestones.plannedDate,
      actualDate: milestones.actualDate,
      responsibleOrgId: milestones.responsibleOrgId,
      responsibleOrgName: organizations.name,
      status: milestones.status,
      sort: milestones.sort,
      version: milestones.version,
      createdAt: milestones.createdAt,
      updatedAt: milestones.updatedAt,
    })
    .from(milestones)
    .leftJoin(organizations, eq(organizations.id, milestones.responsibleOrgId));
}

/** Live milestones of a project in timeline order (planned date, then the manual order, then creation). */
export async function listMilestones(db: Executor, projectId: string): Promise<MilestoneRow[]> {
  return selectMilestones(db)
    .where(and(eq(milestones.projectId, projectId), isNull(milestones.deletedAt)))
    .orderBy(
      asc(milestones.plannedDate),
      asc(milestones.sort),
      asc(milestones.createdAt),
      asc(milestones.id),
    );
}

/** A live (not deleted) milestone, whatever its project; callers check the project's scope. */
export async function getMilestone(db: Executor, id: string): Promise<MilestoneRow | undefined> {
  const [row] = await selectMilestones(db)
    .where(and(eq(milestones.id, id), isNull(milestones.deletedAt)))
    .limit(1);
  return row;
}

export type MilestoneInsert = typeof milestones.$inferInsert;

export async function insertMilestone(db: Executor, values: MilestoneInsert): Promise<string> {
  const [row] = await db.insert(milestones).values(values).returning({ id: milestones.id });
  return row!.id;
}

/** Optimistic locking: the row changes only if nobody changed (or deleted) it since `version` was read. */
export async function updateMilestone(
  db: Executor,
  id: string,
  version: number,
  values: Partial<MilestoneInsert>,
): Promise<boolean> {
  const rows = await db
    .update(milestones)
    .set({ ...values, version: sql`${milestones.version} + 1`, updatedAt: new Date() })
    .where(and(eq(milestones.id, id), eq(milestones.version, version), isNull(milestones.deletedAt)))
    .returning({ id: milestones.id });
  return rows.length > 0;
}

export async function organizationExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, id))
    .limit(1);
  return Boolean(row);
}

function selectBaselines(db: Executor) {
  return db
    .select({
      id: planBaselines.id,
      projectId: planBaselines.projectId,
      year: planBaselines.year,
      note: planBaselines.note,
      approvedBy: planBaselines.approvedBy,
      approvedByName: users.displayName,
      approvedAt: planBaselines.approvedAt,
      snapshot: planBaselines.snapshot,
    })
    .from(planBaselines)
    .leftJoin(users, eq(users.id, planBaselines.approvedBy));
}

export type BaselineRow = Awaited<ReturnType<ReturnType<typeof selectBaselines>['execute']>>[number];

export async function listBaselines(db: Executor, projectId: string): Promise<BaselineRow[]> {
  return selectBaselines(db).where(eq(planBaselines.projectId, projectId)).orderBy(desc(planBaselines.year));
}

export async function getBaseline(
  db: Executor,
  projectId: string,
  year: number,
): Promise<BaselineRow | undefined> {
  const [row] = await selectBaselines(db)
    .where(and(eq(planBaselines.projectId, projectId), eq(planBaselines.year, year)))
    .limit(1);
  return row;
}

/**
 * Inserts the baseline unless the project already has one for that year. ON CONFLICT rather than a prior
 * SELECT alone: two approvals racing for the same year must not both succeed (UNIQUE (project_id, year)).
 */
export async function insertBaselineIfAbsent(
  db: Executor,
  values: typeof planBaselines.$inferInsert,
): Promise<string | undefined> {
  const [row] = await db
    .insert(planBaselines)
    .values(values)
    .onConflictDoNothing({ target: [planBaselines.projectId, planBaselines.year] })
    .returning({ id: planBaselines.id });
  return row?.id;
}

export async function getAnnualPlan(db: Executor, projectId: string, year: number) {
  const [row] = await db
    .select({
      projectId: annualPlans.projectId,
      year: annualPlans.year,
      plannedInvestment: annualPlans.plannedInvestment,
      monthlySchedule: annualPlans.monthlySchedule,
      version: annualPlans.version,
      updatedAt: annualPlans.updatedAt,
      updatedBy: annualPlans.updatedBy,
      updatedByName: users.displayName,
    })
    .from(annualPlans)
    .leftJoin(users, eq(users.id, annualPlans.updatedBy))
    .where(and(eq(annualPlans.projectId, projectId), eq(annualPlans.year, year)))
    .limit(1);
  return row;
}

export type AnnualPlanRow = NonNullable<Awaited<ReturnType<typeof getAnnualPlan>>>;

/** Creates the plan unless a concurrent request created it first (then the caller answers 409). */
export async function insertAnnualPlanIfAbsent(
  db: Executor,
  values: typeof annualPlans.$inferInsert,
): Promise<boolean> {
  const rows = await db
    .insert(annualPlans)
    .values(values)
    .onConflictDoNothing({ target: [annualPlans.projectId, annualPlans.year] })
    .returning({ year: annualPlans.year });
  return rows.length > 0;
}

export async function updateAnnualPlan(
  db: Executor,
  projectId: string,
  year: number,
  version: number,
  values: Partial<typeof annualPlans.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(annualPlans)
    .set({ ...values, version: sql`${annualPlans.version} + 1`, updatedAt: new Date() })
    .where(
      and(eq(annualPlans.projectId, projectId), eq(annualPlans.year, year), eq(annualPlans.version, version)),
    )
    .returning({ year: annualPlans.year });
  return rows.length > 0;
}

/**
 * Investment completed (万元) by the project in the months [from, to] (first days of months), from monthly
 * reports that are submitted or accepted; returned reports await correction and do not count. The table is
 * owned by the progress-reports module: this is a read-only aggregate over it.
 */
export async function sumCompletedInvestment(
  db: Executor,
  projectId: string,
  fromMonth: string,
  toMonth: string,
): Promise<number> {
  const [row] = await db
    .select({
      // numeric sums come back as strings on node-postgres: map to a number here, once.
      total: sql<number>`coalesce(sum(${progressReports.investmentThisMonth}), 0)`.mapWith(Number),
    })
    .from(progressReports)
    .where(
      and(
        eq(progressReports.projectId, projectId),
        gte(progressReports.month, fromMonth),
        lte(progressReports.month, toMonth),
        inArray(progressReports.status, ['submitted', 'accepted']),
      ),
    );
  return row?.total ?? 0;
}

/**
 * The year's annual plans of the live projects in `scope`, each with the investment its submitted or accepted
 * reports give from `fromMonth` to `toMonth` (first days of months) and in `toMonth` alone.
 */
export async function findPlansWithCompletion(
  db: Executor,
  year: number,
  fromMonth: string,
  toMonth: string,
  scope: ProjectScope,
) {
  const reported = db
    .select({
      projectId: progressReports.projectId,
      cumulative: sql<string>`sum(${progressReports.investmentThisMonth})`.as('cumulative'),
      inMonth:
        sql<string>`sum(case when ${progressReports.month} = ${toMonth}::date then ${progressReports.investmentThisMonth} else 0 end)`.as(
          'in_month',
        ),
    })
    .from(progressReports)
    .where(
      and(
        gte(progressReports.month, fromMonth),
        lte(progressReports.month, toMonth),
        inArray(progressReports.status, ['submitted', 'accepted']),
      ),
    )
    .groupBy(progressReports.projectId)
    .as('reported');
  const rows = await db
    .select({
      projectId: annualPlans.projectId,
      plannedInvestment: annualPlans.plannedInvestment,
      monthlySchedule: annualPlans.monthlySchedule,
      cumulative: reported.cumulative,
      inMonth: reported.inMonth,
    })
    .from(annualPlans)
    .innerJoin(projects, and(eq(projects.id, annualPlans.projectId), isNull(projects.deletedAt)))
    .leftJoin(reported, eq(reported.projectId, annualPlans.projectId))
    .where(and(eq(annualPlans.year, year), scopeCondition(scope)))
    .orderBy(asc(annualPlans.projectId));
  // numeric sums come back as strings on node-postgres (and null without any report).
  return rows.map((r) => ({
    ...r,
    cumulative: Number(r.cumulative ?? 0),
    inMonth: Number(r.inMonth ?? 0),
  }));
}
