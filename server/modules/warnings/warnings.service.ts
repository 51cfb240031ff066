import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
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
  type WarningPreset,
  type WarningSignals,
} from '#domain/warning-presets.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { invalidField, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import { projects, projectWarnings } from '../../db/schema.ts';
import { scopeCondition } from '../projects/projects.repo.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import * as repo from './warnings.repo.ts';

const SETTINGS_KEY = 'warning_settings';
const DEADLINE_KEY = 'report_deadline_day';
const DEFAULT_DEADLINE_DAY = 5;
const stageIndex = (stage: string) => (lifecycleStages.codes as readonly string[]).indexOf(stage);
const UNDER_CONSTRUCTION = stageIndex('under_construction');

type StoredSettings = { activePreset: 'yinchuan' | 'sanya' | 'wuhan' | 'custom'; custom: WarningPreset };

const monthOf = (date: string) => date.slice(0, 7);
function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The month being judged: the latest month whose report deadline has passed. With reports due on the 5th, on
 * 6 November October is judged; on 3 November September still is.
 */
export function evaluationMonth(today: string, deadlineDay: number): string {
  const day = Number(today.slice(8, 10));
  return addMonths(monthOf(today), day > deadlineDay ? -1 : -2);
}

export function createWarningService(ctx: ServiceContext) {
  const { db } = ctx;
  const projectsService = createProjectService(ctx);
  const now = () => ctx.clock?.() ?? new Date();

  async function settings(): Promise<StoredSettings & { version: number; reportDeadlineDay: number }> {
    const row = await repo.getSetting(db, SETTINGS_KEY);
    const value = (row?.value ?? {}) as Partial<StoredSettings>;
    return {
      activePreset: value.activePreset ?? 'yinchuan',
      custom: value.custom ?? customPresetTemplate(),
      reportDeadlineDay: await deadlineDay(),
      version: row?.version ?? 0,
    };
  }

  async function activePreset(): Promise<WarningPreset> {
    const s = await settings();
    return s.activePreset === 'custom' ? s.custom : builtInPresets[s.activePreset];
  }

  async function deadlineDay(): Promise<number> {
    const row = await repo.getSetting(db, DEADLINE_KEY);
    const n = Number(row?.value);
    return Number.isInteger(n) && n >= 1 && n <= 28 ? n : DEFAULT_DEADLINE_DAY;
  }

  /**
   * Computes the lights of the given projects from their plans, reports, milestones and coordination items,
   * stores them, and tells the responsible people when a light turns worse.
   */
  async function recompute(projectIds: string[]): Promise<number> {
    if (!projectIds.length) return 0;
    const today = todayInChina(now());
    const month = evaluationMonth(today, await deadlineDay());
    const year = Number(month.slice(0, 4));
    const monthNumber = Number(month.slice(5, 7));
    const preset = await activePreset();
    const [list, plans, reports, openMilestones, overdueItems, previous] = await Promise.all([
      repo.loadProjects(db, projectIds),
      repo.loadAnnualPlans(db, projectIds, year),
      repo.loadReports(db, projectIds),
      repo.loadOpenMilestones(db, projectIds),
      repo.loadOverdueItemCounts(db, projectIds, today),
      repo.getWarningRows(db, projectIds),
    ]);
    const computedAt = now();
    for (const p of list) {
      const own = reports.filter((r) => r.projectId === p.id).sort((a, b) => a.month.localeCompare(b.month));
      const signals: WarningSignals = {};
      const plan = plans.find((x) => x.projectId === p.id);
      if (plan) {
        const completed = own
          .filter((r) => r.month.startsWith(`${year}-`) && monthOf(r.month) <= month)
          .reduce((a, r) => a + r.investmentThisMonth, 0);
        signals.investment = {
          annualPlan: plan.plannedInvestment,
          plannedCumulative: plannedCumulative(
            plan.plannedInvestment,
            monthNumber,
            (plan.monthlySchedule ?? undefined) as MonthlySchedule | undefined,
          ),
          completedCumulative: completed,
        };
      }
      const started = stageIndex(p.stage) >= UNDER_CONSTRUCTION || p.actualStart !== null;
      if (p.plannedStart && !started)
        signals.startDelayMonths = monthsStartDelayed(monthOf(p.plannedStart), null, month);
      const overdueDays = openMilestones
        .filter((m) => m.projectId === p.id && m.plannedDate < today)
        .map((m) => Math.round((Date.parse(today) - Date.parse(m.plannedDate)) / 86_400_000));
      signals.milestoneOverdueDays = overdueDays.length ? Math.max(...overdueDays) : 0;
      signals.overdueCoordinationItems = overdueItems.find((x) => x.projectId === p.id)?.n ?? 0;
      if (p.stage === 'under_construction') {
        // Consecutive months up to the judged one without a report, not counting months before the start.
        const reported = new Set(own.map((r) => monthOf(r.month)));
        const since = monthOf(p.actualStart ?? p.plannedStart ?? today);
        let missing = 0;
        for (let m = month; m >= since && missing < 24 && !reported.has(m); m = addMonths(m, -1)) missing++;
        signals.missingReportMonths = missing;
      }
      const latestPhysical =
        [...own].reverse().find((r) => r.physicalProgress !== null)?.physicalProgress ?? null;
      const cumulative = own.reduce((a, r) => a + r.investmentThisMonth, 0);
      if (latestPhysical !== null && p.totalInvestment > 0) {
        signals.progress = {
          physicalPct: latestPhysical,
          financialPct: Math.round((cumulative / p.totalInvestment) * 10_000) / 100,
        };
      }
      const result = evaluateWarnings(preset, signals);
      let earnedValue: unknown = null;
      if (latestPhysical !== null && p.plannedStart && p.plannedCompletion) {
        const ev = computeEarnedValue({
          budgetAtCompletion: p.totalInvestment,
          plannedValue: plannedValueLinear(p.totalInvestment, p.plannedStart, p.plannedCompletion, today),
          physicalProgressPct: latestPhysical,
          actualCost: cumulative,
          plannedStart: p.plannedStart,
          plannedFinish: p.plannedCompletion,
        });
        earnedValue = { ...ev, asOf: today, physicalProgressPct: latestPhysical };
      }
      const before = previous.find((w) => w.projectId === p.id)?.color ?? 'green';
      await db.transaction(async (tx) => {
        await repo.upsertWarning(tx, {
          projectId: p.id,
          color: result.color,
          reasons: result.reasons,
          presetCode: preset.code,
          earnedValue,
          computedAt,
        });
        const worse =
          (result.color === 'red' && before !== 'red') || (result.color === 'yellow' && before === 'green');
        if (worse) {
          const userIds = await repo.findResponsibleUserIds(tx, p);
          const label = result.color === 'red' ? '红灯' : '黄灯';
          const first = result.reasons[0];
          await repo.insertNotifications(
            tx,
            userIds.map((userId) => ({
              userId,
              kind: 'warning',
              title: `${p.name} 亮${label}`,
              body: first ? first.zh : null,
              link: `/projects/${p.id}?tab=warning`,
              entityType: 'project',
              entityId: p.id,
            })),
          );
        }
      });
    }
    return list.length;
  }

  async function recomputeStale(): Promise<number> {
    const startOfToday = new Date(`${todayInChina(now())}T00:00:00+08:00`);
    return recompute(await repo.findStaleProjectIds(db, startOfToday));
  }

  function listWhere(actor: Actor, colors: string[] | undefined, q: string | undefined): SQL | undefined {
    const c: (SQL | undefined)[] = [sql`${projects.deletedAt} is null`, scopeCondition(scopeOf(actor))];
    if (colors?.length) c.push(inArray(projectWarnings.color, colors as ('red' | 'yellow' | 'green')[]));
    if (q) c.push(sql`${projects.name} like ${`%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
    return and(...c);
  }

  return {
    recompute,
    recomputeStale,
    evaluationMonth: async () => evaluationMonth(todayInChina(now()), await deadlineDay()),

    /** Red and yellow first; the lights are brought up to date before they are read. */
    async find(actor: Actor, query: { page: number; pageSize: number; color?: string[]; q?: string }) {
      await recomputeStale();
      const month = evaluationMonth(todayInChina(now()), await deadlineDay());
      const where = listWhere(actor, query.color, query.q);
      const [rows, counts] = await Promise.all([
        repo.findWarningList(db, where, query.pageSize, (query.page - 1) * query.pageSize),
        repo.countByColor(db, listWhere(actor, undefined, query.q)),
      ]);
      const judgements = await repo.findJudgements(
        db,
        rows.map((r) => r.w.projectId),
      );
      const byColor = { red: 0, yellow: 0, green: 0 };
      for (const c of counts) byColor[c.color] = c.n;
      const total = query.color?.length
        ? query.color.reduce((a, c) => a + (byColor[c as keyof typeof byColor] ?? 0), 0)
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
          reasons: r.w.reasons as {
            code: string;
            color: 'red' | 'yellow' | 'green';
            zh: string;
            en: string;
          }[],
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

    async get(actor: Actor, projectId: string) {
      const project = await projectsService.get(actor, projectId);
      await recompute([projectId]);
      const [row] = await repo.findWarningList(db, eq(projectWarnings.projectId, projectId), 1, 0);
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
        reasons: w.reasons as { code: string; color: 'red' | 'yellow' | 'green'; zh: string; en: string }[],
        presetCode: w.presetCode,
        evaluatedMonth: evaluationMonth(todayInChina(now()), await deadlineDay()),
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
      await recompute(await repo.findAllLiveProjectIds(db));
      return settings();
    },
  };
}

export type WarningService = ReturnType<typeof createWarningService>;
