import { Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Project } from '#domain/schemas/projects.ts';
import { api, type FieldReviewHistory } from '../../../api/client.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';

type Entry = FieldReviewHistory['entries'][number];

/** The project's tab 拉练成绩: its result on each closed quarterly tour it was on, oldest quarter first. */
export function FieldReviewHistorySection({ project }: { project: Project }) {
  const { t, pick } = useI18n();
  const { data, error, loading, reload } = useAsync(() => api.fieldReviews.history(project.id), [project.id]);
  const entries = data?.entries ?? [];
  const scored = entries.filter((e) => e.score !== null);
  const mean = scored.length ? scored.reduce((n, e) => n + (e.score ?? 0), 0) / scored.length : null;
  return (
    <Card size="small" title={t('fieldReviewHistory.title')}>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {entries.length > 0 ? (
        <Flex gap={24} wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t('fieldReviewHistory.tours', { count: entries.length })}</Typography.Text>
          <Typography.Text>
            {t('fieldReviewHistory.mean', { score: mean === null ? '—' : mean.toFixed(2) })}
          </Typography.Text>
          <Typography.Text>
            {t('fieldReviewHistory.vanguards', { count: entries.filter((e) => e.vanguard).length })}
          </Typography.Text>
        </Flex>
      ) : null}
      <Table<Entry>
        rowKey="reviewId"
        size="small"
        loading={loading}
        dataSource={entries}
        pagination={false}
        scroll={{ x: 720 }}
        locale={{ emptyText: <Empty description={t('fieldReviewHistory.empty')} /> }}
        columns={[
          {
            key: 'quarter',
            title: t('fieldReviews.quarter'),
            width: 140,
            render: (_v, e) => pick(e.quarterLabel),
          },
          {
            key: 'title',
            title: t('fieldReviews.tourTitle'),
            render: (_v, e) => <Link to={`/field-reviews/${e.reviewId}`}>{e.title}</Link>,
          },
          {
            key: 'score',
            title: t('fieldReviews.score'),
            width: 110,
            render: (_v, e) =>
              e.score === null ? (
                <Typography.Text type="secondary">{t('fieldReviews.unscored')}</Typography.Text>
              ) : (
                <Flex gap={4} align="center">
                  <span>{e.score.toFixed(2)}</span>
                  {e.status === 'incomplete' ? (
                    <Tag color="warning" bordered={false}>
                      {t('fieldReviews.incomplete')}
                    </Tag>
                  ) : null}
                </Flex>
              ),
          },
          {
            key: 'rank',
            title: t('fieldReviews.rank'),
            width: 140,
            render: (_v, e) => (
              <Flex gap={4} align="center" wrap>
                <span>
                  {e.rank === null
                    ? '—'
                    : t('fieldReviewHistory.rankOf', { rank: pick(e.rankLabel), of: e.projectsInTour })}
                </span>
                {e.vanguard ? (
                  <Tag color="gold" bordered={false}>
                    {t('fieldReviews.vanguard')}
                  </Tag>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'categoryRank',
            title: t('fieldReviews.categoryRank'),
            width: 110,
            render: (_v, e) => (e.categoryRank === null ? '—' : pick(e.categoryRankLabel)),
          },
        ]}
      />
    </Card>
  );
}
