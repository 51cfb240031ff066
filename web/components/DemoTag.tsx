import { Tag } from 'antd';
import { useT } from '../i18n/i18n-context.tsx';

/** Marks demo records (and the whole system in demo mode) so nobody mistakes them for real data. */
export function DemoTag() {
  const t = useT();
  return (
    <Tag color="orange" bordered={false}>
      {t('app.demoData')}
    </Tag>
  );
}
