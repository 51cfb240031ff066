import { Segmented } from 'antd';
import type { Locale } from '#domain/codelists.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

const options: { label: string; value: Locale }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'EN', value: 'en' },
];

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('app.language')}
      options={options}
      value={locale}
      onChange={(value) => setLocale(value)}
    />
  );
}
