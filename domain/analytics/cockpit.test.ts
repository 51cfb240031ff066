import { describe, expect, it } from 'vitest';
import { combinedYearToDate } from '../schedule.ts';
import { computeCockpit, endOfChinaDay, shiftMonths } from './cockpit.ts';
import { attributes } from './facts.fixture.ts';
import { ProjectFacts } from './facts.ts';

const labels = {
  district: (k: string) => ({ zh: k, en: k }),
  leadingIndustry: (k: string) => ({ zh: k, en: k }),
  organization: (k: string) => ({ zh: k, en: k }),
  user: (k: string) => ({ zh: k, en: k }),
};
const options = {
  asOf: '2026-06-15',
  today: '2026-06-15',
  lightHistorySince: null,
  top: 10,
  reportingStages: ['under_construction', 'completion_acceptance'],
  scope: { all: true } as const,
};
const filterOptions = { industryParent: new Map<string, string | null>() };

describe('shiftMonths', () => {
  it('keeps the day and clamps it to the end of a shorter month', () => {
    expect(shiftMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(shiftMonths('2024-02-29', -12)).toBe('2023-02-28');
    expect(shiftMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(shiftMonths('2026-06-15', -12)).toBe('2025-06-15');
  });

  it('ends a China day at midnight UTC+8', () => {
    expect(new Date(endOfChinaDay('2026-06-15')).toISOString()).toBe('2026-06-15T16:00:00.000Z');
  });
});

describe('computeCockpit', () => {
  it('sums plans exactly as combinedYearToDate does, each plan with its own schedule', () => {
    const facts = new ProjectFacts(64);
    facts.ensureMonths(2026 * 12, 2026 * 12 + 11);
    const plans: { annualPlan: number; completedCumulative: number; schedule?: number[] }[] = [];
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let k = 0; k < 40; k++) {
      const i = facts.setProject(attributes(`p${k}`));
      const amount = Math.round(next() * 1e7) / 100;
      const schedule = k % 3 === 0 ? [1, 3, 9, 20, 31, 47, 58, 66, 77, 88, 93, 100] : null;
      facts.setPlans(i, [{ year: 2026, amount, schedule }]);
      let completed = 0;
      for (let m = 0; m < 6; m++) {
        const v = Math.round(next() * 1e5) / 100;
        facts.setMonth(i, 2026 * 12 + m, v);
        completed += v;
      }
      plans.push({ annualPlan: amount, completedCumulative: completed, ...(schedule ? { schedule } : {}) });
    }
    const c = computeCockpit(facts, options, labels, filterOptions);
    const expected = combinedYearToDate(6, plans);
    expect(c.investment.planCompletion).toMatchObject({
      projectCount: 40,
      annualPlan: expected.annualPlan,
      plannedCumulative: expected.plannedCumulative,
      completedCumulative: expected.completedCumulative,
    });
    expect(c.investment.planCompletion.annualCompletionPct.value).toBe(expected.annualCompletionPct);
    expect(c.investment.planCompletion.scheduleCompletionPct.value).toBe(expected.scheduleCompletionPct);
  });

  it('counts an item overdue on a past day when it was open then, though resolved and reopened since', () => {
    const facts = new ProjectFacts(16);
    const i = facts.setProject(attributes('p'));
    const at = (iso: string) => Date.parse(iso);
    const dayOf = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
    facts.setItems(i, [
      {
        deadline: dayOf('2026-05-01'),
        raisedAt: at('2026-04-01T00:00:00Z'),
        raisedBy: null,
        openNow: true,
        changes: [
          { at: at('2026-04-01T00:00:00Z'), open: true },
          { at: at('2026-05-10T00:00:00Z'), open: false },
          { at: at('2026-06-01T00:00:00Z'), open: true },
        ],
        departments: [],
      },
    ]);
    const c = computeCockpit(facts, options, labels, filterOptions);
    // Today open and overdue; on 15 May resolved; a year earlier not yet raised.
    expect([c.overdueItems.value, c.overdueItems.monthAgo, c.overdueItems.yearAgo]).toEqual([1, 0, 0]);
    const earlier = computeCockpit(facts, { ...options, asOf: '2026-05-09' }, labels, filterOptions);
    expect(earlier.overdueItems.value).toBe(1);
  });

  it('gives no light counts before the light history began, with the reason', () => {
    const facts = new ProjectFacts(16);
    facts.setProject(attributes('p', { light: 'red' }));
    const c = computeCockpit(
      facts,
      { ...options, lightHistorySince: Date.parse('2026-06-01T00:00:00Z') },
      labels,
      filterOptions,
    );
    expect(c.lights.red.value).toBe(1);
    expect(c.lights.red.monthAgo).toBeNull();
    expect(c.lights.red.monthAgoNote).toMatchObject({ code: 'before_history' });
    expect(c.lights.historySince).toBe('2026-06-01');
  });
});
