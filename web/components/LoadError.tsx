import { Alert, Button } from 'antd';
import { useT } from '../i18n/i18n-context.tsx';

/** A failed load, with the server's message and a retry. */
export function LoadError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert
      type="error"
      showIcon
      message={t('common.loadFailed')}
      description={error.message}
      style={{ marginBottom: 16 }}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
