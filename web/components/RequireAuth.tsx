import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../auth/auth-context.tsx';
import { useT } from '../i18n/i18n-context.tsx';
import { PageFallback } from './PageFallback.tsx';

/**
 * Lets only logged-in users through, and sends a user who must change their password to that page first.
 * The current address travels in `next` so the user lands back where they were.
 */
export function RequireAuth({
  children,
  passwordChangePage = false,
}: {
  children: ReactNode;
  passwordChangePage?: boolean;
}) {
  const { state, reload } = useAuth();
  const location = useLocation();
  const t = useT();
  const here = `${location.pathname}${location.search}`;

  if (state.status === 'loading') return <PageFallback />;
  if (state.status === 'error') {
    return (
      <Result
        status="error"
        title={t('common.loadFailed')}
        subTitle={state.error.message}
        extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (state.status === 'anonymous') {
    // After a deliberate logout the next person to log in starts afresh, not on the previous user's page.
    if (state.why === 'signed-out') return <Navigate to="/login" replace />;
    const params = new URLSearchParams({ next: here });
    if (state.why === 'expired') params.set('expired', '1');
    return <Navigate to={`/login?${params}`} replace />;
  }
  if (state.me.mustChangePassword && !passwordChangePage) {
    return <Navigate to={`/change-password?${new URLSearchParams({ next: here })}`} replace />;
  }
  return children;
}
