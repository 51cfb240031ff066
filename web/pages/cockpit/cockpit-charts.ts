/**
 * The cockpit's charts as ECharts options, shared by the page and the big screen (which draws them on the dark
 * theme). Amounts are drawn in 亿元 when the largest is at least 1 亿元, else in 万元, and say so on the axis.
 */
import type { Label, Locale } from '#domain/codelists.ts';
import type { Cockpit, Ranking } from '#domain/schemas/analysis.ts';
import type { ChartOption } from '../../components/EChart.tsx';
import type { Translate } from '../../i18n/i18n-context.tsx';
import { type AmountUnit, amountUnitLabel, formatAmount, formatPercent, unitFor } from '../../lib/amount.ts';
import { stageColors } from '../map/map-colors.ts';

export const chartColors = {
  completed: '#1f5fbf',
  planned: '#91b8ee',
  cumulative: '#fa8c16',
  plannedCumulative: '#1f5fbf',
  lastYear: '#8c8c8c',
  red: '#f5222d',
};

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Text from the API or the ledger (department names …) goes into tooltip HTML: escape it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scaled(unit: AmountUnit) {
  const divisor = unit === 'yi' ? 10_000 : 1;
  return (wan: number | null) => (wan === null ? null : Math.round((wan / divisor) * 100) / 100);
}

const numberText = (value: unknown) =>
  typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '—';

export function monthLabel(month: string, locale: Locale): string {
  const m = Number(month.slice(5, 7));
  return locale === 'en' ? (monthsEn[m - 1] ?? month) : `${m}月`;
}

/** Monthly completed and planned investment (bars), the year's running totals and last year's (lines). */
export function trendOption(c: Cockpit, t: Translate, locale: Locale, dark = false): ChartOption {
  const months = c.trend.months;
  const largest = Math.max(
    0,
    ...months.map((m) =>
      Math.max(m.plannedCumulative, m.lastYearCompletedCumulative, m.completedCumulative ?? 0),
    ),
  );
  const unit = unitFor(largest);
  const s = scaled(unit);
  const unitLabel = amountUnitLabel(unit, locale);
  const lastYear = c.trend.year - 1;
  const ink = dark ? { color: '#c9d6ea' } : {};
  return {
    backgroundColor: 'transparent',
    color: [
      chartColors.completed,
      chartColors.planned,
      chartColors.cumulative,
      chartColors.plannedCumulative,
      chartColors.lastYear,
    ],
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' ? `${numberText(v)} ${unitLabel}` : '—'),
    },
    legend: { top: 0, textStyle: ink },
    grid: { left: 8, right: 8, top: 56, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => monthLabel(m.month, locale)),
      axisLabel: { ...ink },
    },
    yAxis: [
      {
        type: 'value',
        name: t('cockpit.trendMonthlyAxis', { unit: unitLabel }),
        nameTextStyle: { ...ink, align: 'left' },
        axisLabel: { ...ink },
      },
      {
        type: 'value',
        name: t('cockpit.trendCumulativeAxis', { unit: unitLabel }),
        nameTextStyle: { ...ink, align: 'right' },
        axisLabel: { ...ink },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: t('cockpit.seriesCompleted'),
        data: months.map((m) => s(m.completed)),
        barMaxWidth: 18,
      },
      {
        type: 'bar',
        name: t('cockpit.seriesPlanned'),
        data: months.map((m) => s(m.planned)),
        barMaxWidth: 18,
      },
      {
        type: 'line',
        name: t('cockpit.seriesCompletedCumulative'),
        yAxisIndex: 1,
        data: months.map((m) => s(m.completedCumulative)),
        symbolSize: 6,
        lineStyle: { width: 3 },
      },
      {
        type: 'line',
        name: t('cockpit.seriesPlannedCumulative'),
        yAxisIndex: 1,
        data: months.map((m) => s(m.plannedCumulative)),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 2 },
      },
      {
        type: 'line',
        name: t('cockpit.seriesLastYearCumulative', { year: lastYear }),
        yAxisIndex: 1,
        data: months.map((m) => s(m.lastYearCompletedCumulative)),
        symbol: 'none',
        lineStyle: { type: 'dotted', width: 2 },
      },
    ],
  };
}

/** Investment completed this year and the year's plans per group, most completed first. */
export function rankingOption(
  ranking: Ranking,
  pick: (l: Label) => string,
  t: Translate,
  locale: Locale,
  dark = false,
): ChartOption {
  const items = ranking.items;
  const largest = Math.max(0, ...items.map((i) => Math.max(i.completedYtd, i.annualPlan)));
  const unit = unitFor(largest);
  const s = scaled(unit);
  const unitLabel = amountUnitLabel(unit, locale);
  const ink = dark ? { color: '#c9d6ea' } : {};
  return {
    backgroundColor: 'transparent',
    color: [chartColors.completed, chartColors.planned],
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const item = items[first?.dataIndex ?? -1];
        if (!item) return '';
        const lines = [
          `<b>${escapeHtml(pick(item.label))}</b>`,
          `${t('cockpit.rankProjects')}：${item.projectCount}`,
          `${t('cockpit.rankCompleted')}：${formatAmount(item.completedYtd, unit)} ${unitLabel}`,
          `${t('cockpit.rankPlan')}：${formatAmount(item.annualPlan, unit)} ${unitLabel}`,
          `${t('cockpit.rankRate')}：${item.completionPct === null ? '—' : formatPercent(item.completionPct)}`,
          `${t('cockpit.rankRed')}：${item.redCount}`,
        ];
        if (item.drill) lines.push(`<span style="opacity:.7">${escapeHtml(t('cockpit.clickToOpen'))}</span>`);
        return lines.join('<br/>');
      },
    },
    legend: { top: 0, textStyle: ink },
    grid: { left: 8, right: 24, top: 32, bottom: 4, containLabel: true },
    xAxis: {
      type: 'value',
      name: unitLabel,
      nameTextStyle: { ...ink },
      axisLabel: { ...ink },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((i) => pick(i.label)),
      axisLabel: { ...ink, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: t('cockpit.rankCompleted'),
        data: items.map((i) => s(i.completedYtd)),
        barMaxWidth: 14,
      },
      {
        type: 'bar',
        name: t('cockpit.rankPlan'),
        data: items.map((i) => s(i.annualPlan)),
        barMaxWidth: 14,
      },
    ],
  };
}

/** Projects per stage, in the lifecycle's order, in the stages' own colours. */
export function stageOption(c: Cockpit, pick: (l: Label) => string, dark = false): ChartOption {
  const ink = dark ? { color: '#c9d6ea' } : {};
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 4, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { ...ink } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: c.stages.map((s) => pick(s.label)),
      axisLabel: { ...ink },
    },
    series: [
      {
        type: 'bar',
        data: c.stages.map((s) => ({
          value: s.figure.value ?? 0,
          itemStyle: { color: stageColors[s.stage] },
        })),
        barMaxWidth: 18,
        label: { show: true, position: 'right', ...ink },
      },
    ],
  };
}
