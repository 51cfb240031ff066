import { Card, Col, Row, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { type Cockpit, type RankingDimension, rankingDimensions } from '#domain/schemas/analysis.ts';
import { EChart } from '../../../components/EChart.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { amountUnitLabel, formatAmount, formatPercent, unitFor } from '../../../lib/amount.ts';
import { rankingOption } from '../cockpit-charts.ts';
import { drillHref } from '../drill.ts';
import { rankingTitles } from '../headline.ts';

type RankRow = Cockpit['rankings']['chief']['items'][number];

/** 排名: by lead department, chief, district and leading industry; a bar or a name opens the ledger for it. */
export function RankingCard({ cockpit }: { cockpit: Cockpit }) {
  const { t, pick, locale } = useI18n();
  const navigate = useNavigate();
  const [dimension, setDimension] = useState<RankingDimension>('leadDepartment');
  const ranking = cockpit.rankings[dimension];
  const option = useMemo(() => rankingOption(ranking, pick, t, locale), [ranking, pick, t, locale]);
  const unit = unitFor(Math.max(0, ...ranking.items.map((i) => Math.max(i.completedYtd, i.annualPlan))));
  const unitLabel = amountUnitLabel(unit, locale);
  const chartHeight = Math.max(160, ranking.items.length * 30 + 48);

  return (
    <Card size="small" title={t('cockpit.rankings')}>
      <Tabs
        size="small"
        activeKey={dimension}
        onChange={(k) => setDimension(k as RankingDimension)}
        items={rankingDimensions.map((d) => ({ key: d, label: t(rankingTitles[d]) }))}
      />
      {ranking.items.length === 0 ? (
        <Typography.Text type="secondary">{t('cockpit.noProjects')}</Typography.Text>
      ) : (
        <Row gutter={[16, 8]}>
          <Col xs={24} lg={9}>
            <EChart
              option={option}
              height={chartHeight}
              ariaLabel={`${t('cockpit.rankings')}：${t(rankingTitles[dimension])}`}
              testId="ranking-chart"
              onClick={(event) => {
                const item = ranking.items[event.dataIndex];
                if (item?.drill) navigate(drillHref(item.drill));
              }}
            />
          </Col>
          <Col xs={24} lg={15}>
            <Table<RankRow>
              size="small"
              rowKey={(r) => r.key ?? '(none)'}
              pagination={false}
              dataSource={ranking.items}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  key: 'label',
                  title: t(rankingTitles[dimension]),
                  render: (_v, r) =>
                    r.drill ? <Link to={drillHref(r.drill)}>{pick(r.label)}</Link> : pick(r.label),
                },
                { key: 'count', title: t('cockpit.rankProjects'), align: 'right', dataIndex: 'projectCount' },
                {
                  key: 'completed',
                  title: `${t('cockpit.rankCompleted')}（${unitLabel}）`,
                  align: 'right',
                  render: (_v, r) => <span className="gj-money">{formatAmount(r.completedYtd, unit)}</span>,
                },
                {
                  key: 'plan',
                  title: `${t('cockpit.rankPlan')}（${unitLabel}）`,
                  align: 'right',
                  render: (_v, r) => <span className="gj-money">{formatAmount(r.annualPlan, unit)}</span>,
                },
                {
                  key: 'rate',
                  title: t('cockpit.rankRate'),
                  align: 'right',
                  render: (_v, r) => (r.completionPct === null ? '—' : formatPercent(r.completionPct)),
                },
                { key: 'red', title: t('cockpit.rankRed'), align: 'right', dataIndex: 'redCount' },
              ]}
              summary={() =>
                ranking.rest ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text type="secondary">
                        {t('cockpit.rankRest', { count: ranking.rest.groupCount })}
                      </Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {ranking.rest.projectCount}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {formatAmount(ranking.rest.completedYtd, unit)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3} align="right">
                      {formatAmount(ranking.rest.annualPlan, unit)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4} align="right">
                      {ranking.rest.completionPct === null ? '—' : formatPercent(ranking.rest.completionPct)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5} align="right">
                      {ranking.rest.redCount}
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
