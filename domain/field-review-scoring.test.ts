import { describe, expect, it } from 'vitest';
import {
  competitionRanks,
  defaultFieldReviewCriteria,
  FieldReviewConfigSchema,
  FieldReviewCriteriaSchema,
  type FieldReviewProject,
  roundScore,
  type ScoreSheet,
  scoreAmendmentInputSchema,
  scoreFieldReview,
  scoreSheetInputSchema,
} from './field-review-scoring.ts';

const route: FieldReviewProject[] = [
  { projectId: 'avenue', projectName: '科学大道', category: 'infrastructure' },
  { projectId: 'tunnel', projectName: '科学城隧道', category: 'infrastructure' },
  { projectId: 'device', projectName: '超瞬态实验装置', category: 'innovation_platform' },
  { projectId: 'fab', projectName: '集成电路产业园', category: 'industrial' },
];

function sheet(
  scorerId: string,
  projectId: string,
  quality: number | null,
  safety: number | null,
  progress: number | null,
): ScoreSheet {
  return { scorerId, projectId, scores: { quality, safety, progress } };
}

/** Two scorers with complete sheets for every project. */
const fullSheets: ScoreSheet[] = [
  sheet('li', 'avenue', 90, 90, 90),
  sheet('wang', 'avenue', 80, 80, 80), // avenue 85
  sheet('li', 'tunnel', 80, 90, 70),
  sheet('wang', 'tunnel', 85, 95, 75), // tunnel 82.5
  sheet('li', 'device', 95, 90, 85),
  sheet('wang', 'device', 75, 80, 85), // device 85
  sheet('li', 'fab', 70, 70, 70),
  sheet('wang', 'fab', 60, 60, 60), // fab 65
];

function score(sheets: ScoreSheet[], extra: Partial<Parameters<typeof scoreFieldReview>[0]> = {}) {
  return scoreFieldReview({ projects: route, scorerIds: ['li', 'wang'], sheets, ...extra });
}

function byId(result: ReturnType<typeof scoreFieldReview>, projectId: string) {
  const found = result.projects.find((p) => p.projectId === projectId);
  if (!found) throw new Error(`no result for ${projectId}`);
  return found;
}

describe('scoreFieldReview: results', () => {
  it('takes the mean over scorers of each scorer’s equally weighted total', () => {
    const result = score(fullSheets);
    expect(byId(result, 'tunnel')).toMatchObject({
      status: 'complete',
      score: 82.5,
      criterionMeans: { quality: 82.5, safety: 92.5, progress: 72.5 },
      includedScorers: 2,
      scorers: [
        { scorerId: 'li', total: 80, complete: true, submitted: true, amended: false, missingCriteria: [] },
        { scorerId: 'wang', total: 85, complete: true, submitted: true, amended: false, missingCriteria: [] },
      ],
    });
    expect(result.complete).toBe(true);
  });

  it('normalises weights by their sum, so 2:1:1 and 50:25:25 give the same result', () => {
    const weights = (q: number, s: number, p: number) => ({
      criteria: defaultFieldReviewCriteria.map((c) => ({
        ...c,
        weight: { quality: q, safety: s, progress: p }[c.code],
      })),
    });
    const a = score(fullSheets, { config: weights(2, 1, 1) });
    const b = score(fullSheets, { config: weights(50, 25, 25) });
    // li: (80×2 + 90 + 70) ÷ 4 = 80; wang: (85×2 + 95 + 75) ÷ 4 = 85
    expect(byId(a, 'tunnel').score).toBe(82.5);
    expect(a).toEqual(b);
  });

  it('keeps equal thirds exact instead of 79.99…', () => {
    const result = scoreFieldReview({
      projects: route.slice(0, 1),
      scorerIds: ['li'],
      sheets: [sheet('li', 'avenue', 80, 90, 70)],
    });
    expect(result.projects[0]?.score).toBe(80);
  });

  it('rounds the displayed score once, half up, to 2 decimals', () => {
    const result = scoreFieldReview({
      projects: route.slice(0, 1),
      scorerIds: ['li', 'wang', 'zhao'],
      sheets: [
        sheet('li', 'avenue', 90, 90, 90),
        sheet('wang', 'avenue', 85, 85, 85),
        sheet('zhao', 'avenue', 91, 91, 91),
      ],
    });
    // (90 + 85 + 91) ÷ 3 = 88.666…
    expect(result.projects[0]?.score).toBe(88.67);
  });
});

describe('scoreFieldReview: missing scores', () => {
  it('excludes a scorer who left a criterion unscored and flags the project incomplete', () => {
    const sheets = fullSheets.map((s) =>
      s.scorerId === 'wang' && s.projectId === 'tunnel' ? sheet('wang', 'tunnel', 85, null, 75) : s,
    );
    const tunnel = byId(score(sheets), 'tunnel');
    expect(tunnel).toMatchObject({ status: 'incomplete', score: 80, includedScorers: 1 });
    expect(tunnel.criterionMeans).toEqual({ quality: 80, safety: 90, progress: 70 });
    expect(tunnel.scorers[1]).toEqual({
      scorerId: 'wang',
      total: null,
      complete: false,
      submitted: true,
      amended: false,
      missingCriteria: ['safety'],
    });
  });

  it('treats a scorer with no sheet at all as missing, and says the tour is not complete', () => {
    const result = score(fullSheets.filter((s) => !(s.scorerId === 'li' && s.projectId === 'fab')));
    expect(byId(result, 'fab')).toMatchObject({ status: 'incomplete', score: 60 });
    expect(byId(result, 'fab').scorers[0]).toMatchObject({
      submitted: false,
      missingCriteria: ['quality', 'safety', 'progress'],
    });
    expect(result.complete).toBe(false);
  });

  it('gives a project without any complete sheet no result and lists it last as 未评分', () => {
    const sheets = [
      ...fullSheets.filter((s) => s.projectId !== 'avenue'),
      sheet('li', 'avenue', 99, 99, null),
    ];
    const result = score(sheets);
    expect(result.projects.at(-1)).toMatchObject({
      projectId: 'avenue',
      status: 'unscored',
      score: null,
      rank: null,
      categoryRank: null,
      rankLabel: { zh: '未评分', en: 'Not scored' },
      vanguard: false,
      criterionMeans: { quality: null, safety: null, progress: null },
    });
  });

  it('does not require a criterion with weight 0, but still shows its mean', () => {
    const config = {
      criteria: [
        ...defaultFieldReviewCriteria,
        { code: 'civility', label: { zh: '文明施工', en: 'Tidy site' }, weight: 0 },
      ],
    };
    const result = scoreFieldReview({
      projects: route.slice(0, 1),
      scorerIds: ['li', 'wang'],
      sheets: [
        {
          scorerId: 'li',
          projectId: 'avenue',
          scores: { quality: 90, safety: 90, progress: 90, civility: 60 },
        },
        sheet('wang', 'avenue', 80, 80, 80),
      ],
      config,
    });
    expect(result.projects[0]).toMatchObject({ status: 'complete', score: 85 });
    expect(result.projects[0]?.criterionMeans.civility).toBe(60);
  });
});

describe('scoreFieldReview: amendments', () => {
  it('replaces a scorer’s whole sheet with the latest amendment for that project', () => {
    const result = score(fullSheets, {
      amendments: [
        { ...sheet('wang', 'fab', 95, 95, 95), reason: '录入错误，应为 95 分' },
        { ...sheet('wang', 'fab', 90, 90, 90), reason: '复核后更正为 90 分' },
      ],
    });
    const fab = byId(result, 'fab');
    expect(fab.score).toBe(80); // (70 + 90) ÷ 2
    expect(fab.scorers.map((s) => [s.scorerId, s.total, s.amended])).toEqual([
      ['li', 70, false],
      ['wang', 90, true],
    ]);
  });

  it('lets an amendment supply a sheet that was never submitted, completing the project', () => {
    const sheets = fullSheets.filter((s) => !(s.scorerId === 'li' && s.projectId === 'fab'));
    const result = score(sheets, {
      amendments: [{ ...sheet('li', 'fab', 70, 70, 70), reason: '补录纸质评分表' }],
    });
    expect(byId(result, 'fab')).toMatchObject({ status: 'complete', score: 65 });
    expect(result.complete).toBe(true);
  });

  it('moves the ranking when an amendment changes a score', () => {
    const before = score(fullSheets);
    expect(byId(before, 'fab').rank).toBe(4);
    const after = score(fullSheets, {
      amendments: [{ ...sheet('wang', 'fab', 100, 100, 100), reason: '更正' }],
    });
    expect(byId(after, 'fab').rank).toBe(1);
  });
});

describe('scoreFieldReview: ranking', () => {
  it('gives tied projects the same competition rank and skips the next (1, 1, 3, 4)', () => {
    const result = score(fullSheets);
    expect(result.projects.map((p) => [p.projectId, p.score, p.rank, p.tied])).toEqual([
      ['avenue', 85, 1, true],
      ['device', 85, 1, true],
      ['tunnel', 82.5, 3, false],
      ['fab', 65, 4, false],
    ]);
    expect(byId(result, 'avenue').rankLabel).toEqual({ zh: '并列第1名', en: '=1' });
    expect(byId(result, 'tunnel').rankLabel).toEqual({ zh: '第3名', en: '3' });
  });

  it('lists tied projects in route order without letting the order change their rank', () => {
    const reversedRoute = [...route].reverse();
    const result = scoreFieldReview({
      projects: reversedRoute,
      scorerIds: ['li', 'wang'],
      sheets: fullSheets,
    });
    expect(result.projects.map((p) => [p.projectId, p.rank])).toEqual([
      ['device', 1],
      ['avenue', 1],
      ['tunnel', 3],
      ['fab', 4],
    ]);
  });

  it('ranks on the 2-decimal score, so scores shown equal are ranked equal', () => {
    // 88.666… and 88.6700 both show as 88.67.
    const projects = route.slice(0, 2);
    const result = scoreFieldReview({
      projects,
      scorerIds: ['a', 'b', 'c'],
      sheets: [
        sheet('a', 'avenue', 90, 90, 90),
        sheet('b', 'avenue', 85, 85, 85),
        sheet('c', 'avenue', 91, 91, 91),
        sheet('a', 'tunnel', 88.67, 88.67, 88.67),
        sheet('b', 'tunnel', 88.67, 88.67, 88.67),
        sheet('c', 'tunnel', 88.67, 88.67, 88.67),
      ],
    });
    expect(result.projects.map((p) => [p.score, p.rank, p.tied])).toEqual([
      [88.67, 1, true],
      [88.67, 1, true],
    ]);
  });

  it('ranks within each project category', () => {
    const result = score(fullSheets);
    expect(result.projects.map((p) => [p.projectId, p.categoryRank, p.categoryTied])).toEqual([
      ['avenue', 1, false],
      ['device', 1, false],
      ['tunnel', 2, false],
      ['fab', 1, false],
    ]);
    expect(byId(result, 'tunnel').categoryRankLabel).toEqual({ zh: '第2名', en: '2' });
  });

  it('marks the top three as 争先锋, including every project tied at the boundary', () => {
    const sheets = fullSheets.map((s) =>
      s.projectId === 'fab' ? { ...s, scores: { quality: 82.5, safety: 82.5, progress: 82.5 } } : s,
    );
    const result = score(sheets);
    // ranks 1, 1, 3, 3: four 争先锋 with K = 3
    expect(result.projects.map((p) => [p.projectId, p.rank, p.vanguard])).toEqual([
      ['avenue', 1, true],
      ['device', 1, true],
      ['tunnel', 3, true],
      ['fab', 3, true],
    ]);
    const topOne = score(sheets, { config: { vanguardCount: 1 } });
    expect(topOne.projects.filter((p) => p.vanguard).map((p) => p.projectId)).toEqual(['avenue', 'device']);
    const none = score(sheets, { config: { vanguardCount: 0 } });
    expect(none.projects.some((p) => p.vanguard)).toBe(false);
  });

  it('never marks an unscored project 争先锋, even when few projects are scored', () => {
    const result = score(fullSheets.filter((s) => s.projectId === 'fab'));
    expect(result.projects.map((p) => [p.projectId, p.rank, p.vanguard])).toEqual([
      ['fab', 1, true],
      ['avenue', null, false],
      ['tunnel', null, false],
      ['device', null, false],
    ]);
  });
});

describe('scoreFieldReview: data that cannot belong to the tour', () => {
  it('throws on an unknown project, scorer or criterion, a score out of range, or a duplicate sheet', () => {
    expect(() => score([sheet('li', 'elsewhere', 1, 1, 1)])).toThrow(/not on the tour/);
    expect(() => score([sheet('zhao', 'avenue', 1, 1, 1)])).toThrow(/not on the tour/);
    expect(() => score([{ scorerId: 'li', projectId: 'avenue', scores: { beauty: 90 } }])).toThrow(
      /no criterion/,
    );
    expect(() => score([sheet('li', 'avenue', 101, 1, 1)])).toThrow(/outside 0–100/);
    expect(() => score([sheet('li', 'avenue', 1, 1, 1), sheet('li', 'avenue', 2, 2, 2)])).toThrow(
      /two sheets/,
    );
    expect(() => score([], { config: { criteria: [] } })).toThrow(/Invalid field review configuration/);
  });
});

describe('competitionRanks', () => {
  it('ranks 1, 2, 2, 4 and leaves null unranked', () => {
    expect(competitionRanks([90, 80, 80, 70, null])).toEqual([
      { rank: 1, tied: false },
      { rank: 2, tied: true },
      { rank: 2, tied: true },
      { rank: 4, tied: false },
      { rank: null, tied: false },
    ]);
  });
});

describe('roundScore', () => {
  it('rounds half up despite binary floating point', () => {
    expect(roundScore(84.145)).toBe(84.15);
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(88.666666)).toBe(88.67);
    expect(roundScore(100)).toBe(100);
  });
});

describe('schemas', () => {
  it('defaults to 比质量, 比安全, 比进度 with equal weights and three 争先锋 places', () => {
    const config = FieldReviewConfigSchema.parse({});
    expect(config.vanguardCount).toBe(3);
    expect(config.criteria.map((c) => [c.code, c.label.zh, c.weight])).toEqual([
      ['quality', '比质量', 1],
      ['safety', '比安全', 1],
      ['progress', '比进度', 1],
    ]);
  });

  it('rejects negative weights, all-zero weights and duplicate codes, in both languages', () => {
    const base = defaultFieldReviewCriteria.map((c) => ({ ...c }));
    const negative = FieldReviewCriteriaSchema.safeParse(
      base.map((c, i) => (i === 0 ? { ...c, weight: -1 } : c)),
    );
    expect(negative.error?.issues[0]?.message).toBe('权重不能小于 0');
    const allZero = FieldReviewCriteriaSchema.safeParse(base.map((c) => ({ ...c, weight: 0 })));
    expect(allZero.error?.issues[0]?.message).toBe('至少一个评分项的权重应大于 0');
    const duplicate = FieldReviewCriteriaSchema.safeParse([...base, base[0]]);
    expect(duplicate.error?.issues[0]).toMatchObject({
      message: '评分项代码 quality 重复',
      params: { en: 'Criterion code quality is used twice' },
    });
  });

  it('accepts a partial sheet but rejects a criterion the tour does not have and scores out of 0–100', () => {
    const schema = scoreSheetInputSchema(defaultFieldReviewCriteria);
    const projectId = '00000000-0000-4000-8000-000000000001';
    expect(schema.safeParse({ projectId, scores: { quality: 90, safety: null } }).success).toBe(true);
    const unknown = schema.safeParse({ projectId, scores: { beauty: 90 } });
    expect(unknown.error?.issues[0]).toMatchObject({
      path: ['scores', 'beauty'],
      message: '本次拉练没有评分项 beauty',
    });
    const outOfRange = schema.safeParse({ projectId, scores: { quality: 120 } });
    expect(outOfRange.error?.issues[0]?.message).toBe('分数应在 0–100 之间');
  });

  it('requires a reason for an amendment', () => {
    const schema = scoreAmendmentInputSchema(defaultFieldReviewCriteria);
    const amendment = {
      projectId: '00000000-0000-4000-8000-000000000001',
      scorerId: '00000000-0000-4000-8000-000000000002',
      scores: { quality: 90, safety: 90, progress: 90 },
    };
    expect(schema.safeParse({ ...amendment, reason: '改' }).error?.issues[0]?.message).toBe(
      '请写明更正理由（至少 4 个字）',
    );
    expect(schema.safeParse({ ...amendment, reason: '评分表录入错误' }).success).toBe(true);
  });
});
