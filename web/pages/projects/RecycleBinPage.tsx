import { UndoOutlined } from '@ant-design/icons';
import { App, Button, Empty, Input, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type Project, projectFieldLabels } from '#domain/schemas/projects.ts';
import { api } from '../../api/client.ts';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';

/** Soft-deleted projects, newest first, with who-knows-why in the reason column and a way back. */
export function RecycleBinPage() {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [q, setQ] = useState('');
  const [restoring, setRestoring] = useState<string | undefined>(undefined);
  const { data, error, loading, reload } = useAsync(
    () =>
      api.projects.list({
        deleted: true,
        page,
        pageSize,
        q: q || undefined,
        sort: 'updatedAt',
        order: 'desc',
      }),
    [page, pageSize, q],
  );

  const restore = async (project: Project) => {
    setRestoring(project.id);
    try {
      await api.projects.restore(project.id);
      message.success(t('projects.restored'));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setRestoring(undefined);
    }
  };

  return (
    <>
      <PageHeader title={t('projects.recycleBinTitle')} />
      <Input.Search
        placeholder={t('projects.searchDeleted')}
        aria-label={t('projects.searchDeleted')}
        allowClear
        onSearch={(value) => {
          setPage(1);
          setQ(value.trim());
        }}
        style={{ width: 320, maxWidth: '100%', marginBottom: 16 }}
      />
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Project>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('projects.recycleBinEmpty')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1);
            setPageSize(nextSize);
          },
        }}
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
          { key: 'code', title: pick(projectFieldLabels.code), dataIndex: 'code' },
          { key: 'owner', title: pick(projectFieldLabels.ownerOrgId), dataIndex: 'ownerOrgName' },
          {
            key: 'total',
            title: pick(projectFieldLabels.totalInvestment),
            align: 'right',
            render: (_v, p) => <span className="gj-money">{formatMoney(p.totalInvestment, locale)}</span>,
          },
          {
            key: 'deletedAt',
            title: t('projects.deletedAt'),
            render: (_v, p) => formatDateTime(p.deletedAt),
          },
          { key: 'reason', title: t('projects.deleteReasonColumn'), dataIndex: 'deleteReason' },
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right',
            render: (_v, p) => (
              <Popconfirm
                title={t('projects.restoreConfirm', { name: p.name })}
                okText={t('projects.restore')}
                cancelText={t('common.cancel')}
                onConfirm={() => restore(p)}
              >
                <Button size="small" icon={<UndoOutlined aria-hidden />} loading={restoring === p.id}>
                  {t('projects.restore')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </>
  );
}
