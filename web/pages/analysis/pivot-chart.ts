/**
 * Which chart suits an analysis, and its ECharts option. One dimension: bars, a ring for shares, a treemap for many
 * values (industry divisions); two dimensions: stacked bars; years: lines. A rate is not a part of a whole, so it
 * is never drawn as a ring, a treemap or a stack.
 */
import type { Label, Locale } from '#domain/codelists.ts';
import {
  type Pivot,
  type PivotMeasure,
  type PivotQuery,
  type PivotValues,
  pivotMeasureLabels,
} from '#domain/schemas/analysis.ts';
import type { ChartClick, ChartOption } from '../../components/EChart.tsx';
import type { Translate } from '../../i18n/i18n-context.tsx';
import {
  type AmountUnit,
  amountUnitLabel,
  formatAmount,
  formatCount,
  formatPercent,
  unitFor,
} from '../../lib/amount.ts';
import { escapeHtml } from '../cockpit/cockpit-charts.ts';
import type { AnalysisState, ChartType } from './analysis-query.ts';

const additive: Record<PivotMeasure, boolean> = {
  count: true,
  totalInvestment: true,
  annualPlan: true,
  completed: true,
  completionRate: false,
  share: true,
};
const money = new Set<PivotMeasure>(['totalInvestment', 'annualPlan', 'completed']);
/** The measures a year-earlier comparison has values for (the ledger keeps no history of counts and totals). */
export const comparedMeasures = new Set<PivotMeasure>(['annualPlan', 'completed', 'completionRate']);
const MANY_VALUES = 15;
/** The app's blue first, then hues far enough apart for a stack of up to ten values. */
const palette = [
  '#1f5fbf',
  '#fa8c16',
  '#52c41a',
  '#13c2c2',
  '#722ed1',
  '#eb2f96',
  '#fadb14',
  '#2f54eb',
  '#a0d911',
  '#8c8c8c',
];

export const isMoney = (m: PivotMeasure) => money.has(m);
export const isPercent = (m: PivotMeasure) => m === 'completionRate' || m === 'share';

/** The measure the chart draws: the one chosen, else the first amount, else the first measure. */
export function plotMeasure(state: AnalysisState): PivotMeasure {
  const measures = state.query.measures;
  if (state.plot && measures.includes(state.plot)) return state.plot;
  return measures.find(isMoney) ?? measures[0] ?? 'count';
}

export function allowedCharts(query: PivotQuery, measure: PivotMeasure): ChartType[] {
  if (query.cols) return additive[measure] ? ['stacked', 'bar', 'line'] : ['bar', 'line'];
  return additive[measure] ? ['bar', 'pie', 'treemap', 'line'] : ['bar', 'line'];
}

export function suggestedChart(query: PivotQuery, measure: PivotMeasure, rowCount: number): ChartType {
  if (query.rows === 'startYear') return 'line';
  if (query.cols) return additive[measure] ? 'stacked' : 'bar';
  if (!additive[measure]) return 'bar';
  if (query.rows === 'industryDivision' || rowCount > MANY_VALUES) return 'treemap';
  if (measure === 'share') return 'pie';
  return 'bar';
}

export function chartTypeOf(state: AnalysisState, measure: PivotMeasure, rowCount: number): ChartType {
  const allowed = allowedCharts(state.query, measure);
  return state.chart && allowed.includes(state.chart)
    ? state.chart
    : suggestedChart(state.query, measure, rowCount);
}

/** A measure's value for display, in the table's terms (万元 for amounts, % for rates). */
export function formatMeasure(
  measure: PivotMeasure,
  value: number | null | undefined,
  unit: AmountUnit = 'wan',
) {
  if (value === null || value === undefined) return '—';
  if (isMoney(measure)) return formatAmount(value, unit);
  if (isPercent(measure)) return formatPercent(value);
  return formatCount(value);
}

/** Where a click on the chart points: a row, and a column (undefined: the row's total). */
export type ChartTarget = { row: number; col?: number };

type Context = { pick: (l: Label) => string; t: Translate; locale: Locale };

export function pivotChart(
  pivot: Pivot,
  type: ChartType,
  measure: PivotMeasure,
  { pick, t, locale }: Context,
): { option: ChartOption; target: (event: ChartClick) => ChartTarget | undefined } {
  const rows = pivot.rows.values.map((v) => pick(v.label));
  const cols = pivot.cols?.values.map((v) => pick(v.label)) ?? [];
  const read = (values: PivotValues | undefined) => values?.[measure] ?? null;
  const largest = Math.max(
    0,
    ...pivot.rowTotals.map((v) => Math.abs(read(v) ?? 0)),
    ...pivot.cells.flat().map((v) => Math.abs(read(v) ?? 0)),
  );
  const unit: AmountUnit = isMoney(measure) ? unitFor(largest) : 'wan';
  const divisor = isMoney(measure) && unit === 'yi' ? 10_000 : 1;
  const scale = (v: number | null) => (v === null ? null : Math.round((v / divisor) * 100) / 100);
  const unitLabel = isMoney(measure)
    ? amountUnitLabel(unit, locale)
    : isPercent(measure)
      ? '%'
      : t('cockpit.countUnit');
  const measureName = pick(pivotMeasureLabels[measure]).replace(/（.*）|\s*\(.*\)/, '');
  const valueText = (v: unknown) => {
    if (typeof v !== 'number') return '—';
    if (isPercent(measure)) return `${v.toFixed(2)}%`;
    if (isMoney(measure)) return `${v.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unitLabel}`;
    return v.toLocaleString('en-US');
  };
  const comparison = pivot.comparison && comparedMeasures.has(measure) ? pivot.comparison : null;

  if (type === 'pie' || type === 'treemap') {
    const data = pivot.rowTotals
      .map((v, row) => ({ row, name: rows[row] ?? '', value: scale(read(v)) }))
      .filter((d) => d.value !== null && d.value > 0);
    const base = {
      backgroundColor: 'transparent',
      color: palette,
      tooltip: {
        trigger: 'item' as const,
        formatter: (p: unknown) => {
          const item = p as { name: string; value: number; percent?: number };
          const share = item.percent !== undefined ? `（${item.percent.toFixed(1)}%）` : '';
          return `${escapeHtml(item.name)}<br/>${escapeHtml(measureName)}：${escapeHtml(valueText(item.value))}${share}`;
        },
      },
    };
    const option: ChartOption =
      type === 'pie'
        ? {
            ...base,
            legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
            series: [
              {
                type: 'pie',
                name: measureName,
                radius: ['42%', '70%'],
                center: ['40%', '50%'],
                avoidLabelOverlap: true,
                label: { formatter: '{b}\n{d}%' },
                data: data.map(({ name, value }) => ({ name, value: value ?? 0 })),
              },
            ],
          }
        : {
            ...base,
            series: [
              {
                type: 'treemap',
                name: measureName,
                roam: false,
                nodeClick: false,
                breadcrumb: { show: false },
                left: 0,
                top: 0,
                right: 0,
                bottom: 0,
                label: { show: true, formatter: (p) => `${p.name}\n${valueText(p.value)}` },
                data: data.map(({ name, value }) => ({ name, value: value ?? 0 })),
              },
            ],
          };
    return {
      option,
      target: (event) => {
        // A treemap numbers its nodes from a root of its own: find the value by name (labels are unique).
        const hit = data.find((d) => d.name === event.name);
        return hit ? { row: hit.row } : undefined;
      },
    };
  }

  const series: NonNullable<ChartOption['series']> = [];
  const seriesCols: (number | undefined)[] = [];
  const lineOrBar = type === 'line' ? 'line' : 'bar';
  if (pivot.cols) {
    cols.forEach((name, c) => {
      series.push({
        type: lineOrBar,
        name,
        stack: type === 'stacked' ? 'total' : undefined,
        data: pivot.cells.map((cells) => scale(read(cells[c]))),
        barMaxWidth: 28,
        emphasis: { focus: 'series' },
      });
      seriesCols.push(c);
    });
  } else {
    series.push({
      type: lineOrBar,
      name: comparison ? t('analysis.thisPeriod') : measureName,
      data: pivot.rowTotals.map((v) => scale(read(v))),
      barMaxWidth: 36,
      label:
        rows.length <= 12 ? { show: true, position: 'top', formatter: (p) => valueText(p.value) } : undefined,
    });
    seriesCols.push(undefined);
    if (comparison) {
      series.push({
        type: lineOrBar,
        name: t('analysis.samePeriodLastYear'),
        data: comparison.rowTotals.map((v) => scale(read(v))),
        barMaxWidth: 36,
        lineStyle: { type: 'dashed' },
      });
      seriesCols.push(undefined);
    }
  }
  const rotate = rows.length > 8 ? 30 : 0;
  const option: ChartOption = {
    backgroundColor: 'transparent',
    color: pivot.cols ? palette : ['#1f5fbf', '#91b8ee'],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: type === 'line' ? 'line' : 'shadow' },
      valueFormatter: (v) => valueText(v),
    },
    legend: series.length > 1 ? { type: 'scroll', top: 0 } : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 40 : 24, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows,
      axisLabel: { rotate, interval: 0, width: rotate ? 110 : 90, overflow: 'truncate' },
    },
    yAxis: {
      type: 'value',
      name: `${measureName}（${unitLabel}）`,
      nameTextStyle: { align: 'left' },
      minInterval: measure === 'count' ? 1 : undefined,
    },
    series,
  };
  return {
    option,
    target: (event) =>
      event.dataIndex >= 0 && event.dataIndex < rows.length
        ? { row: event.dataIndex, col: seriesCols[event.seriesIndex ?? 0] }
        : undefined,
  };
}
