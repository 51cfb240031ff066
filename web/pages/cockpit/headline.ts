/**
 * The cockpit's headline figures in the order both the page and the big screen show them, each with the path of
 * its value in GET /api/cockpit (data-figure) and which way is good news.
 */
import type { Cockpit, Figure, RankingDimension } from '#domain/schemas/analysis.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import type { FigureSpec } from './components/FigureCard.tsx';

export const rankingTitles: Record<RankingDimension, MessageKey> = {
  leadDepartment: 'cockpit.rankByDepartment',
  chief: 'cockpit.rankByChief',
  district: 'cockpit.rankByDistrict',
  leadingIndustry: 'cockpit.rankByIndustry',
};

/** A count the API gives without comparisons (the number of projects now). */
export function plainFigure(value: number, drill: Figure['drill']): Figure {
  return { value, monthAgo: null, yearAgo: null, monthAgoNote: null, yearAgoNote: null, drill };
}

export function headlineSpecs(c: Cockpit) {
  const inv = c.investment;
  return {
    projectCount: {
      id: 'projectCount',
      figure: plainFigure(c.projectCount, inv.total.drill),
      kind: 'count',
      better: 'neither',
    },
    total: { id: 'investment.total', figure: inv.total, kind: 'amount', better: 'up' },
    annualPlan: { id: 'investment.annualPlan', figure: inv.annualPlan, kind: 'amount', better: 'up' },
    completedYtd: { id: 'investment.completedYtd', figure: inv.completedYtd, kind: 'amount', better: 'up' },
    annualCompletionPct: {
      id: 'investment.planCompletion.annualCompletionPct',
      figure: inv.planCompletion.annualCompletionPct,
      kind: 'percent',
      better: 'up',
    },
    scheduleCompletionPct: {
      id: 'investment.planCompletion.scheduleCompletionPct',
      figure: inv.planCompletion.scheduleCompletionPct,
      kind: 'percent',
      better: 'up',
    },
    startsActual: { id: 'starts.actual', figure: c.starts.actual, kind: 'count', better: 'up' },
    startsPlanned: { id: 'starts.planned', figure: c.starts.planned, kind: 'count', better: 'neither' },
    completionsActual: {
      id: 'completions.actual',
      figure: c.completions.actual,
      kind: 'count',
      better: 'up',
    },
    completionsPlanned: {
      id: 'completions.planned',
      figure: c.completions.planned,
      kind: 'count',
      better: 'neither',
    },
    red: { id: 'lights.red', figure: c.lights.red, kind: 'count', better: 'down' },
    yellow: { id: 'lights.yellow', figure: c.lights.yellow, kind: 'count', better: 'down' },
    green: { id: 'lights.green', figure: c.lights.green, kind: 'count', better: 'up' },
    overdueItems: { id: 'overdueItems', figure: c.overdueItems, kind: 'count', better: 'down' },
    reportRate: {
      id: 'reportSubmission.rate',
      figure: c.reportSubmission.rate,
      kind: 'percent',
      better: 'up',
    },
    reportExpected: {
      id: 'reportSubmission.expected',
      figure: c.reportSubmission.expected,
      kind: 'count',
      better: 'neither',
    },
    reportSubmitted: {
      id: 'reportSubmission.submitted',
      figure: c.reportSubmission.submitted,
      kind: 'count',
      better: 'up',
    },
  } satisfies Record<string, FigureSpec>;
}

export type HeadlineSpecs = ReturnType<typeof headlineSpecs>;

export function stageSpec(stage: Cockpit['stages'][number]): FigureSpec {
  return { id: `stages.${stage.stage}`, figure: stage.figure, kind: 'count', better: 'neither' };
}
