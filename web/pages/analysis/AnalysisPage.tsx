import { DashboardOutlined, FileExcelOutlined, PictureOutlined, SettingOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Row,
  Segmented,
  Select,
  Switch,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  type PivotDimension,
  type PivotMeasure,
  type PivotQuery,
  PivotQuerySchema,
  pivotDimensionLabels,
  pivotDimensions,
  pivotMeasureLabels,
  pivotMeasures,
} from '#domain/schemas/analysis.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { EChart, type EChartHandle } from '../../components/EChart.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { currentMonthInChina, monthToDayjs } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';
import { issueMessage } from '../../lib/zod-form.ts';
import { ProjectFilters } from '../projects/components/ProjectFilters.tsx';
import type { ProjectListState } from '../projects/project-list-query.ts';
import {
  type AnalysisState,
  analysisSearch,
  type ChartType,
  cellLedgerHref,
  filtersOf,
  parseAnalysisSearch,
  withoutFilters,
} from './analysis-query.ts';
import { PivotTable } from './components/PivotTable.tsx';
import { allowedCharts, chartTypeOf, comparedMeasures, pivotChart, plotMeasure } from './pivot-chart.ts';
import './analysis.css';

const chartLabels: Record<ChartType, MessageKey> = {
  bar: 'analysis.chart.bar',
  stacked: 'analysis.chart.stacked',
  pie: 'analysis.chart.pie',
  treemap: 'analysis.chart.treemap',
  line: 'analysis.chart.line',
};

/**
 * /analysis — 投资结构分析: a pivot of the projects the user may see, rows and columns chosen among the
 * dimensions, measures among counts and amounts, the ledger's filters, a period and a plan year, optionally
 * against a year earlier; a chart that suits the choice beside the table; .xlsx and PNG. All of it in the URL.
 */
export function AnalysisPage() {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const searchKey = searchParams.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string form is the stable identity of the params.
  const state = useMemo(() => parseAnalysisSearch(searchParams), [searchKey]);
  const query = state.query;
  const queryKey = JSON.stringify(query);
  const { data, error, loading, reload } = useAsync(() => api.analytics.pivot(query), [queryKey]);
  const chartRef = useRef<EChartHandle>(null);
  const [exporting, setExporting] = useState(false);

  const go = (next: AnalysisState, replace = false) => setSearchParams(analysisSearch(next), { replace });
  /** A change to the query, checked with the server's schema first (say why it is refused instead). */
  const update = (patch: Partial<PivotQuery>, extra: Partial<Omit<AnalysisState, 'query'>> = {}) => {
    const next = { ...query, ...patch } as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
    const parsed = PivotQuerySchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (issue) message.warning(issueMessage(issue, locale));
      return;
    }
    go({ ...state, ...extra, query: parsed.data });
  };

  const measure = plotMeasure(state);
  const rowCount = data?.rows.values.length ?? 0;
  const chartType = chartTypeOf(state, measure, rowCount);
  const chart = useMemo(
    () => (data ? pivotChart(data, chartType, measure, { pick, t, locale }) : undefined),
    [data, chartType, measure, pick, t, locale],
  );

  const dimensionOptions = pivotDimensions.map((d) => ({ value: d, label: pick(pivotDimensionLabels[d]) }));
  const period = data?.period;
  const filterState = filtersOf(query);
  const changeFilters = (patch: Partial<ProjectListState>) => {
    const filters: Partial<PivotQuery> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'page' || key === 'pageSize' || key === 'sort' || key === 'order') continue;
      (filters as Record<string, unknown>)[key] = value;
    }
    update(filters);
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.analytics.exportPivot(query, `${t('analysis.fileName')}.xlsx`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  const exportPng = () => {
    const url = chartRef.current?.toPng('#ffffff');
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = `${t('analysis.fileName')}-${dayjs().format('YYYY-MM-DD')}.png`;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };
  const mayExport = can('project.export');
  const yoyMeasures = query.measures.filter((m) => comparedMeasures.has(m));

  return (
    <>
      <PageHeader
        title={t('analysis.title')}
        extra={
          <>
            {can('cockpit.read') ? (
              <Button icon={<DashboardOutlined aria-hidden />} onClick={() => navigate('/cockpit')}>
                {t('menu.cockpit')}
              </Button>
            ) : null}
            {can('analysis.configure') ? (
              <Button
                icon={<SettingOutlined aria-hidden />}
                onClick={() => navigate('/admin/analysis-settings')}
              >
                {t('analysis.sizeBands')}
              </Button>
            ) : null}
            <Button
              icon={<PictureOutlined aria-hidden />}
              onClick={exportPng}
              disabled={!data || rowCount === 0}
            >
              {t('analysis.exportPng')}
            </Button>
            <Tooltip title={mayExport ? undefined : t('analysis.exportNeedsPermission')}>
              <Button
                type="primary"
                icon={<FileExcelOutlined aria-hidden />}
                onClick={() => void exportExcel()}
                loading={exporting}
                disabled={!mayExport || !data}
              >
                {t('analysis.exportExcel')}
              </Button>
            </Tooltip>
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={6} xl={4}>
              <Form.Item label={t('analysis.rows')} htmlFor="analysis-rows" style={{ marginBottom: 8 }}>
                <Select<PivotDimension>
                  id="analysis-rows"
                  options={dimensionOptions}
                  value={query.rows}
                  onChange={(rows) =>
                    update({ rows, cols: query.cols === rows ? undefined : query.cols }, { chart: undefined })
                  }
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6} xl={4}>
              <Form.Item label={t('analysis.cols')} htmlFor="analysis-cols" style={{ marginBottom: 8 }}>
                <Select<PivotDimension>
                  id="analysis-cols"
                  allowClear
                  placeholder={t('analysis.noCols')}
                  options={dimensionOptions.map((o) => ({ ...o, disabled: o.value === query.rows }))}
                  value={query.cols}
                  onChange={(cols) => update({ cols }, { chart: undefined })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12} xl={7}>
              <Form.Item
                label={t('analysis.measures')}
                htmlFor="analysis-measures"
                style={{ marginBottom: 8 }}
              >
                <Select<PivotMeasure[]>
                  id="analysis-measures"
                  mode="multiple"
                  options={pivotMeasures.map((m) => ({ value: m, label: pick(pivotMeasureLabels[m]) }))}
                  value={query.measures}
                  onChange={(measures) => {
                    // Keep the order of the list, so that the table's columns do not depend on the clicks.
                    const ordered = pivotMeasures.filter((m) => measures.includes(m));
                    if (ordered.length === 0) {
                      message.warning(t('analysis.oneMeasure'));
                      return;
                    }
                    update(
                      { measures: ordered },
                      { plot: state.plot && ordered.includes(state.plot) ? state.plot : undefined },
                    );
                  }}
                  maxTagCount="responsive"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={5}>
              <Form.Item label={t('analysis.period')} htmlFor="analysis-period" style={{ marginBottom: 8 }}>
                <DatePicker.RangePicker
                  id={{ start: 'analysis-period' }}
                  picker="month"
                  allowClear
                  value={[monthToDayjs(query.from ?? period?.from), monthToDayjs(query.to ?? period?.to)]}
                  disabledDate={(d) => d.format('YYYY-MM') > currentMonthInChina()}
                  onChange={(range) =>
                    update({
                      from: range?.[0]?.format('YYYY-MM'),
                      to: range?.[1]?.format('YYYY-MM'),
                    })
                  }
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={8} xl={2}>
              <Form.Item label={t('analysis.planYear')} htmlFor="analysis-year" style={{ marginBottom: 8 }}>
                <DatePicker
                  id="analysis-year"
                  picker="year"
                  allowClear
                  value={
                    query.year ? dayjs(`${query.year}-01-01`) : period ? dayjs(`${period.year}-01-01`) : null
                  }
                  onChange={(d) => update({ year: d ? d.year() : undefined })}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6} lg={8} xl={2}>
              <Form.Item label={t('analysis.yoy')} htmlFor="analysis-yoy" style={{ marginBottom: 8 }}>
                <Switch
                  id="analysis-yoy"
                  checked={query.compare === 'yoy'}
                  onChange={(on) => update({ compare: on ? 'yoy' : undefined })}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <ProjectFilters
          state={filterState}
          onChange={changeFilters}
          onClear={() => go({ ...state, query: withoutFilters(query) })}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {period
            ? t('analysis.periodNote', { from: period.from, to: period.to, year: period.year })
            : '\u00a0'}
          {query.compare === 'yoy' && yoyMeasures.length === 0 ? ` ${t('analysis.yoyNeedsMeasure')}` : ''}
        </Typography.Text>
      </Card>

      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!data ? (
        error ? null : (
          <PageFallback />
        )
      ) : rowCount === 0 ? (
        <Card size="small">
          <Empty description={t('analysis.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <Card
              size="small"
              title={t('analysis.chartTitle', {
                rows: pick(data.rows.label),
                cols: data.cols ? ` × ${pick(data.cols.label)}` : '',
              })}
              extra={
                <Flex gap={8} wrap align="center">
                  {query.measures.length > 1 ? (
                    <Select<PivotMeasure>
                      aria-label={t('analysis.plotMeasure')}
                      size="small"
                      value={measure}
                      options={query.measures.map((m) => ({ value: m, label: pick(pivotMeasureLabels[m]) }))}
                      onChange={(plot) => go({ ...state, plot, chart: state.chart })}
                      style={{ minWidth: 180 }}
                    />
                  ) : null}
                  <Segmented<ChartType>
                    size="small"
                    aria-label={t('analysis.chartType')}
                    value={chartType}
                    options={allowedCharts(query, measure).map((c) => ({
                      value: c,
                      label: t(chartLabels[c]),
                    }))}
                    onChange={(chart) => go({ ...state, chart })}
                  />
                </Flex>
              }
              loading={loading && !chart}
            >
              {chart ? (
                <EChart
                  ref={chartRef}
                  option={chart.option}
                  height={chartType === 'treemap' ? 420 : 380}
                  ariaLabel={t('analysis.chartTitle', {
                    rows: pick(data.rows.label),
                    cols: data.cols ? ` × ${pick(data.cols.label)}` : '',
                  })}
                  testId="analysis-chart"
                  onClick={(event) => {
                    const target = chart.target(event);
                    if (!target) return;
                    const row = data.rows.values[target.row];
                    const col =
                      target.col === undefined ? undefined : (data.cols?.values[target.col]?.drill ?? null);
                    const href = row ? cellLedgerHref(query, row.drill, col) : undefined;
                    if (href) navigate(href);
                  }}
                />
              ) : null}
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('analysis.tableTitle')}>
              <PivotTable pivot={data} query={query} />
              <ul className="gj-pivot-notes">
                {data.notes.map((n) => (
                  <li key={n.zh}>{pick(n)}</li>
                ))}
                <li>{t('analysis.drillNote')}</li>
              </ul>
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
