import type { TableColumnsType } from 'antd';
import { Empty, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, type FieldReviewDetail } from '../../../api/client.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';

/** The most recent closed tours shown side by side: two years of 一季一拉练. */
const TOURS = 8;

type Result = NonNullable<FieldReviewDetail['result']>['projects'][number];
type Row = { projectId: string; projectName: string; byTour: Map<string, Result>; scores: number[] };

/** The closed tours, oldest first, with their published results. */
async function loadClosedTours(): Promise<FieldReviewDetail[]> {
  const page = await api.fieldReviews.list({ status: 'closed', pageSize: TOURS });
  const tours = await Promise.all(page.items.map((tour) => api.fieldReviews.get(tour.id)));
  return tours.reverse();
}

/**
 * 成绩历史 on the field-review list: each project's score and rank on the last closed tours, a column per tour,
 * so that a project rising or falling across quarters shows at a glance.
 */
export function FieldReviewHistoryMatrix() {
  const { t, pick } = useI18n();
  const { data, error, loading, reload } = useAsync(loadClosedTours, []);
  const tours = data ?? [];
  const rows = new Map<string, Row>();
  for (const tour of tours) {
    for (const result of tour.result?.projects ?? []) {
      const row: Row = rows.get(result.projectId) ?? {
        projectId: result.projectId,
        projectName: result.projectName,
        byTour: new Map(),
        scores: [],
      };
      row.byTour.set(tour.id, result);
      if (result.score !== null) row.scores.push(result.score);
      rows.set(result.projectId, row);
    }
  }
  const mean = (r: Row) => (r.scores.length ? r.scores.reduce((a, b) => a + b, 0) / r.scores.length : null);
  const list = [...rows.values()].sort(
    (a, b) =>
      (mean(b) ?? Number.NEGATIVE_INFINITY) - (mean(a) ?? Number.NEGATIVE_INFINITY) ||
      a.projectName.localeCompare(b.projectName, 'zh-CN'),
  );

  const columns: TableColumnsType<Row> = [
    {
      key: 'project',
      title: t('chief.project'),
      fixed: 'left',
      width: 200,
      render: (_v, r) => <Link to={`/projects/${r.projectId}?tab=field-reviews`}>{r.projectName}</Link>,
    },
    ...tours.map((tour) => ({
      key: tour.id,
      title: (
        <Tooltip title={tour.title}>
          <Link to={`/field-reviews/${tour.id}`}>{pick(tour.quarterLabel)}</Link>
        </Tooltip>
      ),
      width: 130,
      render: (_v: unknown, r: Row) => {
        const result = r.byTour.get(tour.id);
        if (!result) return <Typography.Text type="secondary">—</Typography.Text>;
        return (
          <Flex vertical>
            <span>
              {result.score === null ? t('fieldReviews.unscored') : result.score.toFixed(2)}
              {result.vanguard ? (
                <Tag color="gold" bordered={false} style={{ marginInlineStart: 4 }}>
                  {t('fieldReviews.vanguard')}
                </Tag>
              ) : null}
            </span>
            {result.rank !== null ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pick(result.rankLabel)}
              </Typography.Text>
            ) : null}
          </Flex>
        );
      },
    })),
    {
      key: 'mean',
      title: t('fieldReviewHistory.meanColumn'),
      width: 100,
      fixed: 'right',
      render: (_v, r) => {
        const m = mean(r);
        return m === null ? '—' : m.toFixed(2);
      },
    },
  ];

  return (
    <>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Typography.Paragraph type="secondary">
        {t('fieldReviewHistory.matrixHint', { count: TOURS })}
      </Typography.Paragraph>
      <Table<Row>
        rowKey="projectId"
        size="small"
        loading={loading}
        dataSource={list}
        columns={columns}
        scroll={{ x: 300 + tours.length * 130 }}
        pagination={{
          pageSize: 50,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        locale={{ emptyText: <Empty description={t('fieldReviewHistory.matrixEmpty')} /> }}
      />
    </>
  );
}
