import path from 'node:path';
import { addDays, type IsoDate, todayInChina, toMonthNumber } from '#domain/iso-date.ts';
import type {
  CalendarEntry,
  ChiefCandidates,
  ChiefPerson,
  ChiefTeam,
  ChiefTeamPage,
  ChiefTeamsQuery,
  ChiefWorkspace,
  ChiefWorkspaceQuery,
  InspectionCreateInput,
  InspectionDetail,
  InspectionList,
  InspectionPhoto,
  InspectionUpdateInput,
  MissingInspectionFlags,
  MissingInspectionReport,
  MissingInspectionReportQuery,
  MissingInspectionRow,
  MissingInspections,
  MissingInspectionsQuery,
  ProjectChiefs,
  ProjectChiefsInput,
  ProjectTask,
  ProjectTaskList,
  ProjectTaskUpdateInput,
  RectificationInput,
  WorkspaceProject,
} from '#domain/schemas/inspections.ts';
import { KEY_PROJECT_LEVELS, MISSING_REPORT_MAX_MONTHS, taskStatuses } from '#domain/schemas/inspections.ts';
import type { PhotoMimeType } from '#domain/schemas/progress-reports.ts';
import {
  cadenceStatus,
  monthsWithoutInspection,
  periodOf,
  periodOfCode,
} from '#domain/supervision-cadence.ts';
import { type Actor, can } from '../../core/actor.ts';
import { diff } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { createLocalStorage, FileNotFoundError } from '../../core/storage.ts';
import { auditAlone, auditWithin, withAudit } from '../../core/transaction.ts';
import { departmentsOf } from '../coordination/coordination.repo.ts';
import { insertRaisedItem, prepareItem } from '../coordination/coordination.service.ts';
import { loadDispatchCadence } from '../dispatch-meetings/dispatch-meetings.service.ts';
import { filterActiveUserIds, insertNotifications } from '../notifications/notifications.repo.ts';
import { PHOTO_EXTENSIONS, storePhotos } from '../progress-reports/progress-reports.photos.ts';
import type { PhotoContent, PhotoUpload } from '../progress-reports/progress-reports.service.ts';
import { filterConditions as projectFilterConditions } from '../projects/projects.repo.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import { getWarningRows, loadOverdueItemCounts } from '../warnings/warnings.repo.ts';
import { createWarningService } from '../warnings/warnings.service.ts';
import * as repo from './inspections.repo.ts';

const PROJECT = { zh: '项目', en: 'project' };
const INSPECTION = { zh: '督查记录', en: 'inspection' };
const TASK = { zh: '整改任务', en: 'task' };
const PHOTO = { zh: '照片', en: 'photo' };

/** Notifications of a month without an inspection: entity_id '<projectId>:<YYYY-MM>', once per project-month. */
export const MISSING_ENTITY = 'inspection_missing';
/** The permission of leaders, who are told of every missing inspection (they assign the chiefs). */
const LEADERS = 'chief.assign';

const notOnTeam = () =>
  new AppError('FORBIDDEN', {
    zh: '只有该项目的项目长、副项目长、联络员和管委会领导才能记录督查和跟进整改',
    en: "Only the project's chief, deputy chiefs, liaisons and leaders can record its inspections and follow them up",
  });

const monthTaken = (month: string) =>
  new AppError('CONFLICT', {
    zh: `该项目 ${month} 已有督查记录（一月一督查），请修改原记录`,
    en: `The project already has an inspection for ${month} (one a month): edit that one`,
  });

/** The month that ended last before `today`. */
const previousMonth = (today: IsoDate) =>
  periodOf('inspection', addDays(periodOf('inspection', today).start, -1));

/** The inspection date must fall in its month and not after today (a planned visit is not an inspection). */
function checkInspectedOn(month: string, inspectedOn: IsoDate, today: IsoDate) {
  const period = periodOfCode(month);
  if (!period || inspectedOn < period.start || inspectedOn > period.end) {
    throw invalidField('inspectedOn', {
      zh: `督查日期应在督查月份 ${month} 内`,
      en: `The inspection date must fall in the month inspected, ${month}`,
    });
  }
  if (inspectedOn > today) {
    throw invalidField('inspectedOn', {
      zh: `督查日期不能晚于今天（${today}）`,
      en: `The inspection date cannot be after today (${today})`,
    });
  }
}

export function createInspectionService(ctx: ServiceContext) {
  const { db } = ctx;
  const projects = createProjectService(ctx);
  const warnings = createWarningService(ctx);
  const storage = ctx.storage ?? createLocalStorage(path.join(ctx.config.dataDir, 'files'));
  const clock = () => ctx.clock?.() ?? new Date();

  async function liveProject(projectId: string): Promise<repo.ProjectBrief> {
    const project = await repo.getProjectBrief(db, projectId);
    if (!project || project.deletedAt) throw notFound(PROJECT);
    return project;
  }

  /**
   * A project whose inspections and tasks the actor may read: the ledger's scope (404 outside it, as for the
   * project itself), widened to the project's chief team, who do not all see the project in the ledger.
   */
  async function readableProject(actor: Actor, projectId: string): Promise<repo.ProjectBrief> {
    const project = await liveProject(projectId);
    if (!(await repo.chiefRoleOf(db, projectId, actor.id))) await projects.get(actor, projectId);
    return project;
  }

  /**
   * A project whose inspections the actor may record and whose tasks he may close: its chief, deputies and
   * liaisons, and leaders (project.scope.all). Anyone else is refused (audited) where the project is visible to
   * him, and answered 404 where it is not, so that its existence is not revealed.
   */
  async function recordableProject(
    actor: Actor,
    projectId: string,
    action: string,
  ): Promise<repo.ProjectBrief> {
    const project = await liveProject(projectId);
    if (can(actor, 'project.scope.all') || (await repo.chiefRoleOf(db, projectId, actor.id))) return project;
    await projects.get(actor, projectId);
    await auditAlone(db, actor, {
      action,
      entityType: 'project',
      entityId: projectId,
      outcome: 'denied',
      detail: "not on the project's chief team",
    });
    throw notOnTeam();
  }

  // ------------------------------------------------------------------------------------------ chiefs and staff

  async function team(projectId: string, version: number, name: string): Promise<ProjectChiefs> {
    const [chief, staff] = await Promise.all([repo.findChief(db, projectId), repo.findStaff(db, projectId)]);
    const person = (s: (typeof staff)[number]): ChiefPerson => ({
      userId: s.userId,
      displayName: s.displayName,
      organizationName: s.organizationName,
      assignedOn: s.assignedOn,
    });
    return {
      projectId,
      projectName: name,
      version,
      chief: chief ? { ...chief, assignedOn: chief.assignedOn ?? null } : null,
      deputies: staff.filter((s) => s.role === 'deputy').map(person),
      liaisons: staff.filter((s) => s.role === 'liaison').map(person),
    };
  }

  async function getChiefs(actor: Actor, projectId: string): Promise<ProjectChiefs> {
    const project = await readableProject(actor, projectId);
    return team(projectId, project.version, project.name);
  }

  /**
   * Sets the project's chief, deputies and liaisons in one step. The chief must hold the project chief role;
   * deputies and liaisons must be able to record inspections (inspection.record), which is what they are there
   * for. The project's version guards the change (the chief is a field of the project); a person keeps his
   * assignment date while he keeps his role, and the chief's date is today when he is new.
   */
  async function assignChiefs(
    actor: Actor,
    projectId: string,
    input: ProjectChiefsInput,
  ): Promise<ProjectChiefs> {
    const project = await projects.get(actor, projectId);
    if (project.deletedAt) {
      throw new AppError('CONFLICT', {
        zh: '项目已删除，请先恢复',
        en: 'The project is deleted: restore it first',
      });
    }
    const [chief] = await repo.usersWithRoles(db, [input.chiefUserId]);
    if (!chief?.isActive || !chief.roles.includes('project_chief')) {
      throw invalidField('chiefUserId', {
        zh: '项目长须为具有项目长角色的在用账号',
        en: 'The chief must be an active user with the project chief role',
      });
    }
    const staffIds = [...input.deputyUserIds, ...input.liaisonUserIds];
    const able = await repo.usersHoldingPermission(db, staffIds, 'inspection.record');
    for (const field of ['deputyUserIds', 'liaisonUserIds'] as const) {
      const index = input[field].findIndex((id) => !able.has(id));
      if (index >= 0) {
        throw invalidField(`${field}.${index}`, {
          zh: '副项目长和联络员须为有权记录督查的在用账号（如项目长、职能部门人员）',
          en: 'Deputy chiefs and liaisons must be active users who may record inspections (chiefs, department staff)',
        });
      }
    }
    if (input.version !== project.version) throw versionConflict();
    const today = todayInChina(clock());
    const wanted = new Map<string, 'deputy' | 'liaison'>([
      ...input.deputyUserIds.map((id) => [id, 'deputy'] as const),
      ...input.liaisonUserIds.map((id) => [id, 'liaison'] as const),
    ]);
    const version = await withAudit(db, actor, async (tx) => {
      const existing = await repo.findStaff(tx, projectId);
      const newVersion = await repo.setChief(tx, projectId, input.version, input.chiefUserId, actor.id);
      if (newVersion === null) throw versionConflict();
      if (project.chiefUserId !== input.chiefUserId) {
        await repo.dateAssignment(tx, projectId, input.chiefUserId, today, actor.id);
      }
      await repo.deleteStaff(
        tx,
        projectId,
        existing.filter((s) => !wanted.has(s.userId)).map((s) => s.userId),
      );
      await repo.upsertStaff(
        tx,
        [...wanted]
          .filter(([userId, role]) => existing.find((s) => s.userId === userId)?.role !== role)
          .map(([userId, role]) => ({ projectId, userId, role, assignedOn: today, assignedBy: actor.id })),
      );
      const idsOf = (role: string) => existing.filter((s) => s.role === role).map((s) => s.userId);
      return {
        result: newVersion,
        audit: {
          action: 'chief.assign',
          entityType: 'project',
          entityId: projectId,
          before: {
            chiefUserId: project.chiefUserId,
            deputyUserIds: idsOf('deputy'),
            liaisonUserIds: idsOf('liaison'),
          },
          after: {
            chiefUserId: input.chiefUserId,
            deputyUserIds: input.deputyUserIds,
            liaisonUserIds: input.liaisonUserIds,
          },
        },
      };
    });
    return team(projectId, version, project.name);
  }

  // ------------------------------------------------------------------------------------------------ workspace

  /**
   * A chief's month: the projects on which the user is chief, deputy or liaison, each with its light, stage,
   * overdue items and open tasks, whether the month's inspection is done, due or overdue, and the ended months
   * since the chief's assignment without one; then the month's dates in calendar order. Leaders
   * (project.scope.all) may look at another user's workspace.
   */
  async function workspace(actor: Actor, query: ChiefWorkspaceQuery): Promise<ChiefWorkspace> {
    const now = clock();
    const today = todayInChina(now);
    const month = query.month ?? today.slice(0, 7);
    let user = { id: actor.id, displayName: actor.displayName };
    if (query.chiefUserId && query.chiefUserId !== actor.id) {
      if (!can(actor, 'project.scope.all')) {
        await auditAlone(db, actor, {
          action: 'inspection.workspace',
          entityType: 'user',
          entityId: query.chiefUserId,
          outcome: 'denied',
          detail: "another user's workspace",
        });
        throw new AppError('FORBIDDEN', {
          zh: '只有管委会领导可以查看他人的项目长工作台',
          en: "Only leaders can look at another user's workspace",
        });
      }
      const name = await repo.getUserName(db, query.chiefUserId);
      if (!name) throw notFound({ zh: '用户', en: 'user' });
      user = { id: query.chiefUserId, displayName: name };
    }
    const rows = await repo.findTeamProjects(db, user.id);
    const ids = rows.map((r) => r.id);
    // Lights are brought up to date before they are read, as everywhere else: only these projects' outdated ones.
    await warnings.refresh(ids);
    const [lights, overdueItems, held, openTasks] = await Promise.all([
      getWarningRows(db, ids),
      loadOverdueItemCounts(db, ids, today),
      repo.findInspectionDates(db, ids, today),
      repo.findOpenTasks(db, ids),
    ]);
    const period = periodOf('inspection', `${month}-01`);
    const calendar: CalendarEntry[] = [];
    const projectsOut: WorkspaceProject[] = rows.map((p) => {
      const dates = held.filter((h) => h.projectId === p.id);
      const inMonth = dates
        .filter((h) => h.inspectedOn >= period.start && h.inspectedOn <= period.end)
        .at(-1);
      const cadence = cadenceStatus({
        kind: 'inspection',
        date: period.start,
        lastHeldOn: inMonth?.inspectedOn ?? null,
        today,
      });
      const tasks = openTasks.filter((t) => t.projectId === p.id);
      calendar.push({
        date: cadence.status === 'done' ? cadence.heldOn : period.end,
        kind: 'inspection',
        status: cadence.status,
        projectId: p.id,
        projectName: p.name,
        title: `${period.label.zh}督查`,
        refId: inMonth?.id ?? null,
      });
      for (const t of tasks) {
        if (t.deadline < period.start || t.deadline > period.end) continue;
        calendar.push({
          date: t.deadline,
          kind: 'task',
          status: t.deadline < today ? 'overdue' : 'due',
          projectId: p.id,
          projectName: p.name,
          title: t.title,
          refId: t.id,
        });
      }
      return {
        projectId: p.id,
        projectName: p.name,
        projectCode: p.code,
        stage: p.stage,
        role: p.role,
        chiefUserId: p.chiefUserId,
        chiefName: p.chiefName,
        chiefAssignedOn: p.chiefAssignedOn,
        color: lights.find((l) => l.projectId === p.id)?.color ?? null,
        overdueCoordinationItems: overdueItems.find((o) => o.projectId === p.id)?.n ?? 0,
        openTasks: tasks.length,
        overdueTasks: tasks.filter((t) => t.deadline < today).length,
        inspection: {
          status: cadence.status,
          dueBy: period.end,
          inspectionId: inMonth?.id ?? null,
          inspectedOn: inMonth?.inspectedOn ?? null,
          daysLeft: cadence.status === 'due' ? cadence.daysLeft : null,
          daysOverdue: cadence.status === 'overdue' ? cadence.daysOverdue : null,
        },
        monthsWithoutInspection: p.chiefAssignedOn
          ? monthsWithoutInspection(
              p.chiefAssignedOn,
              dates.map((d) => d.inspectedOn),
              today,
            )
          : [],
      };
    });
    calendar.sort(
      (a, b) =>
        a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title),
    );
    const counts = { done: 0, due: 0, overdue: 0 };
    for (const p of projectsOut) counts[p.inspection.status]++;
    const dispatch = await loadDispatchCadence(db, {
      userId: user.id,
      projectIds: ids,
      date: period.start,
      today,
    });
    return { month, today, user, projects: projectsOut, counts, calendar, dispatch };
  }

  // ---------------------------------------------------------------------------------------------- inspections

  /** Checks a task demand's owner and deadline before the transaction; `prefix` names the demand's fields. */
  async function checkTask(r: Extract<RectificationInput, { kind: 'task' }>, today: IsoDate, prefix: string) {
    if (!(await repo.organizationById(db, r.ownerOrgId))) {
      throw invalidField(`${prefix}ownerOrgId`, { zh: '整改责任单位不存在', en: 'Unknown organisation' });
    }
    if (r.ownerUserId) {
      const user = await repo.userById(db, r.ownerUserId);
      if (!user?.isActive || user.organizationId !== r.ownerOrgId) {
        throw invalidField(`${prefix}ownerUserId`, {
          zh: '整改责任人须为责任单位的在用账号',
          en: 'The person responsible must be an active user of the organisation responsible',
        });
      }
    }
    if (r.deadline < today) {
      throw invalidField(`${prefix}deadline`, {
        zh: `整改期限不能早于今天（${today}）`,
        en: `The deadline cannot be before today (${today})`,
      });
    }
  }

  /**
   * Records the month's inspection with its findings, and turns each rectification demand into a coordination
   * item (source 'inspection', its deadline in working days from today) or a project task, all in one
   * transaction: on any error nothing is written. One inspection per project per month (409 otherwise).
   */
  async function record(
    actor: Actor,
    projectId: string,
    input: InspectionCreateInput,
  ): Promise<InspectionDetail> {
    const project = await recordableProject(actor, projectId, 'inspection.record');
    const now = clock();
    const today = todayInChina(now);
    checkInspectedOn(input.month, input.inspectedOn, today);
    if (await repo.findInspectionByMonth(db, projectId, input.month)) throw monthTaken(input.month);
    // Everything a demand refers to is checked before anything is written, naming the demand that is wrong.
    const deadlines = new Map<number, IsoDate>();
    for (const [index, r] of input.rectifications.entries()) {
      const prefix = `rectifications.${index}.`;
      if (r.kind === 'coordination') deadlines.set(index, (await prepareItem(db, r, today, prefix)).deadline);
      else await checkTask(r, today, prefix);
    }
    const id = await withAudit(db, actor, async (tx) => {
      await repo.lockProject(tx, projectId);
      // Again under the lock: another recording of the same month may have committed meanwhile.
      if (await repo.findInspectionByMonth(tx, projectId, input.month)) throw monthTaken(input.month);
      const inspectionId = await repo.insertInspection(tx, {
        projectId,
        month: repo.monthToDate(input.month),
        inspectedOn: input.inspectedOn,
        method: input.method,
        participants: input.participants,
        summary: input.summary,
        createdBy: actor.id,
        createdAt: now,
        updatedBy: actor.id,
        updatedAt: now,
      });
      await repo.replaceFindings(tx, inspectionId, input.findings);
      const coordinationItemIds: string[] = [];
      const taskIds: string[] = [];
      for (const [index, r] of input.rectifications.entries()) {
        if (r.kind === 'coordination') {
          coordinationItemIds.push(
            await insertRaisedItem(
              tx,
              actor,
              project,
              {
                title: r.title,
                description: r.description ?? r.title,
                category: r.category,
                priority: r.priority,
                departmentIds: r.departmentIds,
                deadlineWorkingDays: r.deadlineWorkingDays,
                source: 'inspection',
                sourceRef: inspectionId,
              },
              deadlines.get(index)!,
              now,
            ),
          );
          continue;
        }
        const task = {
          projectId,
          title: r.title,
          description: r.description,
          ownerOrgId: r.ownerOrgId,
          ownerUserId: r.ownerUserId ?? null,
          deadline: r.deadline,
          source: 'inspection' as const,
          sourceRef: inspectionId,
        };
        const taskId = await repo.insertTask(tx, {
          ...task,
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
        });
        await auditWithin(tx, actor, {
          action: 'task.create',
          entityType: 'project_task',
          entityId: taskId,
          after: task,
        });
        taskIds.push(taskId);
      }
      return {
        result: inspectionId,
        audit: {
          action: 'inspection.record',
          entityType: 'inspection',
          entityId: inspectionId,
          after: {
            projectId,
            month: input.month,
            inspectedOn: input.inspectedOn,
            method: input.method,
            participants: input.participants,
            summary: input.summary,
            findings: input.findings,
            coordinationItemIds,
            taskIds,
          },
        },
      };
    });
    return get(actor, id);
  }

  /** Corrects an inspection record (date within its month, method, participants, summary, findings). */
  async function update(actor: Actor, id: string, input: InspectionUpdateInput): Promise<InspectionDetail> {
    const row = await repo.getInspectionRow(db, id);
    if (!row) throw notFound(INSPECTION);
    await recordableProject(actor, row.projectId, 'inspection.update');
    if (input.version !== row.version) throw versionConflict();
    const now = clock();
    if (input.inspectedOn !== undefined) {
      checkInspectedOn(repo.dateToMonth(row.month), input.inspectedOn, todayInChina(now));
    }
    const set: Partial<repo.InspectionInsert> & { updatedAt: Date } = { updatedAt: now, updatedBy: actor.id };
    if (input.inspectedOn !== undefined) set.inspectedOn = input.inspectedOn;
    if (input.method !== undefined) set.method = input.method;
    if (input.participants !== undefined) set.participants = input.participants;
    if (input.summary !== undefined) set.summary = input.summary;
    const beforeFindings = input.findings ? await repo.findFindings(db, id) : undefined;
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.updateInspection(tx, id, input.version, set))) throw versionConflict();
      if (input.findings) await repo.replaceFindings(tx, id, input.findings);
      const before: Record<string, unknown> = {
        inspectedOn: row.inspectedOn,
        method: row.method,
        participants: row.participants,
        summary: row.summary,
        findings: beforeFindings?.map((f) => ({ category: f.category, text: f.text })),
      };
      const d = diff(before, {
        inspectedOn: set.inspectedOn ?? row.inspectedOn,
        method: set.method ?? row.method,
        participants: set.participants ?? row.participants,
        summary: set.summary ?? row.summary,
        findings: input.findings,
      });
      return {
        result: undefined,
        audit: {
          action: 'inspection.update',
          entityType: 'inspection',
          entityId: id,
          before: { ...d.before, version: row.version },
          after: { ...d.after, version: row.version + 1 },
        },
      };
    });
    return get(actor, id);
  }

  async function findForProject(actor: Actor, projectId: string): Promise<InspectionList> {
    await readableProject(actor, projectId);
    return { items: await repo.findInspections(db, projectId) };
  }

  /** An inspection whose project the actor may read, or 404. */
  async function visibleInspection(actor: Actor, id: string) {
    const row = await repo.getInspectionRow(db, id);
    if (!row) throw notFound(INSPECTION);
    try {
      await readableProject(actor, row.projectId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound(INSPECTION);
      throw err;
    }
    return row;
  }

  /** An inspection with its findings, photos, and the coordination items and tasks it demanded. */
  async function get(actor: Actor, id: string): Promise<InspectionDetail> {
    await visibleInspection(actor, id);
    const today = todayInChina(clock());
    const [inspection, findings, photos, items, tasks] = await Promise.all([
      repo.getInspection(db, id),
      repo.findFindings(db, id),
      repo.findPhotos(db, id),
      repo.findRaisedItems(db, id),
      repo.findTasks(db, repo.tasksOfInspection(id), today),
    ]);
    const departments = await departmentsOf(
      db,
      items.map((i) => i.id),
    );
    return {
      ...inspection!,
      findings,
      photos: photos.map(repo.toPhoto),
      coordinationItems: items.map((i) => ({ ...i, departments: departments.get(i.id) ?? [] })),
      tasks,
    };
  }

  // --------------------------------------------------------------------------------------------------- photos

  /** Site photos of an inspection, all or none (the report photos' checks, EXIF and thumbnails). */
  async function addPhotos(
    actor: Actor,
    id: string,
    files: AsyncIterable<PhotoUpload>,
  ): Promise<InspectionPhoto[]> {
    const row = await repo.getInspectionRow(db, id);
    if (!row) throw notFound(INSPECTION);
    await recordableProject(actor, row.projectId, 'inspection.photo.add');
    const { photos, discard } = await storePhotos(storage, `inspections/${id}`, files);
    try {
      return await withAudit(db, actor, async (tx) => {
        const inserted = await repo.insertPhotos(
          tx,
          photos.map((p) => ({ ...p, inspectionId: id, uploadedBy: actor.id })),
        );
        return {
          result: inserted.map(repo.toPhoto),
          audit: {
            action: 'inspection.photo.add',
            entityType: 'inspection',
            entityId: id,
            after: {
              photos: inserted.map((p) => ({
                id: p.id,
                originalName: p.originalName,
                mimeType: p.mimeType,
                sizeBytes: p.sizeBytes,
                takenAt: p.takenAt?.toISOString() ?? null,
                latitude: p.latitude,
                longitude: p.longitude,
              })),
            },
            detail: `${inserted.length} photo(s)`,
          },
        };
      });
    } catch (err) {
      await discard();
      throw err;
    }
  }

  async function getPhotoContent(
    actor: Actor,
    id: string,
    photoId: string,
    variant: 'original' | 'thumbnail',
  ): Promise<PhotoContent> {
    await visibleInspection(actor, id);
    const photo = await repo.getPhoto(db, id, photoId);
    if (!photo) throw notFound(PHOTO);
    const key = variant === 'thumbnail' ? photo.thumbnailKey : photo.storageKey;
    if (!key) throw notFound({ zh: '缩略图', en: 'thumbnail' });
    try {
      const file = await storage.get(key);
      const extension = PHOTO_EXTENSIONS[photo.mimeType as PhotoMimeType] ?? 'bin';
      return {
        ...file,
        mimeType: variant === 'thumbnail' ? 'image/jpeg' : photo.mimeType,
        fileName:
          variant === 'thumbnail'
            ? `thumbnail-${photo.id}.jpg`
            : (photo.originalName ?? `${photo.id}.${extension}`),
      };
    } catch (err) {
      if (err instanceof FileNotFoundError) throw notFound(PHOTO);
      throw err;
    }
  }

  async function deletePhoto(actor: Actor, id: string, photoId: string): Promise<void> {
    const row = await repo.getInspectionRow(db, id);
    if (!row) throw notFound(INSPECTION);
    await recordableProject(actor, row.projectId, 'inspection.photo.delete');
    const photo = await repo.getPhoto(db, id, photoId);
    if (!photo) throw notFound(PHOTO);
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.withdrawPhoto(tx, photoId))) throw notFound(PHOTO);
      return {
        result: undefined,
        audit: {
          action: 'inspection.photo.delete',
          entityType: 'inspection',
          entityId: id,
          before: { photoId, originalName: photo.originalName, storageKey: photo.storageKey },
        },
      };
    });
  }

  // ---------------------------------------------------------------------------------------------------- tasks

  async function findTasks(actor: Actor, projectId: string): Promise<ProjectTaskList> {
    await readableProject(actor, projectId);
    return { items: await repo.findTasks(db, repo.tasksOfProject(projectId), todayInChina(clock())) };
  }

  /**
   * Closes a task as done or cancelled, or opens it again. The chief's team closes it, as the raiser closes a
   * coordination item: they check on site that the demand was met.
   */
  async function updateTask(actor: Actor, id: string, input: ProjectTaskUpdateInput): Promise<ProjectTask> {
    const now = clock();
    const today = todayInChina(now);
    const task = await repo.getTask(db, id, today);
    if (!task) throw notFound(TASK);
    try {
      await recordableProject(actor, task.projectId, 'task.update');
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound(TASK);
      throw err;
    }
    if (input.version !== task.version) throw versionConflict();
    if (input.status === task.status) {
      const label = taskStatuses.list.find((s) => s.code === task.status)!.label;
      throw new AppError('CONFLICT', {
        zh: `任务已是“${label.zh}”状态`,
        en: `The task is already ${label.en.toLowerCase()}`,
      });
    }
    await withAudit(db, actor, async (tx) => {
      const ok = await repo.updateTaskStatus(tx, id, input.version, {
        status: input.status,
        closedAt: input.status === 'open' ? null : now,
        updatedAt: now,
      });
      if (!ok) throw versionConflict();
      return {
        result: undefined,
        audit: {
          action: 'task.update',
          entityType: 'project_task',
          entityId: id,
          before: { status: task.status, version: task.version },
          after: { status: input.status, version: task.version + 1 },
        },
      };
    });
    return (await repo.getTask(db, id, today))!;
  }

  // -------------------------------------------------------------------------------------- missing inspections

  /** The chiefs' projects of an ended month, each marked whether the month had no inspection. */
  async function monthCoverage(month: string, today: IsoDate, memberId: string | null) {
    const period = periodOf('inspection', `${month}-01`);
    const rows = await repo.findChiefProjects(db, month, period.end, memberId);
    return rows.map((r) => ({
      ...r,
      missing: monthsWithoutInspection(
        r.chiefAssignedOn,
        r.inspectedOn ? [r.inspectedOn] : [],
        today,
      ).includes(month),
    }));
  }

  /**
   * 一月一督查 coverage of an ended month (default: the previous one), per chief: the projects he answered for
   * that month (assigned by its end) and those without an inspection. Leaders (project.scope.all) see every
   * chief; anyone else the projects on whose chief team he is.
   */
  async function findMissing(actor: Actor, query: MissingInspectionsQuery): Promise<MissingInspections> {
    const today = todayInChina(clock());
    const month = query.month ?? previousMonth(today).code;
    if (month >= today.slice(0, 7)) {
      throw invalidField('month', {
        zh: `${month} 尚未结束：缺少督查的月份在月末之后才能统计`,
        en: `${month} has not ended: a month is missing its inspection only once it is over`,
      });
    }
    const rows = await monthCoverage(month, today, can(actor, 'project.scope.all') ? null : actor.id);
    const chiefs = new Map<string, MissingInspections['chiefs'][number]>();
    for (const r of rows) {
      let chief = chiefs.get(r.chiefUserId);
      if (!chief) {
        chief = {
          chiefUserId: r.chiefUserId,
          chiefName: r.chiefName,
          projectCount: 0,
          inspectedCount: 0,
          missing: [],
        };
        chiefs.set(r.chiefUserId, chief);
      }
      chief.projectCount++;
      if (!r.missing) {
        chief.inspectedCount++;
        continue;
      }
      chief.missing.push({
        projectId: r.projectId,
        projectName: r.projectName,
        projectCode: r.projectCode,
        stage: r.stage as MissingInspections['chiefs'][number]['missing'][number]['stage'],
        chiefAssignedOn: r.chiefAssignedOn,
      });
    }
    const list = [...chiefs.values()];
    return { month, total: list.reduce((n, c) => n + c.missing.length, 0), chiefs: list };
  }

  /**
   * Tells each chief and the leaders (holders of chief.assign) of his projects that went through the month just
   * ended without an inspection. Once per project and month: the runs of every node take an advisory lock, skip
   * what was flagged before, and a unique index backs that up. Run by the background job.
   */
  async function flagMissingInspections(now: Date = clock()): Promise<MissingInspectionFlags> {
    const today = todayInChina(now);
    const period = previousMonth(today);
    const month = period.code;
    const missing = (await monthCoverage(month, today, null)).filter((r) => r.missing);
    if (missing.length === 0) return { month, flagged: 0, notified: 0 };
    const key = (projectId: string) => `${projectId}:${month}`;
    return db.transaction(async (tx) => {
      await repo.lockMissingFlags(tx);
      const done = await repo.flaggedKeys(
        tx,
        MISSING_ENTITY,
        missing.map((r) => key(r.projectId)),
      );
      const fresh = missing.filter((r) => !done.has(key(r.projectId)));
      if (fresh.length === 0) return { month, flagged: 0, notified: 0 };
      const leaders = await repo.allUsersHoldingPermission(tx, LEADERS);
      const activeChiefs = new Set(
        await filterActiveUserIds(tx, [...new Set(fresh.map((r) => r.chiefUserId))]),
      );
      const flagged = new Set<string>();
      const rows = fresh.flatMap((r) => {
        const to = new Set(leaders);
        if (activeChiefs.has(r.chiefUserId)) to.add(r.chiefUserId);
        if (to.size) flagged.add(r.projectId);
        return [...to].map((userId) => ({
          userId,
          kind: 'inspection.missing',
          title: `${period.label.zh}未开展督查：${r.projectName}`,
          body: `项目长 ${r.chiefName}；一月一督查，${period.label.zh}没有督查记录`,
          link: `/projects/${r.projectId}`,
          entityType: MISSING_ENTITY,
          entityId: key(r.projectId),
          createdAt: now,
        }));
      });
      const notified = await insertNotifications(tx, rows);
      if (notified > 0) {
        await auditWithin(tx, null, {
          action: 'inspection.flag_missing',
          entityType: MISSING_ENTITY,
          entityId: month,
          after: { month, projectIds: [...flagged] },
          detail: `${flagged.size} project(s), ${notified} notification(s)`,
        });
      }
      return { month, flagged: flagged.size, notified };
    });
  }

  // ------------------------------------------------------------------------------------ key projects' chief teams

  /**
   * The chief teams of the projects the actor may see (the ledger's scope), key projects (市级、区级重点) by
   * default, those without a chief first: the list on which leaders find the projects still to be given one.
   */
  async function findTeams(actor: Actor, query: ChiefTeamsQuery): Promise<ChiefTeamPage> {
    const ledger = projectFilterConditions(
      { q: query.q, keyLevel: query.keyLevel ?? [...KEY_PROJECT_LEVELS], deleted: false },
      scopeOf(actor),
    );
    const where = repo.teamConditions(ledger, query.unassigned === true);
    const [rows, counts] = await Promise.all([
      repo.findTeamProjectPage(db, where, {
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      }),
      repo.countTeamProjects(db, ledger),
    ]);
    const ids = rows.map((r) => r.id);
    const [chiefs, staff] = await Promise.all([repo.findChiefsOf(db, ids), repo.findStaffOf(db, ids)]);
    const person = (p: (typeof chiefs)[number] | (typeof staff)[number]): ChiefPerson => ({
      userId: p.userId,
      displayName: p.displayName,
      organizationName: p.organizationName,
      assignedOn: p.assignedOn ?? null,
    });
    const items: ChiefTeam[] = rows.map((r) => {
      const chief = chiefs.find((c) => c.projectId === r.id);
      const own = staff.filter((s) => s.projectId === r.id);
      return {
        projectId: r.id,
        projectName: r.name,
        projectCode: r.code,
        keyLevel: r.keyLevel as ChiefTeam['keyLevel'],
        stage: r.stage as ChiefTeam['stage'],
        version: r.version,
        chief: chief ? person(chief) : null,
        deputies: own.filter((s) => s.role === 'deputy').map(person),
        liaisons: own.filter((s) => s.role === 'liaison').map(person),
      };
    });
    return {
      items,
      total: query.unassigned ? counts.unassigned : counts.projects,
      page: query.page,
      pageSize: query.pageSize,
      counts,
    };
  }

  /**
   * Who may be picked for a chief team, by the rules assignChiefs checks: chiefs hold the project chief role,
   * deputies and liaisons may record inspections; active accounts only.
   */
  async function findCandidates(): Promise<ChiefCandidates> {
    const [chiefs, staff] = await Promise.all([
      repo.findActiveUsersWithRole(db, 'project_chief'),
      repo.findActiveUsersHoldingPermission(db, 'inspection.record'),
    ]);
    return { chiefs, staff };
  }

  /**
   * 一月一督查 coverage over a range of ended months (default: the six months to the previous one): per chief the
   * project-months he owed, inspected and missed, and each missed project-month. Scope as findMissing.
   */
  async function findMissingReport(
    actor: Actor,
    query: MissingInspectionReportQuery,
  ): Promise<MissingInspectionReport> {
    const today = todayInChina(clock());
    const to = query.to ?? previousMonth(today).code;
    if (to >= today.slice(0, 7)) {
      throw invalidField('to', {
        zh: `${to} 尚未结束：缺少督查的月份在月末之后才能统计`,
        en: `${to} has not ended: a month is missing its inspection only once it is over`,
      });
    }
    const toNumber = toMonthNumber(to)!;
    const fromNumber = query.from ? toMonthNumber(query.from)! : toNumber - 5;
    if (fromNumber > toNumber) {
      throw invalidField('from', {
        zh: '起始月份不能晚于截止月份',
        en: 'The from month cannot be after the to month',
      });
    }
    if (toNumber - fromNumber + 1 > MISSING_REPORT_MAX_MONTHS) {
      throw invalidField('from', {
        zh: `一次最多统计 ${MISSING_REPORT_MAX_MONTHS} 个月`,
        en: `At most ${MISSING_REPORT_MAX_MONTHS} months at a time`,
      });
    }
    const months: string[] = [];
    for (let n = fromNumber; n <= toNumber; n++) {
      months.push(`${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);
    }
    const memberId = can(actor, 'project.scope.all') ? null : actor.id;
    const chiefs = new Map<string, MissingInspectionReport['chiefs'][number]>();
    const rows: MissingInspectionRow[] = [];
    // One month at a time: each is a single indexed query, and PGlite runs one query at a time anyway.
    for (const month of months) {
      for (const r of await monthCoverage(month, today, memberId)) {
        if (query.chiefUserId && r.chiefUserId !== query.chiefUserId) continue;
        const chief = chiefs.get(r.chiefUserId) ?? {
          chiefUserId: r.chiefUserId,
          chiefName: r.chiefName,
          owed: 0,
          inspected: 0,
          missing: 0,
        };
        chiefs.set(r.chiefUserId, chief);
        chief.owed++;
        if (!r.missing) {
          chief.inspected++;
          continue;
        }
        chief.missing++;
        rows.push({
          month,
          chiefUserId: r.chiefUserId,
          chiefName: r.chiefName,
          projectId: r.projectId,
          projectName: r.projectName,
          projectCode: r.projectCode,
          stage: r.stage as MissingInspectionRow['stage'],
          chiefAssignedOn: r.chiefAssignedOn,
        });
      }
    }
    const byName = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
    const list = [...chiefs.values()].sort(
      (a, b) => b.missing - a.missing || byName(a.chiefName, b.chiefName),
    );
    // Sorted here, not in SQL, so that names sort by pinyin on both engines whatever the database's collation.
    rows.sort(
      (a, b) =>
        a.month.localeCompare(b.month) ||
        byName(a.chiefName, b.chiefName) ||
        byName(a.projectName, b.projectName),
    );
    return { from: months[0]!, to, months, total: rows.length, chiefs: list, rows };
  }

  /** The report for an .xlsx download: taking data out in bulk is audited, as for the ledger's export. */
  async function exportMissingReport(
    actor: Actor,
    query: MissingInspectionReportQuery,
  ): Promise<MissingInspectionReport> {
    const report = await findMissingReport(actor, query);
    await auditAlone(db, actor, {
      action: 'inspection.missing.export',
      entityType: MISSING_ENTITY,
      after: { from: report.from, to: report.to, chiefUserId: query.chiefUserId ?? null, rows: report.total },
      detail: `${report.total} rows`,
    });
    return report;
  }

  return {
    getChiefs,
    assignChiefs,
    findTeams,
    findCandidates,
    workspace,
    record,
    update,
    findForProject,
    get,
    addPhotos,
    getPhotoContent,
    deletePhoto,
    findTasks,
    updateTask,
    findMissing,
    findMissingReport,
    exportMissingReport,
    flagMissingInspections,
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
