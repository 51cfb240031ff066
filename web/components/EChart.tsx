/**
 * The one way pages draw ECharts. Only the charts and components used here are registered (echarts/core), so the
 * bundle carries bar, line, pie and treemap and nothing else; vite.config.ts keeps ECharts out of the shared
 * vendor chunk, so only the pages that draw a chart load it.
 */
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, TreemapSeriesOption } from 'echarts/charts';
import { BarChart, LineChart, PieChart, TreemapChart } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { type ComposeOption, type ECElementEvent, type EChartsType, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

use([
  BarChart,
  LineChart,
  PieChart,
  TreemapChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | TreemapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
>;

export type ChartClick = ECElementEvent;

export type EChartHandle = {
  instance: () => EChartsType | undefined;
  /** The chart as a PNG data URL at twice its size, on `backgroundColor` (the canvas itself is transparent). */
  toPng: (backgroundColor: string) => string | undefined;
};

type Props = {
  option: ChartOption;
  /** ECharts' built-in dark theme for the big screen; the default theme otherwise. */
  theme?: 'dark';
  height: CSSProperties['height'];
  /** What the chart shows, for screen readers (the figures themselves are in the table or cards beside it). */
  ariaLabel: string;
  onClick?: (event: ChartClick) => void;
  testId?: string;
};

export const EChart = forwardRef<EChartHandle, Props>(function EChart(
  { option, theme, height, ariaLabel, onClick, testId },
  ref,
) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  // The latest option and handler, for a chart created (or re-created for a new theme) after they were set.
  const latestOption = useRef(option);
  latestOption.current = option;
  const latestClick = useRef(onClick);
  latestClick.current = onClick;

  useImperativeHandle(
    ref,
    () => ({
      instance: () => chart.current,
      toPng: (backgroundColor) => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor }),
    }),
    [],
  );

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const instance = init(el, theme, { renderer: 'canvas' });
    chart.current = instance;
    instance.setOption(latestOption.current, { notMerge: true });
    instance.on('click', (event) => latestClick.current?.(event as ECElementEvent));
    // A card that changes width (the menu folding, a phone turning) redraws the chart to fit.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={element}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }}
    />
  );
});
