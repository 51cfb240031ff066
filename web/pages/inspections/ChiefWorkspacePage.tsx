import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  List,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { chiefRoles } from '#domain/schemas/inspections.ts';
import { api, type ChiefWorkspace } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { WarningLight } from '../../components/WarningLight.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { currentMonthInChina, isFutureMonth, monthToDayjs } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';
import { DispatchCadenceCard } from '../dispatch-meetings/components/DispatchCadenceCard.tsx';
import { InspectionModal } from './components/InspectionModal.tsx';

type Row = ChiefWorkspace['projects'][number];
type Cadence = Row['inspection']['status'];

const cadenceColors: Record<Cadence, string> = { done: 'success', due: 'processing', overdue: 'error' };
const cadenceLabels: Record<Cadence, MessageKey> = {
  done: 'chief.status.done',
  due: 'chief.status.due',
  overdue: 'chief.status.overdue',
};

/**
 * /chief — 项目长工作台: the chief's projects for a month with their light, stage, overdue items and the month's
 * inspection (一月一督查), the months left without one, and what falls due in the month. Leaders pick a chief.
 */
export function ChiefWorkspacePage() {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && /^\d{4}-\d{2}$/.test(asked) ? asked : currentMonthInChina();
  const chiefUserId = params.get('chief') ?? undefined;
  const isLeader = can('project.scope.all');
  const { data, error, loading, reload } = useAsync(
    () => api.inspections.workspace({ month, chiefUserId }),
    [month, chiefUserId],
  );
  const chiefs = useAsync(
    () => (isLeader ? api.reference.userOptions('project_chief') : Promise.resolve([])),
    [isLeader],
  );
  const roleLabels = useMemo(() => new Map(chiefRoles.list.map((r) => [r.code, r.label])), []);
  const [editing, setEditing] = useState<{ projectId: string; inspectionId: string }>();

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <>
      <PageHeader
        title={t('chief.title')}
        extra={
          <Space wrap>
            {isLeader ? (
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                style={{ minWidth: 180 }}
                aria-label={t('chief.pickChief')}
                placeholder={t('chief.pickChief')}
                value={chiefUserId}
                loading={chiefs.loading}
                options={(chiefs.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                onChange={(v: string | undefined) => setParam('chief', v)}
              />
            ) : null}
            <DatePicker
              picker="month"
              aria-label={t('chief.month')}
              value={monthToDayjs(month)}
              allowClear={false}
              disabledDate={isFutureMonth}
              onChange={(d: Dayjs | null) => {
                if (d) setParam('month', d.format('YYYY-MM'));
              }}
            />
          </Space>
        }
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {loading && !data ? <Card loading /> : null}
      {data ? (
        <Flex vertical gap={16}>
          <Card size="small">
            <Flex gap={32} wrap align="center">
              <Typography.Text strong>
                {t('chief.whose', { name: data.user.displayName, month: data.month })}
              </Typography.Text>
              <Statistic title={t('chief.status.done')} value={data.counts.done} />
              <Statistic title={t('chief.status.due')} value={data.counts.due} />
              <Statistic
                title={t('chief.status.overdue')}
                value={data.counts.overdue}
                valueStyle={data.counts.overdue ? { color: 'var(--ant-color-error)' } : undefined}
              />
            </Flex>
          </Card>
          <DispatchCadenceCard cadence={data.dispatch} />
          {data.projects.length === 0 ? <Alert type="info" showIcon message={t('chief.noProjects')} /> : null}
          <Table<Row>
            rowKey="projectId"
            size="small"
            pagination={false}
            dataSource={data.projects}
            scroll={{ x: 1000 }}
            columns={[
              {
                key: 'name',
                title: t('chief.project'),
                render: (_v, p) => (
                  <Flex vertical>
                    <Link to={`/projects/${p.projectId}?tab=inspections`}>{p.projectName}</Link>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[p.projectCode, pick(roleLabels.get(p.role) ?? { zh: p.role, en: p.role })]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'light',
                title: t('chief.light'),
                width: 90,
                render: (_v, p) => (p.color ? <WarningLight color={p.color} /> : '—'),
              },
              {
                key: 'stage',
                title: t('chief.stage'),
                width: 130,
                render: (_v, p) => <StageTag stage={p.stage} />,
              },
              {
                key: 'overdue',
                title: t('chief.overdueItems'),
                width: 170,
                render: (_v, p) => (
                  <Flex vertical>
                    <span>{t('chief.overdueCoordination', { count: p.overdueCoordinationItems })}</span>
                    <span>{t('chief.tasksLine', { open: p.openTasks, overdue: p.overdueTasks })}</span>
                  </Flex>
                ),
              },
              {
                key: 'inspection',
                title: t('chief.inspection'),
                width: 200,
                render: (_v, p) => (
                  <Flex vertical gap={2}>
                    <span>
                      <Tag color={cadenceColors[p.inspection.status]} bordered={false}>
                        {t(cadenceLabels[p.inspection.status])}
                      </Tag>
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.inspection.status === 'done'
                        ? t('chief.inspectedOn', { date: p.inspection.inspectedOn ?? '' })
                        : p.inspection.status === 'overdue'
                          ? t('chief.daysOverdue', { days: p.inspection.daysOverdue ?? 0 })
                          : t('chief.dueBy', { date: p.inspection.dueBy, days: p.inspection.daysLeft ?? 0 })}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                key: 'missing',
                title: t('chief.monthsWithout'),
                width: 200,
                render: (_v, p) =>
                  p.monthsWithoutInspection.length === 0 ? (
                    '—'
                  ) : (
                    <Flex wrap gap={4}>
                      {p.monthsWithoutInspection.map((m) => (
                        <Tag key={m} color="warning" bordered={false}>
                          {m}
                        </Tag>
                      ))}
                    </Flex>
                  ),
              },
              {
                key: 'actions',
                title: t('common.actions'),
                width: 150,
                render: (_v, p) =>
                  p.inspection.inspectionId ? (
                    <Space size={4} wrap>
                      <Button
                        size="small"
                        onClick={() => navigate(`/projects/${p.projectId}?tab=inspections`)}
                      >
                        {t('chief.view')}
                      </Button>
                      <Button
                        size="small"
                        aria-label={t('chief.editInspectionOf', { name: p.projectName })}
                        onClick={() =>
                          setEditing({
                            projectId: p.projectId,
                            inspectionId: p.inspection.inspectionId ?? '',
                          })
                        }
                      >
                        {t('common.edit')}
                      </Button>
                    </Space>
                  ) : (
                    <Button
                      size="small"
                      type="primary"
                      onClick={() =>
                        navigate(`/projects/${p.projectId}?tab=inspections&record=${data.month}`)
                      }
                    >
                      {t('chief.record')}
                    </Button>
                  ),
              },
            ]}
          />
          <Card size="small" title={t('chief.calendar')}>
            <List
              size="small"
              dataSource={data.calendar}
              locale={{ emptyText: t('chief.calendarEmpty') }}
              renderItem={(entry) => (
                <List.Item>
                  <Flex gap={12} align="center" wrap>
                    <Typography.Text strong style={{ minWidth: 96 }}>
                      {entry.date}
                    </Typography.Text>
                    <Tag bordered={false}>
                      {t(entry.kind === 'inspection' ? 'chief.kind.inspection' : 'chief.kind.task')}
                    </Tag>
                    <Tag color={cadenceColors[entry.status]} bordered={false}>
                      {t(cadenceLabels[entry.status])}
                    </Tag>
                    <Link to={`/projects/${entry.projectId}?tab=inspections`}>{entry.projectName}</Link>
                    <Typography.Text type="secondary">{entry.title}</Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Flex>
      ) : null}
      <InspectionModal
        projectId={editing?.projectId ?? ''}
        open={Boolean(editing)}
        inspectionId={editing?.inspectionId}
        onClose={() => setEditing(undefined)}
        onRecorded={reload}
      />
    </>
  );
}
