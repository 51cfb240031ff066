import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import type { RoleCode } from '#domain/permissions.ts';
import { PasswordSchema } from '#domain/schemas/auth.ts';
import { type User, UserCreateInputSchema, UserUpdateInputSchema } from '#domain/schemas/users.ts';
import { ApiError, api } from '../../../api/client.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = {
  username?: string;
  displayName?: string;
  organizationId?: string | null;
  roles?: RoleCode[];
  isActive?: boolean;
  password?: string;
  confirmPassword?: string;
};

const fields = ['username', 'displayName', 'organizationId', 'roles', 'isActive', 'password'];

type Props = {
  /** The user to edit; none to create one. */
  user?: User;
  open: boolean;
  roleOptions: { value: RoleCode; label: string }[];
  onClose: () => void;
  onSaved: (user: User) => void;
  /** Someone else changed the user meanwhile: the caller reloads the list. */
  onConflict: () => void;
};

export function UserFormModal({ user, open, roleOptions, onClose, onSaved, onConflict }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const creating = !user;
  const shape = UserCreateInputSchema.shape;
  const required = (label: string) => t('common.required', { label });

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    setError(undefined);
    try {
      const organizationId = values.organizationId ?? null;
      let saved: User;
      if (creating) {
        const parsed = UserCreateInputSchema.safeParse({
          ...values,
          organizationId,
          confirmPassword: undefined,
        });
        if (!parsed.success) {
          setFieldErrors(form, zodProblems(parsed.error, locale), fields);
          return;
        }
        saved = await api.users.create(parsed.data);
      } else {
        const parsed = UserUpdateInputSchema.safeParse({
          displayName: values.displayName,
          organizationId,
          roles: values.roles,
          isActive: values.isActive,
          version: user.version,
        });
        if (!parsed.success) {
          setFieldErrors(form, zodProblems(parsed.error, locale), fields);
          return;
        }
        saved = await api.users.update(user.id, parsed.data);
      }
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else if (e instanceof ApiError && e.details.length > 0) {
        setError(setFieldErrors(form, e.details, fields).join('；') || undefined);
      } else if (e instanceof ApiError && e.code === 'CONFLICT' && creating) {
        form.setFields([{ name: 'username', errors: [e.message] }]);
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={creating ? t('users.createTitle') : t('users.editTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                organizationId: user.organizationId,
                roles: user.roles,
                isActive: user.isActive,
              }
            : { roles: [], isActive: true }
        }
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          required={creating}
          rules={
            creating ? [zodRule(shape.username, { locale, emptyMessage: required(t('users.username')) })] : []
          }
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          required
          rules={[zodRule(shape.displayName, { locale, emptyMessage: required(t('users.displayName')) })]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="organizationId" label={t('users.organization')}>
          <OrganizationSelect
            knownOptions={
              user?.organizationId
                ? [{ value: user.organizationId, label: user.organizationName ?? '' }]
                : undefined
            }
          />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} required rules={[zodRule(shape.roles, { locale })]}>
          <Select mode="multiple" options={roleOptions} optionFilterProp="label" />
        </Form.Item>
        {creating ? (
          <>
            <Form.Item
              name="password"
              label={t('users.initialPassword')}
              required
              extra={t('auth.passwordRules')}
              rules={[
                zodRule(PasswordSchema, { locale, emptyMessage: required(t('users.initialPassword')) }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('auth.confirmPassword')}
              required
              dependencies={['password']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: unknown) => {
                    if (value !== getFieldValue('password')) throw new Error(t('auth.passwordMismatch'));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="isActive" label={t('users.status')} valuePropName="checked">
            <Switch checkedChildren={t('users.active')} unCheckedChildren={t('users.inactive')} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
