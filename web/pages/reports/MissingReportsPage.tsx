import { Alert, Button, Card, DatePicker, Empty, Flex, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { LifecycleStage } from '#domain/codelists.ts';
import { api, type MissingReports } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { currentMonthInChina, isFutureMonth, monthToDayjs, shiftMonth } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';

type MissingProject = MissingReports['groups'][number]['projects'][number];

/**
 * /reports/missing — 月报缺报: the projects that owe the month's report and have none, per owner organisation,
 * with the month's deadline. The month defaults to the previous one, the month being chased.
 */
export function MissingReportsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && /^\d{4}-\d{2}$/.test(asked) ? asked : shiftMonth(currentMonthInChina(), -1);
  const { data, error, loading, reload } = useAsync(() => api.reports.missing(month), [month]);

  return (
    <>
      <PageHeader
        title={t('missing.title')}
        extra={
          <DatePicker
            picker="month"
            aria-label={t('missing.month')}
            value={monthToDayjs(month)}
            allowClear={false}
            disabledDate={isFutureMonth}
            onChange={(d: Dayjs | null) => {
              if (d) setParams({ month: d.format('YYYY-MM') });
            }}
          />
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data ? (
        <Alert
          type={data.total === 0 ? 'success' : data.overdue ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          message={
            data.total === 0
              ? t('missing.none', { month: data.month })
              : t(data.overdue ? 'missing.summaryOverdue' : 'missing.summary', {
                  month: data.month,
                  total: data.total,
                  orgs: data.groups.length,
                  deadline: data.deadline,
                })
          }
        />
      ) : null}
      {loading && !data ? <Card loading /> : null}
      {data && data.groups.length === 0 ? <Empty description={t('missing.empty')} /> : null}
      <Flex vertical gap={16}>
        {data?.groups.map((group) => (
          <Card
            key={group.ownerOrgId}
            size="small"
            title={
              <Flex gap={8} align="center" wrap>
                <span>{group.ownerOrgName}</span>
                <Tag color="error" bordered={false}>
                  {t('missing.count', { count: group.projects.length })}
                </Tag>
              </Flex>
            }
          >
            <Table<MissingProject>
              rowKey="id"
              size="small"
              pagination={false}
              tableLayout="fixed"
              dataSource={group.projects}
              scroll={{ x: 720 }}
              columns={[
                {
                  key: 'name',
                  title: t('warnings.project'),
                  render: (_v, p) => (
                    <Flex vertical>
                      <Link to={`/projects/${p.id}?tab=reports`}>{p.name}</Link>
                      {p.code ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {p.code}
                        </Typography.Text>
                      ) : null}
                    </Flex>
                  ),
                },
                {
                  key: 'stage',
                  title: t('warnings.stage'),
                  width: 140,
                  render: (_v, p) => <StageTag stage={p.stage as LifecycleStage} />,
                },
                {
                  key: 'chief',
                  title: t('missing.chief'),
                  width: 120,
                  render: (_v, p) => p.chiefName ?? '—',
                },
                {
                  key: 'lead',
                  title: t('missing.leadDepartment'),
                  width: 220,
                  render: (_v, p) => p.leadDepartmentName ?? '—',
                },
                ...(can('report.submit')
                  ? [
                      {
                        key: 'actions',
                        title: t('common.actions'),
                        width: 100,
                        render: (_v: unknown, p: MissingProject) => (
                          <Button
                            size="small"
                            onClick={() => navigate(`/projects/${p.id}/reports/new?month=${data.month}`)}
                          >
                            {t('missing.fill')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        ))}
      </Flex>
    </>
  );
}
