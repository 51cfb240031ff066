import { Button, Flex, Space, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { DispatchAction } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { ActionDeadline, ActionStatusTag } from './DispatchTags.tsx';

type Props = {
  actions: DispatchAction[];
  loading?: boolean;
  /** Show the meeting each action was decided at (the cross-meeting list). */
  showMeeting?: boolean;
  onReport: (action: DispatchAction) => void;
  onEdit?: (action: DispatchAction) => void;
  pagination?: false | { current: number; pageSize: number; total: number; onChange: (page: number) => void };
};

/** 议定事项: number, what, about which project, who answers for it, by when, status and progress. */
export function ActionsTable({ actions, loading, showMeeting, onReport, onEdit, pagination = false }: Props) {
  const { t } = useI18n();
  const { can } = useAuth();
  const readsMeetings = can('dispatch.read');
  return (
    <Table<DispatchAction>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={actions}
      scroll={{ x: 1000 }}
      pagination={
        pagination
          ? { ...pagination, showTotal: (total) => t('common.total', { total }), showSizeChanger: false }
          : false
      }
      columns={[
        { key: 'seq', title: t('dispatch.sequence'), width: 60, render: (_v, a) => a.sequence },
        {
          key: 'content',
          title: t('dispatch.content'),
          render: (_v, a) => (
            <Flex vertical gap={2}>
              <span>{a.content}</span>
              {showMeeting ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {readsMeetings ? (
                    <Link to={`/dispatch-meetings/${a.meetingId}`}>{a.meetingTitle}</Link>
                  ) : (
                    a.meetingTitle
                  )}{' '}
                  · {a.meetingDate}
                </Typography.Text>
              ) : null}
              {a.progressNote ? (
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>
                  {t('dispatch.progressLine', { note: a.progressNote })}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          key: 'project',
          title: t('dispatch.project'),
          width: 160,
          render: (_v, a) =>
            a.projectId ? <Link to={`/projects/${a.projectId}`}>{a.projectName}</Link> : '—',
        },
        {
          key: 'owner',
          title: t('dispatch.owner'),
          width: 180,
          render: (_v, a) => `${a.ownerOrganizationName}${a.ownerUserName ? ` · ${a.ownerUserName}` : ''}`,
        },
        {
          key: 'deadline',
          title: t('dispatch.deadline'),
          width: 220,
          render: (_v, a) => <ActionDeadline action={a} />,
        },
        {
          key: 'status',
          title: t('dispatch.status'),
          width: 90,
          render: (_v, a) => <ActionStatusTag status={a.status} />,
        },
        {
          key: 'ops',
          title: t('common.actions'),
          width: 150,
          render: (_v, a) => (
            <Space size={4} wrap>
              {a.viewer.canReport &&
              !a.viewer.canEdit &&
              (a.status === 'open' || a.status === 'in_progress') ? (
                <Button size="small" type="primary" onClick={() => onReport(a)}>
                  {t('dispatch.report')}
                </Button>
              ) : null}
              {a.viewer.canEdit && onEdit ? (
                <Button size="small" onClick={() => onEdit(a)}>
                  {t('common.edit')}
                </Button>
              ) : null}
              {a.viewer.canEdit && !onEdit ? (
                <Button size="small" onClick={() => onReport(a)}>
                  {t('dispatch.report')}
                </Button>
              ) : null}
            </Space>
          ),
        },
      ]}
    />
  );
}
