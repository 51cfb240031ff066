import { DeleteOutlined, EditOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { type MilestoneStatus, milestoneStatusLabels, planFieldLabels } from '#domain/schemas/plans.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { api, type Milestone } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useAsync } from '../../../lib/use-async.ts';
import { BaselineModal } from './BaselineModal.tsx';
import { MilestoneGantt } from './MilestoneGantt.tsx';
import { MilestoneModal } from './MilestoneModal.tsx';

const statusColors: Record<MilestoneStatus, string | undefined> = {
  planned: undefined,
  in_progress: 'processing',
  done: 'success',
  cancelled: 'default',
};

/**
 * 节点计划: the milestones with their planned, baseline and actual dates (table and Gantt-style timeline), and
 * for those allowed, adding and editing milestones and approving the year's baseline.
 */
export function MilestonesSection({ project }: { project: Project }) {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useAsync(() => api.plans.milestones(project.id), [project.id]);
  const [editing, setEditing] = useState<Milestone | 'new' | undefined>(undefined);
  const [approving, setApproving] = useState(false);
  const active = project.deletedAt === null;
  const canManage = active && can('plan.manage');
  const canBaseline = active && can('plan.baseline');

  const remove = async (m: Milestone) => {
    try {
      await api.plans.deleteMilestone(m.id);
      message.success(t('milestones.deleted', { name: m.name }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
    reload();
  };

  const items = data?.items ?? [];
  const label = (key: keyof typeof planFieldLabels) => pick(planFieldLabels[key]);

  return (
    <>
      <Card
        size="small"
        title={t('milestones.title')}
        style={{ marginBottom: 16 }}
        extra={
          <Flex gap={8} wrap>
            {canBaseline ? (
              <Button icon={<SafetyCertificateOutlined aria-hidden />} onClick={() => setApproving(true)}>
                {t('milestones.approveBaseline')}
              </Button>
            ) : null}
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
                {t('milestones.add')}
              </Button>
            ) : null}
          </Flex>
        }
      >
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        {data ? (
          <Alert
            type={data.baseline ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            message={
              data.baseline
                ? t('milestones.baselineIs', {
                    year: data.baseline.year,
                    time: formatDateTime(data.baseline.approvedAt),
                  })
                : t('milestones.noBaseline')
            }
          />
        ) : null}
        {items.length > 0 ? (
          <div style={{ marginBottom: 16 }}>
            <MilestoneGantt milestones={items} plannedStart={project.plannedStart} />
          </div>
        ) : null}
        <Table<Milestone>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={items}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('milestones.empty')} />,
          }}
          columns={[
            { key: 'name', title: label('name'), render: (_v, m) => m.name },
            {
              key: 'org',
              title: label('responsibleOrgId'),
              render: (_v, m) => m.responsibleOrgName ?? '—',
            },
            { key: 'planned', title: label('plannedDate'), render: (_v, m) => m.plannedDate },
            {
              key: 'baseline',
              title: t('milestones.baselineDate'),
              render: (_v, m) => m.baselinePlannedDate ?? '—',
            },
            {
              key: 'variance',
              title: t('milestones.variance'),
              align: 'right',
              render: (_v, m) =>
                m.baselineVarianceDays === null ? (
                  '—'
                ) : m.baselineVarianceDays > 0 ? (
                  <Typography.Text type="danger">+{m.baselineVarianceDays}</Typography.Text>
                ) : (
                  String(m.baselineVarianceDays)
                ),
            },
            { key: 'actual', title: label('actualDate'), render: (_v, m) => m.actualDate ?? '—' },
            {
              key: 'status',
              title: label('status'),
              render: (_v, m) => (
                <Tag color={statusColors[m.status]} bordered={false}>
                  {pick(milestoneStatusLabels[m.status])}
                </Tag>
              ),
            },
            {
              key: 'overdue',
              title: t('milestones.overdue'),
              align: 'right',
              render: (_v, m) =>
                m.overdue ? (
                  <Typography.Text type="danger">
                    {t('milestones.overdueDays', { days: m.overdueDays })}
                  </Typography.Text>
                ) : (
                  '—'
                ),
            },
            ...(canManage
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_v: unknown, m: Milestone) => (
                      <Flex gap={4}>
                        <Button
                          size="small"
                          type="link"
                          icon={<EditOutlined aria-hidden />}
                          aria-label={t('milestones.editOf', { name: m.name })}
                          onClick={() => setEditing(m)}
                        >
                          {t('common.edit')}
                        </Button>
                        <Popconfirm
                          title={t('milestones.deleteConfirm', { name: m.name })}
                          okText={t('common.delete')}
                          okButtonProps={{ danger: true }}
                          cancelText={t('common.cancel')}
                          onConfirm={() => remove(m)}
                        >
                          <Button
                            size="small"
                            type="link"
                            danger
                            icon={<DeleteOutlined aria-hidden />}
                            aria-label={t('milestones.deleteOf', { name: m.name })}
                          >
                            {t('common.delete')}
                          </Button>
                        </Popconfirm>
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <MilestoneModal
        // A fresh form per milestone: a form instance keeps the values of its previous opening.
        key={editing === 'new' ? 'new' : (editing?.id ?? 'closed')}
        projectId={project.id}
        milestone={editing === 'new' ? undefined : editing}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSaved={(text) => {
          setEditing(undefined);
          message.success(text);
          reload();
        }}
        onConflict={() => {
          setEditing(undefined);
          message.warning(t('milestones.conflict'));
          reload();
        }}
      />
      <BaselineModal
        projectId={project.id}
        open={approving}
        onClose={() => setApproving(false)}
        onApproved={(year) => {
          setApproving(false);
          message.success(t('milestones.baselineApproved', { year }));
          reload();
        }}
      />
    </>
  );
}
