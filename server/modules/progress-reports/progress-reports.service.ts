import path from 'node:path';
import type {
  MissingReports,
  MissingReportsQuery,
  PhotoMimeType,
  ProgressReport,
  ProgressReportDetail,
  ProgressReportList,
  ProgressReportReviewInput,
  ProgressReportSubmitInput,
  ReportPhoto,
} from '#domain/schemas/progress-reports.ts';
import type { Project } from '#domain/schemas/projects.ts';
import type { Actor } from '../../core/actor.ts';
import { canonicalJson } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { createLocalStorage, FileNotFoundError, type StoredFile } from '../../core/storage.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import { PHOTO_EXTENSIONS, type PhotoUpload, storePhotos } from './progress-reports.photos.ts';
import * as repo from './progress-reports.repo.ts';

const REPORT = { zh: '月报', en: 'progress report' };
const PHOTO = { zh: '照片', en: 'photo' };
const ENTITY = 'progress_report';
/** `app_settings` key: day of the following month by which a month's report is due. */
export const DEADLINE_SETTING = 'report_deadline_day';
const DEFAULT_DEADLINE_DAY = 5;
/** Civil dates and months are those of the sites, in China (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

export type { PhotoUpload } from './progress-reports.photos.ts';

export type SubmitResult = { report: ProgressReport; created: boolean; replayed: boolean };

export type PhotoContent = StoredFile & { mimeType: string; fileName: string };

export const chinaDate = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
export const chinaMonth = (at: Date) => chinaDate(at).slice(0, 7);

/** 'YYYY-MM' shifted by whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** The last day to report `month`: the given day of the following month (never past that month's end). */
export function reportDeadline(month: string, day: number): string {
  const next = shiftMonth(month, 1);
  const [y = 0, m = 1] = next.split('-').map(Number);
  // Day 0 of the month after `next` is the last day of `next`.
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${next}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/**
 * The configured deadline day (a JSON number, 1–28 so that every month has it; the warnings module reads the
 * same setting the same way), or the default.
 */
export function deadlineDayOf(value: unknown): number {
  const day = Number(value);
  return Number.isInteger(day) && day >= 1 && day <= 28 ? day : DEFAULT_DEADLINE_DAY;
}

/** 万元 with two decimals, compared in cents so that 0.1 + 0.2 is not more than 0.3. */
const cents = (x: number) => Math.round(x * 100);

/** Thrown inside a submission's transaction when a concurrent retry got there first; rolls it back. */
class AlreadySubmitted extends Error {}

function submittedContent(input: ProgressReportSubmitInput): repo.VersionContent {
  return {
    month: input.month,
    investmentThisMonth: input.investmentThisMonth,
    physicalProgress: input.physicalProgress,
    imageProgress: input.imageProgress,
    problems: input.problems,
    overTotalExplanation: input.overTotalExplanation,
  };
}

const sameSubmission = (a: repo.VersionContent, b: repo.VersionContent) =>
  canonicalJson({ ...a, review: undefined }) === canonicalJson({ ...b, review: undefined });

const keyReused = () =>
  new AppError('CONFLICT', {
    zh: '该幂等键已用于一次内容不同的提交；新的提交请使用新的键',
    en: 'This Idempotency-Key was used for a different submission; use a new key for a new submission',
  });

const acceptedAlready = (month: string) =>
  new AppError('CONFLICT', {
    zh: `${month} 月报已审核通过，不能再次提交`,
    en: `The report for ${month} has been accepted and cannot be resubmitted`,
  });

const photosLocked = () =>
  new AppError('CONFLICT', {
    zh: '月报已审核通过，照片不能再增删',
    en: 'The report has been accepted: its photos can no longer change',
  });

export function createProgressReportService(ctx: ServiceContext) {
  const { db } = ctx;
  const projects = createProjectService(ctx);
  const storage = ctx.storage ?? createLocalStorage(path.join(ctx.config.dataDir, 'files'));
  const now = () => ctx.clock?.() ?? new Date();

  /** The project, if the actor may see it and it is not in the recycle bin; else 404. */
  async function liveProject(actor: Actor, projectId: string): Promise<Project> {
    const project = await projects.get(actor, projectId);
    if (project.deletedAt) throw notFound({ zh: '项目', en: 'project' });
    return project;
  }

  /** A report and its project, with the project's data scope applied: outside it, the report does not exist. */
  async function visibleReport(actor: Actor, reportId: string) {
    const report = await repo.getReportRow(db, reportId);
    if (!report) throw notFound(REPORT);
    try {
      return { report, project: await liveProject(actor, report.projectId) };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw notFound(REPORT);
      throw err;
    }
  }

  async function viewOf(reportId: string): Promise<ProgressReport> {
    const view = await repo.getReportView(db, reportId);
    if (!view) throw notFound(REPORT);
    return view;
  }

  function checkMonth(project: Project, month: string) {
    const current = chinaMonth(now());
    if (month > current) {
      throw invalidField('month', {
        zh: `不能填报未来月份（当前为 ${current}）`,
        en: `Cannot report a future month (this month is ${current})`,
      });
    }
    // A project may spend on preparation the year before its planned start, not earlier.
    if (project.plannedStart) {
      const earliest = `${Number(project.plannedStart.slice(0, 4)) - 1}-01`;
      if (month < earliest) {
        throw invalidField('month', {
          zh: `填报月份不能早于 ${earliest}（计划开工前一年）`,
          en: `The month cannot be before ${earliest} (the year before the planned start)`,
        });
      }
    }
  }

  /**
   * Submits a month's report, or re-submits it while it is not yet accepted: the current values are replaced
   * and kept as a new version. A retry carrying the same Idempotency-Key is answered with the report as it
   * stands and creates nothing; the key sent with different content is a conflict.
   */
  async function submit(
    actor: Actor,
    projectId: string,
    input: ProgressReportSubmitInput,
    idempotencyKey?: string,
  ): Promise<SubmitResult> {
    const project = await liveProject(actor, projectId);
    const content = submittedContent(input);
    const replay = async (version: { version: number; content: repo.VersionContent }, reportId: string) => {
      if (!sameSubmission(version.content, content)) throw keyReused();
      return { report: await viewOf(reportId), created: version.version === 1, replayed: true };
    };

    const existing = await repo.findReportByMonth(db, projectId, input.month);
    if (existing && idempotencyKey) {
      const earlier = await repo.findVersionByKey(db, existing.id, idempotencyKey);
      if (earlier) return replay(earlier, existing.id);
    }
    checkMonth(project, input.month);

    try {
      return await withAudit(db, actor, async (tx) => {
        await repo.lockProject(tx, projectId);
        // Read again under the lock: a concurrent submission of the same month may have committed meanwhile.
        const current = await repo.findReportByMonth(tx, projectId, input.month);
        if (current && idempotencyKey) {
          const earlier = await repo.findVersionByKey(tx, current.id, idempotencyKey);
          if (earlier) throw new AlreadySubmitted('idempotent replay');
        }
        if (current?.status === 'accepted') throw acceptedAlready(input.month);

        const others = await repo.sumOtherMonths(tx, projectId, input.month);
        const cumulative = (cents(others) + cents(input.investmentThisMonth)) / 100;
        if (cents(cumulative) > cents(project.totalInvestment) && !input.overTotalExplanation) {
          throw invalidField('overTotalExplanation', {
            zh: `累计完成投资 ${cumulative} 万元将超过总投资 ${project.totalInvestment} 万元，请填写超总投资说明`,
            en: `Cumulative investment ${cumulative} would exceed the total investment ${project.totalInvestment}: explain why`,
          });
        }

        const values = {
          investmentThisMonth: input.investmentThisMonth,
          physicalProgress: input.physicalProgress,
          imageProgress: input.imageProgress,
          problems: input.problems,
          overTotalExplanation: input.overTotalExplanation,
          submittedBy: actor.id,
        };
        const row = current
          ? await repo.replaceReportValues(tx, current.id, values)
          : await repo.insertReport(tx, {
              ...values,
              projectId,
              month: repo.monthToDate(input.month),
              status: 'submitted',
            });
        await repo.insertVersion(tx, {
          reportId: row.id,
          version: row.currentVersion,
          content,
          idempotencyKey: idempotencyKey ?? null,
          actorId: actor.id,
        });
        const report = (await repo.getReportView(tx, row.id))!;
        return {
          result: { report, created: !current, replayed: false },
          audit: {
            action: 'report.submit',
            entityType: ENTITY,
            entityId: row.id,
            before: current
              ? {
                  status: current.status,
                  currentVersion: current.currentVersion,
                  investmentThisMonth: current.investmentThisMonth,
                  physicalProgress: current.physicalProgress,
                  imageProgress: current.imageProgress,
                  problems: current.problems,
                  overTotalExplanation: current.overTotalExplanation,
                }
              : null,
            after: {
              projectId,
              ...content,
              currentVersion: row.currentVersion,
              cumulativeInvestment: cumulative,
            },
            detail: `${project.name} ${input.month} v${row.currentVersion}`,
          },
        };
      });
    } catch (err) {
      if (!(err instanceof AlreadySubmitted)) throw err;
      const report = (await repo.findReportByMonth(db, projectId, input.month))!;
      return replay((await repo.findVersionByKey(db, report.id, idempotencyKey!))!, report.id);
    }
  }

  /**
   * Accepts or returns the report's current version. Only the project's lead department or its chief reviews,
   * and not a version they submitted themselves (four eyes). `version` is the report's, as read by the reviewer.
   */
  async function review(
    actor: Actor,
    reportId: string,
    input: ProgressReportReviewInput,
  ): Promise<ProgressReport> {
    const { report, project } = await visibleReport(actor, reportId);
    const isLeadDepartment =
      actor.organizationId !== null && actor.organizationId === project.leadDepartmentId;
    const isChief = actor.id === project.chiefUserId;
    const ownSubmission = report.submittedBy === actor.id;
    if (!(isLeadDepartment || isChief) || ownSubmission) {
      await auditAlone(db, actor, {
        action: 'report.review',
        entityType: ENTITY,
        entityId: reportId,
        outcome: 'denied',
        detail: ownSubmission ? 'own submission' : 'not the lead department or chief of the project',
      });
      if (ownSubmission) {
        throw new AppError('FORBIDDEN', {
          zh: '不能审核自己提交的月报',
          en: 'You cannot review a report you submitted yourself',
        });
      }
      throw new AppError('FORBIDDEN', {
        zh: '只有项目牵头部门或项目长可以审核该月报',
        en: "Only the project's lead department or chief can review this report",
      });
    }
    const status = input.decision === 'accept' ? 'accepted' : 'returned';
    // A record's time is the real one; the clock (fixable in tests) only decides calendar questions.
    const reviewedAt = new Date();
    return withAudit(db, actor, async (tx) => {
      const row = await repo.reviewReport(tx, reportId, input.version, {
        status,
        reviewedBy: actor.id,
        reviewedAt,
        reviewReason: input.reason,
      });
      if (!row) {
        const current = await repo.getReportRow(tx, reportId);
        if (current?.version !== input.version) throw versionConflict();
        throw new AppError('CONFLICT', {
          zh: '该月报不在待审核状态',
          en: 'The report is not awaiting review',
        });
      }
      await repo.markVersionReviewed(tx, reportId, row.currentVersion, status, {
        decision: input.decision,
        reason: input.reason,
        reviewedBy: actor.id,
        reviewedAt: reviewedAt.toISOString(),
      });
      return {
        result: (await repo.getReportView(tx, reportId))!,
        audit: {
          action: 'report.review',
          entityType: ENTITY,
          entityId: reportId,
          before: { status: report.status, version: report.version },
          after: { status, reason: input.reason, reviewedVersion: row.currentVersion, version: row.version },
          detail: `${project.name} ${repo.dateToMonth(row.month)} v${row.currentVersion} ${input.decision}`,
        },
      };
    });
  }

  /** A project's reports by month, each with the cumulative investment up to it. */
  async function findForProject(actor: Actor, projectId: string): Promise<ProgressReportList> {
    const project = await liveProject(actor, projectId);
    const items = await repo.findReportViews(db, projectId);
    return {
      projectId,
      totalInvestment: project.totalInvestment,
      cumulativeInvestment: items.at(-1)?.cumulativeInvestment ?? 0,
      items,
    };
  }

  async function get(actor: Actor, reportId: string): Promise<ProgressReportDetail> {
    await visibleReport(actor, reportId);
    const [view, versions, photos] = await Promise.all([
      viewOf(reportId),
      repo.findVersions(db, reportId),
      repo.findPhotos(db, reportId),
    ]);
    return { ...view, versions, photos: photos.map(repo.toPhoto) };
  }

  /**
   * Stores the uploaded photos of one request, all or none: every file is checked by its bytes and stored, then
   * the rows are written in one transaction; if anything fails, the files already stored are removed.
   */
  async function addPhotos(
    actor: Actor,
    reportId: string,
    files: AsyncIterable<PhotoUpload>,
  ): Promise<ReportPhoto[]> {
    const { report } = await visibleReport(actor, reportId);
    if (report.status === 'accepted') throw photosLocked();
    const { photos, discard } = await storePhotos(storage, `progress-reports/${reportId}`, files);
    try {
      return await withAudit(db, actor, async (tx) => {
        // Under the row lock: a review that accepted the report meanwhile wins, and nothing is attached.
        if ((await repo.lockReportStatus(tx, reportId)) === 'accepted') throw photosLocked();
        const inserted = await repo.insertPhotos(
          tx,
          photos.map((p) => ({ ...p, reportId, uploadedBy: actor.id })),
        );
        return {
          result: inserted.map(repo.toPhoto),
          audit: {
            action: 'report.photo.add',
            entityType: ENTITY,
            entityId: reportId,
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

  /** The stored original, or its thumbnail (404 for the HEIC photos stored before HEIC was decoded). */
  async function getPhotoContent(
    actor: Actor,
    reportId: string,
    photoId: string,
    variant: 'original' | 'thumbnail',
  ): Promise<PhotoContent> {
    await visibleReport(actor, reportId);
    const photo = await repo.getPhoto(db, reportId, photoId);
    if (!photo) throw notFound(PHOTO);
    const key = variant === 'thumbnail' ? photo.thumbnailKey : photo.storageKey;
    if (!key) throw notFound({ zh: '缩略图', en: 'thumbnail' });
    try {
      const file = await storage.get(key);
      const fileName =
        photo.originalName ?? `${photo.id}.${PHOTO_EXTENSIONS[photo.mimeType as PhotoMimeType] ?? 'bin'}`;
      return {
        ...file,
        mimeType: variant === 'thumbnail' ? 'image/jpeg' : photo.mimeType,
        fileName: variant === 'thumbnail' ? `thumbnail-${photo.id}.jpg` : fileName,
      };
    } catch (err) {
      if (err instanceof FileNotFoundError) throw notFound(PHOTO);
      throw err;
    }
  }

  /** Withdraws a photo while the report can still change (before acceptance). */
  async function deletePhoto(actor: Actor, reportId: string, photoId: string): Promise<void> {
    const { report } = await visibleReport(actor, reportId);
    if (report.status === 'accepted') throw photosLocked();
    const photo = await repo.getPhoto(db, reportId, photoId);
    if (!photo) throw notFound(PHOTO);
    await withAudit(db, actor, async (tx) => {
      if ((await repo.lockReportStatus(tx, reportId)) === 'accepted') throw photosLocked();
      if (!(await repo.withdrawPhoto(tx, photoId))) throw notFound(PHOTO);
      return {
        result: undefined,
        audit: {
          action: 'report.photo.delete',
          entityType: ENTITY,
          entityId: reportId,
          before: { photoId, originalName: photo.originalName, storageKey: photo.storageKey },
        },
      };
    });
  }

  /**
   * Projects in the actor's scope that owe a report for the month and have none, per owner organisation, with
   * the month's deadline. The month defaults to the previous one: in early May, April is the month being chased.
   */
  async function findMissing(actor: Actor, query: MissingReportsQuery): Promise<MissingReports> {
    const today = chinaDate(now());
    const month = query.month ?? shiftMonth(today.slice(0, 7), -1);
    if (month > today.slice(0, 7)) {
      throw invalidField('month', { zh: '不能查询未来月份', en: 'The month cannot be in the future' });
    }
    const [rows, setting] = await Promise.all([
      repo.findProjectsMissingReport(db, month, scopeOf(actor)),
      repo.readSetting(db, DEADLINE_SETTING),
    ]);
    const deadline = reportDeadline(month, deadlineDayOf(setting));
    const groups = new Map<string, MissingReports['groups'][number]>();
    for (const { ownerOrgId, ownerOrgName, ...p } of rows) {
      let group = groups.get(ownerOrgId);
      if (!group) {
        group = { ownerOrgId, ownerOrgName, projects: [] };
        groups.set(ownerOrgId, group);
      }
      group.projects.push({
        ...p,
        stage: p.stage as MissingReports['groups'][number]['projects'][number]['stage'],
      });
    }
    return { month, deadline, overdue: today > deadline, total: rows.length, groups: [...groups.values()] };
  }

  return {
    submit,
    review,
    findForProject,
    get,
    addPhotos,
    getPhotoContent,
    deletePhoto,
    findMissing,
  };
}

export type ProgressReportService = ReturnType<typeof createProgressReportService>;
