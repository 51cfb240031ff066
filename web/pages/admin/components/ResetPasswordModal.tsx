import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { type User, UserResetPasswordInputSchema } from '#domain/schemas/users.ts';
import { ApiError, api } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodRule } from '../../../lib/zod-form.ts';

type Props = { user: User | undefined; onClose: () => void; onDone: () => void };

export function ResetPasswordModal({ user, onClose, onDone }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ password: string; confirmPassword: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async () => {
    if (!user) return;
    const { password } = await form.validateFields();
    setSaving(true);
    setError(undefined);
    try {
      await api.users.resetPassword(user.id, password);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        setError(setFieldErrors(form, e.details, ['password']).join('；') || undefined);
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={user !== undefined}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      okText={t('users.resetPassword')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="password"
          label={t('auth.newPassword')}
          required
          extra={t('auth.passwordRules')}
          rules={[
            zodRule(UserResetPasswordInputSchema.shape.password, {
              locale,
              emptyMessage: t('common.required', { label: t('auth.newPassword') }),
            }),
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
      </Form>
    </Modal>
  );
}
