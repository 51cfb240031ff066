import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  buildBulletinBlocks,
  bulletinFileName,
  lastDayOfMonth,
  lastEndedMonth,
  overdueByDepartment,
  percentOf,
} from '#domain/bulletin-content.ts';
import {
  BulletinNumberPartsSchema,
  formatBulletinNumber,
  formatBulletinTitle,
  nextBulletinSequence,
} from '#domain/bulletin-number.ts';
import { lifecycleStages } from '#domain/codelists.ts';
import { addDays, todayInChina } from '#domain/iso-date.ts';
import type {
  Bulletin,
  BulletinDetail,
  BulletinFigures,
  BulletinGenerateInput,
  BulletinListQuery,
  BulletinPage,
  BulletinRegenerateInput,
  BulletinSettings,
  BulletinSettingsInput,
} from '#domain/schemas/bulletins.ts';
import { englishOf } from '#domain/schemas/common.ts';
import { OverdueCoordinationListQuerySchema } from '#domain/schemas/coordination.ts';
import { DispatchActionListQuerySchema } from '#domain/schemas/dispatch-meetings.ts';
import { FieldReviewListQuerySchema } from '#domain/schemas/field-reviews.ts';
import { ProjectListQuerySchema, ProjectStageCountsQuerySchema } from '#domain/schemas/projects.ts';
import { WarningListQuerySchema } from '#domain/schemas/warnings.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { DOCX_MIME, renderOfficialDocument } from '../../core/official-document.ts';
import { createLocalStorage, FileNotFoundError, type StoredFile } from '../../core/storage.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import { createCoordinationService } from '../coordination/coordination.service.ts';
import { createDispatchMeetingService } from '../dispatch-meetings/dispatch-meetings.service.ts';
import { createFieldReviewService } from '../field-reviews/field-reviews.service.ts';
import { createInspectionService } from '../inspections/inspections.service.ts';
import { createPlanService } from '../plans/plans.service.ts';
import { createProjectService } from '../projects/projects.service.ts';
import { getSetting, saveSetting } from '../warnings/warnings.repo.ts';
import { createWarningService } from '../warnings/warnings.service.ts';
import * as repo from './bulletins.repo.ts';

const BULLETIN = { zh: '通报', en: 'bulletin' };
const SETTINGS_KEY = 'bulletin_settings';

/** Until an administration sets its own masthead (PUT /api/bulletin-settings). */
const defaultSettings: Omit<BulletinSettings, 'version'> = {
  issuer: '管理委员会',
  issuerShort: '管委',
  recipients: '各职能部门、各项目长',
  copyTo: null,
};

export type BulletinFile = StoredFile & { fileName: string; mimeType: string };

/** Every page of a paged service answer: the bulletin reports whole lists, not their first page. */
async function allItems<T>(fetch: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, total } = await fetch(page);
    out.push(...items);
    if (items.length === 0 || out.length >= total) return out;
  }
}

function toBulletin(r: repo.BulletinRow): Bulletin {
  const b = r.b;
  return {
    id: b.id,
    month: b.dataMonth,
    number: b.number,
    title: b.title,
    revision: b.revision,
    current: r.supersededById === null,
    supersedesId: b.supersedesId,
    supersededById: r.supersededById,
    note: b.note,
    generatedBy: b.generatedBy,
    generatedByName: r.generatedByName,
    generatedAt: b.generatedAt.toISOString(),
    fileName: bulletinFileName(b.number, b.title, b.revision),
    sizeBytes: b.sizeBytes,
    sha256: b.sha256,
  };
}

/**
 * The monthly bulletin (通报). Its figures come from the services behind the platform's own endpoints, called as
 * the generating leader, so the document cannot say anything the platform would not; what "as of" means for each
 * figure is written on BulletinFiguresSchema. Every generation is kept, file included.
 */
export function createBulletinService(ctx: ServiceContext) {
  const { db } = ctx;
  const storage = ctx.storage ?? createLocalStorage(path.join(ctx.config.dataDir, 'files'));
  const clock = () => ctx.clock?.() ?? new Date();
  const projects = createProjectService(ctx);
  const plans = createPlanService(ctx);
  const warnings = createWarningService(ctx);
  const coordination = createCoordinationService(ctx);
  const inspections = createInspectionService(ctx);
  const fieldReviews = createFieldReviewService(ctx);
  const dispatch = createDispatchMeetingService(ctx);

  async function getSettings(_actor?: Actor): Promise<BulletinSettings> {
    const row = await getSetting(db, SETTINGS_KEY);
    const value = (row?.value ?? {}) as Partial<BulletinSettings>;
    return { ...defaultSettings, ...value, version: row?.version ?? 0 };
  }

  /** The masthead of the bulletins generated from now on; those already generated keep theirs. */
  async function saveSettings(actor: Actor, input: BulletinSettingsInput): Promise<BulletinSettings> {
    // The short name goes into every 文号: the number's own rules decide what it may hold.
    const probe = BulletinNumberPartsSchema.shape.issuerShort.safeParse(input.issuerShort);
    if (!probe.success) {
      const issue = probe.error.issues[0];
      const zh = issue?.message ?? '发文机关代字无效';
      throw invalidField('issuerShort', {
        zh,
        en: englishOf(zh, (issue as { params?: unknown } | undefined)?.params) ?? 'Invalid short name',
      });
    }
    const before = await getSettings();
    const { version, ...value } = input;
    await withAudit(db, actor, async (tx) => {
      if (!(await saveSetting(tx, SETTINGS_KEY, value, version, actor.id))) throw versionConflict();
      const { version: _, ...previous } = before;
      return {
        result: undefined,
        audit: {
          action: 'bulletin.settings',
          entityType: 'setting',
          entityId: SETTINGS_KEY,
          before: previous,
          after: value,
        },
      };
    });
    return getSettings();
  }

  /** Generating needs the whole zone in view: a bulletin drawn from part of it would misreport the zone. */
  function requireZoneView(actor: Actor) {
    if (!can(actor, 'project.scope.all')) {
      throw new AppError('FORBIDDEN', {
        zh: '通报覆盖全区项目，只有可查看全部项目的用户才能生成',
        en: 'A bulletin covers every project: only users who see the whole zone can generate it',
      });
    }
  }

  /** The month must have ended: its reports, inspections and deadlines are only complete afterwards. */
  function checkMonth(month: string, today: string) {
    if (month >= today.slice(0, 7)) {
      throw invalidField('month', {
        zh: `${month} 尚未结束：只能生成已结束月份的通报`,
        en: `${month} has not ended: a bulletin reports on a month that is over`,
      });
    }
  }

  /**
   * The month's figures, each from the service behind the endpoint named on BulletinFiguresSchema: stage counts,
   * overdue items and the field review as of the month's last day; investment, starts and completions of the
   * month and the year to it; inspections of the month; warning lights and dispatch actions as they stand today
   * (the platform keeps no history of either).
   */
  async function gatherFigures(actor: Actor, month: string, today: string): Promise<BulletinFigures> {
    const asOf = lastDayOfMonth(month);
    const year = Number(month.slice(0, 4));
    const m = Number(month.slice(5, 7));
    // The moment the month ended, for timestamps (China time).
    const end = new Date(`${addDays(asOf, 1)}T00:00:00+08:00`);
    const projectTotal = async (filter: Record<string, string>) =>
      (await projects.find(actor, ProjectListQuerySchema.parse({ ...filter, pageSize: 1 }))).total;

    const stageCounts = await projects.countByStage(actor, ProjectStageCountsQuerySchema.parse({ asOf }));
    const summary = await plans.summarizeAnnualPlans(actor, { year, asOfMonth: m });
    const ytd = summary.yearToDate;
    if (!ytd) throw new Error(`no year-to-date figures for ${month}, a month that has ended`);
    const [startedThisYear, startedInMonth, completedThisYear, completedInMonth] = await Promise.all([
      projectTotal({ actualStartFrom: `${year}-01-01`, actualStartTo: asOf }),
      projectTotal({ actualStartFrom: `${month}-01`, actualStartTo: asOf }),
      projectTotal({ actualCompletionFrom: `${year}-01-01`, actualCompletionTo: asOf }),
      projectTotal({ actualCompletionFrom: `${month}-01`, actualCompletionTo: asOf }),
    ]);

    const evaluatedMonth = await warnings.evaluationMonth();
    let counts = { red: 0, yellow: 0 };
    const warned = await allItems(async (page) => {
      const answer = await warnings.find(
        actor,
        WarningListQuerySchema.parse({ color: 'red,yellow', page, pageSize: 200 }),
      );
      counts = answer.counts;
      return answer;
    });

    const overdue = await allItems((page) =>
      coordination.findOverdue(
        actor,
        OverdueCoordinationListQuerySchema.parse({ asOf, page, pageSize: 200 }),
      ),
    );

    const missing = await inspections.findMissing(actor, { month });
    const inspected = missing.chiefs.reduce((a, c) => a + c.inspectedCount, 0);
    const owed = missing.chiefs.reduce((a, c) => a + c.projectCount, 0);

    const closed = await allItems((page) =>
      fieldReviews.find(actor, FieldReviewListQuerySchema.parse({ status: 'closed', page, pageSize: 200 })),
    );
    const last = closed
      .filter((r) => r.closedAt !== null && Date.parse(r.closedAt) < end.getTime())
      .sort((a, b) => Date.parse(b.closedAt ?? '') - Date.parse(a.closedAt ?? ''))[0];
    const review = last ? await fieldReviews.get(actor, last.id) : null;

    const actions = await allItems((page) =>
      dispatch.findActions(
        actor,
        DispatchActionListQuerySchema.parse({ overdue: true, page, pageSize: 200 }),
      ),
    );

    return {
      month,
      asOf,
      generatedOn: today,
      stages: lifecycleStages.codes.map((stage) => ({
        stage,
        count: stageCounts.find((s) => s.stage === stage)?.count ?? 0,
      })),
      investment: {
        year,
        month: m,
        projectCount: summary.projectCount,
        annualPlan: ytd.annualPlan,
        plannedSharePct: ytd.plannedSharePct,
        plannedCumulative: ytd.plannedCumulative,
        completedCumulative: ytd.completedCumulative,
        completedInMonth: summary.completedInMonth ?? 0,
        annualCompletionPct: ytd.annualCompletionPct,
        scheduleCompletionPct: ytd.scheduleCompletionPct,
      },
      startsAndCompletions: { startedThisYear, startedInMonth, completedThisYear, completedInMonth },
      warnings: {
        evaluatedMonth,
        red: counts.red,
        yellow: counts.yellow,
        projects: warned.map((w) => ({
          projectId: w.projectId,
          projectName: w.projectName,
          color: w.color === 'red' ? 'red' : 'yellow',
          chiefName: w.chiefName,
          reasons: w.reasons.filter((r) => r.color !== 'green').map((r) => r.zh),
        })),
      },
      overdueItems: { total: overdue.length, departments: overdueByDepartment(overdue) },
      inspections: {
        projectCount: owed,
        inspectedCount: inspected,
        coveragePct: percentOf(inspected, owed),
        chiefs: missing.chiefs.map((c) => ({
          chiefUserId: c.chiefUserId,
          chiefName: c.chiefName,
          projectCount: c.projectCount,
          inspectedCount: c.inspectedCount,
          coveragePct: percentOf(c.inspectedCount, c.projectCount),
        })),
      },
      fieldReview:
        review?.result && review.closedAt
          ? {
              reviewId: review.id,
              quarter: review.quarter,
              quarterLabel: review.quarterLabel.zh,
              title: review.title,
              closedOn: todayInChina(new Date(review.closedAt)),
              projects: review.result.projects.map((p) => ({
                projectId: p.projectId,
                projectName: p.projectName,
                rank: p.rank,
                rankLabel: p.rankLabel.zh,
                score: p.score,
                vanguard: p.vanguard,
              })),
            }
          : null,
      dispatchActions: {
        total: actions.length,
        actions: actions.map((a) => ({
          actionId: a.id,
          meetingTitle: a.meetingTitle,
          meetingDate: a.meetingDate,
          sequence: a.sequence,
          content: a.content,
          ownerOrganizationName: a.ownerOrganizationName,
          deadline: a.deadline,
          projectName: a.projectName,
        })),
      },
    };
  }

  /**
   * Gathers the figures, renders the document, stores the file and records the generation with its audit entry.
   * The number is taken under a lock, so two generations at once never share one; a first generation takes the
   * issue year's next sequence, a regeneration (`previous`, which must still be the month's current version) keeps
   * its month's number and becomes the next revision. The stored file is removed again if the record is not.
   */
  async function produce(
    actor: Actor,
    month: string,
    previous: repo.BulletinRow | null,
    note: string | null,
  ): Promise<string> {
    const now = clock();
    const today = todayInChina(now);
    const figures = await gatherFigures(actor, month, today);
    const settings = await getSettings();
    const id = randomUUID();
    const storageKey = `bulletins/${id}.docx`;
    let stored = false;
    try {
      await withAudit(db, actor, async (tx) => {
        await repo.lockNumbering(tx);
        const current = await repo.getCurrentOfMonth(tx, month);
        let numbering: {
          issuer: string;
          issuerShort: string;
          year: number;
          sequence: number;
          number: string;
        };
        if (previous) {
          if (current?.b.id !== previous.b.id) {
            throw new AppError('CONFLICT', {
              zh: `${month} 的通报已有更新的版本，请在最新版本上重新生成`,
              en: `${month} has a newer version of this bulletin: regenerate the latest one`,
            });
          }
          const p = previous.b;
          numbering = {
            issuer: p.issuer,
            issuerShort: p.issuerShort,
            year: p.numberYear,
            sequence: p.numberSequence,
            number: p.number,
          };
        } else {
          if (current) {
            throw new AppError('CONFLICT', {
              zh: `${month} 的通报已生成（${current.b.number}），如需更新请重新生成`,
              en: `The bulletin for ${month} exists already (${current.b.number}): regenerate it to update it`,
            });
          }
          const year = Number(today.slice(0, 4));
          const sequence = nextBulletinSequence(await repo.issuedNumbers(tx, year), year);
          numbering = {
            issuer: settings.issuer,
            issuerShort: settings.issuerShort,
            year,
            sequence,
            number: formatBulletinNumber({ issuerShort: settings.issuerShort, year, sequence }),
          };
        }
        const title = formatBulletinTitle(month);
        const buffer = await renderOfficialDocument({
          issuer: numbering.issuer,
          number: numbering.number,
          title,
          recipients: settings.recipients,
          blocks: buildBulletinBlocks(figures),
          signature: { issuer: numbering.issuer, date: today },
          copyTo: settings.copyTo ?? undefined,
        });
        const sha256 = createHash('sha256').update(buffer).digest('hex');
        await storage.put(storageKey, buffer, DOCX_MIME);
        stored = true;
        const revision = previous ? previous.b.revision + 1 : 1;
        await repo.insertBulletin(tx, {
          id,
          dataMonth: month,
          revision,
          supersedesId: previous?.b.id ?? null,
          issuer: numbering.issuer,
          issuerShort: numbering.issuerShort,
          numberYear: numbering.year,
          numberSequence: numbering.sequence,
          number: numbering.number,
          title,
          figures,
          storageKey,
          sizeBytes: buffer.length,
          sha256,
          note,
          generatedBy: actor.id,
          generatedAt: now,
        });
        return {
          result: undefined,
          audit: {
            action: previous ? 'bulletin.regenerate' : 'bulletin.generate',
            entityType: 'bulletin',
            entityId: id,
            before: previous
              ? { id: previous.b.id, revision: previous.b.revision, sha256: previous.b.sha256 }
              : null,
            after: { month, number: numbering.number, revision, sizeBytes: buffer.length, sha256, note },
            detail: note,
          },
        };
      });
    } catch (error) {
      if (stored) await storage.delete(storageKey).catch(() => {});
      throw error;
    }
    return id;
  }

  async function getRow(id: string): Promise<repo.BulletinRow> {
    const row = await repo.getBulletin(db, id);
    if (!row) throw notFound(BULLETIN);
    return row;
  }

  async function get(_actor: Actor, id: string): Promise<BulletinDetail> {
    const row = await getRow(id);
    return { ...toBulletin(row), issuer: row.b.issuer, figures: row.b.figures as BulletinFigures };
  }

  /** Generates the bulletin of a month that has ended (default: the last one); 409 when the month has one. */
  async function generate(actor: Actor, input: BulletinGenerateInput): Promise<BulletinDetail> {
    requireZoneView(actor);
    const today = todayInChina(clock());
    const month = input.month ?? lastEndedMonth(today);
    checkMonth(month, today);
    return get(actor, await produce(actor, month, null, null));
  }

  /**
   * Generates the month of bulletin `id` again from today's data, as a new version under the same number; the
   * earlier versions and their files stay. Only the current version can be regenerated (409 otherwise), so two
   * people regenerating at once cannot both succeed on the same basis.
   */
  async function regenerate(
    actor: Actor,
    id: string,
    input: BulletinRegenerateInput,
  ): Promise<BulletinDetail> {
    requireZoneView(actor);
    const previous = await getRow(id);
    return get(actor, await produce(actor, previous.b.dataMonth, previous, input.note ?? null));
  }

  async function find(_actor: Actor, query: BulletinListQuery): Promise<BulletinPage> {
    const where = repo.filterConditions({ month: query.month, year: query.year, current: query.current });
    const [rows, total] = await Promise.all([
      repo.findBulletins(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      repo.countBulletins(db, where),
    ]);
    return { items: rows.map(toBulletin), total, page: query.page, pageSize: query.pageSize };
  }

  /** The stored .docx of a version. Taking a document out of the platform is audited, like a ledger export. */
  async function getFile(actor: Actor, id: string): Promise<BulletinFile> {
    const row = await getRow(id);
    const fileName = bulletinFileName(row.b.number, row.b.title, row.b.revision);
    let file: StoredFile;
    try {
      file = await storage.get(row.b.storageKey);
    } catch (error) {
      if (error instanceof FileNotFoundError) throw notFound({ zh: '通报文件', en: 'bulletin file' });
      throw error;
    }
    try {
      await auditAlone(db, actor, {
        action: 'bulletin.export',
        entityType: 'bulletin',
        entityId: id,
        after: {
          month: row.b.dataMonth,
          number: row.b.number,
          revision: row.b.revision,
          sha256: row.b.sha256,
        },
        detail: fileName,
      });
    } catch (error) {
      // Not audited, not sent.
      file.body.destroy();
      throw error;
    }
    return { ...file, fileName, mimeType: DOCX_MIME };
  }

  return { generate, regenerate, find, get, getFile, getSettings, saveSettings };
}

export type BulletinService = ReturnType<typeof createBulletinService>;
