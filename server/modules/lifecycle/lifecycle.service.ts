import type { LifecycleStage, ProjectCategory } from '#domain/codelists.ts';
import { lifecycleStages } from '#domain/codelists.ts';
import { todayInChina } from '#domain/iso-date.ts';
import {
  checkTransition,
  defaultTemplateFor,
  type EntryCondition,
  type StageTemplate,
  stageLabel,
} from '#domain/lifecycle.ts';
import type {
  ProjectEventInput,
  ProjectLifecycle,
  StagePlansInput,
  StageTemplateSaveInput,
  StageTransitionInput,
} from '#domain/schemas/lifecycle.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import { createProjectService } from '../projects/projects.service.ts';
import * as repo from './lifecycle.repo.ts';

const canonicalOrder = lifecycleStages.codes as readonly LifecycleStage[];

/** Entry conditions derived from the project record and the exit records on file (domain/lifecycle.ts). */
export function deriveConditions(
  project: { code: string | null; actualStart: string | null },
  records: Record<string, string>,
): Record<EntryCondition, boolean> {
  return {
    hasProjectCode: Boolean(project.code),
    hasInvestmentAgreement: Boolean(records.investmentAgreement),
    hasLandContract: Boolean(records.landContract),
    hasApprovalDocument: Boolean(records.approvalDocument),
    hasLandPlanningPermit: Boolean(records.landPlanningPermit),
    hasEngineeringPlanningPermit: Boolean(records.engineeringPlanningPermit),
    hasConstructionPermitDate: Boolean(records.constructionPermitDate),
    hasActualStartDate: Boolean(records.actualStartDate || project.actualStart),
    hasCompletionFiling: Boolean(records.completionFiling),
  };
}

/**
 * The template stage a project stands in. A project whose recorded stage is not part of its template (it was
 * registered before the template applied, e.g. a government project marked 签约) stands in the last template
 * stage that comes before it in the canonical chain.
 */
export function effectiveStage(template: StageTemplate, stage: LifecycleStage): LifecycleStage | null {
  const at = canonicalOrder.indexOf(stage);
  let found: LifecycleStage | null = null;
  for (const s of template.stages) {
    const codes = [s.code, ...(s.mergedWith ?? [])];
    if (codes.includes(stage)) return s.code;
    if (canonicalOrder.indexOf(s.code) <= at) found = s.code;
  }
  return found;
}

export function createLifecycleService(ctx: ServiceContext) {
  const { db } = ctx;
  const projectsService = createProjectService(ctx);

  async function templateOf(tx: Executor, project: { category: string; stageTemplateCode: string | null }) {
    const rows = await repo.findTemplates(tx);
    const templates = rows.map((r) => r.template);
    if (project.stageTemplateCode) {
      const chosen = templates.find((t) => t.code === project.stageTemplateCode);
      if (chosen) return chosen;
    }
    return defaultTemplateFor(project.category as ProjectCategory, templates);
  }

  async function load(actor: Actor, projectId: string, tx: Executor = db) {
    await projectsService.get(actor, projectId);
    const project = await repo.getProjectLifecycleRow(tx, projectId);
    if (!project) throw notFound({ zh: '项目', en: 'project' });
    const [template, history] = await Promise.all([templateOf(tx, project), repo.findHistory(tx, projectId)]);
    const records: Record<string, string> = {};
    // Dates already on the project record (from a start or completion report) count as the matching records.
    if (project.actualStart) records.actualStartDate = project.actualStart;
    if (project.actualCompletion) records.completionDate = project.actualCompletion;
    for (const h of history) Object.assign(records, h.records);
    return { project, template, history, records };
  }

  /** The chain as a stepper: planned dates from the stage plans, actual dates from the stage history. */
  async function get(actor: Actor, projectId: string): Promise<ProjectLifecycle> {
    const { project, template, history, records } = await load(actor, projectId);
    const [plans, events] = await Promise.all([
      repo.findStagePlans(db, projectId),
      repo.findEvents(db, projectId),
    ]);
    const current = effectiveStage(template, project.stage as LifecycleStage);
    const currentIndex = template.stages.findIndex((s) => s.code === current);
    const skipped = new Set(history.flatMap((h) => h.skipped));
    const steps = template.stages.map((s, i) => {
      const plan = plans.find((p) => p.stage === s.code);
      const entered = [...history]
        .reverse()
        .find((h) => h.toStage === s.code && h.direction !== 'back' && h.direction !== 'same');
      const left = entered
        ? history.find((h) => h.id > entered.id && h.fromStage === s.code && h.direction === 'forward')
        : undefined;
      const status: ProjectLifecycle['steps'][number]['status'] =
        i < currentIndex
          ? skipped.has(s.code)
            ? 'skipped'
            : 'done'
          : i === currentIndex
            ? 'current'
            : 'pending';
      return {
        code: s.code,
        mergedWith: s.mergedWith ?? [],
        label: stageLabel(s),
        required: s.required,
        status,
        plannedStart: plan?.plannedStart ?? null,
        plannedEnd: plan?.plannedEnd ?? null,
        actualStart: entered?.movedOn ?? null,
        actualEnd: left?.movedOn ?? null,
        entryConditions: s.entryConditions,
        exitRecords: s.exitRecords,
      };
    });
    return {
      projectId,
      currentStage: project.stage as LifecycleStage,
      version: project.version,
      template,
      templateChosen: project.stageTemplateCode === template.code,
      steps,
      records,
      conditions: deriveConditions(project, records),
      history,
      events,
    };
  }

  /**
   * Moves a project to another stage: validated against its template (no skipped required stages, exit records
   * of the stage left, entry conditions of the stage entered, a reason to go back), kept as history, audited.
   */
  async function move(actor: Actor, projectId: string, input: StageTransitionInput) {
    const { project, template, records } = await load(actor, projectId);
    if (input.movedOn > todayInChina(ctx.clock?.())) {
      throw invalidField('movedOn', { zh: '日期不能晚于今天', en: 'The date cannot be in the future' });
    }
    if (project.version !== input.version) throw versionConflict();
    const all = { ...records, ...(input.records ?? {}) };
    const from = effectiveStage(template, project.stage as LifecycleStage);
    const check = checkTransition(
      template,
      from,
      input.toStage,
      {
        conditions: deriveConditions(project, all),
        records: Object.fromEntries(Object.keys(all).map((k) => [k, true])),
      },
      { reason: input.reason },
    );
    if (!check.ok) {
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: check.problems.map((p) => p.zh).join('；'), en: check.problems.map((p) => p.en).join('; ') },
        check.problems.map((p) => ({
          field: p.code === 'missing_exit_record' ? 'records' : 'toStage',
          message: { zh: p.zh, en: p.en },
        })),
      );
    }
    await withAudit(db, actor, async (tx) => {
      const dates: { actualStart?: string; actualCompletion?: string } = {};
      if (all.actualStartDate && !project.actualStart) dates.actualStart = all.actualStartDate;
      if (all.completionDate && !project.actualCompletion) dates.actualCompletion = all.completionDate;
      const ok = await repo.setProjectStage(
        tx,
        projectId,
        input.version,
        { stage: input.toStage, ...dates },
        actor.id,
      );
      if (!ok) throw versionConflict();
      await repo.insertHistory(tx, {
        projectId,
        fromStage: project.stage,
        toStage: input.toStage,
        direction: check.direction === 'backward' ? 'back' : 'forward',
        movedOn: input.movedOn,
        reason: input.reason ?? null,
        records: input.records ?? {},
        skipped: check.skipped,
        actorId: actor.id,
      });
      return {
        result: undefined,
        audit: {
          action: 'project.stage.move',
          entityType: 'project',
          entityId: projectId,
          before: { stage: project.stage },
          after: {
            stage: input.toStage,
            movedOn: input.movedOn,
            records: input.records ?? {},
            skipped: check.skipped,
          },
          detail: input.reason ?? null,
        },
      };
    });
    return get(actor, projectId);
  }

  /** Exit records entered while the project stays in its stage (a permit obtained before the move). */
  async function record(
    actor: Actor,
    projectId: string,
    input: { records: Record<string, string>; recordedOn: string },
  ) {
    const { project } = await load(actor, projectId);
    if (input.recordedOn > todayInChina(ctx.clock?.())) {
      throw invalidField('recordedOn', { zh: '日期不能晚于今天', en: 'The date cannot be in the future' });
    }
    await withAudit(db, actor, async (tx) => {
      await repo.insertHistory(tx, {
        projectId,
        fromStage: project.stage,
        toStage: project.stage,
        direction: 'same',
        movedOn: input.recordedOn,
        records: input.records,
        actorId: actor.id,
      });
      return {
        result: undefined,
        audit: {
          action: 'project.stage.record',
          entityType: 'project',
          entityId: projectId,
          after: input.records,
        },
      };
    });
    return get(actor, projectId);
  }

  async function setPlans(actor: Actor, projectId: string, input: StagePlansInput) {
    await load(actor, projectId);
    for (const [i, p] of input.plans.entries()) {
      if (p.plannedStart && p.plannedEnd && p.plannedEnd < p.plannedStart) {
        throw invalidField(`plans.${i}.plannedEnd`, {
          zh: '计划完成日期不能早于计划开始日期',
          en: 'The planned end cannot precede the planned start',
        });
      }
    }
    const before = await repo.findStagePlans(db, projectId);
    await withAudit(db, actor, async (tx) => {
      await repo.replaceStagePlans(
        tx,
        projectId,
        input.plans.map((p) => ({ projectId, ...p })),
      );
      return {
        result: undefined,
        audit: {
          action: 'project.stage.plan',
          entityType: 'project',
          entityId: projectId,
          before,
          after: input.plans,
        },
      };
    });
    return get(actor, projectId);
  }

  /** 开工/年度/竣工 reports and 延迟开工/暂停施工/复工 notes; a start or completion report sets the actual date. */
  async function addEvent(actor: Actor, projectId: string, input: ProjectEventInput) {
    const { project } = await load(actor, projectId);
    if (input.eventDate > todayInChina(ctx.clock?.())) {
      throw invalidField('eventDate', { zh: '日期不能晚于今天', en: 'The date cannot be in the future' });
    }
    await withAudit(db, actor, async (tx) => {
      const id = await repo.insertEvent(tx, {
        projectId,
        kind: input.kind,
        eventDate: input.eventDate,
        note: input.note ?? null,
        actorId: actor.id,
      });
      if (input.kind === 'start_report' && !project.actualStart)
        await repo.setProjectDates(tx, projectId, { actualStart: input.eventDate });
      if (input.kind === 'completion_report' && !project.actualCompletion) {
        await repo.setProjectDates(tx, projectId, { actualCompletion: input.eventDate });
      }
      return {
        result: id,
        audit: { action: 'project.event.record', entityType: 'project', entityId: projectId, after: input },
      };
    });
    return get(actor, projectId);
  }

  async function chooseTemplate(
    actor: Actor,
    projectId: string,
    input: { templateCode: string; version: number },
  ) {
    const { project } = await load(actor, projectId);
    const row = await repo.getTemplateRow(db, input.templateCode);
    if (!row) throw invalidField('templateCode', { zh: '阶段模板不存在', en: 'Unknown stage template' });
    await withAudit(db, actor, async (tx) => {
      if (
        !(await repo.setProjectStage(
          tx,
          projectId,
          input.version,
          { stageTemplateCode: input.templateCode },
          actor.id,
        ))
      ) {
        throw versionConflict();
      }
      return {
        result: undefined,
        audit: {
          action: 'project.stage.template',
          entityType: 'project',
          entityId: projectId,
          before: { template: project.stageTemplateCode },
          after: { template: input.templateCode },
        },
      };
    });
    return get(actor, projectId);
  }

  return {
    get,
    move,
    record,
    setPlans,
    addEvent,
    chooseTemplate,
    findTemplates: (_actor: Actor) => repo.findTemplates(db),
    async saveTemplate(actor: Actor, input: StageTemplateSaveInput) {
      const existing = await repo.getTemplateRow(db, input.template.code);
      return withAudit(db, actor, async (tx) => {
        if (existing) {
          // Without a version the caller meant a new template: the code is taken.
          if (input.version === undefined) {
            throw new AppError(
              'CONFLICT',
              {
                zh: `模板代码 ${input.template.code} 已存在`,
                en: `A template with code ${input.template.code} exists`,
              },
              [{ field: 'template.code', message: { zh: '模板代码已存在', en: 'Code already exists' } }],
            );
          }
          if (!(await repo.updateTemplate(tx, input.template, input.version, actor.id)))
            throw versionConflict();
        } else {
          await repo.insertTemplate(tx, input.template, actor.id);
        }
        const saved = (await repo.getTemplateRow(tx, input.template.code))!;
        return {
          result: saved,
          audit: {
            action: 'stage_template.save',
            entityType: 'stage_template',
            entityId: input.template.code,
            before: existing?.template ?? null,
            after: input.template,
          },
        };
      });
    },
  };
}
