import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { labelOf, type OrganizationType, organizationTypes } from '#domain/codelists.ts';
import { type Organization, organizationFieldLabels } from '#domain/schemas/organizations.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { refNameOf, useReference } from '../../lib/use-reference.ts';
import { OrganizationFormModal } from './components/OrganizationFormModal.tsx';

export function OrganizationsPage() {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const canManage = can('organization.manage');
  const divisions = useReference('divisions');
  const [q, setQ] = useState('');
  const [type, setType] = useState<OrganizationType | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [editing, setEditing] = useState<{ organization?: Organization } | undefined>(undefined);
  const { data, error, loading, reload } = useAsync(
    () => api.organizations.list({ q: q || undefined, type: type ? [type] : undefined, page, pageSize }),
    [q, type, page, pageSize],
  );
  const label = (field: keyof typeof organizationFieldLabels) => pick(organizationFieldLabels[field]);

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing({})}>
              {t('orgs.create')}
            </Button>
          ) : undefined
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('orgs.searchPlaceholder')}
          aria-label={t('orgs.searchPlaceholder')}
          allowClear
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ width: 280, maxWidth: '100%' }}
        />
        <Select
          allowClear
          aria-label={t('orgs.typeFilter')}
          placeholder={t('orgs.typeFilter')}
          options={organizationTypes.list.map((o) => ({ value: o.code, label: pick(o.label) }))}
          value={type}
          onChange={(value) => {
            setPage(1);
            setType(value);
          }}
          style={{ width: 160 }}
        />
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<Organization>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
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
            title: label('name'),
            render: (_v, o) => (
              <Space size={4} wrap>
                <span>{o.name}</span>
                {o.isDemo ? <DemoTag /> : null}
              </Space>
            ),
          },
          {
            key: 'type',
            title: label('type'),
            render: (_v, o) => labelOf(organizationTypes.list, o.type, locale),
          },
          {
            key: 'creditCode',
            title: label('creditCode'),
            render: (_v, o) => (
              <Space size={4}>
                <span style={{ fontFamily: 'monospace' }}>{o.creditCode}</span>
                {o.creditCodeOverride ? (
                  <Tooltip title={t('orgs.overrideHint')}>
                    <Tag color="orange" bordered={false}>
                      {t('orgs.overridden')}
                    </Tag>
                  </Tooltip>
                ) : null}
              </Space>
            ),
          },
          { key: 'contactName', title: label('contactName'), dataIndex: 'contactName' },
          { key: 'contactPhone', title: label('contactPhone'), dataIndex: 'contactPhone' },
          {
            key: 'division',
            title: label('divisionCode'),
            render: (_v, o) => refNameOf(divisions.items, o.divisionCode, locale),
          },
          { key: 'updatedAt', title: t('common.updatedAt'), render: (_v, o) => formatDateTime(o.updatedAt) },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  fixed: 'right' as const,
                  render: (_v: unknown, o: Organization) => (
                    <Button type="link" size="small" onClick={() => setEditing({ organization: o })}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <OrganizationFormModal
          organization={editing.organization}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            message.success(editing.organization ? t('common.saved') : t('orgs.created'));
            setEditing(undefined);
            reload();
          }}
          onConflict={() => {
            message.warning(t('orgs.conflict'));
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
