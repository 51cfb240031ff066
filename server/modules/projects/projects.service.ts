import type { Locale } from '#domain/codelists.ts';
import { todayInChina } from '#domain/iso-date.ts';
import { pinyinKeys } from '#domain/pinyin.ts';
import { parseProjectCode } from '#domain/project-code.ts';
import type {
  importModes,
  Project,
  ProjectCreateInput,
  ProjectDeleteInput,
  ProjectImportResult,
  ProjectListQuery,
  ProjectPage,
  ProjectStageCountsQuery,
  ProjectUpdateInput,
} from '#domain/schemas/projects.ts';
import { type Actor, can } from '../../core/actor.ts';
import { diff } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { startCount } from '../../core/count-cache.ts';
import {
  AppError,
  type FieldProblem,
  forbidden,
  invalidField,
  notFound,
  versionConflict,
} from '../../core/errors.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import { loadProjectReferences, type ProjectReferences } from '../reference/reference.repo.ts';
import { convertRow, type ParsedRow } from './projects.excel.ts';
import * as repo from './projects.repo.ts';

type ImportMode = (typeof importModes)[number];

const PROJECT = { zh: '项目', en: 'project' };

export function scopeOf(actor: Actor): repo.ProjectScope {
  return can(actor, 'project.scope.all')
    ? { all: true }
    : { all: false, userId: actor.id, organizationId: actor.organizationId };
}

type ReferenceFields = Pick<
  ProjectCreateInput,
  | 'code'
  | 'ownerOrgId'
  | 'industryCode'
  | 'leadingIndustry'
  | 'divisionCode'
  | 'townCode'
  | 'chiefUserId'
  | 'leadDepartmentId'
>;

/**
 * Checks what a project refers to against the reference tables and the actor's rights. Returns problems per
 * field rather than throwing, so that the import can report every row at once.
 */
export function checkProjectReferences(
  refs: ProjectReferences,
  p: Partial<ReferenceFields>,
  actor: Actor,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const division = (code: string) => refs.divisions.find((d) => d.code === code);
  if (p.code) {
    const parsed = parseProjectCode(p.code);
    if (parsed.ok && !division(parsed.segments.divisionCode)) {
      problems.push({
        field: 'code',
        message: {
          zh: `项目代码中的行政区划代码 ${parsed.segments.divisionCode} 不在区划表中`,
          en: `The division segment ${parsed.segments.divisionCode} of the code is not a known division`,
        },
      });
    }
  }
  if (p.ownerOrgId !== undefined) {
    const org = refs.organizations.find((o) => o.id === p.ownerOrgId);
    if (org?.type !== 'enterprise') {
      problems.push({
        field: 'ownerOrgId',
        message: { zh: '项目单位不存在或不是企业', en: 'The owner is not a known enterprise' },
      });
    } else if (!can(actor, 'project.scope.all') && p.ownerOrgId !== actor.organizationId) {
      problems.push({
        field: 'ownerOrgId',
        message: {
          zh: '只能登记本单位的项目',
          en: 'You can only register projects of your own organisation',
        },
      });
    }
  }
  if (p.industryCode !== undefined && !refs.industries.some((i) => i.code === p.industryCode)) {
    problems.push({
      field: 'industryCode',
      message: {
        zh: `行业代码 ${p.industryCode} 不在 GB/T 4754-2017 中`,
        en: `Industry ${p.industryCode} is not in GB/T 4754-2017`,
      },
    });
  }
  if (p.leadingIndustry && !refs.leadingIndustries.some((i) => i.code === p.leadingIndustry)) {
    problems.push({
      field: 'leadingIndustry',
      message: { zh: '主导产业代码无效', en: 'Unknown leading industry' },
    });
  }
  if (p.divisionCode !== undefined) {
    const d = division(p.divisionCode);
    if (d?.level !== 2) {
      problems.push({
        field: 'divisionCode',
        message: {
          zh: `区县代码 ${p.divisionCode} 不在区划表中`,
          en: `District ${p.divisionCode} is not a known county-level division`,
        },
      });
    }
  }
  if (p.townCode) {
    const t = division(p.townCode);
    if (t?.level !== 3) {
      problems.push({
        field: 'townCode',
        message: { zh: '镇街代码不在区划表中', en: 'Unknown town or street' },
      });
    } else if (p.divisionCode && t.parentCode !== p.divisionCode) {
      problems.push({
        field: 'townCode',
        message: { zh: `${t.name}不属于所选区县`, en: `${t.name} does not belong to the chosen district` },
      });
    }
  }
  if (p.chiefUserId && !refs.chiefs.some((c) => c.id === p.chiefUserId)) {
    problems.push({
      field: 'chiefUserId',
      message: {
        zh: '项目长须为具有项目长角色的用户',
        en: 'The chief must be a user with the project chief role',
      },
    });
  }
  if (p.leadDepartmentId) {
    const org = refs.organizations.find((o) => o.id === p.leadDepartmentId);
    if (org?.type !== 'department') {
      problems.push({
        field: 'leadDepartmentId',
        message: { zh: '牵头部门不存在', en: 'Unknown lead department' },
      });
    }
  }
  return problems;
}

/** Database columns for a validated input: derived search keys and code format included. */
export function toColumns(input: Partial<ProjectCreateInput>): Partial<repo.ProjectInsert> {
  const cols: Partial<repo.ProjectInsert> = {};
  for (const key of [
    'name',
    'ownerOrgId',
    'category',
    'industryCode',
    'leadingIndustry',
    'keyLevel',
    'divisionCode',
    'townCode',
    'longitude',
    'latitude',
    'totalInvestment',
    'investmentGovernment',
    'investmentSocial',
    'investmentForeign',
    'constructionContent',
    'plannedStart',
    'plannedCompletion',
    'stage',
    'chiefUserId',
    'leadDepartmentId',
    'tags',
  ] as const) {
    if (input[key] !== undefined) (cols as Record<string, unknown>)[key] = input[key];
  }
  if (input.name !== undefined) {
    const keys = pinyinKeys(input.name);
    cols.namePinyin = keys.full;
    cols.nameInitials = keys.initials;
  }
  if (input.code !== undefined) {
    const code = input.code?.trim() || null;
    const parsed = code ? parseProjectCode(code) : null;
    cols.code = parsed?.ok ? parsed.code : code;
    cols.codeFormat = parsed?.ok ? parsed.format : null;
  }
  return cols;
}

function fail(problems: FieldProblem[]): never {
  const first = problems[0];
  throw new AppError(
    'VALIDATION_FAILED',
    first?.message ?? { zh: '输入有误', en: 'Invalid input' },
    problems,
  );
}

const duplicateCode = (code: string) =>
  new AppError(
    'CONFLICT',
    { zh: `项目代码 ${code} 已被其他项目使用`, en: `Project code ${code} is used by another project` },
    [
      {
        field: 'code',
        message: {
          zh: `项目代码 ${code} 已被其他项目使用`,
          en: `Project code ${code} is used by another project`,
        },
      },
    ],
  );

/** Public shape for the audit log: what people would compare, not derived search keys. */
function auditShape(p: Project) {
  const {
    ownerOrgName,
    industryName,
    divisionName,
    townName,
    chiefName,
    leadDepartmentName,
    createdAt,
    updatedAt,
    ...rest
  } = p;
  return rest;
}

export function createProjectService(ctx: ServiceContext) {
  const { db } = ctx;

  /** A project the actor may see, or 404 (also for projects outside the actor's scope: existence is not revealed). */
  async function getVisible(actor: Actor, id: string, tx: Executor = db): Promise<Project> {
    const project = await repo.getProjectById(tx, id);
    if (!project) throw notFound(PROJECT);
    const deletedHidden = project.deletedAt && !can(actor, 'project.restore');
    if (deletedHidden) throw notFound(PROJECT);
    if (!(await repo.isVisible(tx, id, scopeOf(actor)))) {
      await auditAlone(db, actor, {
        action: 'project.read',
        entityType: 'project',
        entityId: id,
        outcome: 'denied',
        detail: 'outside data scope',
      });
      throw notFound(PROJECT);
    }
    return project;
  }

  async function find(actor: Actor, query: ProjectListQuery): Promise<ProjectPage> {
    if (query.deleted && !can(actor, 'project.restore')) throw forbidden();
    const scope = scopeOf(actor);
    const where = repo.filterConditions(query, scope);
    const sort = { field: query.sort, order: query.order };
    const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
    // The exact total, computed again only after a write (core/count-cache.ts).
    const counting = startCount(db, repo.countQuery(db, where));
    // A search chooses how to find its page by how many projects match: the count last made will do (either
    // way gives the same page), else the search waits for the count.
    const search = query.q?.trim()
      ? {
          base: repo.filterConditions({ ...query, q: undefined }, scope),
          q: query.q,
          total: counting.hint ?? (await counting.total),
        }
      : undefined;
    const [items, total] = await Promise.all([
      repo.findProjects(db, where, sort, page, search),
      counting.total,
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** All matching projects for an export, capped so that one request cannot exhaust memory. */
  async function findAllForExport(
    actor: Actor,
    query: Omit<ProjectListQuery, 'page' | 'pageSize'>,
    cap = 50_000,
  ) {
    const where = repo.filterConditions({ ...query, deleted: false }, scopeOf(actor));
    const items = await repo.findProjects(
      db,
      where,
      { field: query.sort, order: query.order },
      { limit: cap, offset: 0 },
    );
    // Taking data out of the system in bulk is an action the auditor must be able to see.
    await auditAlone(db, actor, {
      action: 'project.export',
      entityType: 'project',
      after: { filters: query, count: items.length },
      detail: `${items.length} rows`,
    });
    return items;
  }

  /**
   * Counts per lifecycle stage for the same filters as the list (home page, cockpit tiles). With `asOf`, each
   * project counts at the stage its history puts it in at the end of that day (the monthly bulletin's figure).
   */
  async function countByStage(actor: Actor, query: ProjectStageCountsQuery) {
    const { asOf, ...filters } = query;
    if (asOf === undefined) return repo.countByStage(db, repo.filterConditions(filters, scopeOf(actor)));
    if (asOf > todayInChina(ctx.clock?.())) {
      throw invalidField('asOf', {
        zh: `统计日期 ${asOf} 晚于今天：只能按已经过去的日期统计`,
        en: `${asOf} is after today: stages can be counted only as of a day that has come`,
      });
    }
    const { stage, ...rest } = filters;
    return repo.countByStage(db, repo.filterConditions(rest, scopeOf(actor)), { day: asOf, stages: stage });
  }

  async function create(actor: Actor, input: ProjectCreateInput): Promise<Project> {
    const refs = await loadProjectReferences(db);
    const problems = checkProjectReferences(refs, input, actor);
    if (problems.length) fail(problems);
    const cols = toColumns(input);
    return withAudit(db, actor, async (tx) => {
      if (cols.code && (await repo.findLiveProjectIdByCode(tx, cols.code))) throw duplicateCode(cols.code);
      const [id] = await repo.insertProjects(tx, [
        { ...(cols as repo.ProjectInsert), createdBy: actor.id, updatedBy: actor.id },
      ]);
      const created = await repo.getProjectById(tx, id!);
      return {
        result: created!,
        audit: {
          action: 'project.create',
          entityType: 'project',
          entityId: id!,
          after: auditShape(created!),
        },
      };
    });
  }

  async function update(actor: Actor, id: string, input: ProjectUpdateInput): Promise<Project> {
    const current = await getVisible(actor, id);
    if (current.deletedAt)
      throw new AppError('CONFLICT', {
        zh: '项目已删除，请先恢复',
        en: 'The project is deleted: restore it first',
      });
    const { version, ...changes } = input;
    // Issue #3: a stage change is an explicit, validated action with a date (POST …/stage-transitions).
    if (changes.stage !== undefined && changes.stage !== current.stage) {
      throw invalidField('stage', {
        zh: '项目阶段须通过“推进阶段”变更，不能直接修改',
        en: 'Change the stage through a stage transition, not by editing the project',
      });
    }
    const refs = await loadProjectReferences(db);
    const merged = { ...current, ...changes };
    const problems = checkProjectReferences(
      refs,
      {
        code: changes.code,
        ownerOrgId: changes.ownerOrgId,
        industryCode: changes.industryCode,
        leadingIndustry: changes.leadingIndustry,
        divisionCode: changes.divisionCode ?? (changes.townCode ? current.divisionCode : undefined),
        townCode: changes.townCode,
        chiefUserId: changes.chiefUserId,
        leadDepartmentId: changes.leadDepartmentId,
      },
      actor,
    );
    // Investment split and dates are checked on the merged record: the client may send only some fields.
    const sum = [merged.investmentGovernment, merged.investmentSocial, merged.investmentForeign];
    if (sum.some((x) => x !== null && x !== undefined)) {
      const total = sum.reduce<number>((a, x) => a + (x ?? 0), 0);
      if (Math.abs(total - merged.totalInvestment) > 0.01) {
        problems.push({
          field: 'totalInvestment',
          message: {
            zh: `资金来源合计 ${total} 万元与总投资 ${merged.totalInvestment} 万元不一致`,
            en: `Funding sources add up to ${total}, not the total investment ${merged.totalInvestment}`,
          },
        });
      }
    }
    if (merged.plannedStart && merged.plannedCompletion && merged.plannedCompletion < merged.plannedStart) {
      problems.push({
        field: 'plannedCompletion',
        message: {
          zh: '计划竣工日期不能早于计划开工日期',
          en: 'Planned completion cannot precede planned start',
        },
      });
    }
    if (problems.length) fail(problems);
    const cols = toColumns(changes);
    return withAudit(db, actor, async (tx) => {
      if (cols.code && cols.code !== current.code) {
        const other = await repo.findLiveProjectIdByCode(tx, cols.code);
        if (other && other !== id) throw duplicateCode(cols.code);
      }
      const ok = await repo.updateProject(tx, id, version, { ...cols, updatedBy: actor.id });
      if (!ok) throw versionConflict();
      const updated = (await repo.getProjectById(tx, id))!;
      const d = diff(auditShape(current), auditShape(updated));
      return {
        result: updated,
        audit: {
          action: 'project.update',
          entityType: 'project',
          entityId: id,
          before: d.before,
          after: d.after,
        },
      };
    });
  }

  async function remove(actor: Actor, id: string, input: ProjectDeleteInput): Promise<void> {
    const current = await getVisible(actor, id);
    if (current.deletedAt) throw notFound(PROJECT);
    await withAudit(db, actor, async (tx) => {
      const ok = await repo.updateProject(tx, id, current.version, {
        deletedAt: new Date(),
        deletedBy: actor.id,
        deleteReason: input.reason,
      });
      if (!ok) throw versionConflict();
      return {
        result: undefined,
        audit: {
          action: 'project.delete',
          entityType: 'project',
          entityId: id,
          before: auditShape(current),
          detail: input.reason,
        },
      };
    });
  }

  async function restore(actor: Actor, id: string): Promise<Project> {
    const current = await getVisible(actor, id);
    if (!current.deletedAt)
      throw new AppError('CONFLICT', { zh: '项目未被删除', en: 'The project is not deleted' });
    return withAudit(db, actor, async (tx) => {
      if (current.code && (await repo.findLiveProjectIdByCode(tx, current.code)))
        throw duplicateCode(current.code);
      const ok = await repo.updateProject(tx, id, current.version, {
        deletedAt: null,
        deletedBy: null,
        deleteReason: null,
      });
      if (!ok) throw versionConflict();
      const restored = (await repo.getProjectById(tx, id))!;
      return {
        result: restored,
        audit: {
          action: 'project.restore',
          entityType: 'project',
          entityId: id,
          detail: current.deleteReason,
        },
      };
    });
  }

  /**
   * Validates every row first; writes only when every row is valid (all-or-nothing) or, on request, the valid
   * rows alone. One transaction, one audit record listing the created projects.
   */
  async function importLedger(
    actor: Actor,
    rows: ParsedRow[],
    mode: ImportMode,
    locale: Locale,
  ): Promise<ProjectImportResult> {
    const refs = await loadProjectReferences(db);
    const errors: ProjectImportResult['errors'] = [];
    const valid: { row: number; cols: repo.ProjectInsert }[] = [];
    const codeColumn = locale === 'en' ? 'Project code' : '项目代码';
    const seenCodes = new Map<string, number>();
    for (const { row, values } of rows) {
      const result = convertRow(values, refs, actor, locale);
      if (!result.input) {
        for (const p of result.problems) errors.push({ row, ...p });
        continue;
      }
      const cols = toColumns(result.input) as repo.ProjectInsert;
      if (cols.code) {
        const first = seenCodes.get(cols.code);
        if (first) {
          errors.push({
            row,
            column: codeColumn,
            message: locale === 'en' ? `Same code as row ${first}` : `与第 ${first} 行项目代码重复`,
          });
          continue;
        }
        seenCodes.set(cols.code, row);
      }
      valid.push({ row, cols: { ...cols, createdBy: actor.id, updatedBy: actor.id } });
    }
    const existing = await repo.findLiveCodes(db, [...seenCodes.keys()]);
    const writable = valid.filter((v) => {
      if (v.cols.code && existing.has(v.cols.code)) {
        errors.push({
          row: v.row,
          column: codeColumn,
          message: locale === 'en' ? 'Code already used by an existing project' : '项目代码已被现有项目使用',
        });
        return false;
      }
      return true;
    });
    errors.sort((a, b) => a.row - b.row);
    const invalidRows = new Set(errors.map((e) => e.row)).size;
    const result: ProjectImportResult = {
      mode,
      totalRows: rows.length,
      validRows: writable.length,
      invalidRows,
      imported: 0,
      errors,
    };
    const shouldWrite =
      mode === 'valid-only' ? writable.length > 0 : mode === 'all-or-nothing' && invalidRows === 0;
    if (!shouldWrite) return result;
    const ids = await withAudit(db, actor, async (tx) => {
      const created: string[] = [];
      for (let i = 0; i < writable.length; i += 500) {
        created.push(
          ...(await repo.insertProjects(
            tx,
            writable.slice(i, i + 500).map((w) => w.cols),
          )),
        );
      }
      return {
        result: created,
        audit: {
          action: 'project.import',
          entityType: 'project',
          after: { mode, count: created.length, ids: created },
          detail: `${created.length} / ${rows.length} rows`,
        },
      };
    });
    return { ...result, imported: ids.length };
  }

  return {
    get: getVisible,
    find,
    findAllForExport,
    countByStage,
    create,
    update,
    delete: remove,
    restore,
    importLedger,
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
