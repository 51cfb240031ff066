import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { progressReportFieldLabels } from '#domain/schemas/progress-reports.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { api, type ProgressReport } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime, formatMoney } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { ReportDrawer } from './ReportDrawer.tsx';
import { ReportStatusTag } from './ReportStatusTag.tsx';

const statStyle = { fontSize: 20 };

/**
 * 月报 on the project page: the months reported, newest first, with the cumulative investment derived from
 * them; a report opens in a drawer (its address is ?report=<id>, so a link can open it).
 */
export function ReportsSection({ project }: { project: Project }) {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const openId = params.get('report') ?? undefined;
  const { data, error, loading, reload } = useAsync(() => api.reports.list(project.id), [project.id]);

  const open = (id: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('report', id);
        else next.delete('report');
        return next;
      },
      { replace: true },
    );

  const canSubmit = can('report.submit') && project.deletedAt === null;
  const items = [...(data?.items ?? [])].reverse();
  const share =
    data && data.totalInvestment > 0 ? (data.cumulativeInvestment / data.totalInvestment) * 100 : null;

  return (
    <Card
      size="small"
      title={t('reports.title')}
      extra={
        canSubmit ? (
          <Button
            type="primary"
            icon={<PlusOutlined aria-hidden />}
            onClick={() => navigate(`/projects/${project.id}/reports/new`)}
          >
            {t('reports.new')}
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('reports.totalInvestment')}
            value={formatMoney(data?.totalInvestment ?? project.totalInvestment, locale)}
            valueStyle={statStyle}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('reports.cumulative')}
            value={formatMoney(data?.cumulativeInvestment ?? 0, locale)}
            valueStyle={statStyle}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('reports.financialProgress')}
            value={share === null ? '—' : share.toFixed(1)}
            suffix={share === null ? undefined : '%'}
            valueStyle={statStyle}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('reports.count')} value={data?.items.length ?? 0} valueStyle={statStyle} />
        </Col>
      </Row>
      <Table<ProgressReport>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.empty')} />,
        }}
        onRow={(r) => ({ onDoubleClick: () => open(r.id) })}
        columns={[
          {
            key: 'month',
            title: pick(progressReportFieldLabels.month),
            render: (_v, r) => (
              <Button type="link" style={{ padding: 0 }} onClick={() => open(r.id)}>
                {r.month}
              </Button>
            ),
          },
          {
            key: 'amount',
            title: pick(progressReportFieldLabels.investmentThisMonth),
            align: 'right',
            render: (_v, r) => <span className="gj-money">{formatMoney(r.investmentThisMonth, locale)}</span>,
          },
          {
            key: 'cumulative',
            title: t('reports.cumulative'),
            align: 'right',
            render: (_v, r) => (
              <span className="gj-money">{formatMoney(r.cumulativeInvestment, locale)}</span>
            ),
          },
          {
            key: 'physical',
            title: pick(progressReportFieldLabels.physicalProgress),
            align: 'right',
            render: (_v, r) => (r.physicalProgress === null ? '—' : `${r.physicalProgress}%`),
          },
          {
            key: 'status',
            title: t('reports.status'),
            render: (_v, r) => (
              <Flex gap={4} align="center">
                <ReportStatusTag status={r.status} />
                {r.currentVersion > 1 ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('reports.versionN', { n: r.currentVersion })}
                  </Typography.Text>
                ) : null}
              </Flex>
            ),
          },
          {
            key: 'photos',
            title: t('reports.photos'),
            align: 'right',
            render: (_v, r) => r.photosCount,
          },
          {
            key: 'submitted',
            title: t('reports.submittedBy'),
            render: (_v, r) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.submittedByName ?? '—'} · {formatDateTime(r.submittedAt)}
              </Typography.Text>
            ),
          },
        ]}
      />
      <ReportDrawer
        projectId={project.id}
        reportId={openId}
        onClose={() => open(undefined)}
        onChanged={reload}
      />
    </Card>
  );
}
