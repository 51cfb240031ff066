import type { Label } from '#domain/codelists.ts';
import {
  type FieldReviewConfig,
  FieldReviewConfigSchema,
  type FieldReviewCriterion,
  type FieldReviewResult,
  type ProjectReviewResult,
  roundScore,
  scoreAmendmentInputSchema,
  scoreFieldReview,
  scoreSheetInputSchema,
} from '#domain/field-review-scoring.ts';
import { englishOf } from '#domain/schemas/common.ts';
import {
  type ChiefsComparison,
  type ChiefsComparisonQuery,
  type FieldReviewAmendmentInput,
  type FieldReviewCloseInput,
  type FieldReviewCreateInput,
  type FieldReviewDetail,
  type FieldReviewHistory,
  type FieldReviewListQuery,
  type FieldReviewPage,
  type FieldReviewSheet,
  type FieldReviewSheetInput,
  type FieldReviewSummary,
  type FieldReviewUpdateInput,
  visitDateProblems,
} from '#domain/schemas/field-reviews.ts';
import { periodOfCode } from '#domain/supervision-cadence.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, type FieldProblem, invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import { createProjectService, scopeOf } from '../projects/projects.service.ts';
import * as repo from './field-reviews.repo.ts';

const TOUR: Label = { zh: '拉练', en: 'field review' };
const ORGANISE = 'field_review.organise';
const SCORE = 'field_review.score';

/** A tour with everything its result is computed from. */
type Tour = {
  row: repo.ReviewRow;
  config: FieldReviewConfig;
  stops: repo.StopRow[];
  scorers: repo.ScorerRow[];
  sheets: repo.SheetRow[];
  amendments: repo.AmendmentRow[];
};

type Scores = Record<string, number | null>;

function visibilityOf(actor: Actor): repo.ReviewVisibility {
  const projects = scopeOf(actor);
  return projects.all ? { all: true } : { all: false, userId: actor.id, projects };
}

const quarterLabel = (code: string): Label => periodOfCode(code)?.label ?? { zh: code, en: code };

/** The weighted criteria a sheet leaves unscored (the scoring rules' notion of an incomplete sheet). */
function missingCriteria(criteria: readonly FieldReviewCriterion[], scores: Scores): string[] {
  return criteria.filter((c) => c.weight > 0 && (scores[c.code] ?? null) === null).map((c) => c.code);
}

/**
 * Scores kept to the tour's criteria. The update rules refuse to drop a criterion somebody has scored, so this
 * only ever drops empty (null) entries of a criterion removed later; the result must not fail over those.
 */
function onCriteria(config: FieldReviewConfig, scores: Scores): Scores {
  const codes = new Set(config.criteria.map((c) => c.code));
  return Object.fromEntries(Object.entries(scores).filter(([code]) => codes.has(code)));
}

function computeResult(tour: Tour): FieldReviewResult {
  return scoreFieldReview({
    projects: tour.stops.map((s) => ({
      projectId: s.projectId,
      projectName: s.projectName,
      category: s.category,
    })),
    scorerIds: tour.scorers.map((s) => s.userId),
    sheets: tour.sheets.map((s) => ({
      scorerId: s.scorerId,
      projectId: s.projectId,
      scores: onCriteria(tour.config, s.scores),
    })),
    amendments: tour.amendments.map((a) => ({
      scorerId: a.scorerId,
      projectId: a.projectId,
      scores: onCriteria(tour.config, a.scores),
      reason: a.reason,
    })),
    config: tour.config,
  });
}

/** Zod issues of the per-tour sheet schemas, as a 400 naming each field (`scores.<code>`). */
function criteriaError(issues: readonly { path: PropertyKey[]; message: string; params?: unknown }[]) {
  const details: FieldProblem[] = issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: { zh: issue.message, en: englishOf(issue.message, issue.params) ?? issue.message },
  }));
  return new AppError(
    'VALIDATION_FAILED',
    details[0]?.message ?? { zh: '评分无效', en: 'Invalid scores' },
    details,
  );
}

const closedConflict = () =>
  new AppError('CONFLICT', {
    zh: '拉练已结束，评分已锁定；如需更正，请提交更正记录',
    en: 'The tour is closed and its scores are locked; record an amendment to correct a score',
  });

export function createFieldReviewService(ctx: ServiceContext) {
  const { db } = ctx;
  const projects = createProjectService(ctx);
  const clock = () => ctx.clock?.() ?? new Date();

  /** Loads tours with their routes, panels, sheets and amendments, in the order of `rows`. */
  async function loadTours(rows: repo.ReviewRow[]): Promise<Tour[]> {
    const ids = rows.map((r) => r.r.id);
    const [stops, scorers, sheets, amendments] = await Promise.all([
      repo.stopsOf(db, ids),
      repo.scorersOf(db, ids),
      repo.sheetsOf(db, ids),
      repo.amendmentsOf(db, ids),
    ]);
    return rows.map((row) => ({
      row,
      config: FieldReviewConfigSchema.parse(row.r.config),
      stops: stops.filter((s) => s.reviewId === row.r.id),
      scorers: scorers.filter((s) => s.reviewId === row.r.id),
      sheets: sheets.filter((s) => s.reviewId === row.r.id),
      amendments: amendments.filter((a) => a.reviewId === row.r.id),
    }));
  }

  /** A tour the actor may see, or 404 (its existence is not revealed outside the actor's scope). */
  async function getVisibleRow(actor: Actor, id: string): Promise<repo.ReviewRow> {
    const row = await repo.getReview(db, id, repo.filterConditions({ visibleTo: visibilityOf(actor) }));
    if (row) return row;
    if (await repo.getReview(db, id)) {
      await auditAlone(db, actor, {
        action: 'field_review.read',
        entityType: 'field_review',
        entityId: id,
        outcome: 'denied',
        detail: 'outside data scope',
      });
    }
    throw notFound(TOUR);
  }

  async function getTour(actor: Actor, id: string): Promise<Tour> {
    const [tour] = await loadTours([await getVisibleRow(actor, id)]);
    return tour!;
  }

  function summaryOf(row: repo.ReviewRow, counts: repo.ReviewCounts): FieldReviewSummary {
    const r = row.r;
    return {
      id: r.id,
      quarter: r.quarter,
      quarterLabel: quarterLabel(r.quarter),
      title: r.title,
      status: r.status,
      organiserId: r.organiserId,
      organiserName: row.organiserName,
      firstVisit: counts.firstVisit,
      lastVisit: counts.lastVisit,
      projectCount: counts.projectCount,
      scorerCount: counts.scorerCount,
      sheetsSubmitted: counts.sheetsSubmitted,
      sheetsExpected: counts.projectCount * counts.scorerCount,
      closedAt: r.closedAt?.toISOString() ?? null,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  /**
   * The tour as `actor` may read it. Scorers judge independently, so while the tour is open only its organiser
   * sees the marks (and the live result); a scorer sees his own sheets. After closing, the result is published to
   * every reader of the tour; individual marks stay with the organiser, readers of the whole zone
   * (project.scope.all) and each scorer for his own sheets.
   */
  function present(actor: Actor, tour: Tour): FieldReviewDetail {
    const r = tour.row.r;
    const organiser = r.organiserId === actor.id;
    const scorer = tour.scorers.some((s) => s.userId === actor.id);
    const closed = r.status === 'closed';
    const allMarks = organiser || (closed && can(actor, 'project.scope.all'));
    const marksOf = (scorerId: string) => allMarks || scorerId === actor.id;
    let result: FieldReviewResult | null = null;
    if (organiser || closed) {
      const full = computeResult(tour);
      result = allMarks
        ? full
        : {
            ...full,
            projects: full.projects.map(
              (p): ProjectReviewResult => ({
                ...p,
                scorers: p.scorers.map((s) => (marksOf(s.scorerId) ? s : { ...s, total: null })),
              }),
            ),
          };
    }
    const counts: repo.ReviewCounts = {
      projectCount: tour.stops.length,
      scorerCount: tour.scorers.length,
      sheetsSubmitted: tour.sheets.length,
      firstVisit: tour.stops.reduce<string | null>(
        (m, s) => (m === null || s.visitDate < m ? s.visitDate : m),
        null,
      ),
      lastVisit: tour.stops.reduce<string | null>(
        (m, s) => (m === null || s.visitDate > m ? s.visitDate : m),
        null,
      ),
    };
    return {
      ...summaryOf(tour.row, counts),
      config: tour.config,
      closedBy: r.closedBy,
      closedByName: tour.row.closedByName,
      route: tour.stops.map((s) => ({
        projectId: s.projectId,
        projectName: s.projectName,
        category: s.category,
        chiefUserId: s.chiefUserId,
        chiefName: s.chiefName,
        visitDate: s.visitDate,
        sort: s.sort,
      })),
      scorers: tour.scorers.map((s) => ({
        userId: s.userId,
        displayName: s.displayName,
        organizationName: s.organizationName,
      })),
      sheets: tour.sheets.map((s) => sheetOf(tour.config, s, marksOf(s.scorerId))),
      amendments: tour.amendments.map((a) => ({
        id: a.id,
        projectId: a.projectId,
        scorerId: a.scorerId,
        scores: marksOf(a.scorerId) ? a.scores : null,
        reason: a.reason,
        actorId: a.actorId,
        actorName: a.actorName,
        createdAt: a.createdAt.toISOString(),
      })),
      result,
      viewer: { organiser, scorer },
    };
  }

  function sheetOf(config: FieldReviewConfig, s: repo.SheetRow, showScores: boolean): FieldReviewSheet {
    const missing = missingCriteria(config.criteria, s.scores);
    return {
      projectId: s.projectId,
      scorerId: s.scorerId,
      scores: showScores ? s.scores : null,
      complete: missing.length === 0,
      missingCriteria: missing,
      submittedAt: s.submittedAt.toISOString(),
    };
  }

  /** The organiser of the tour, still holding field_review.organise; 403 for anyone else. */
  function requireOrganiser(actor: Actor, row: repo.ReviewRow, what: Label) {
    if (row.r.organiserId !== actor.id || !can(actor, ORGANISE)) {
      throw new AppError('FORBIDDEN', {
        zh: `只有本次拉练的组织者才能${what.zh}`,
        en: `Only the organiser of this tour can ${what.en}`,
      });
    }
  }

  /**
   * Route projects must exist, not be deleted, and lie in the organiser's project scope: a chief organises tours
   * of the projects he may see. Problems name the stop.
   */
  async function checkRouteProjects(actor: Actor, projectIds: string[], route: { projectId: string }[]) {
    const found = await repo.routeProjects(db, projectIds, scopeOf(actor));
    const ok = new Set(found.filter((p) => p.visible).map((p) => p.id));
    const bad = route.flatMap((s, i) =>
      projectIds.includes(s.projectId) && !ok.has(s.projectId) ? [i + 1] : [],
    );
    if (bad.length) {
      throw invalidField('route', {
        zh: `第 ${bad.join('、')} 站的项目不存在、已删除或不在您的数据范围内`,
        en: `The project of stop ${bad.join(', ')} is unknown, deleted or outside your data scope`,
      });
    }
  }

  /** Scorers must be active accounts whose roles carry field_review.score. */
  async function checkScorers(scorerIds: string[], all: string[]) {
    const ok = await repo.activeUsersWithPermission(db, scorerIds, SCORE);
    const bad = all.flatMap((id, i) => (scorerIds.includes(id) && !ok.has(id) ? [i + 1] : []));
    if (bad.length) {
      throw invalidField('scorerIds', {
        zh: `第 ${bad.join('、')} 位评分人不存在、已停用或没有评分权限`,
        en: `Scorer ${bad.join(', ')} is unknown, inactive or may not score field reviews`,
      });
    }
  }

  /** Sets up a tour; the actor becomes its organiser. */
  async function create(actor: Actor, input: FieldReviewCreateInput): Promise<FieldReviewDetail> {
    await checkRouteProjects(
      actor,
      input.route.map((s) => s.projectId),
      input.route,
    );
    await checkScorers(input.scorerIds, input.scorerIds);
    const now = clock();
    const config: FieldReviewConfig = { criteria: input.criteria, vanguardCount: input.vanguardCount };
    const id = await withAudit(db, actor, async (tx) => {
      const reviewId = await repo.insertReview(tx, {
        quarter: input.quarter,
        title: input.title,
        config,
        organiserId: actor.id,
        createdAt: now,
        updatedAt: now,
      });
      await repo.syncStops(tx, reviewId, input.route);
      await repo.syncScorers(tx, reviewId, input.scorerIds);
      return {
        result: reviewId,
        audit: {
          action: 'field_review.create',
          entityType: 'field_review',
          entityId: reviewId,
          after: input,
        },
      };
    });
    return get(actor, id);
  }

  async function get(actor: Actor, id: string): Promise<FieldReviewDetail> {
    return present(actor, await getTour(actor, id));
  }

  /**
   * Changes an open tour (organiser only, optimistic locking). A list given replaces the list: a project or
   * scorer taken off takes the sheets given there with it (the audit record counts them). A criterion somebody
   * has already scored cannot be removed (409): that would silently change what the scorers judged.
   */
  async function update(actor: Actor, id: string, input: FieldReviewUpdateInput): Promise<FieldReviewDetail> {
    const tour = await getTour(actor, id);
    const r = tour.row.r;
    requireOrganiser(actor, tour.row, { zh: '修改拉练', en: 'change the tour' });
    if (input.version !== r.version) throw versionConflict();
    if (r.status === 'closed') throw closedConflict();

    const quarter = input.quarter ?? r.quarter;
    const route = input.route ?? tour.stops.map((s) => ({ projectId: s.projectId, visitDate: s.visitDate }));
    const dates = visitDateProblems(quarter, route);
    if (dates.length) {
      const field = input.route ? 'route' : 'quarter';
      throw new AppError(
        'VALIDATION_FAILED',
        { zh: dates[0]!.zh, en: dates[0]!.en },
        dates.map((p) => ({ field, message: { zh: p.zh, en: p.en } })),
      );
    }
    if (input.route) {
      const current = new Set(tour.stops.map((s) => s.projectId));
      const added = input.route.map((s) => s.projectId).filter((p) => !current.has(p));
      await checkRouteProjects(actor, added, input.route);
    }
    if (input.scorerIds) {
      const current = new Set(tour.scorers.map((s) => s.userId));
      await checkScorers(
        input.scorerIds.filter((u) => !current.has(u)),
        input.scorerIds,
      );
    }
    const config: FieldReviewConfig = {
      criteria: input.criteria ?? tour.config.criteria,
      vanguardCount: input.vanguardCount ?? tour.config.vanguardCount,
    };
    if (input.criteria) {
      const kept = new Set(input.criteria.map((c) => c.code));
      const scored = tour.config.criteria.filter(
        (c) => !kept.has(c.code) && tour.sheets.some((s) => typeof s.scores[c.code] === 'number'),
      );
      if (scored.length) {
        const names = scored.map((c) => c.label);
        throw new AppError('CONFLICT', {
          zh: `评分项“${names.map((l) => l.zh).join('、')}”已有评分，不能删除`,
          en: `Criterion ${names.map((l) => l.en).join(', ')} has been scored and cannot be removed`,
        });
      }
    }
    const keptProjects = new Set(route.map((s) => s.projectId));
    const keptScorers = new Set(input.scorerIds ?? tour.scorers.map((s) => s.userId));
    const removedSheets = tour.sheets.filter(
      (s) => !keptProjects.has(s.projectId) || !keptScorers.has(s.scorerId),
    );
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      const set = { updatedAt: now, quarter, title: input.title ?? r.title, config };
      if (!(await repo.updateReview(tx, id, input.version, set))) throw versionConflict();
      if (input.route) await repo.syncStops(tx, id, input.route);
      if (input.scorerIds) await repo.syncScorers(tx, id, input.scorerIds);
      const { version: _, ...changes } = input;
      return {
        result: undefined,
        audit: {
          action: 'field_review.update',
          entityType: 'field_review',
          entityId: id,
          before: {
            version: r.version,
            quarter: r.quarter,
            title: r.title,
            config: tour.config,
            route: tour.stops.map((s) => ({ projectId: s.projectId, visitDate: s.visitDate })),
            scorerIds: tour.scorers.map((s) => s.userId),
            ...(removedSheets.length
              ? {
                  removedSheets: removedSheets.map((s) => ({
                    projectId: s.projectId,
                    scorerId: s.scorerId,
                    scores: s.scores,
                  })),
                }
              : {}),
          },
          after: { version: r.version + 1, ...changes },
        },
      };
    });
    return get(actor, id);
  }

  /** Closes the tour (organiser only): the sheets are locked and the result is published. */
  async function close(actor: Actor, id: string, input: FieldReviewCloseInput): Promise<FieldReviewDetail> {
    const tour = await getTour(actor, id);
    const r = tour.row.r;
    requireOrganiser(actor, tour.row, { zh: '结束拉练', en: 'close the tour' });
    const version = input?.version;
    if (version !== undefined && version !== r.version) throw versionConflict();
    if (r.status === 'closed') {
      throw new AppError('CONFLICT', { zh: '拉练已经结束', en: 'The tour is already closed' });
    }
    const result = computeResult(tour);
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.closeReview(tx, id, actor.id, now, version))) {
        throw new AppError('CONFLICT', {
          zh: '拉练已经结束或已被修改',
          en: 'The tour was closed or changed meanwhile',
        });
      }
      return {
        result: undefined,
        audit: {
          action: 'field_review.close',
          entityType: 'field_review',
          entityId: id,
          before: { status: 'open', version: r.version },
          // The result as it stood when the scores were locked.
          after: {
            status: 'closed',
            version: r.version + 1,
            complete: result.complete,
            result: result.projects.map((p) => ({
              projectId: p.projectId,
              score: p.score,
              status: p.status,
              rank: p.rank,
              vanguard: p.vanguard,
            })),
          },
        },
      };
    });
    return get(actor, id);
  }

  /**
   * A scorer's sheet for one stop, while the tour is open; sending it again replaces it. A partial sheet is
   * kept (the project shows as incomplete until every weighted criterion is scored).
   */
  async function submitSheet(
    actor: Actor,
    id: string,
    projectId: string,
    input: FieldReviewSheetInput,
  ): Promise<FieldReviewSheet> {
    const tour = await getTour(actor, id);
    if (!tour.stops.some((s) => s.projectId === projectId)) {
      throw notFound({ zh: '拉练路线上的该项目', en: 'project on the route of this tour' });
    }
    if (!tour.scorers.some((s) => s.userId === actor.id)) {
      throw new AppError('FORBIDDEN', {
        zh: '您不是本次拉练的评分人',
        en: 'You are not a scorer of this tour',
      });
    }
    if (tour.row.r.status === 'closed') throw closedConflict();
    const parsed = scoreSheetInputSchema(tour.config.criteria).safeParse({ projectId, scores: input.scores });
    if (!parsed.success) throw criteriaError(parsed.error.issues);
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      // The lock orders this against a close or a route change running at the same time; re-check after it.
      const locked = await repo.lockReview(tx, id);
      if (locked?.status !== 'open') throw closedConflict();
      if (locked.version !== tour.row.r.version) {
        throw new AppError('CONFLICT', {
          zh: '拉练的路线或评分人刚被修改，请刷新后重新提交',
          en: 'The route or the panel changed meanwhile; reload and submit again',
        });
      }
      const before = await repo.getSheet(tx, id, projectId, actor.id);
      await repo.upsertSheet(tx, {
        reviewId: id,
        projectId,
        scorerId: actor.id,
        scores: input.scores,
        submittedAt: now,
      });
      return {
        result: undefined,
        audit: {
          action: 'field_review.score',
          entityType: 'field_review',
          entityId: id,
          before: before ? { projectId, scores: before.scores } : null,
          after: { projectId, scorerId: actor.id, scores: input.scores },
        },
      };
    });
    const sheet = await repo.getSheet(db, id, projectId, actor.id);
    return sheetOf(tour.config, sheet!, true);
  }

  /**
   * A correction after closing, by the organiser or by the scorer for his own sheet. It is recorded, never
   * edited, and the latest one per (scorer, project) counts in place of that scorer's sheet.
   */
  async function amend(
    actor: Actor,
    id: string,
    input: FieldReviewAmendmentInput,
  ): Promise<FieldReviewDetail> {
    const tour = await getTour(actor, id);
    const r = tour.row.r;
    const organiser = r.organiserId === actor.id && can(actor, ORGANISE);
    const self = input.scorerId === actor.id && can(actor, SCORE);
    if (!organiser && !self) {
      throw new AppError('FORBIDDEN', {
        zh: '只有组织者或该评分人本人才能更正评分',
        en: 'Only the organiser or the scorer himself can correct a score',
      });
    }
    if (r.status === 'open') {
      throw new AppError('CONFLICT', {
        zh: '拉练尚未结束，请直接重新提交评分表',
        en: 'The tour is still open: submit the sheet again instead',
      });
    }
    if (!tour.stops.some((s) => s.projectId === input.projectId)) {
      throw invalidField('projectId', {
        zh: '该项目不在本次拉练路线上',
        en: 'The project is not on the route',
      });
    }
    if (!tour.scorers.some((s) => s.userId === input.scorerId)) {
      throw invalidField('scorerId', {
        zh: '该用户不是本次拉练的评分人',
        en: 'The user is not a scorer of this tour',
      });
    }
    const parsed = scoreAmendmentInputSchema(tour.config.criteria).safeParse(input);
    if (!parsed.success) throw criteriaError(parsed.error.issues);
    const current =
      tour.amendments.findLast((a) => a.projectId === input.projectId && a.scorerId === input.scorerId)
        ?.scores ??
      tour.sheets.find((s) => s.projectId === input.projectId && s.scorerId === input.scorerId)?.scores ??
      null;
    const now = clock();
    await withAudit(db, actor, async (tx) => {
      const amendmentId = await repo.insertAmendment(tx, {
        reviewId: id,
        projectId: input.projectId,
        scorerId: input.scorerId,
        scores: input.scores,
        reason: input.reason,
        actorId: actor.id,
        createdAt: now,
      });
      return {
        result: amendmentId,
        audit: {
          action: 'field_review.amend',
          entityType: 'field_review',
          entityId: id,
          before: { projectId: input.projectId, scorerId: input.scorerId, scores: current },
          after: { amendmentId, projectId: input.projectId, scorerId: input.scorerId, scores: input.scores },
          detail: input.reason,
        },
      };
    });
    return get(actor, id);
  }

  /** Tours the actor may see, newest quarter first. */
  async function find(actor: Actor, query: FieldReviewListQuery): Promise<FieldReviewPage> {
    const where = repo.filterConditions({
      visibleTo: visibilityOf(actor),
      quarter: query.quarter,
      status: query.status,
    });
    const [rows, total] = await Promise.all([
      repo.findReviews(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
      repo.countReviews(db, where),
    ]);
    const counts = await repo.countsOf(
      db,
      rows.map((r) => r.r.id),
    );
    return {
      items: rows.map((row) => summaryOf(row, counts.get(row.r.id)!)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * A project's published results across quarters (closed tours only, oldest first): 404 outside the actor's
   * project scope, like the project itself.
   */
  async function historyOf(actor: Actor, projectId: string): Promise<FieldReviewHistory> {
    await projects.get(actor, projectId);
    const tours = await loadTours(
      await repo.findClosedReviews(db, repo.filterConditions({ visibleTo: { all: true }, projectId })),
    );
    const entries = tours.flatMap((tour) => {
      const found = computeResult(tour).projects.find((p) => p.projectId === projectId);
      if (!found) return [];
      return [
        {
          reviewId: tour.row.r.id,
          quarter: tour.row.r.quarter,
          quarterLabel: quarterLabel(tour.row.r.quarter),
          title: tour.row.r.title,
          closedAt: tour.row.r.closedAt?.toISOString() ?? null,
          projectsInTour: tour.stops.length,
          status: found.status,
          score: found.score,
          criterionMeans: found.criterionMeans,
          rank: found.rank,
          tied: found.tied,
          rankLabel: found.rankLabel,
          categoryRank: found.categoryRank,
          categoryRankLabel: found.categoryRankLabel,
          vanguard: found.vanguard,
        },
      ];
    });
    return { projectId, entries };
  }

  /**
   * 各项目长比较: per chief, the published results of his projects (the project's current chief) over the closed
   * tours of a quarter, or of every quarter. The mean is over scored results, each a tour mean, rounded once.
   */
  async function compareChiefs(_actor: Actor, query: ChiefsComparisonQuery): Promise<ChiefsComparison> {
    const tours = await loadTours(
      await repo.findClosedReviews(
        db,
        repo.filterConditions({ visibleTo: { all: true }, quarter: query.quarter }),
      ),
    );
    type Row = ChiefsComparison['chiefs'][number];
    const chiefs = new Map<string, Row>();
    for (const tour of tours) {
      const result = computeResult(tour);
      for (const stop of tour.stops) {
        if (!stop.chiefUserId) continue;
        const p = result.projects.find((x) => x.projectId === stop.projectId)!;
        const row = chiefs.get(stop.chiefUserId) ?? {
          chiefUserId: stop.chiefUserId,
          chiefName: stop.chiefName ?? '',
          meanScore: null,
          scoredCount: 0,
          unscoredCount: 0,
          vanguards: 0,
          projects: [],
        };
        row.projects.push({
          reviewId: tour.row.r.id,
          quarter: tour.row.r.quarter,
          projectId: stop.projectId,
          projectName: stop.projectName,
          score: p.score,
          rank: p.rank,
          rankLabel: p.rankLabel,
          vanguard: p.vanguard,
        });
        chiefs.set(stop.chiefUserId, row);
      }
    }
    for (const row of chiefs.values()) {
      const scores = row.projects.flatMap((p) => (p.score === null ? [] : [p.score]));
      row.scoredCount = scores.length;
      row.unscoredCount = row.projects.length - scores.length;
      row.vanguards = row.projects.filter((p) => p.vanguard).length;
      row.meanScore = scores.length ? roundScore(scores.reduce((a, b) => a + b, 0) / scores.length) : null;
    }
    const rows = [...chiefs.values()].sort(
      (a, b) =>
        (b.meanScore ?? Number.NEGATIVE_INFINITY) - (a.meanScore ?? Number.NEGATIVE_INFINITY) ||
        b.vanguards - a.vanguards ||
        a.chiefName.localeCompare(b.chiefName, 'zh-CN'),
    );
    return { quarter: query.quarter ?? null, reviewCount: tours.length, chiefs: rows };
  }

  return { create, get, update, close, submitSheet, amend, find, historyOf, compareChiefs };
}

export type FieldReviewService = ReturnType<typeof createFieldReviewService>;
