import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, InputNumber, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { sizeBandLabels } from '#domain/analytics/pivot.ts';
import {
  type AnalysisSettings,
  AnalysisSettingsInputSchema,
  defaultSizeBands,
} from '#domain/schemas/analysis.ts';
import { ApiError, api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemsAlert } from '../../components/ProblemsAlert.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { zodProblems } from '../../lib/zod-form.ts';

const MAX_LIMITS = 12;

/**
 * /admin/analysis-settings — 规模分档: the investment size bands of the analysis, as ascending limits in 万元 (the
 * default: below 1 亿, 1–5 亿, 5–10 亿, 10–50 亿, 50 亿 and more), with the bands they make shown as they are typed.
 */
export function AnalysisSettingsPage() {
  const { t } = useI18n();
  const { data, error, reload } = useAsync(() => api.analytics.settings(), []);
  const [settings, setSettings] = useState<AnalysisSettings | undefined>(undefined);
  useEffect(() => {
    if (data) setSettings(data);
  }, [data]);
  if (error && !settings) return <LoadError error={error} onRetry={reload} />;
  if (!settings) return <PageFallback />;
  return (
    <>
      <PageHeader title={t('analysisSettings.title')} />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('analysisSettings.hint')}
      </Typography.Paragraph>
      <BandsForm key={settings.version} settings={settings} onSaved={setSettings} onConflict={reload} />
    </>
  );
}

function BandsForm({
  settings,
  onSaved,
  onConflict,
}: {
  settings: AnalysisSettings;
  onSaved: (s: AnalysisSettings) => void;
  onConflict: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [limits, setLimits] = useState<(number | null)[]>(settings.sizeBands);
  const [errors, setErrors] = useState<Map<number, string>>(new Map());
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const filled = limits.filter((l): l is number => l !== null);
  const ascending = filled.every((l, i) => i === 0 || l > (filled[i - 1] as number));
  const preview = ascending && filled.length > 0 ? sizeBandLabels(filled) : [];

  const save = async () => {
    setProblems([]);
    setErrors(new Map());
    const parsed = AnalysisSettingsInputSchema.safeParse({ sizeBands: limits, version: settings.version });
    if (!parsed.success) {
      const byIndex = new Map<number, string>();
      const general: string[] = [];
      for (const p of zodProblems(parsed.error, locale)) {
        const index = Number(p.field.split('.')[1]);
        if (p.field.startsWith('sizeBands.') && Number.isInteger(index)) byIndex.set(index, p.message);
        else general.push(p.message);
      }
      setErrors(byIndex);
      setProblems(general);
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.analytics.saveSettings(parsed.data));
      message.success(t('analysisSettings.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('analysisSettings.conflict'));
        onConflict();
      } else if (e instanceof ApiError && e.details.length > 0) {
        setProblems(e.details.map((d) => d.message));
      } else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" style={{ maxWidth: 720 }}>
      <ProblemsAlert title={t('analysisSettings.saveFailed')} problems={problems} />
      <Form layout="vertical" component="div">
        {limits.map((limit, i) => (
          <Form.Item
            // biome-ignore lint/suspicious/noArrayIndexKey: the limits are edited in place by position.
            key={i}
            label={t('analysisSettings.limit', { n: i + 1 })}
            htmlFor={`band-limit-${i}`}
            validateStatus={errors.has(i) ? 'error' : undefined}
            help={errors.get(i)}
            style={{ marginBottom: 12 }}
          >
            <Space.Compact style={{ width: 320, maxWidth: '100%' }}>
              <InputNumber
                id={`band-limit-${i}`}
                min={0}
                value={limit}
                onChange={(v) => setLimits((ls) => ls.map((l, j) => (j === i ? v : l)))}
                addonAfter={t('analysisSettings.unit')}
                style={{ width: '100%' }}
              />
              <Button
                icon={<DeleteOutlined aria-hidden />}
                aria-label={t('analysisSettings.remove', { n: i + 1 })}
                disabled={limits.length <= 1}
                onClick={() => setLimits((ls) => ls.filter((_, j) => j !== i))}
              />
            </Space.Compact>
          </Form.Item>
        ))}
      </Form>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Button
          icon={<PlusOutlined aria-hidden />}
          disabled={limits.length >= MAX_LIMITS}
          onClick={() => setLimits((ls) => [...ls, null])}
        >
          {t('analysisSettings.add')}
        </Button>
        <Button onClick={() => setLimits([...defaultSizeBands])}>{t('analysisSettings.defaults')}</Button>
      </Flex>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('analysisSettings.preview')}</Typography.Paragraph>
      <Flex gap={4} wrap style={{ marginBottom: 16 }} data-testid="band-preview">
        {preview.length > 0 ? (
          preview.map((label) => <Tag key={label.zh}>{pick(label)}</Tag>)
        ) : (
          <Typography.Text type="secondary">{t('analysisSettings.previewInvalid')}</Typography.Text>
        )}
      </Flex>
      <Button type="primary" icon={<SaveOutlined aria-hidden />} loading={saving} onClick={() => void save()}>
        {t('common.save')}
      </Button>
    </Card>
  );
}
