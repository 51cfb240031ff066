import { daysBetween, todayInChina } from '#domain/iso-date.ts';
import { combinedYearToDate, evenSchedule, roundTo, yearToDate } from '#domain/schedule.ts';
import {
  type AnnualPlan,
  type AnnualPlanPutInput,
  type AnnualPlanQuery,
  type AnnualPlanStatus,
  type AnnualPlanSummary,
  type AnnualPlanSummaryQuery,
  type Baseline,
  type BaselineCreateInput,
  type BaselineSnapshot,
  type Milestone,
  type MilestoneCreateInput,
  type MilestoneList,
  type MilestoneUpdateInput,
  milestoneProblems,
} from '#domain/schemas/plans.ts';
import type { Project } from '#domain/schemas/projects.ts';
import type { Actor } from '../../core/actor.ts';
import { diff } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import * as repo from './plans.repo.ts';

const MILESTONE = { zh: '节点', en: 'milestone' };

/** The current year's baseline planned dates by milestone id, for "planned vs baseline vs actual". */
type BaselineDates = { summary: MilestoneList['baseline']; dates: Map<string, string> };

function toMilestone(r: repo.MilestoneRow, baseline: BaselineDates, today: string): Milestone {
  const overdue = r.status !== 'done' && r.status !== 'cancelled' && r.plannedDate < today;
  const baselinePlannedDate = baseline.dates.get(r.id) ?? null;
  return {
    id: r.id,
    projectId: r.projectId,
    name: r.name,
    plannedDate: r.plannedDate,
    actualDate: r.actualDate,
    responsibleOrgId: r.responsibleOrgId,
    responsibleOrgName: r.responsibleOrgName,
    status: r.status,
    sort: r.sort,
    version: r.version,
    overdue,
    overdueDays: overdue ? daysBetween(r.plannedDate, today) : 0,
    baselinePlannedDate,
    baselineVarianceDays: baselinePlannedDate ? daysBetween(baselinePlannedDate, r.plannedDate) : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a milestone: the stored fields, not names or derived figures. */
function milestoneAuditShape(r: repo.MilestoneRow) {
  const { responsibleOrgName, createdAt, updatedAt, ...rest } = r;
  return rest;
}

function toBaseline(r: repo.BaselineRow): Baseline {
  return {
    id: r.id,
    projectId: r.projectId,
    year: r.year,
    note: r.note,
    approvedBy: r.approvedBy,
    approvedByName: r.approvedByName,
    approvedAt: r.approvedAt.toISOString(),
    snapshot: r.snapshot as BaselineSnapshot,
  };
}

function toAnnualPlan(r: repo.AnnualPlanRow): AnnualPlan {
  return {
    projectId: r.projectId,
    year: r.year,
    plannedInvestment: r.plannedInvestment,
    monthlySchedule: r.monthlySchedule ?? null,
    effectiveSchedule: r.monthlySchedule ?? evenSchedule(),
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
    updatedByName: r.updatedByName,
  };
}

function annualPlanAuditShape(p: AnnualPlan) {
  const { effectiveSchedule, updatedAt, updatedByName, ...rest } = p;
  return rest;
}

/** Plans of a deleted project are frozen with it: restoring the project comes first. */
function requireLive(project: Project) {
  if (project.deletedAt)
    throw new AppError('CONFLICT', {
      zh: '项目已删除，请先恢复',
      en: 'The project is deleted: restore it first',
    });
}

export function createPlanService(ctx: ServiceContext) {
  const { db } = ctx;
  const projects = createProjectService(ctx);
  /** Civil date in China by the context's clock (fixed in tests), for overdue and not-in-the-future rules. */
  const currentDate = () => todayInChina(ctx.clock?.());

  async function baselineDates(tx: Executor, projectId: string, today: string): Promise<BaselineDates> {
    const row = await repo.getBaseline(tx, projectId, Number(today.slice(0, 4)));
    if (!row) return { summary: null, dates: new Map() };
    const snapshot = row.snapshot as BaselineSnapshot;
    return {
      summary: { id: row.id, year: row.year, approvedAt: row.approvedAt.toISOString() },
      dates: new Map(snapshot.milestones.map((m) => [m.id, m.plannedDate])),
    };
  }

  async function milestoneView(tx: Executor, row: repo.MilestoneRow): Promise<Milestone> {
    const today = currentDate();
    return toMilestone(row, await baselineDates(tx, row.projectId, today), today);
  }

  async function requireOrganization(id: string | null | undefined) {
    if (id && !(await repo.organizationExists(db, id)))
      throw invalidField('responsibleOrgId', {
        zh: '责任单位不存在',
        en: 'The responsible organisation does not exist',
      });
  }

  /** A live milestone whose project the actor may see; 404 otherwise (existence is not revealed). */
  async function getVisibleMilestone(actor: Actor, id: string) {
    const row = await repo.getMilestone(db, id);
    if (!row) throw notFound(MILESTONE);
    const project = await projects.get(actor, row.projectId);
    return { row, project };
  }

  /**
   * The project's milestones in timeline order, each with its overdue days and, when the current year has an
   * approved baseline, the planned date frozen in it.
   */
  async function findMilestones(actor: Actor, projectId: string): Promise<MilestoneList> {
    await projects.get(actor, projectId);
    const today = currentDate();
    const [rows, baseline] = await Promise.all([
      repo.listMilestones(db, projectId),
      baselineDates(db, projectId, today),
    ]);
    return { items: rows.map((r) => toMilestone(r, baseline, today)), baseline: baseline.summary };
  }

  async function createMilestone(
    actor: Actor,
    projectId: string,
    input: MilestoneCreateInput,
  ): Promise<Milestone> {
    requireLive(await projects.get(actor, projectId));
    const [problem] = milestoneProblems(input, currentDate());
    if (problem) throw invalidField(problem.field, { zh: problem.zh, en: problem.en });
    await requireOrganization(input.responsibleOrgId);
    return withAudit(db, actor, async (tx) => {
      const id = await repo.insertMilestone(tx, {
        projectId,
        name: input.name,
        plannedDate: input.plannedDate,
        actualDate: input.actualDate ?? null,
        responsibleOrgId: input.responsibleOrgId ?? null,
        status: input.status,
        sort: input.sort ?? 0,
      });
      const created = (await repo.getMilestone(tx, id))!;
      return {
        result: await milestoneView(tx, created),
        audit: {
          action: 'milestone.create',
          entityType: 'milestone',
          entityId: id,
          after: milestoneAuditShape(created),
        },
      };
    });
  }

  /** Partial update with optimistic locking; the status/actual-date rules are checked on the merged record. */
  async function updateMilestone(actor: Actor, id: string, input: MilestoneUpdateInput): Promise<Milestone> {
    const { row: current, project } = await getVisibleMilestone(actor, id);
    requireLive(project);
    const { version, ...changes } = input;
    const merged = { ...current, ...changes };
    const [problem] = milestoneProblems(merged, currentDate());
    if (problem) throw invalidField(problem.field, { zh: problem.zh, en: problem.en });
    if (changes.responsibleOrgId !== undefined) await requireOrganization(changes.responsibleOrgId);
    const values = Object.fromEntries(
      Object.entries(changes).filter(([, v]) => v !== undefined),
    ) as Partial<repo.MilestoneInsert>;
    return withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMilestone(tx, id, version, values))) throw versionConflict();
      const updated = (await repo.getMilestone(tx, id))!;
      const d = diff(milestoneAuditShape(current), milestoneAuditShape(updated));
      return {
        result: await milestoneView(tx, updated),
        audit: {
          action: 'milestone.update',
          entityType: 'milestone',
          entityId: id,
          before: d.before,
          after: d.after,
        },
      };
    });
  }

  /** Soft delete: the row stays for baselines and the audit trail, and leaves the timeline. */
  async function deleteMilestone(actor: Actor, id: string): Promise<void> {
    const { row: current, project } = await getVisibleMilestone(actor, id);
    requireLive(project);
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateMilestone(tx, id, current.version, { deletedAt: new Date() })))
        throw versionConflict();
      return {
        result: undefined,
        audit: {
          action: 'milestone.delete',
          entityType: 'milestone',
          entityId: id,
          before: milestoneAuditShape(current),
        },
      };
    });
  }

  async function findBaselines(actor: Actor, projectId: string): Promise<Baseline[]> {
    await projects.get(actor, projectId);
    return (await repo.listBaselines(db, projectId)).map(toBaseline);
  }

  /**
   * Approves a year's plan: freezes the project's current milestones and that year's annual plan. One baseline
   * per project and year; changing an approved baseline (re-baselining) is a separate decision, not an overwrite.
   */
  async function createBaseline(
    actor: Actor,
    projectId: string,
    input: BaselineCreateInput,
  ): Promise<Baseline> {
    requireLive(await projects.get(actor, projectId));
    const alreadyApproved = (approvedAt: Date) =>
      new AppError('CONFLICT', {
        zh: `${input.year} 年度计划基线已于 ${todayInChina(approvedAt)} 批准，不能重复批准；如需调整基线请另行申请`,
        en: `The ${input.year} baseline was approved on ${todayInChina(approvedAt)} and cannot be approved again; changing it is a separate request`,
      });
    const existing = await repo.getBaseline(db, projectId, input.year);
    if (existing) throw alreadyApproved(existing.approvedAt);
    return withAudit(db, actor, async (tx) => {
      const [milestoneRows, plan] = await Promise.all([
        repo.listMilestones(tx, projectId),
        repo.getAnnualPlan(tx, projectId, input.year),
      ]);
      if (milestoneRows.length === 0 && !plan) {
        throw invalidField('year', {
          zh: `${input.year} 年度既无年度计划也无节点，没有可批准的计划`,
          en: `There is neither an annual plan for ${input.year} nor any milestone: nothing to approve`,
        });
      }
      const snapshot: BaselineSnapshot = {
        milestones: milestoneRows.map((m) => ({
          id: m.id,
          name: m.name,
          plannedDate: m.plannedDate,
          actualDate: m.actualDate,
          responsibleOrgId: m.responsibleOrgId,
          responsibleOrgName: m.responsibleOrgName,
          status: m.status,
        })),
        annualPlan: plan
          ? {
              plannedInvestment: plan.plannedInvestment,
              monthlySchedule: plan.monthlySchedule ?? null,
              version: plan.version,
            }
          : null,
      };
      const id = await repo.insertBaselineIfAbsent(tx, {
        projectId,
        year: input.year,
        snapshot,
        approvedBy: actor.id,
        note: input.note ?? null,
      });
      // A concurrent approval won the race between the check above and this insert.
      if (!id) throw alreadyApproved(new Date());
      const created = toBaseline((await repo.getBaseline(tx, projectId, input.year))!);
      return {
        result: created,
        audit: {
          action: 'plan_baseline.approve',
          entityType: 'plan_baseline',
          entityId: id,
          after: { projectId, year: input.year, note: created.note, snapshot },
        },
      };
    });
  }

  /**
   * The year's plan with its year-to-date position: planned cumulative per 序时进度 against the investment
   * completed in submitted or accepted monthly reports, up to the current month (December for a past year) or
   * the month asked for.
   */
  async function getAnnualPlan(
    actor: Actor,
    projectId: string,
    year: number,
    query: AnnualPlanQuery,
  ): Promise<AnnualPlanStatus> {
    await projects.get(actor, projectId);
    const month = yearToDateMonth(year, query.asOfMonth);
    const row = await repo.getAnnualPlan(db, projectId, year);
    const plan = row ? toAnnualPlan(row) : null;
    if (month === undefined) return { projectId, year, plan, yearToDate: null };
    const completed = await repo.sumCompletedInvestment(
      db,
      projectId,
      `${year}-01-01`,
      `${year}-${String(month).padStart(2, '0')}-01`,
    );
    return {
      projectId,
      year,
      plan,
      yearToDate: yearToDate({
        annualPlan: plan?.plannedInvestment ?? 0,
        month,
        completedCumulative: completed,
        schedule: plan?.monthlySchedule ?? undefined,
      }),
    };
  }

  /** The month a year-to-date figure runs to: the one asked for (not in the future), else as getAnnualPlan says. */
  function yearToDateMonth(year: number, asOfMonth: number | undefined): number | undefined {
    const today = currentDate();
    const currentYear = Number(today.slice(0, 4));
    const currentMonth = Number(today.slice(5, 7));
    if (
      asOfMonth !== undefined &&
      (year > currentYear || (year === currentYear && asOfMonth > currentMonth))
    ) {
      throw invalidField('asOfMonth', {
        zh: `${year} 年 ${asOfMonth} 月还未到，不能统计`,
        en: `${year}-${String(asOfMonth).padStart(2, '0')} has not begun yet`,
      });
    }
    return asOfMonth ?? (year < currentYear ? 12 : year === currentYear ? currentMonth : undefined);
  }

  /**
   * The year's plans of every live project the actor may see, taken together: planned (each plan's own 序时进度)
   * against the investment their submitted or accepted reports give up to the month, and in that month alone.
   * Only projects with a plan count, so that completion is measured against the plan it belongs to.
   */
  async function summarizeAnnualPlans(
    actor: Actor,
    query: AnnualPlanSummaryQuery,
  ): Promise<AnnualPlanSummary> {
    const month = yearToDateMonth(query.year, query.asOfMonth);
    const mm = String(month ?? 12).padStart(2, '0');
    const rows = await repo.findPlansWithCompletion(
      db,
      query.year,
      `${query.year}-01-01`,
      `${query.year}-${mm}-01`,
      scopeOf(actor),
    );
    if (month === undefined) {
      return { year: query.year, projectCount: rows.length, yearToDate: null, completedInMonth: null };
    }
    return {
      year: query.year,
      projectCount: rows.length,
      yearToDate: combinedYearToDate(
        month,
        rows.map((r) => ({
          annualPlan: r.plannedInvestment,
          completedCumulative: r.cumulative,
          schedule: r.monthlySchedule ?? undefined,
        })),
      ),
      completedInMonth: roundTo(
        rows.reduce((a, r) => a + r.inMonth, 0),
        4,
      ),
    };
  }

  /**
   * Creates or replaces a year's plan (PUT: an absent schedule means the even split). Replacing needs the
   * version read, so that two people editing the same plan cannot silently overwrite each other.
   */
  async function putAnnualPlan(
    actor: Actor,
    projectId: string,
    year: number,
    input: AnnualPlanPutInput,
  ): Promise<{ created: boolean; plan: AnnualPlan }> {
    const project = await projects.get(actor, projectId);
    requireLive(project);
    if (input.plannedInvestment > project.totalInvestment) {
      throw invalidField('plannedInvestment', {
        zh: `年度计划投资 ${input.plannedInvestment} 万元不能超过项目总投资 ${project.totalInvestment} 万元`,
        en: `The annual planned investment (${input.plannedInvestment}) cannot exceed the project's total investment (${project.totalInvestment}, 10k CNY)`,
      });
    }
    const existing = await repo.getAnnualPlan(db, projectId, year);
    if (existing && input.version === undefined) {
      throw new AppError('VERSION_CONFLICT', {
        zh: `${year} 年度计划已存在，请刷新后修改（修改须带版本号）`,
        en: `The ${year} plan exists already: reload it and edit it (an update needs its version)`,
      });
    }
    // A version for a plan that does not exist: the client's view is stale in a way we cannot reconcile.
    if (!existing && input.version !== undefined) throw versionConflict();
    const values = {
      plannedInvestment: input.plannedInvestment,
      monthlySchedule: input.monthlySchedule ?? null,
      updatedBy: actor.id,
    };
    return withAudit(db, actor, async (tx) => {
      const ok = existing
        ? await repo.updateAnnualPlan(tx, projectId, year, input.version!, values)
        : await repo.insertAnnualPlanIfAbsent(tx, { projectId, year, ...values });
      if (!ok) throw versionConflict();
      const plan = toAnnualPlan((await repo.getAnnualPlan(tx, projectId, year))!);
      const after = annualPlanAuditShape(plan);
      const d = existing
        ? diff(annualPlanAuditShape(toAnnualPlan(existing)), after)
        : { before: null, after };
      return {
        result: { created: !existing, plan },
        audit: {
          action: existing ? 'annual_plan.update' : 'annual_plan.create',
          entityType: 'annual_plan',
          entityId: `${projectId}:${year}`,
          before: d.before,
          after: d.after,
        },
      };
    });
  }

  return {
    findMilestones,
    createMilestone,
    updateMilestone,
    deleteMilestone,
    findBaselines,
    createBaseline,
    getAnnualPlan,
    summarizeAnnualPlans,
    putAnnualPlan,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
