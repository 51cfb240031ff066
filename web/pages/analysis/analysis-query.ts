/**
 * An analysis lives in the address bar, so it can be bookmarked and shared. The URL is read with the server's own
 * PivotQuerySchema: each parameter on its own first (a bad one is dropped), then the whole (a rule across fields
 * that fails drops the fields it names), so a hand-edited URL falls back to defaults instead of failing.
 */
import {
  type PivotDimension,
  type PivotMeasure,
  type PivotQuery,
  PivotQuerySchema,
  pivotMeasures,
} from '#domain/schemas/analysis.ts';
import { type QueryParams, toSearchParams } from '../../api/client.ts';
import {
  type ProjectListState,
  parseProjectListQuery,
  projectFilterKeys,
  projectFilterSearch,
  projectListDefaults,
} from '../projects/project-list-query.ts';

export const chartTypes = ['bar', 'stacked', 'pie', 'treemap', 'line'] as const;
export type ChartType = (typeof chartTypes)[number];

export type AnalysisState = {
  query: PivotQuery;
  /** The chart type chosen by the user; without it, the one that suits the selection. */
  chart?: ChartType;
  /** The measure the chart draws (the table shows them all). */
  plot?: PivotMeasure;
};

export const DEFAULT_ROWS: PivotDimension = 'industrySection';
const DEFAULT_MEASURES: readonly PivotMeasure[] = ['count', 'totalInvestment'];

const shape = PivotQuerySchema.shape;
const keys = Object.keys(shape) as (keyof typeof shape)[];

export function parseAnalysisSearch(search: URLSearchParams): AnalysisState {
  const candidate: Record<string, string> = {};
  for (const key of keys) {
    const values = search.getAll(key);
    if (values.length === 0) continue;
    const raw = values.length === 1 ? (values[0] as string) : values.join(',');
    const parsed = shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) candidate[key] = raw;
  }
  candidate.rows ??= DEFAULT_ROWS;

  let query: PivotQuery | undefined;
  for (let attempt = 0; attempt < 5 && query === undefined; attempt++) {
    const result = PivotQuerySchema.safeParse(candidate);
    if (result.success) {
      query = result.data;
      break;
    }
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (field === 'rows') candidate.rows = DEFAULT_ROWS;
      else if (typeof field === 'string') delete candidate[field];
    }
  }
  query ??= PivotQuerySchema.parse({ rows: DEFAULT_ROWS });

  const chart = search.get('chart');
  const plot = search.get('plot');
  return {
    query,
    chart: chartTypes.includes(chart as ChartType) ? (chart as ChartType) : undefined,
    plot:
      pivotMeasures.includes(plot as PivotMeasure) && query.measures.includes(plot as PivotMeasure)
        ? (plot as PivotMeasure)
        : undefined,
  };
}

/** The URL of a state: rows always (it says what the page is), measures only when not the default. */
export function analysisSearch(state: AnalysisState): URLSearchParams {
  const { measures, ...rest } = state.query;
  const sameAsDefault =
    measures.length === DEFAULT_MEASURES.length && measures.every((m, i) => m === DEFAULT_MEASURES[i]);
  const search = toSearchParams({ ...rest, measures: sameAsDefault ? undefined : measures } as QueryParams);
  if (state.chart) search.set('chart', state.chart);
  if (state.plot) search.set('plot', state.plot);
  return search;
}

/** The ledger's filters in a pivot query, as the ledger's filter component takes them. */
export function filtersOf(query: PivotQuery): ProjectListState {
  const state: Record<string, unknown> = { ...projectListDefaults };
  for (const key of projectFilterKeys) {
    const value = (query as Record<string, unknown>)[key];
    if (value !== undefined) state[key] = value;
  }
  return state as ProjectListState;
}

/** The query without any ledger filter ("clear filters"). */
export function withoutFilters(query: PivotQuery): PivotQuery {
  const rest: Record<string, unknown> = { ...query };
  for (const key of projectFilterKeys) delete rest[key];
  return rest as PivotQuery;
}

type CellDrill = Record<string, string> | null;

/**
 * The ledger filtered to a cell: the analysis's own filters narrowed by the row's and the column's values. None
 * when a value has no ledger filter (funding source, start year, "none"), or when row and column set the same
 * filter differently (a section and a division: the ledger would read them as either, not both).
 */
export function cellLedgerHref(query: PivotQuery, row: CellDrill, col?: CellDrill): string | undefined {
  if (row === null || col === null) return undefined;
  const merged: Record<string, string> = {};
  for (const drill of [row, col ?? {}]) {
    for (const [key, value] of Object.entries(drill)) {
      if (key in merged && merged[key] !== value) return undefined;
      merged[key] = value;
    }
  }
  const base = filtersOf(query);
  const search = projectFilterSearch(base);
  for (const [key, value] of Object.entries(merged)) {
    // A size band within an investment range: the narrower bound of the two.
    if (key === 'investmentMin' && base.investmentMin !== undefined) {
      search.set(key, String(Math.max(base.investmentMin, Number(value))));
    } else if (key === 'investmentMax' && base.investmentMax !== undefined) {
      search.set(key, String(Math.min(base.investmentMax, Number(value))));
    } else {
      search.set(key, value);
    }
  }
  const state = parseProjectListQuery(search);
  // A value the ledger cannot filter on ("" for "no district") would silently widen the list: no link then.
  if (Object.keys(merged).some((key) => state[key as keyof ProjectListState] === undefined)) return undefined;
  const text = projectFilterSearch(state).toString();
  return text ? `/projects?${text}` : '/projects';
}
