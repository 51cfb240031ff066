import { Tag } from 'antd';
import { confidenceLevels } from '#domain/schemas/warnings.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

type Confidence = (typeof confidenceLevels)[number]['code'];
const colors: Record<Confidence, string> = { high: 'success', medium: 'warning', low: 'error' };

/** 研判 confidence: 高 / 中 / 低 (delivery confidence, beside the computed light). */
export function ConfidenceTag({ confidence }: { confidence: Confidence }) {
  const { t, pick } = useI18n();
  const level = confidenceLevels.find((c) => c.code === confidence);
  return (
    <Tag color={colors[confidence]} bordered={false} style={{ marginInlineEnd: 0 }}>
      {t('warnings.confidenceIs', { level: level ? pick(level) : confidence })}
    </Tag>
  );
}
