import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type RoleCode, roleCodes } from '#domain/permissions.ts';
import type { Role, User } from '#domain/schemas/users.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { ResetPasswordModal } from './components/ResetPasswordModal.tsx';
import { UserFormModal } from './components/UserFormModal.tsx';

/** Role names live in the database; GET /api/roles needs role.manage, so without it the codes stand in. */
function useRoleLabels() {
  const { can } = useAuth();
  const { locale } = useI18n();
  const mayRead = can('role.manage');
  const { data } = useAsync(() => (mayRead ? api.roles.list() : Promise.resolve<Role[]>([])), [mayRead]);
  const label = (code: RoleCode) => {
    const role = data?.find((r) => r.code === code);
    return role ? (locale === 'en' ? role.nameEn : role.name) : code;
  };
  return { label, options: roleCodes.map((code) => ({ value: code, label: label(code) })) };
}

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<RoleCode | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [editing, setEditing] = useState<{ user?: User } | undefined>(undefined);
  const [resetting, setResetting] = useState<User | undefined>(undefined);
  const roles = useRoleLabels();
  const { data, error, loading, reload } = useAsync(
    () => api.users.list({ q: q || undefined, role: role ? [role] : undefined, page, pageSize }),
    [q, role, page, pageSize],
  );

  const unlock = async (user: User) => {
    try {
      await api.users.unlock(user.id);
      message.success(t('users.unlocked'));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const locked = (user: User) => user.lockedUntil !== null && dayjs(user.lockedUntil).isAfter(dayjs());

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing({})}>
            {t('users.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('users.searchPlaceholder')}
          allowClear
          onSearch={(value) => {
            setPage(1);
            setQ(value.trim());
          }}
          style={{ width: 280, maxWidth: '100%' }}
        />
        <Select
          allowClear
          aria-label={t('users.roleFilter')}
          placeholder={t('users.roleFilter')}
          options={roles.options}
          value={role}
          onChange={(value) => {
            setPage(1);
            setRole(value);
          }}
          style={{ width: 200 }}
        />
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<User>
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
          { key: 'username', title: t('users.username'), dataIndex: 'username' },
          { key: 'displayName', title: t('users.displayName'), dataIndex: 'displayName' },
          { key: 'organization', title: t('users.organization'), dataIndex: 'organizationName' },
          {
            key: 'roles',
            title: t('users.roles'),
            render: (_v, u) => (
              <Space size={[0, 4]} wrap>
                {u.roles.map((code) => (
                  <Tag key={code}>{roles.label(code)}</Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('users.status'),
            render: (_v, u) => (
              <Space size={[0, 4]} wrap>
                {u.isActive ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>}
                {locked(u) ? (
                  <Tag color="red">{t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}</Tag>
                ) : null}
                {u.mustChangePassword ? <Tag color="orange">{t('users.mustChangePassword')}</Tag> : null}
              </Space>
            ),
          },
          { key: 'lastLogin', title: t('users.lastLogin'), render: (_v, u) => formatDateTime(u.lastLoginAt) },
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right',
            render: (_v, u) => (
              <Space size={0} wrap>
                <Button type="link" size="small" onClick={() => setEditing({ user: u })}>
                  {t('common.edit')}
                </Button>
                <Button type="link" size="small" onClick={() => setResetting(u)}>
                  {t('users.resetPassword')}
                </Button>
                {locked(u) ? (
                  <Popconfirm
                    title={t('users.unlockConfirm', { name: u.displayName })}
                    okText={t('users.unlock')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => unlock(u)}
                  >
                    <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
                      <Button type="link" size="small">
                        {t('users.unlock')}
                      </Button>
                    </Tooltip>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {editing ? (
        <UserFormModal
          open
          user={editing.user}
          roleOptions={roles.options}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            message.success(editing.user ? t('common.saved') : t('users.created'));
            setEditing(undefined);
            reload();
          }}
          onConflict={() => {
            message.warning(t('users.conflict'));
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(undefined)}
        onDone={() => {
          message.success(t('users.passwordReset'));
          setResetting(undefined);
          reload();
        }}
      />
    </>
  );
}
