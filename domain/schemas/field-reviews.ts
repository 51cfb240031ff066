/**
 * Contracts of the field reviews module (一季一拉练, issue #4): a quarterly tour with a route of projects, its
 * scorers, one scoring sheet per scorer and project, closing, and amendments after closing. The scoring rules
 * (weights, means, ranks, 争先锋) live in ../field-review-scoring.ts; this file only wires them into API shapes.
 */
import { z } from 'zod';
import type { Label } from '../codelists.ts';
import {
  FieldReviewConfigSchema,
  FieldReviewCriteriaSchema,
  FieldReviewScoreSchema,
} from '../field-review-scoring.ts';
import { periodCodeSchema, periodOfCode } from '../supervision-cadence.ts';
import { bilingual, bilingualIssue, isoDateSchema, pageSchema, uuidSchema } from './common.ts';

/** Labels of this module's fields for validation messages (the routes pass them as config.fieldLabels). */
export const fieldReviewFieldLabels = {
  quarter: { zh: '季度', en: 'Quarter' },
  title: { zh: '拉练名称', en: 'Title' },
  criteria: { zh: '评分项', en: 'Criteria' },
  vanguardCount: { zh: '争先锋名额', en: 'Vanguard places' },
  route: { zh: '拉练路线', en: 'Route' },
  scorerIds: { zh: '评分人', en: 'Scorers' },
  scorerId: { zh: '评分人', en: 'Scorer' },
  projectId: { zh: '项目', en: 'Project' },
  scores: { zh: '评分', en: 'Scores' },
  reason: { zh: '更正理由', en: 'Reason for the correction' },
  status: { zh: '状态', en: 'Status' },
  version: { zh: '版本', en: 'Version' },
} as const satisfies Record<string, Label>;

export const fieldReviewStatuses = ['open', 'closed'] as const;
export type FieldReviewTourStatus = (typeof fieldReviewStatuses)[number];
export const fieldReviewStatusLabels: Record<FieldReviewTourStatus, Label> = {
  open: { zh: '评分中', en: 'Open for scoring' },
  closed: { zh: '已结束', en: 'Closed' },
};

/** At most this many stops on one tour and this many scorers: a day or two of visits by one panel. */
export const MAX_ROUTE_STOPS = 50;
export const MAX_SCORERS = 30;

const quarterSchema = periodCodeSchema('field_review');

const titleSchema = z
  .string()
  .trim()
  .min(2, bilingual('拉练名称至少 2 个字', 'The title must have at least 2 characters'))
  .max(100, bilingual('拉练名称最多 100 个字', 'The title must have at most 100 characters'));

export const FieldReviewStopInputSchema = z.object({
  projectId: z.uuid(bilingual('请选择项目', 'Choose a project')),
  visitDate: isoDateSchema,
});
export type FieldReviewStopInput = z.infer<typeof FieldReviewStopInputSchema>;

/** The route in visiting order; each project once. */
const routeSchema = z
  .array(FieldReviewStopInputSchema)
  .min(1, bilingual('拉练路线至少包含一个项目', 'The route needs at least one project'))
  .max(MAX_ROUTE_STOPS, bilingual('拉练路线最多 50 个项目', 'The route has at most 50 projects'))
  .superRefine((route, ctx) => {
    const seen = new Set<string>();
    route.forEach((stop, i) => {
      if (seen.has(stop.projectId)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'projectId'],
          ...bilingualIssue(
            `第 ${i + 1} 站的项目已在路线中`,
            `Stop ${i + 1} repeats a project already on the route`,
          ),
        });
      }
      seen.add(stop.projectId);
    });
  });

const scorerIdsSchema = z
  .array(z.uuid(bilingual('评分人无效', 'Invalid scorer')))
  .min(1, bilingual('请至少选择一位评分人', 'Choose at least one scorer'))
  .max(MAX_SCORERS, bilingual('评分人最多 30 位', 'At most 30 scorers'))
  .refine((ids) => new Set(ids).size === ids.length, bilingual('评分人重复', 'A scorer is listed twice'));

/**
 * The visit dates must fall in the tour's quarter: the tour is that quarter's 一季一拉练 (supervision-cadence.ts
 * counts a tour in the quarter it is held). Returns the index of each stop outside it.
 */
export function stopsOutsideQuarter(
  quarter: { start: string; end: string },
  route: readonly { visitDate: string }[],
): number[] {
  return route.flatMap((stop, i) =>
    stop.visitDate < quarter.start || stop.visitDate > quarter.end ? [i] : [],
  );
}

/** Problems of visit dates outside the quarter, as issues on route[i].visitDate. */
export function visitDateProblems(quarterCode: string, route: readonly { visitDate: string }[]) {
  const quarter = periodOfCode(quarterCode);
  if (!quarter) return [];
  return stopsOutsideQuarter(quarter, route).map((i) => ({
    index: i,
    zh: `第 ${i + 1} 站的考察日期应在${quarter.label.zh}内（${quarter.start} 至 ${quarter.end}）`,
    en: `The visit date of stop ${i + 1} must fall in ${quarter.label.en} (${quarter.start} to ${quarter.end})`,
  }));
}

export const FieldReviewCreateInputSchema = z
  .object({
    quarter: quarterSchema,
    title: titleSchema,
    /** Default: 比质量, 比安全, 比进度 with equal weights. */
    criteria: FieldReviewConfigSchema.shape.criteria,
    /** How many top ranks are 争先锋; default 3. */
    vanguardCount: FieldReviewConfigSchema.shape.vanguardCount,
    route: routeSchema,
    scorerIds: scorerIdsSchema,
  })
  .superRefine((input, ctx) => {
    for (const p of visitDateProblems(input.quarter, input.route)) {
      ctx.addIssue({ code: 'custom', path: ['route', p.index, 'visitDate'], ...bilingualIssue(p.zh, p.en) });
    }
  });
export type FieldReviewCreateInput = z.infer<typeof FieldReviewCreateInputSchema>;

/** Changes while the tour is open, under optimistic locking; a list given replaces the whole list. */
export const FieldReviewUpdateInputSchema = z.object({
  version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
  quarter: quarterSchema.optional(),
  title: titleSchema.optional(),
  criteria: FieldReviewCriteriaSchema.optional(),
  vanguardCount: FieldReviewConfigSchema.shape.vanguardCount.unwrap().optional(),
  route: routeSchema.optional(),
  scorerIds: scorerIdsSchema.optional(),
});
export type FieldReviewUpdateInput = z.infer<typeof FieldReviewUpdateInputSchema>;

/** The body is optional (Fastify hands a missing body over as null): a close without one skips the version check. */
export const FieldReviewCloseInputSchema = z
  .object({
    /** When given, closing a tour that changed since it was read answers 409 VERSION_CONFLICT. */
    version: z.number().int().min(1).optional(),
  })
  .nullable();
export type FieldReviewCloseInput = z.infer<typeof FieldReviewCloseInputSchema>;

/**
 * Scores by criterion code, 0–100; null clears a criterion. Which codes are allowed depends on the tour, so the
 * service checks them (domain scoreSheetInputSchema) and answers 400 on `scores.<code>`.
 */
const scoresSchema = z.record(z.string(), FieldReviewScoreSchema.nullable());

export const FieldReviewSheetInputSchema = z.object({ scores: scoresSchema });
export type FieldReviewSheetInput = z.infer<typeof FieldReviewSheetInputSchema>;

export const FieldReviewAmendmentInputSchema = z.object({
  projectId: uuidSchema,
  scorerId: uuidSchema,
  scores: scoresSchema,
  reason: z
    .string()
    .trim()
    .min(
      4,
      bilingual(
        '请写明更正理由（至少 4 个字）',
        'Give the reason for the correction (at least 4 characters)',
      ),
    )
    .max(500, bilingual('更正理由最多 500 个字', 'The reason has at most 500 characters')),
});
export type FieldReviewAmendmentInput = z.infer<typeof FieldReviewAmendmentInputSchema>;

export const FieldReviewListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  quarter: quarterSchema.optional(),
  status: z
    .enum(fieldReviewStatuses, bilingual('状态应为 open 或 closed', 'Status is open or closed'))
    .optional(),
});
export type FieldReviewListQuery = z.infer<typeof FieldReviewListQuerySchema>;

export const FieldReviewSheetParamsSchema = z.object({ id: uuidSchema, projectId: uuidSchema });

export const ChiefsComparisonQuerySchema = z.object({
  /** One quarter; without it, every closed tour. */
  quarter: quarterSchema.optional(),
});
export type ChiefsComparisonQuery = z.infer<typeof ChiefsComparisonQuerySchema>;

// ---- Responses ----

const labelSchema = z.object({ zh: z.string(), en: z.string() });
const scoresOutSchema = z.record(z.string(), z.number().nullable());

const FieldReviewCriterionOutSchema = z.object({ code: z.string(), label: labelSchema, weight: z.number() });

export const FieldReviewConfigOutSchema = z.object({
  criteria: z.array(FieldReviewCriterionOutSchema),
  vanguardCount: z.number().int(),
});

export const FieldReviewSummarySchema = z.object({
  id: z.uuid(),
  quarter: z.string(),
  quarterLabel: labelSchema,
  title: z.string(),
  status: z.enum(fieldReviewStatuses),
  organiserId: z.uuid(),
  organiserName: z.string().nullable(),
  /** First and last visit dates of the route. */
  firstVisit: z.string().nullable(),
  lastVisit: z.string().nullable(),
  projectCount: z.number().int(),
  scorerCount: z.number().int(),
  /** Sheets submitted (whatever their completeness) out of projects × scorers. */
  sheetsSubmitted: z.number().int(),
  sheetsExpected: z.number().int(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FieldReviewSummary = z.infer<typeof FieldReviewSummarySchema>;
export const FieldReviewPageSchema = pageSchema(FieldReviewSummarySchema);
export type FieldReviewPage = z.infer<typeof FieldReviewPageSchema>;

export const FieldReviewStopSchema = z.object({
  projectId: z.uuid(),
  projectName: z.string(),
  category: z.string(),
  chiefUserId: z.uuid().nullable(),
  chiefName: z.string().nullable(),
  visitDate: z.string(),
  sort: z.number().int(),
});

export const FieldReviewScorerSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  organizationName: z.string().nullable(),
});

/**
 * One sheet's progress. `scores` is null where the reader may not see them: another scorer's sheet while the
 * tour is open (scorers judge independently), or after closing for readers outside the panel's oversight.
 */
export const FieldReviewSheetSchema = z.object({
  projectId: z.uuid(),
  scorerId: z.uuid(),
  scores: scoresOutSchema.nullable(),
  /** Every weighted criterion scored. */
  complete: z.boolean(),
  missingCriteria: z.array(z.string()),
  submittedAt: z.string(),
});
export type FieldReviewSheet = z.infer<typeof FieldReviewSheetSchema>;

export const FieldReviewAmendmentSchema = z.object({
  id: z.number().int(),
  projectId: z.uuid(),
  scorerId: z.uuid(),
  scores: scoresOutSchema.nullable(),
  reason: z.string(),
  actorId: z.uuid(),
  actorName: z.string().nullable(),
  createdAt: z.string(),
});

const ScorerResultSchema = z.object({
  scorerId: z.string(),
  total: z.number().nullable(),
  complete: z.boolean(),
  submitted: z.boolean(),
  amended: z.boolean(),
  missingCriteria: z.array(z.string()),
});

export const ProjectReviewResultSchema = z.object({
  projectId: z.string(),
  projectName: z.string(),
  category: z.string(),
  status: z.enum(['complete', 'incomplete', 'unscored']),
  score: z.number().nullable(),
  criterionMeans: scoresOutSchema,
  includedScorers: z.number().int(),
  scorers: z.array(ScorerResultSchema),
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  rankLabel: labelSchema,
  categoryRank: z.number().int().nullable(),
  categoryTied: z.boolean(),
  categoryRankLabel: labelSchema,
  vanguard: z.boolean(),
});

export const FieldReviewResultSchema = z.object({
  projects: z.array(ProjectReviewResultSchema),
  complete: z.boolean(),
});

export const FieldReviewDetailSchema = FieldReviewSummarySchema.extend({
  config: FieldReviewConfigOutSchema,
  closedBy: z.uuid().nullable(),
  closedByName: z.string().nullable(),
  route: z.array(FieldReviewStopSchema),
  scorers: z.array(FieldReviewScorerSchema),
  sheets: z.array(FieldReviewSheetSchema),
  amendments: z.array(FieldReviewAmendmentSchema),
  /**
   * scoreFieldReview over the sheets and amendments. Null while the tour is open for everyone but its organiser,
   * so that scorers do not see one another's marks before the tour closes.
   */
  result: FieldReviewResultSchema.nullable(),
  /** What the reader may do here, for the web app's buttons. */
  viewer: z.object({ organiser: z.boolean(), scorer: z.boolean() }),
});
export type FieldReviewDetail = z.infer<typeof FieldReviewDetailSchema>;

export const FieldReviewHistoryEntrySchema = z.object({
  reviewId: z.uuid(),
  quarter: z.string(),
  quarterLabel: labelSchema,
  title: z.string(),
  closedAt: z.string().nullable(),
  projectsInTour: z.number().int(),
  status: z.enum(['complete', 'incomplete', 'unscored']),
  score: z.number().nullable(),
  criterionMeans: scoresOutSchema,
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  rankLabel: labelSchema,
  categoryRank: z.number().int().nullable(),
  categoryRankLabel: labelSchema,
  vanguard: z.boolean(),
});
export const FieldReviewHistorySchema = z.object({
  projectId: z.uuid(),
  entries: z.array(FieldReviewHistoryEntrySchema),
});
export type FieldReviewHistory = z.infer<typeof FieldReviewHistorySchema>;

export const ChiefComparisonRowSchema = z.object({
  chiefUserId: z.uuid(),
  chiefName: z.string(),
  /** Mean of the chief's scored project results (each a tour mean), 2 decimals; null when none is scored. */
  meanScore: z.number().nullable(),
  /** Scored project results counted in the mean (a project on two tours counts twice). */
  scoredCount: z.number().int(),
  unscoredCount: z.number().int(),
  vanguards: z.number().int(),
  projects: z.array(
    z.object({
      reviewId: z.uuid(),
      quarter: z.string(),
      projectId: z.uuid(),
      projectName: z.string(),
      score: z.number().nullable(),
      rank: z.number().int().nullable(),
      rankLabel: labelSchema,
      vanguard: z.boolean(),
    }),
  ),
});
export const ChiefsComparisonSchema = z.object({
  quarter: z.string().nullable(),
  /** Closed tours taken into account. */
  reviewCount: z.number().int(),
  chiefs: z.array(ChiefComparisonRowSchema),
});
export type ChiefsComparison = z.infer<typeof ChiefsComparisonSchema>;
