import { EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Progress,
  Row,
  Select,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { todayInChina } from '#domain/iso-date.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { api } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { AnnualPlanModal } from './AnnualPlanModal.tsx';
import { ScheduleChart } from './ScheduleChart.tsx';

type MonthRow = {
  month: number;
  sharePct: number;
  plannedCumulative: number;
  completed: number | null;
  completedCumulative: number | null;
};

const statStyle = { fontSize: 20 };
const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n.toFixed(2)}%`);

/**
 * 年度计划: the year's planned investment, its monthly 序时进度 (cumulative share per month), and year-to-date
 * planned vs completed (from the monthly reports) with the rates the warning rules use.
 */
export function AnnualPlanSection({ project }: { project: Project }) {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const thisYear = Number(todayInChina().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState(false);
  const { data, error, loading, reload } = useAsync(
    () => Promise.all([api.plans.annualPlan(project.id, year), api.reports.list(project.id)]),
    [project.id, year],
  );
  const canManage = project.deletedAt === null && can('plan.manage');
  const status = data?.[0];
  const reports = data?.[1];
  const plan = status?.plan ?? null;
  const ytd = status?.yearToDate ?? null;

  // Completed per month of the year, from the reports (every status counts, as in the year-to-date figure).
  const byMonth = new Map<number, number>();
  for (const r of reports?.items ?? []) {
    if (Number(r.month.slice(0, 4)) !== year) continue;
    const m = Number(r.month.slice(5, 7));
    byMonth.set(m, (byMonth.get(m) ?? 0) + r.investmentThisMonth);
  }
  const lastMonth = ytd?.month ?? (year < thisYear ? 12 : 0);
  let running = 0;
  const rows: MonthRow[] = Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const share = plan?.effectiveSchedule[i] ?? ((i + 1) * 100) / 12;
    const done = month <= lastMonth;
    running += byMonth.get(month) ?? 0;
    return {
      month,
      sharePct: share,
      plannedCumulative: plan ? (plan.plannedInvestment * share) / 100 : 0,
      completed: done ? (byMonth.get(month) ?? 0) : null,
      completedCumulative: done ? running : null,
    };
  });

  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];

  return (
    <Card
      size="small"
      title={t('annual.title')}
      loading={loading && !data}
      extra={
        <Flex gap={8} wrap>
          <Select<number>
            aria-label={t('annual.year')}
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: t('annual.yearN', { year: y }) }))}
            style={{ width: 120 }}
          />
          {canManage && status ? (
            <Button icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
              {plan ? t('annual.edit') : t('annual.create')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {status && !plan ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('annual.none', { year })}
          style={{ marginBottom: ytd ? 16 : 0 }}
        />
      ) : null}
      {plan ? (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={t('annual.plannedInvestment')}
                value={formatMoney(plan.plannedInvestment, locale)}
                valueStyle={statStyle}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={t('annual.plannedToDate', { month: ytd?.month ?? 12 })}
                value={ytd ? formatMoney(ytd.plannedCumulative, locale) : '—'}
                valueStyle={statStyle}
              />
              {ytd ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('annual.sharePct', { pct: ytd.plannedSharePct })}
                </Typography.Text>
              ) : null}
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={t('annual.completedToDate')}
                value={ytd ? formatMoney(ytd.completedCumulative, locale) : '—'}
                valueStyle={statStyle}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={t('annual.annualRate')}
                value={pct(ytd?.annualCompletionPct)}
                valueStyle={statStyle}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={t('annual.scheduleRate')}
                value={pct(ytd?.scheduleCompletionPct)}
                valueStyle={statStyle}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Statistic
                title={
                  ytd?.pointsBehind !== null && ytd?.pointsBehind !== undefined && ytd.pointsBehind < 0
                    ? t('annual.pointsAhead')
                    : t('annual.pointsBehind')
                }
                value={
                  ytd?.pointsBehind === null || ytd?.pointsBehind === undefined
                    ? '—'
                    : Math.abs(ytd.pointsBehind).toFixed(2)
                }
                valueStyle={{
                  ...statStyle,
                  color: ytd?.pointsBehind && ytd.pointsBehind > 0 ? '#cf1322' : undefined,
                }}
              />
            </Col>
          </Row>
          {ytd ? (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text type="secondary">
                {t('annual.progressLegend', {
                  planned: ytd.plannedSharePct,
                  completed: ytd.annualCompletionPct ?? 0,
                })}
              </Typography.Text>
              <Progress
                percent={Math.min(100, ytd.plannedSharePct)}
                success={{ percent: Math.min(100, ytd.annualCompletionPct ?? 0) }}
                showInfo={false}
                aria-label={t('annual.progressLegend', {
                  planned: ytd.plannedSharePct,
                  completed: ytd.annualCompletionPct ?? 0,
                })}
              />
            </div>
          ) : null}
          <Row gutter={[24, 16]}>
            <Col xs={24} lg={10}>
              <ScheduleChart
                planned={rows.map((r) => r.sharePct)}
                completed={rows.map((r) =>
                  r.completedCumulative === null || plan.plannedInvestment <= 0
                    ? null
                    : (r.completedCumulative / plan.plannedInvestment) * 100,
                )}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {plan.monthlySchedule ? t('annual.customSchedule') : t('annual.evenSchedule')}
                {plan.updatedByName
                  ? ` · ${t('annual.updatedBy', { name: plan.updatedByName, time: formatDateTime(plan.updatedAt) })}`
                  : ''}
              </Typography.Text>
            </Col>
            <Col xs={24} lg={14}>
              <Table<MonthRow>
                rowKey="month"
                size="small"
                pagination={false}
                dataSource={rows}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    key: 'month',
                    title: t('annual.month'),
                    render: (_v, r) => t('annual.monthN', { month: r.month }),
                  },
                  {
                    key: 'share',
                    title: t('annual.share'),
                    align: 'right',
                    render: (_v, r) => `${r.sharePct.toFixed(2)}%`,
                  },
                  {
                    key: 'planned',
                    title: t('annual.plannedCumulative'),
                    align: 'right',
                    render: (_v, r) => (
                      <span className="gj-money">{formatMoney(r.plannedCumulative, locale)}</span>
                    ),
                  },
                  {
                    key: 'completed',
                    title: t('annual.completedMonth'),
                    align: 'right',
                    render: (_v, r) =>
                      r.completed === null ? (
                        '—'
                      ) : (
                        <span className="gj-money">{formatMoney(r.completed, locale)}</span>
                      ),
                  },
                  {
                    key: 'completedCumulative',
                    title: t('annual.completedCumulative'),
                    align: 'right',
                    render: (_v, r) =>
                      r.completedCumulative === null ? (
                        '—'
                      ) : (
                        <span className="gj-money">{formatMoney(r.completedCumulative, locale)}</span>
                      ),
                  },
                ]}
              />
            </Col>
          </Row>
        </>
      ) : null}
      {status ? (
        <AnnualPlanModal
          key={`${year}-${plan?.version ?? 0}`}
          projectId={project.id}
          year={year}
          plan={plan}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            message.success(t('annual.saved', { year }));
            reload();
          }}
          onConflict={() => {
            setEditing(false);
            message.warning(t('annual.conflict'));
            reload();
          }}
        />
      ) : null}
    </Card>
  );
}
