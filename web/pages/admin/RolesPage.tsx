import { App, Badge, Button, Checkbox, Flex, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { type Permission, permissions, type RoleCode } from '#domain/permissions.ts';
import type { Role } from '#domain/schemas/users.ts';
import { api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';

type Drafts = Partial<Record<RoleCode, Permission[]>>;

const sameSet = (a: readonly Permission[], b: readonly Permission[]) =>
  a.length === b.length && a.every((p) => b.includes(p));

/** Roles × permissions. Each role is saved on its own (one PUT, one audit entry per role). */
export function RolesPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { data, error, reload } = useAsync(() => api.roles.list(), []);
  const [roles, setRoles] = useState<Role[]>([]);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [saving, setSaving] = useState<RoleCode | undefined>(undefined);

  useEffect(() => {
    if (data) {
      setRoles(data);
      setDrafts({});
    }
  }, [data]);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!data) return <PageFallback />;

  const granted = (role: Role) => drafts[role.code] ?? role.permissions;
  const dirty = (role: Role) => !sameSet(granted(role), role.permissions);
  const roleName = (role: Role) => (locale === 'en' ? role.nameEn : role.name);

  const toggle = (role: Role, permission: Permission, on: boolean) => {
    const current = granted(role);
    const next = on
      ? permissions.filter((p) => p === permission || current.includes(p))
      : current.filter((p) => p !== permission);
    setDrafts((d) => ({ ...d, [role.code]: next }));
  };

  const save = async (role: Role) => {
    setSaving(role.code);
    try {
      const saved = await api.roles.setPermissions(role.code, granted(role));
      setRoles((list) => list.map((r) => (r.code === saved.code ? saved : r)));
      setDrafts(({ [role.code]: _saved, ...rest }) => rest);
      message.success(t('roles.saved', { name: roleName(saved) }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(undefined);
    }
  };

  return (
    <>
      <PageHeader title={t('roles.title')} />
      <Typography.Paragraph type="secondary">{t('roles.hint')}</Typography.Paragraph>
      <Table<{ permission: Permission }>
        rowKey="permission"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={permissions.map((permission) => ({ permission }))}
        columns={[
          {
            key: 'permission',
            title: t('roles.permission'),
            fixed: 'left',
            render: (_v, { permission }) => (
              <Flex vertical>
                <span>{t(`perm.${permission}`)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {permission}
                </Typography.Text>
              </Flex>
            ),
          },
          ...roles.map((role) => ({
            key: role.code,
            align: 'center' as const,
            title: (
              <Flex vertical align="center" gap={4}>
                <Badge dot={dirty(role)} title={dirty(role) ? t('roles.unsaved') : undefined}>
                  <span style={{ whiteSpace: 'nowrap' }}>{roleName(role)}</span>
                </Badge>
                <Button
                  size="small"
                  type={dirty(role) ? 'primary' : 'default'}
                  disabled={!dirty(role)}
                  loading={saving === role.code}
                  onClick={() => void save(role)}
                  aria-label={`${t('roles.saveRole')} ${roleName(role)}`}
                >
                  {t('roles.saveRole')}
                </Button>
              </Flex>
            ),
            render: (_v: unknown, { permission }: { permission: Permission }) => (
              <Checkbox
                aria-label={`${roleName(role)} · ${t(`perm.${permission}`)}`}
                checked={granted(role).includes(permission)}
                onChange={(e) => toggle(role, permission, e.target.checked)}
              />
            ),
          })),
        ]}
      />
    </>
  );
}
