import { Alert, App, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ChangePasswordInputSchema, PasswordSchema } from '#domain/schemas/auth.ts';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { AuthCard } from '../../components/AuthCard.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { safeNext } from '../../lib/safe-next.ts';
import { useBack } from '../../lib/use-back.ts';
import { setFieldErrors, zodRule } from '../../lib/zod-form.ts';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

/** Both the forced change after a first login or a reset, and the voluntary one from the user menu. */
export function ChangePasswordPage() {
  const { t, locale } = useI18n();
  const { me, reload, signOut } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const back = useBack('/');
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const forced = me?.mustChangePassword ?? false;
  const next = safeNext(params.get('next'));

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await api.auth.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      message.success(t('auth.passwordChanged'));
      await reload();
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        const rest = setFieldErrors(form, e.details, ['currentPassword', 'newPassword']);
        setError(rest.length > 0 ? rest.join('；') : undefined);
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('auth.changePasswordTitle')}>
      {forced ? (
        <Alert type="warning" showIcon message={t('auth.mustChangePassword')} style={{ marginBottom: 16 }} />
      ) : null}
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          required
          rules={[zodRule(ChangePasswordInputSchema.shape.currentPassword, { locale })]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          required
          extra={<Typography.Text type="secondary">{t('auth.passwordRules')}</Typography.Text>}
          rules={[
            zodRule(PasswordSchema, {
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
          dependencies={['newPassword']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: unknown) => {
                if (value !== getFieldValue('newPassword')) throw new Error(t('auth.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={submitting} style={{ flex: 1 }}>
            {t('auth.submitChangePassword')}
          </Button>
          {forced ? (
            <Button onClick={() => void signOut()}>{t('header.logout')}</Button>
          ) : (
            <Button onClick={back}>{t('common.back')}</Button>
          )}
        </Flex>
      </Form>
    </AuthCard>
  );
}
