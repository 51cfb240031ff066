import { Button, Card, Col, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { type LifecycleStage, lifecycleStages } from '#domain/codelists.ts';
import { type Project, projectFieldLabels } from '#domain/schemas/projects.ts';
import { api } from '../../api/client.ts';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';

const RECENT = 10;

/**
 * "我的项目": the server scopes GET /api/projects to the user (own organisation, department or chiefship), so
 * this page only asks: the latest projects and the count per stage.
 */
async function loadHome() {
  const [recent, counts] = await Promise.all([
    api.projects.list({ pageSize: RECENT, sort: 'updatedAt', order: 'desc' }),
    api.projects.stageCounts({}),
  ]);
  const byStage = lifecycleStages.codes.map((stage) => ({
    stage,
    count: counts.find((c) => c.stage === stage)?.count ?? 0,
  }));
  return { recent, byStage };
}

export function HomePage() {
  const { t, pick, locale } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useAsync(loadHome, []);

  const openStage = (stage: LifecycleStage) => navigate(`/projects?stage=${stage}`);

  return (
    <>
      <PageHeader
        title={t('home.title')}
        extra={<Button onClick={() => navigate('/projects')}>{t('home.viewAll')}</Button>}
      />
      <Typography.Paragraph type="secondary">{t('home.subtitle')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}

      <Card title={t('home.byStage')} size="small" style={{ marginBottom: 16 }} loading={loading && !data}>
        <Row gutter={[12, 12]}>
          <Col xs={12} sm={8} md={6} xl={4}>
            <Statistic title={t('home.totalProjects')} value={data?.recent.total ?? 0} />
          </Col>
          {(data?.byStage ?? []).map(({ stage, count }) => (
            <Col xs={12} sm={8} md={6} xl={4} key={stage}>
              <button
                type="button"
                onClick={() => openStage(stage)}
                disabled={count === 0}
                style={{ all: 'unset', cursor: count > 0 ? 'pointer' : 'default', display: 'block' }}
              >
                <Statistic title={<StageTag stage={stage} />} value={count} />
              </button>
            </Col>
          ))}
        </Row>
      </Card>

      <Card title={t('home.recent')} size="small">
        <Table<Project>
          rowKey="id"
          size="small"
          loading={loading}
          pagination={false}
          dataSource={data?.recent.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('home.noProjects')} /> }}
          columns={[
            {
              key: 'name',
              title: pick(projectFieldLabels.name),
              render: (_v, p) => (
                <Space size={4} wrap>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  {p.isDemo ? <DemoTag /> : null}
                </Space>
              ),
            },
            { key: 'owner', title: pick(projectFieldLabels.ownerOrgId), dataIndex: 'ownerOrgName' },
            {
              key: 'stage',
              title: pick(projectFieldLabels.stage),
              render: (_v, p) => <StageTag stage={p.stage} />,
            },
            {
              key: 'total',
              title: pick(projectFieldLabels.totalInvestment),
              align: 'right',
              render: (_v, p) => <span className="gj-money">{formatMoney(p.totalInvestment, locale)}</span>,
            },
            {
              key: 'completion',
              title: pick(projectFieldLabels.plannedCompletion),
              render: (_v, p) => formatDate(p.plannedCompletion),
            },
          ]}
        />
      </Card>
    </>
  );
}
