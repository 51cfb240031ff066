import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Select, Table } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { type CoordinationStatus, coordinationStatuses } from '#domain/schemas/coordination.ts';
import type { Project } from '#domain/schemas/projects.ts';
import { api } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { LoadError } from '../../../components/LoadError.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { coordinationColumns } from './coordination-columns.tsx';
import { RaiseItemModal } from './RaiseItemModal.tsx';

/** 协调事项 on the project page: the project's items in every status, and 提出协调事项. */
export function CoordinationSection({ project }: { project: Project }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { can } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [raising, setRaising] = useState(false);
  const [status, setStatus] = useState<CoordinationStatus[]>([]);
  const [page, setPage] = useState(1);
  const { data, error, loading, reload } = useAsync(
    () => api.coordination.forProject(project.id, { status, page, pageSize: 20 }),
    [project.id, status, page],
  );

  return (
    <Card
      size="small"
      title={t('coordination.projectTitle')}
      extra={
        can('coordination.raise') && project.deletedAt === null ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setRaising(true)}>
            {t('coordination.raise')}
          </Button>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Select<CoordinationStatus[]>
        mode="multiple"
        allowClear
        aria-label={t('coordination.statusFilter')}
        placeholder={t('coordination.statusFilter')}
        value={status}
        onChange={(v) => {
          setStatus(v);
          setPage(1);
        }}
        options={coordinationStatuses.list.map((s) => ({ value: s.code, label: pick(s.label) }))}
        style={{ minWidth: 220, marginBottom: 12 }}
      />
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={coordinationColumns(i18n, { withProject: false, onChanged: reload })}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          hideOnSinglePage: true,
          showSizeChanger: false,
          onChange: setPage,
        }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coordination.empty')} />,
        }}
      />
      <RaiseItemModal
        projectId={project.id}
        open={raising}
        onClose={() => setRaising(false)}
        onRaised={(id) => {
          setRaising(false);
          message.success(t('coordination.raised'));
          navigate(`/coordination/${id}`);
        }}
      />
    </Card>
  );
}
