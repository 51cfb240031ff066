import { Flex, Spin } from 'antd';
import { useT } from '../i18n/i18n-context.tsx';

/** What a page shows while its code or its first data loads. */
export function PageFallback() {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin tip={t('app.loading')}>
        <div style={{ width: 80, height: 80 }} />
      </Spin>
    </Flex>
  );
}
