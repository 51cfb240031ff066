/**
 * 一季一拉练: scoring a quarterly field review tour (三比一争: 比质量, 比安全, 比进度, 争先锋; issue #4).
 *
 * Rules, each a decision recorded here so that the tour page, the bulletin and the tests agree:
 * - Weights are non-negative numbers, at least one positive, and are NORMALISED by their sum: 1:1:1, 40:30:30
 *   and 0.4/0.3/0.3 all work, and nobody has to type 0.3333. A scorer's weighted total is
 *   Σ score × weight ÷ Σ weight, which keeps equal weights exact ((80 + 90 + 70) ÷ 3 = 80, not 79.99…).
 * - A criterion with weight 0 may be scored (its mean is shown) but is not required and never counts.
 * - A scorer's sheet for a project is complete when it scores every weighted criterion. An incomplete or
 *   missing sheet EXCLUDES that scorer from the project's mean (rather than averaging the criteria that were
 *   scored, which would compare projects on different criteria), and the project is flagged `incomplete`.
 *   A project with no complete sheet has no result: it is 未评分 and listed after every scored project.
 * - Corrections after the tour closes are amendments, kept as an ordered list (oldest first). The latest
 *   amendment for a (scorer, project) replaces that scorer's whole sheet; the original stays in the database
 *   for history. An amendment may also supply a sheet that was never submitted.
 * - A project's score is the mean over the included scorers of their weighted totals, rounded ONCE to 2
 *   decimals (half up). Ranking uses that rounded score, so what is shown is what is ranked: two projects
 *   shown as 88.67 share a rank even if their unrounded means differ in the 10th decimal.
 * - Ranks are competition ranks (1, 2, 2, 4), within the tour and within each project category. Among equal
 *   scores the route order (the order projects were visited) decides only the display order, never the rank.
 * - 争先锋 goes to every scored project whose tour rank is within the top K (default 3), so a tie at the
 *   boundary is included: ranks 1, 2, 3, 3 with K = 3 give four 争先锋. Incomplete projects are eligible;
 *   the flag tells the organiser to chase the missing sheets before publishing.
 */
import { z } from 'zod';
import type { Label } from './codelists.ts';
import { bilingual, bilingualIssue, uuidSchema } from './schemas/common.ts';

export const defaultFieldReviewCriteria = [
  { code: 'quality', label: { zh: '比质量', en: 'Quality' }, weight: 1 },
  { code: 'safety', label: { zh: '比安全', en: 'Safety' }, weight: 1 },
  { code: 'progress', label: { zh: '比进度', en: 'Progress' }, weight: 1 },
] as const satisfies readonly FieldReviewCriterion[];

export const vanguardLabel: Label = { zh: '争先锋', en: 'Vanguard' };
const DEFAULT_VANGUARD_COUNT = 3;

export const FieldReviewCriterionSchema = z.object({
  code: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{0,39}$/,
      bilingual(
        '评分项代码应为小写字母开头的字母、数字或下划线',
        'A criterion code is lower-case letters, digits or underscores, starting with a letter',
      ),
    ),
  label: z.object({
    zh: z
      .string()
      .trim()
      .min(1, bilingual('请填写评分项名称', 'Name the criterion'))
      .max(20, bilingual('评分项名称最多 20 个字', 'A criterion name has at most 20 characters')),
    en: z.string().trim().max(40),
  }),
  weight: z
    .number(bilingual('请填写权重', 'Give the weight'))
    .min(0, bilingual('权重不能小于 0', 'A weight cannot be below 0'))
    .max(100, bilingual('权重不能大于 100', 'A weight cannot exceed 100')),
});
export type FieldReviewCriterion = z.infer<typeof FieldReviewCriterionSchema>;

export const FieldReviewCriteriaSchema = z
  .array(FieldReviewCriterionSchema)
  .min(1, bilingual('至少设置一个评分项', 'Set at least one criterion'))
  .max(10, bilingual('最多设置 10 个评分项', 'Set at most 10 criteria'))
  .superRefine((criteria, ctx) => {
    const seen = new Set<string>();
    criteria.forEach((c, i) => {
      if (seen.has(c.code)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'code'],
          ...bilingualIssue(`评分项代码 ${c.code} 重复`, `Criterion code ${c.code} is used twice`),
        });
      }
      seen.add(c.code);
    });
    if (!criteria.some((c) => c.weight > 0)) {
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue('至少一个评分项的权重应大于 0', 'At least one criterion needs a weight above 0'),
      });
    }
  });

/** A tour's scoring configuration, as the organiser sets it before the tour. */
export const FieldReviewConfigSchema = z.object({
  criteria: FieldReviewCriteriaSchema.default(() => defaultFieldReviewCriteria.map((c) => ({ ...c }))),
  /** How many top ranks are marked 争先锋 (ties at the boundary are all included). */
  vanguardCount: z
    .number()
    .int(bilingual('争先锋名额应为整数', 'The number of vanguard places must be a whole number'))
    .min(0, bilingual('争先锋名额不能小于 0', 'The number of vanguard places cannot be below 0'))
    .max(50, bilingual('争先锋名额最多 50 个', 'At most 50 vanguard places'))
    .default(DEFAULT_VANGUARD_COUNT),
});
export type FieldReviewConfig = z.infer<typeof FieldReviewConfigSchema>;

export const FieldReviewScoreSchema = z
  .number(bilingual('分数应为数字', 'A score must be a number'))
  .min(0, bilingual('分数应在 0–100 之间', 'A score must be 0–100'))
  .max(100, bilingual('分数应在 0–100 之间', 'A score must be 0–100'));

/** Scores by criterion code; a missing or null entry is a criterion not scored yet. */
export type FieldReviewScores = Readonly<Record<string, number | null | undefined>>;

const scoresSchema = z.record(z.string(), FieldReviewScoreSchema.nullable());

/**
 * The sheet a scorer submits for one project (the scorer is the signed-in user). Built per tour, because
 * only the tour's criteria may be scored. A partial sheet is accepted: the scorer may finish it later.
 */
export function scoreSheetInputSchema(criteria: readonly FieldReviewCriterion[]) {
  return z
    .object({ projectId: uuidSchema, scores: scoresSchema })
    .superRefine((sheet, ctx) => rejectUnknownCriteria(criteria, sheet.scores, ctx));
}

/** A correction after the tour has closed, entered by the organiser for one scorer's sheet. */
export function scoreAmendmentInputSchema(criteria: readonly FieldReviewCriterion[]) {
  return z
    .object({
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
    })
    .superRefine((amendment, ctx) => rejectUnknownCriteria(criteria, amendment.scores, ctx));
}

function rejectUnknownCriteria(
  criteria: readonly FieldReviewCriterion[],
  scores: Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  const known = new Set(criteria.map((c) => c.code));
  for (const code of Object.keys(scores)) {
    if (!known.has(code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['scores', code],
        ...bilingualIssue(`本次拉练没有评分项 ${code}`, `This tour has no criterion ${code}`),
      });
    }
  }
}

export type ScoreSheet = { scorerId: string; projectId: string; scores: FieldReviewScores };
export type ScoreAmendment = ScoreSheet & { reason: string };

/** A project on the tour's route; `category` is a project category code (codelists.ts). */
export type FieldReviewProject = { projectId: string; projectName: string; category: string };

export type ScorerResult = {
  scorerId: string;
  /** Weighted total to 2 decimals; null when the sheet is missing or incomplete. */
  total: number | null;
  complete: boolean;
  /** False when the scorer sent no sheet at all for the project. */
  submitted: boolean;
  amended: boolean;
  /** Weighted criteria the sheet leaves unscored. */
  missingCriteria: string[];
};

export type FieldReviewStatus = 'complete' | 'incomplete' | 'unscored';

export type ProjectReviewResult = {
  projectId: string;
  projectName: string;
  category: string;
  status: FieldReviewStatus;
  /** Mean of the included scorers' weighted totals, 2 decimals; null when unscored. */
  score: number | null;
  /** Per criterion, the mean over the included scorers' sheets, 2 decimals; null when none scored it. */
  criterionMeans: Record<string, number | null>;
  /** Scorers whose sheet counts. */
  includedScorers: number;
  /** One entry per tour scorer, in the order given. */
  scorers: ScorerResult[];
  rank: number | null;
  tied: boolean;
  /** 第2名 / 并列第2名 / 未评分. */
  rankLabel: Label;
  categoryRank: number | null;
  categoryTied: boolean;
  categoryRankLabel: Label;
  /** 争先锋 (三比一争). */
  vanguard: boolean;
};

export type FieldReviewResult = {
  /** In tour ranking order: scored projects by rank (route order among equals), then the unscored ones. */
  projects: ProjectReviewResult[];
  /** Every project has a complete sheet from every scorer. */
  complete: boolean;
};

/**
 * Scores a tour. Throws RangeError on data that cannot belong to it (an unknown project, scorer or
 * criterion, a score outside 0–100, two original sheets for the same scorer and project, or an invalid
 * configuration): the database constraints should make these impossible, so they are bugs, not input errors.
 */
export function scoreFieldReview(input: {
  projects: readonly FieldReviewProject[];
  scorerIds: readonly string[];
  sheets: readonly ScoreSheet[];
  amendments?: readonly ScoreAmendment[];
  config?: z.input<typeof FieldReviewConfigSchema>;
}): FieldReviewResult {
  const parsedConfig = FieldReviewConfigSchema.safeParse(input.config ?? {});
  if (!parsedConfig.success) {
    throw new RangeError(
      `Invalid field review configuration: ${parsedConfig.error.issues[0]?.message ?? ''}`,
    );
  }
  const { criteria, vanguardCount } = parsedConfig.data;
  const projectIds = new Set(input.projects.map((p) => p.projectId));
  const scorerIds = new Set(input.scorerIds);
  const criterionCodes = new Set(criteria.map((c) => c.code));

  const check = (sheet: ScoreSheet) => {
    if (!projectIds.has(sheet.projectId))
      throw new RangeError(`Project ${sheet.projectId} is not on the tour`);
    if (!scorerIds.has(sheet.scorerId)) throw new RangeError(`Scorer ${sheet.scorerId} is not on the tour`);
    for (const [code, score] of Object.entries(sheet.scores)) {
      if (!criterionCodes.has(code)) throw new RangeError(`The tour has no criterion ${code}`);
      if (score !== null && score !== undefined && !(score >= 0 && score <= 100)) {
        throw new RangeError(`Score ${score} for ${code} is outside 0–100`);
      }
    }
  };

  const key = (scorerId: string, projectId: string) => `${scorerId}\u0000${projectId}`;
  const sheets = new Map<string, { scores: FieldReviewScores; amended: boolean }>();
  for (const sheet of input.sheets) {
    check(sheet);
    const k = key(sheet.scorerId, sheet.projectId);
    if (sheets.has(k)) {
      throw new RangeError(`Scorer ${sheet.scorerId} has two sheets for project ${sheet.projectId}`);
    }
    sheets.set(k, { scores: sheet.scores, amended: false });
  }
  // Later amendments overwrite earlier ones: the list is in the order they were recorded.
  for (const amendment of input.amendments ?? []) {
    check(amendment);
    sheets.set(key(amendment.scorerId, amendment.projectId), { scores: amendment.scores, amended: true });
  }

  const weighted = criteria.filter((c) => c.weight > 0);
  const weightSum = weighted.reduce((sum, c) => sum + c.weight, 0);

  const unranked = input.projects.map((project, routeIndex) => {
    const scorers: ScorerResult[] = input.scorerIds.map((scorerId) => {
      const sheet = sheets.get(key(scorerId, project.projectId));
      const scoreOf = (code: string) => sheet?.scores[code] ?? null;
      const missingCriteria = weighted.filter((c) => scoreOf(c.code) === null).map((c) => c.code);
      const complete = missingCriteria.length === 0;
      const total = complete
        ? weighted.reduce((sum, c) => sum + (scoreOf(c.code) ?? 0) * c.weight, 0) / weightSum
        : null;
      return {
        scorerId,
        total,
        complete,
        submitted: sheet !== undefined,
        amended: sheet?.amended ?? false,
        missingCriteria,
      };
    });
    const included = scorers.filter((s) => s.complete);
    const score = included.length === 0 ? null : roundScore(mean(included.map((s) => s.total ?? 0)));
    const criterionMeans: Record<string, number | null> = {};
    for (const criterion of criteria) {
      const values = included
        .map((s) => sheets.get(key(s.scorerId, project.projectId))?.scores[criterion.code])
        .filter((v): v is number => typeof v === 'number');
      criterionMeans[criterion.code] = values.length === 0 ? null : roundScore(mean(values));
    }
    const status: FieldReviewStatus =
      included.length === 0 ? 'unscored' : included.length === scorers.length ? 'complete' : 'incomplete';
    return {
      routeIndex,
      project,
      status,
      score,
      criterionMeans,
      includedScorers: included.length,
      scorers: scorers.map((s) => ({ ...s, total: s.total === null ? null : roundScore(s.total) })),
    };
  });

  const tourRanks = competitionRanks(unranked.map((p) => p.score));
  const categoryRanks = new Map<number, { rank: number | null; tied: boolean }>();
  for (const category of new Set(input.projects.map((p) => p.category))) {
    const members = unranked.filter((p) => p.project.category === category);
    const ranks = competitionRanks(members.map((p) => p.score));
    members.forEach((p, i) => {
      categoryRanks.set(p.routeIndex, ranks[i] ?? { rank: null, tied: false });
    });
  }

  const results = unranked.map((p, i): ProjectReviewResult & { routeIndex: number } => {
    const { rank, tied } = tourRanks[i] ?? { rank: null, tied: false };
    const inCategory = categoryRanks.get(p.routeIndex) ?? { rank: null, tied: false };
    return {
      routeIndex: p.routeIndex,
      projectId: p.project.projectId,
      projectName: p.project.projectName,
      category: p.project.category,
      status: p.status,
      score: p.score,
      criterionMeans: p.criterionMeans,
      includedScorers: p.includedScorers,
      scorers: p.scorers,
      rank,
      tied,
      rankLabel: rankLabel(rank, tied),
      categoryRank: inCategory.rank,
      categoryTied: inCategory.tied,
      categoryRankLabel: rankLabel(inCategory.rank, inCategory.tied),
      vanguard: rank !== null && rank <= vanguardCount,
    };
  });
  results.sort(
    (a, b) =>
      (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY) ||
      a.routeIndex - b.routeIndex,
  );
  return {
    projects: results.map(({ routeIndex: _, ...result }) => result),
    complete: results.every((r) => r.status === 'complete'),
  };
}

/**
 * Competition ranking ("1224"): a value's rank is 1 + the number of values strictly greater; equal values
 * share a rank and the next rank skips. null (no score) gets no rank. Values are compared exactly, so round
 * them first to the precision they are shown with.
 */
export function competitionRanks(
  values: readonly (number | null)[],
): { rank: number | null; tied: boolean }[] {
  const scored = values.filter((v): v is number => v !== null);
  return values.map((value) => {
    if (value === null) return { rank: null, tied: false };
    const rank = 1 + scored.filter((other) => other > value).length;
    const tied = scored.filter((other) => other === value).length > 1;
    return { rank, tied };
  });
}

export function rankLabel(rank: number | null, tied: boolean): Label {
  if (rank === null) return { zh: '未评分', en: 'Not scored' };
  return tied ? { zh: `并列第${rank}名`, en: `=${rank}` } : { zh: `第${rank}名`, en: `${rank}` };
}

/**
 * Rounds a non-negative score to 2 decimals, half up as people round by hand. Scaling first and cutting the
 * binary noise at 12 significant digits keeps 84.145 at 84.15: in floating point 84.145 × 100 is
 * 8414.499999999999, which a plain Math.round would take down to 84.14.
 */
export function roundScore(value: number): number {
  return Math.round(Number((value * 100).toPrecision(12))) / 100;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
