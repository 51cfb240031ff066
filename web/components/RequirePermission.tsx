import { Result } from 'antd';
import type { ReactNode } from 'react';
import type { Permission } from '#domain/permissions.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { useT } from '../i18n/i18n-context.tsx';

/** Renders the page only for users with one of the permissions; the server checks again on every call. */
export function RequirePermission({
  anyOf,
  children,
}: {
  anyOf: readonly Permission[];
  children: ReactNode;
}) {
  const { can } = useAuth();
  const t = useT();
  if (!anyOf.some((p) => can(p))) {
    return <Result status="403" title={t('common.forbiddenTitle')} subTitle={t('common.forbidden')} />;
  }
  return children;
}
