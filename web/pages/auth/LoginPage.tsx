import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { type LoginInput, LoginInputSchema } from '#domain/schemas/auth.ts';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { AuthCard } from '../../components/AuthCard.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { safeNext } from '../../lib/safe-next.ts';
import { zodRule } from '../../lib/zod-form.ts';

export function LoginPage() {
  const { t, locale } = useI18n();
  const { state, signedIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginInput>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const next = safeNext(params.get('next'));

  if (state.status === 'authenticated') return <Navigate to={next} replace />;

  const submit = async (values: LoginInput) => {
    setSubmitting(true);
    setError(undefined);
    try {
      signedIn(await api.auth.login(values));
      navigate(next, { replace: true });
    } catch (e) {
      // 401 wrong credentials and 423 locked account both carry a message meant for the user.
      setError(e instanceof ApiError ? e.message : String(e));
      form.setFieldValue('password', '');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <AuthCard title={t('auth.loginTitle')}>
      {params.get('expired') && !error ? (
        <Alert type="info" showIcon message={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />
      ) : null}
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[zodRule(LoginInputSchema.shape.username, { locale })]}
        >
          <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[zodRule(LoginInputSchema.shape.password, { locale })]}
        >
          <Input.Password
            prefix={<LockOutlined aria-hidden />}
            autoComplete="current-password"
            size="large"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('auth.login')}
        </Button>
      </Form>
    </AuthCard>
  );
}
