import { and, eq, type SQL, sql } from 'drizzle-orm';
import { lifecycleStages } from '#domain/codelists.ts';
import { computeEarnedValue, plannedValueLinear } from '#domain/earned-value.ts';
import { todayInChina } from '#domain/iso-date.ts';
import type { MonthlySchedule } from '#domain/schedule.ts';
import { plannedCumulative } from '#domain/schedule.ts';
import type { JudgementInput, WarningSettingsInput } from '#domain/schemas/warnings.ts';
import {
  builtInPresets,
  customPresetTemplate,
  evaluateWarnings,
  monthsStartDelayed,
  type WarningColor,
  type WarningPreset,
  type WarningResult,
  type WarningSignals,
} from '#domain/warning-presets.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { invalidField, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import { projects, projectWarnings } from '../../db/schema.ts';
import { scopeCondition, searchCondition } from '../projects/projects.repo.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import * as repo from './warnings.repo.ts';

const SETTINGS_KEY = 'warning_settings';
const DEADLINE_KEY = 'report_deadline_day';
const DEFAULT_DEADLINE_DAY = 5;
const stageIndex = (stage: string) => (lifecycleStages.codes as readonly string[]).indexOf(stage);
const UNDER_CONSTRUCTION = stageIndex('under_construction');

/**
 * Lights computed and written per transaction. Every query of a batch takes its ids as one array parameter, so
 * the size is not bound by PostgreSQL's 65,535 parameters; it bounds the memory and the length of the locks.
 */
export const RECOMPUTE_BATCH_SIZE = 1_000;
/**
 * A pass that rewrote at least this many lights vacuums project_warnings: rewriting a row clears its page's bit
 * in the visibility map, and until a vacuum the list's counts and pages, read from indexes alone otherwise,
 * visit the table (0.25 s instead of 15 ms at 100,000 lights); autovacuum may come minutes later on a busy
 * server. Vacuuming 100,000 lights takes about a second.
 */
export const VACUUM_AFTER = 5_000;
/** At most this many changed projects are recomputed by a read before it answers (see "fresh enough" below). */
export const READ_REFRESH_LIMIT = 500;

/*
 * When is a light fresh enough? (issue #5: a province has 100,000 projects; no read may wait for all of them.)
 * A light depends on (a) its project's inputs — the project record, its reports, annual plan, milestones and
 * coordination items —, (b) the active preset and the report deadline day, and (c) the day: milestones and
 * items fall overdue at midnight, the judged month moves on the day after the deadline, EVM's planned value
 * grows by the day.
 * (a) A write to an input marks the project in warning_inputs_changed (triggers, migration 0012). A read first
 *     recomputes the marked projects in the reader's scope, oldest mark first, at most READ_REFRESH_LIMIT of
 *     them: in the normal course of work a list is never older than its inputs. After a bulk import beyond the
 *     limit the rest waits for the job (below) — but never a light that the read returns, see (c).
 * (b) Saving the settings recomputes every light at once. A light computed under another preset code (a
 *     recomputation that raced the switch) counts as outdated, as in (c).
 * (c) The day's full recomputation belongs to the scheduled job supervision.refresh (every
 *     JOB_REFRESH_MINUTES, 10 by default): it recomputes every light computed before today (China time), so
 *     within one interval after midnight every light is the day's, whoever reads. Until then a read recomputes
 *     only the lights it returns — the page of the list, the one project of the detail — when they are outdated
 *     (computed before today, under another preset, or marked): what is shown is always correct, while the
 *     colour counts may lag by at most one job interval just after midnight.
 */

type StoredSettings = { activePreset: 'yinchuan' | 'sanya' | 'wuhan' | 'custom'; custom: WarningPreset };
type Basis = { preset: WarningPreset; deadlineDay: number };

const monthOf = (date: string) => date.slice(0, 7);
function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
/** Months counted as year × 12 + month − 1. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

/**
 * The month being judged: the latest month whose report deadline has passed. With reports due on the 5th, on
 * 6 November October is judged; on 3 November September still is.
 */
export function evaluationMonth(today: string, deadlineDay: number): string {
  const day = Number(today.slice(8, 10));
  return addMonths(monthOf(today), day > deadlineDay ? -1 : -2);
}

/** How far back a run of missing monthly reports is counted. */
const MISSING_REPORT_MONTHS_MAX = 24;

/** What the rules read of one project, aggregated per project by the repo (see loadReportFigures). */
export type ProjectInputs = {
  project: repo.ProjectInputRow;
  plan: { plannedInvestment: number; monthlySchedule: MonthlySchedule | null } | null;
  reports: {
    cumulative: number;
    yearToDate: number;
    latestPhysical: number | null;
    /** Bit i: the month i months before the judged one has a report (i < 24). */
    reportedMask: number;
  } | null;
  milestoneOverdueDays: number;
  overdueItems: number;
};

/**
 * A project's light from its aggregated inputs: the signals the published rules read, judged by the preset
 * (domain/warning-presets.ts), and its earned value. Pure.
 */
export function judgeProject(
  preset: WarningPreset,
  inputs: ProjectInputs,
  today: string,
  month: string,
): WarningResult & { earnedValue: unknown } {
  const { project: p, plan, reports } = inputs;
  const signals: WarningSignals = {};
  if (plan) {
    signals.investment = {
      annualPlan: plan.plannedInvestment,
      plannedCumulative: plannedCumulative(
        plan.plannedInvestment,
        Number(month.slice(5, 7)),
        plan.monthlySchedule ?? undefined,
      ),
      completedCumulative: reports?.yearToDate ?? 0,
    };
  }
  const started = stageIndex(p.stage) >= UNDER_CONSTRUCTION || p.actual_start !== null;
  if (p.planned_start && !started)
    signals.startDelayMonths = monthsStartDelayed(monthOf(p.planned_start), null, month);
  signals.milestoneOverdueDays = inputs.milestoneOverdueDays;
  signals.overdueCoordinationItems = inputs.overdueItems;
  if (p.stage === 'under_construction') {
    // Consecutive months up to the judged one without a report, not counting months before the start.
    const mask = reports?.reportedMask ?? 0;
    const judged = monthIndex(month);
    const since = monthIndex(monthOf(p.actual_start ?? p.planned_start ?? today));
    let missing = 0;
    while (missing < MISSING_REPORT_MONTHS_MAX && judged - missing >= since && !(mask & (1 << missing)))
      missing++;
    signals.missingReportMonths = missing;
  }
  const latestPhysical = reports?.latestPhysical ?? null;
  const cumulative = reports?.cumulative ?? 0;
  if (latestPhysical !== null && p.total_investment > 0) {
    signals.progress = {
      physicalPct: latestPhysical,
      financialPct: Math.round((cumulative / p.total_investment) * 10_000) / 100,
    };
  }
  const result = evaluateWarnings(preset, signals);
  let earnedValue: unknown = null;
  if (latestPhysical !== null && p.planned_start && p.planned_completion) {
    const ev = computeEarnedValue({
      budgetAtCompletion: p.total_investment,
      plannedValue: plannedValueLinear(p.total_investment, p.planned_start, p.planned_completion, today),
      physicalProgressPct: latestPhysical,
      actualCost: cumulative,
      plannedStart: p.planned_start,
      plannedFinish: p.planned_completion,
    });
    earnedValue = { ...ev, asOf: today, physicalProgressPct: latestPhysical };
  }
  return { ...result, earnedValue };
}

const worse = (now: WarningColor, before: WarningColor) =>
  (now === 'red' && before !== 'red') || (now === 'yellow' && before === 'green');

/** Deadlocks and serialization failures are worth one more try of the batch (its transaction rolled back). */
function isTransient(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 4;
    e = e.cause as never, i++
  ) {
    if (e.code === '40P01' || e.code === '40001') return true;
  }
  return false;
}

export function createWarningService(
  ctx: ServiceContext,
  options: { batchSize?: number; readRefreshLimit?: number; vacuumAfter?: number } = {},
) {
  const { db } = ctx;
  const batchSize = options.batchSize ?? RECOMPUTE_BATCH_SIZE;
  const readRefreshLimit = options.readRefreshLimit ?? READ_REFRESH_LIMIT;
  const vacuumAfter = options.vacuumAfter ?? VACUUM_AFTER;
  const projectsService = createProjectService(ctx);
  const now = () => ctx.clock?.() ?? new Date();
  const startOfDay = (at: Date) => new Date(`${todayInChina(at)}T00:00:00+08:00`);

  async function settings(): Promise<StoredSettings & { version: number; reportDeadlineDay: number }> {
    const [row, reportDeadlineDay] = await Promise.all([repo.getSetting(db, SETTINGS_KEY), deadlineDay()]);
    const value = (row?.value ?? {}) as Partial<StoredSettings>;
    return {
      activePreset: value.activePreset ?? 'yinchuan',
      custom: value.custom ?? customPresetTemplate(),
      reportDeadlineDay,
      version: row?.version ?? 0,
    };
  }

  async function basis(): Promise<Basis> {
    const s = await settings();
    return {
      preset: s.activePreset === 'custom' ? s.custom : builtInPresets[s.activePreset],
      deadlineDay: s.reportDeadlineDay,
    };
  }

  async function deadlineDay(): Promise<number> {
    const row = await repo.getSetting(db, DEADLINE_KEY);
    const n = Number(row?.value);
    return Number.isInteger(n) && n >= 1 && n <= 28 ? n : DEFAULT_DEADLINE_DAY;
  }

  /**
   * Computes the lights of the given projects from their plans, reports, milestones and coordination items,
   * stores them, and tells the responsible people when a light turns worse. In batches of `batchSize`
   * projects: a few queries load a batch's inputs, aggregated per project in SQL; one transaction writes its
   * lights (one statement), clears the change marks it consumed and sends its notifications. The next batch
   * is loaded while one is written (on PostgreSQL the two use different connections).
   */
  async function recompute(projectIds: readonly string[], known?: Basis): Promise<number> {
    const ids = [...new Set(projectIds)];
    if (!ids.length) return 0;
    const b = known ?? (await basis());
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
    let computed = 0;
    let next: Promise<LoadedBatch> | undefined = loadBatch(batches[0]!, b);
    try {
      for (let i = 0; i < batches.length; i++) {
        const loaded: LoadedBatch = await next!;
        next = i + 1 < batches.length ? loadBatch(batches[i + 1]!, b) : undefined;
        for (let attempt = 1, batch = loaded; ; attempt++) {
          try {
            await writeBatch(batch, b);
            computed += batch.lights.length;
            break;
          } catch (err) {
            if (attempt >= 3 || !isTransient(err)) throw err;
            batch = await loadBatch(batches[i]!, b);
          }
        }
      }
    } finally {
      // A batch loaded ahead of a failure is dropped; its error, if any, is not the one to report.
      next?.catch(() => {});
    }
    return computed;
  }

  type LoadedBatch = Awaited<ReturnType<typeof loadBatch>>;

  /** Reads a batch's change marks, then its inputs, and judges its projects. Writes nothing. */
  async function loadBatch(ids: readonly string[], b: Basis) {
    // One instant for the whole batch: the day its lights are judged on is the day they are stamped with.
    const at = now();
    const today = todayInChina(at);
    const month = evaluationMonth(today, b.deadlineDay);
    const year = Number(month.slice(0, 4));
    // The marks are read before the inputs: a change committed after this read re-marks its project.
    const marks = await repo.loadChangeMarks(db, ids);
    const [list, plans, reports, milestoneDays, overdueItems] = await Promise.all([
      repo.loadProjects(db, ids),
      repo.loadAnnualPlans(db, ids, year),
      repo.loadReportFigures(db, ids, {
        yearStart: `${year}-01-01`,
        monthStart: `${month}-01`,
        windowStart: `${addMonths(month, 1 - MISSING_REPORT_MONTHS_MAX)}-01`,
        monthIndex: monthIndex(month),
      }),
      repo.loadMilestoneOverdueDays(db, ids, today),
      repo.loadOverdueItemCounts(db, ids, today),
    ]);
    const planOf = new Map(plans.map((x) => [x.project_id, x]));
    const reportsOf = new Map(reports.map((x) => [x.project_id, x]));
    const daysOf = new Map(milestoneDays.map((x) => [x.project_id, x.days]));
    const itemsOf = new Map(overdueItems.map((x) => [x.projectId, Number(x.n)]));
    const lights = list.map((p) => {
      const plan = planOf.get(p.id);
      const r = reportsOf.get(p.id);
      const light = judgeProject(
        b.preset,
        {
          project: p,
          plan: plan
            ? {
                plannedInvestment: plan.planned_investment,
                monthlySchedule: (plan.monthly_schedule ?? null) as MonthlySchedule | null,
              }
            : null,
          reports: r
            ? {
                cumulative: r.cumulative,
                yearToDate: r.year_to_date ?? 0,
                latestPhysical: r.latest_physical,
                reportedMask: r.reported_mask ?? 0,
              }
            : null,
          milestoneOverdueDays: daysOf.get(p.id) ?? 0,
          overdueItems: itemsOf.get(p.id) ?? 0,
        },
        today,
        month,
      );
      return { project: p, ...light };
    });
    return { ids, at, marks, lights };
  }

  /** One transaction: the batch's lights, the marks it consumed, notifications for lights turned worse. */
  async function writeBatch({ ids, at, marks, lights }: LoadedBatch, b: Basis) {
    await db.transaction(async (tx) => {
      const before = await repo.lockColors(tx, ids);
      await repo.upsertLights(
        tx,
        lights.map((l) => ({
          project_id: l.project.id,
          project_name: l.project.name,
          color: l.color,
          reasons: l.reasons,
          preset_code: b.preset.code,
          earned_value: l.earnedValue,
        })),
        at,
      );
      await repo.clearChangeMarks(tx, marks);
      const worsened = lights.filter((l) => worse(l.color, before.get(l.project.id) ?? 'green'));
      if (!worsened.length) return;
      // The people responsible for a project: its chief and the active users of its owner and lead department.
      const orgIds = new Set<string>();
      for (const { project: p } of worsened) {
        orgIds.add(p.owner_org_id);
        if (p.lead_department_id) orgIds.add(p.lead_department_id);
      }
      const usersOf = new Map<string, string[]>();
      for (const u of await repo.findActiveUsersOf(tx, [...orgIds])) {
        usersOf.set(u.organization_id, [...(usersOf.get(u.organization_id) ?? []), u.id]);
      }
      const rows: repo.NotificationRow[] = [];
      for (const { project: p, color, reasons } of worsened) {
        const userIds = new Set([
          ...(usersOf.get(p.owner_org_id) ?? []),
          ...(p.lead_department_id ? (usersOf.get(p.lead_department_id) ?? []) : []),
        ]);
        if (p.chief_user_id) userIds.add(p.chief_user_id);
        const label = color === 'red' ? '红灯' : '黄灯';
        const first = reasons[0];
        for (const userId of userIds) {
          rows.push({
            user_id: userId,
            kind: 'warning',
            title: `${p.name} 亮${label}`,
            body: first ? first.zh : null,
            link: `/projects/${p.id}?tab=warning`,
            entity_type: 'project',
            entity_id: p.id,
          });
        }
      }
      await repo.insertNotifications(tx, rows);
    });
  }

  /** (a) above: the changed projects in `scope` (all when undefined), at most READ_REFRESH_LIMIT of them. */
  async function recomputeChanged(scope: SQL | undefined, known?: Basis): Promise<number> {
    return recompute(await repo.findChangedProjectIds(db, scope, readRefreshLimit), known);
  }

  /**
   * The scheduled pass (c): every live light that is missing, computed before today, under another preset or
   * older than its inputs. Run by the supervision.refresh job, not by readers.
   */
  async function recomputeDue(): Promise<number> {
    await repo.clearMarksOfDeletedProjects(db);
    const b = await basis();
    const computed = await recompute(await repo.findStaleProjectIds(db, startOfDay(now()), b.preset.code), b);
    if (computed >= vacuumAfter) await repo.vacuumLights(db);
    return computed;
  }

  /** A light shown to a reader is recomputed first when it is outdated: (a), (b) or (c) above. */
  function outdated(
    light: { computedAt: Date; presetCode: string },
    changed: boolean,
    b: Basis,
    startOfToday: Date,
  ): boolean {
    return changed || light.computedAt < startOfToday || light.presetCode !== b.preset.code;
  }

  function listWhere(
    actor: Actor,
    colors: ('red' | 'yellow' | 'green')[] | undefined,
    q: string | undefined,
  ): SQL | undefined {
    return and(
      sql`${projects.deletedAt} is null`,
      scopeCondition(scopeOf(actor)),
      colors?.length ? repo.colorCondition(colors) : undefined,
      q ? searchCondition(q) : undefined,
    );
  }

  type ListRow = Awaited<ReturnType<typeof repo.findWarningList>>[number];
  const reasonsOf = (w: ListRow['w']) =>
    w.reasons as { code: string; color: 'red' | 'yellow' | 'green'; zh: string; en: string }[];

  return {
    recompute: (projectIds: readonly string[]) => recompute(projectIds),
    /**
     * For readers: the lights whose inputs changed (any scope), bounded by READ_REFRESH_LIMIT — never the
     * province-wide pass of a new day, which is recomputeDue's, the job's.
     */
    recomputeStale: () => recomputeChanged(undefined),
    recomputeDue,
    /**
     * For a reader who shows the lights of these projects (a workspace, an agenda): recomputes those that are
     * missing or outdated — computed before today, under another preset, or with changed inputs — and only
     * those. Cheap whatever the number of projects in the province; prefer it to findStaleProjectIds.
     */
    async refresh(projectIds: readonly string[]): Promise<number> {
      const b = await basis();
      return recompute(await repo.findOutdatedAmong(db, projectIds, startOfDay(now()), b.preset.code), b);
    },
    evaluationMonth: async () => evaluationMonth(todayInChina(now()), await deadlineDay()),

    /**
     * Red and yellow first, then by name; counts per colour. The changed lights in the reader's scope are
     * recomputed first, and the returned page's outdated ones (see "fresh enough" above) before it is answered.
     */
    async find(actor: Actor, query: { page: number; pageSize: number; color?: WarningColor[]; q?: string }) {
      const scope = scopeOf(actor);
      const b = await basis();
      await recomputeChanged(scopeCondition(scope), b);
      const at = now();
      const startOfToday = startOfDay(at);
      const where = listWhere(actor, query.color, query.q);
      const countAll = scope.all && !query.q?.trim();
      const countWhere = listWhere(actor, undefined, query.q);
      const countLights = () => (countAll ? repo.countAllLiveByColor(db) : repo.countByColor(db, countWhere));
      // The counts are read beside the page; if the page's lights had to be recomputed, again afterwards.
      let counts = countLights();
      let rows: ListRow[];
      // Recomputing the page's lights may change their colours and so the page: read it again, twice at most.
      for (let pass = 1; ; pass++) {
        rows = await repo.findWarningList(db, where, query.pageSize, (query.page - 1) * query.pageSize);
        const stale = rows.filter((r) => outdated(r.w, r.changed, b, startOfToday)).map((r) => r.w.projectId);
        if (!stale.length || pass === 3) break;
        counts.catch(() => {});
        await recompute(stale, b);
        counts = countLights();
      }
      const month = evaluationMonth(todayInChina(at), b.deadlineDay);
      const [colorCounts, judgements] = await Promise.all([
        counts,
        repo.findJudgements(
          db,
          rows.map((r) => r.w.projectId),
        ),
      ]);
      const byColor = { red: 0, yellow: 0, green: 0 };
      for (const c of colorCounts) byColor[c.color] = c.n;
      const total = query.color?.length
        ? [...new Set(query.color)].reduce((a, c) => a + byColor[c], 0)
        : byColor.red + byColor.yellow + byColor.green;
      return {
        items: rows.map((r) => ({
          projectId: r.w.projectId,
          projectName: r.projectName,
          stage: r.stage,
          keyLevel: r.keyLevel,
          ownerOrgName: r.ownerOrgName,
          chiefName: r.chiefName,
          color: r.w.color,
          reasons: reasonsOf(r.w),
          presetCode: r.w.presetCode,
          evaluatedMonth: month,
          computedAt: r.w.computedAt.toISOString(),
          latestJudgement: judgements.find((j) => j.projectId === r.w.projectId) ?? null,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
        counts: byColor,
      };
    },

    /** One project's light, recomputed first when it is missing or outdated. */
    async get(actor: Actor, projectId: string) {
      const project = await projectsService.get(actor, projectId);
      const b = await basis();
      const at = now();
      const only = eq(projectWarnings.projectId, projectId);
      let [row] = await repo.findWarningList(db, only, 1, 0);
      if (!row || outdated(row.w, row.changed, b, startOfDay(at))) {
        await recompute([projectId], b);
        [row] = await repo.findWarningList(db, only, 1, 0);
      }
      const judgements = await repo.findJudgements(db, [projectId]);
      const w = row!.w;
      return {
        projectId,
        projectName: project.name,
        stage: project.stage,
        keyLevel: project.keyLevel,
        ownerOrgName: project.ownerOrgName,
        chiefName: project.chiefName,
        color: w.color,
        reasons: reasonsOf(w),
        presetCode: w.presetCode,
        evaluatedMonth: evaluationMonth(todayInChina(at), b.deadlineDay),
        computedAt: w.computedAt.toISOString(),
        latestJudgement: judgements[0] ?? null,
        earnedValue: (w.earnedValue ?? null) as never,
        judgements,
      };
    },

    /** A dated judgement with a written reason that stands beside the computed light. */
    async judge(actor: Actor, projectId: string, input: JudgementInput) {
      await projectsService.get(actor, projectId);
      const judgedOn = input.judgedOn ?? todayInChina(now());
      if (judgedOn > todayInChina(now())) {
        throw invalidField('judgedOn', {
          zh: '研判日期不能晚于今天',
          en: 'The judgement date cannot be in the future',
        });
      }
      await withAudit(db, actor, async (tx) => {
        const id = await repo.insertJudgement(tx, {
          projectId,
          confidence: input.confidence,
          reason: input.reason,
          judgedOn,
          actorId: actor.id,
        });
        return {
          result: id,
          audit: {
            action: 'warning.judge',
            entityType: 'project',
            entityId: projectId,
            after: { ...input, judgedOn },
          },
        };
      });
      return (await repo.findJudgements(db, [projectId]))[0]!;
    },

    async getSettings(_actor: Actor) {
      return settings();
    },

    /** Switching the active preset or editing the custom one re-judges every project at once. */
    async saveSettings(actor: Actor, input: WarningSettingsInput) {
      const current = await settings();
      const value: StoredSettings = {
        activePreset: input.activePreset,
        custom: input.custom ? { ...input.custom, code: 'custom' } : current.custom,
      };
      await withAudit(db, actor, async (tx) => {
        if (!(await repo.saveSetting(tx, SETTINGS_KEY, value, input.version, actor.id)))
          throw versionConflict();
        if (input.reportDeadlineDay !== undefined) {
          await repo.putSetting(tx, DEADLINE_KEY, input.reportDeadlineDay, actor.id);
        }
        return {
          result: undefined,
          audit: {
            action: 'warning.configure',
            entityType: 'setting',
            entityId: SETTINGS_KEY,
            before: {
              activePreset: current.activePreset,
              custom: current.custom,
              reportDeadlineDay: current.reportDeadlineDay,
            },
            after: { ...value, reportDeadlineDay: input.reportDeadlineDay ?? current.reportDeadlineDay },
          },
        };
      });
      if ((await recompute(await repo.findAllLiveProjectIds(db))) >= vacuumAfter) await repo.vacuumLights(db);
      return settings();
    },
  };
}

export type WarningService = ReturnType<typeof createWarningService>;
