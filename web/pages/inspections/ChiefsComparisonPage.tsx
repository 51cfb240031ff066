import { Card, Empty, Flex, Progress, Select, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { periodOfCode } from '#domain/supervision-cadence.ts';
import { api, type ChiefsComparison, type MissingInspectionReport } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { currentMonthInChina, shiftMonth } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';
import { quarterOptions } from '../field-reviews/quarters.ts';

type ReviewRow = ChiefsComparison['chiefs'][number];
type Row = {
  chiefUserId: string;
  chiefName: string;
  review: ReviewRow | undefined;
  coverage: MissingInspectionReport['chiefs'][number] | undefined;
};

/**
 * The ended months whose 一月一督查 coverage goes next to the field-review results: the quarter's, or the last
 * twelve when every quarter is compared. Null when none of the quarter's months has ended yet.
 */
function coverageRange(quarter: string | undefined): { from: string; to: string } | null {
  const lastEnded = shiftMonth(currentMonthInChina(), -1);
  if (!quarter) return { from: shiftMonth(lastEnded, -11), to: lastEnded };
  const period = periodOfCode(quarter);
  if (!period) return null;
  const from = period.start.slice(0, 7);
  const end = period.end.slice(0, 7);
  // The earlier of the two: 'YYYY-MM' strings sort as the months do.
  const to = [end, lastEnded].sort()[0] ?? lastEnded;
  return from <= to ? { from, to } : null;
}

/**
 * /chief/comparison — 项目长比较: per chief, the mean field-review score of his projects over the closed tours of
 * a quarter (or all), his 争先锋 places, and how fully he kept 一月一督查 over the same months. A table with bars
 * drawn by Progress: the app has no chart library yet.
 */
export function ChiefsComparisonPage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const quarter = params.get('quarter') ?? undefined;
  const range = coverageRange(quarter);
  const reviews = useAsync(() => api.fieldReviews.chiefsComparison(quarter), [quarter]);
  const coverage = useAsync(
    () => (range ? api.inspections.missingReport(range) : Promise.resolve(undefined)),
    [range?.from, range?.to],
  );

  const rows: Row[] = [];
  for (const r of reviews.data?.chiefs ?? []) {
    rows.push({ chiefUserId: r.chiefUserId, chiefName: r.chiefName, review: r, coverage: undefined });
  }
  for (const c of coverage.data?.chiefs ?? []) {
    const row = rows.find((r) => r.chiefUserId === c.chiefUserId);
    if (row) row.coverage = c;
    else rows.push({ chiefUserId: c.chiefUserId, chiefName: c.chiefName, review: undefined, coverage: c });
  }
  const best = Math.max(0, ...rows.map((r) => r.review?.meanScore ?? 0));
  const loading = reviews.loading || coverage.loading;

  return (
    <>
      <PageHeader
        title={t('chiefComparison.title')}
        extra={
          <Select
            allowClear
            style={{ minWidth: 180 }}
            aria-label={t('fieldReviews.quarter')}
            placeholder={t('chiefComparison.allQuarters')}
            value={quarter}
            options={quarterOptions(pick)}
            onChange={(v: string | undefined) => {
              const next = new URLSearchParams(params);
              if (v) next.set('quarter', v);
              else next.delete('quarter');
              setParams(next);
            }}
          />
        }
      />
      {reviews.error ? <LoadError error={reviews.error} onRetry={reviews.reload} /> : null}
      {coverage.error ? <LoadError error={coverage.error} onRetry={coverage.reload} /> : null}
      <Typography.Paragraph type="secondary">
        {t('chiefComparison.basis', {
          tours: reviews.data?.reviewCount ?? 0,
          months: range ? `${range.from} ~ ${range.to}` : t('chiefComparison.noMonths'),
        })}
      </Typography.Paragraph>
      <Card size="small">
        <Table<Row>
          rowKey="chiefUserId"
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 860 }}
          locale={{ emptyText: <Empty description={t('chiefComparison.empty')} /> }}
          expandable={{
            rowExpandable: (r) => Boolean(r.review?.projects.length),
            expandedRowRender: (r) => (
              <Flex vertical gap={4}>
                {r.review?.projects.map((p) => (
                  <Flex key={`${p.reviewId}:${p.projectId}`} gap={8} wrap align="center">
                    <Tag bordered={false}>{p.quarter}</Tag>
                    <Link to={`/projects/${p.projectId}?tab=field-reviews`}>{p.projectName}</Link>
                    <Typography.Text>
                      {p.score === null ? t('fieldReviews.unscored') : p.score.toFixed(2)}
                    </Typography.Text>
                    <Link to={`/field-reviews/${p.reviewId}`}>
                      <Typography.Text type="secondary">{pick(p.rankLabel)}</Typography.Text>
                    </Link>
                    {p.vanguard ? (
                      <Tag color="gold" bordered={false}>
                        {t('fieldReviews.vanguard')}
                      </Tag>
                    ) : null}
                  </Flex>
                ))}
              </Flex>
            ),
          }}
          columns={[
            {
              key: 'chief',
              title: t('chiefTeams.chief'),
              width: 120,
              render: (_v, r) => <Link to={`/chief?chief=${r.chiefUserId}`}>{r.chiefName}</Link>,
            },
            {
              key: 'mean',
              title: t('chiefComparison.meanScore'),
              width: 260,
              render: (_v, r) =>
                r.review?.meanScore === null || r.review === undefined ? (
                  <Typography.Text type="secondary">{t('chiefComparison.noScore')}</Typography.Text>
                ) : (
                  <Progress
                    percent={best ? (r.review.meanScore / best) * 100 : 0}
                    format={() => r.review?.meanScore?.toFixed(2)}
                    // The best mean fills the bar; it is not "done", so no success colour.
                    status="normal"
                    aria-label={t('chiefComparison.meanOf', { name: r.chiefName })}
                  />
                ),
            },
            {
              key: 'scored',
              title: t('chiefComparison.scored'),
              width: 120,
              render: (_v, r) =>
                r.review
                  ? t('chiefComparison.scoredLine', {
                      scored: r.review.scoredCount,
                      unscored: r.review.unscoredCount,
                    })
                  : '—',
            },
            {
              key: 'vanguards',
              title: t('fieldReviews.vanguard'),
              width: 90,
              render: (_v, r) => r.review?.vanguards ?? 0,
            },
            {
              key: 'coverage',
              title: t('missingInspections.coverage'),
              width: 200,
              render: (_v, r) =>
                r.coverage ? (
                  <Progress
                    size="small"
                    percent={
                      r.coverage.owed ? Math.round((r.coverage.inspected / r.coverage.owed) * 1000) / 10 : 100
                    }
                    status={r.coverage.missing ? 'normal' : 'success'}
                    aria-label={t('missingInspections.coverageOf', { name: r.chiefName })}
                  />
                ) : (
                  '—'
                ),
            },
            {
              key: 'missing',
              title: t('missingInspections.missing'),
              width: 100,
              render: (_v, r) =>
                r.coverage?.missing ? (
                  <Link
                    to={`/chief/missing-inspections?from=${range?.from}&to=${range?.to}&chief=${r.chiefUserId}`}
                  >
                    {r.coverage.missing}
                  </Link>
                ) : (
                  0
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
