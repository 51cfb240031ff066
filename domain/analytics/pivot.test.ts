import { describe, expect, it } from 'vitest';
import { defaultSizeBands } from '../schemas/analysis.ts';
import { attributes } from './facts.fixture.ts';
import { ProjectFacts } from './facts.ts';
import { computePivot, type ReferenceLabels, sizeBandLabels, sizeBandOf } from './pivot.ts';

const refs: ReferenceLabels = { industries: new Map(), divisions: new Map(), leadingIndustries: new Map() };
const all = (facts: ProjectFacts) => Int32Array.from({ length: facts.count }, (_, i) => i);
const input = {
  rows: 'fundingSource' as const,
  cols: undefined,
  measures: ['count', 'totalInvestment', 'annualPlan', 'completed', 'completionRate', 'share'] as const,
  from: '2026-01',
  to: '2026-06',
  year: 2026,
  compare: false,
  sizeBands: [...defaultSizeBands],
};

describe('size bands', () => {
  it('labels the default bands in 亿 and in CNY', () => {
    expect(sizeBandLabels(defaultSizeBands).map((l) => l.zh)).toEqual([
      '<1亿',
      '1–5亿',
      '5–10亿',
      '10–50亿',
      '≥50亿',
    ]);
    expect(sizeBandLabels(defaultSizeBands).map((l) => l.en)).toEqual([
      '< 100M CNY',
      '100M–500M CNY',
      '500M–1B CNY',
      '1B–5B CNY',
      '≥ 5B CNY',
    ]);
  });

  it('puts an amount on a limit into the band above it', () => {
    expect(
      [9999.99, 10000, 49999.99, 50000, 500000, 9e7].map((x) => sizeBandOf(x, defaultSizeBands)),
    ).toEqual([0, 1, 1, 2, 4, 4]);
  });
});

describe('computePivot', () => {
  it('splits a project’s amounts by its funding shares and counts it once in the totals', () => {
    const facts = new ProjectFacts(16);
    const i = facts.setProject(
      attributes('p', {
        totalInvestment: 1000,
        investmentGovernment: 600,
        investmentSocial: 400,
        investmentForeign: 0,
      }),
    );
    facts.setPlans(i, [{ year: 2026, amount: 500, schedule: null }]);
    facts.ensureMonths(2026 * 12, 2026 * 12 + 11);
    facts.setMonth(i, 2026 * 12 + 2, 100);
    facts.setProject(attributes('q', { totalInvestment: 250 }));
    const p = computePivot(facts, all(facts), { ...input, measures: [...input.measures] }, refs);
    expect(p.rows.values.map((v) => v.key)).toEqual(['government', 'social', 'unspecified']);
    expect(p.rowTotals).toEqual([
      { count: 1, totalInvestment: 600, annualPlan: 300, completed: 60, completionRate: 20, share: 48 },
      { count: 1, totalInvestment: 400, annualPlan: 200, completed: 40, completionRate: 20, share: 32 },
      { count: 1, totalInvestment: 250, annualPlan: 0, completed: 0, completionRate: null, share: 20 },
    ]);
    expect(p.grandTotal).toEqual({
      count: 2,
      totalInvestment: 1250,
      annualPlan: 500,
      completed: 100,
      completionRate: 20,
      share: 100,
    });
  });

  it('compares period measures a year earlier and leaves counts and totals uncompared', () => {
    const facts = new ProjectFacts(16);
    const i = facts.setProject(attributes('p', { totalInvestment: 1000 }));
    facts.setPlans(i, [
      { year: 2025, amount: 400, schedule: null },
      { year: 2026, amount: 500, schedule: null },
    ]);
    facts.ensureMonths(2025 * 12, 2026 * 12 + 11);
    facts.setMonth(i, 2025 * 12 + 1, 40);
    facts.setMonth(i, 2025 * 12 + 7, 999);
    const p = computePivot(
      facts,
      all(facts),
      { ...input, rows: 'category', measures: [...input.measures], compare: true },
      refs,
    );
    expect(p.comparison?.period).toEqual({ from: '2025-01', to: '2025-06', year: 2025 });
    expect(p.comparison?.grandTotal).toEqual({
      count: null,
      totalInvestment: null,
      annualPlan: 400,
      completed: 40,
      completionRate: 10,
      share: null,
    });
  });
});
