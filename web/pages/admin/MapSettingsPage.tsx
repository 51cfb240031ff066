import { SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Typography,
} from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import {
  type BaseMapMode,
  type BaseMapPreset,
  baseMapPresets,
  type MapCrs,
  type MapSettings,
  MapSettingsInputSchema,
  mapSettingsFieldLabels,
} from '#domain/schemas/map.ts';
import { ApiError, api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemsAlert } from '../../components/ProblemsAlert.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../lib/zod-form.ts';

// The preview draws a map: Leaflet loads with it, not with this page's form.
const LocationPicker = lazy(() =>
  import('../map/components/LocationPicker.tsx').then((m) => ({ default: m.LocationPicker })),
);

type Values = {
  mode: BaseMapMode;
  urlTemplate: string | null;
  overlayUrlTemplate: string | null;
  subdomains: string | null;
  attribution: string | null;
  crs: MapCrs;
  maxZoom: number | null;
};
const fields = [
  'mode',
  'urlTemplate',
  'overlayUrlTemplate',
  'subdomains',
  'attribution',
  'crs',
  'maxZoom',
] as const;

/**
 * /admin/map-settings — 底图设置: the offline district outlines (the default, no network needed) or a tile
 * service (天地图, 高德, OpenStreetMap as one-click examples) with its coordinate system; a live preview.
 */
export function MapSettingsPage() {
  const { t } = useI18n();
  const { data, error, reload } = useAsync(() => api.map.settings(), []);
  const [settings, setSettings] = useState<MapSettings | undefined>(undefined);
  useEffect(() => {
    if (data) setSettings(data);
  }, [data]);
  if (error && !settings) return <LoadError error={error} onRetry={reload} />;
  if (!settings) return <PageFallback />;
  return (
    <>
      <PageHeader title={t('mapSettings.title')} />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('mapSettings.hint')}
      </Typography.Paragraph>
      <SettingsForm settings={settings} onSaved={setSettings} onConflict={reload} />
    </>
  );
}

function SettingsForm({
  settings,
  onSaved,
  onConflict,
}: {
  settings: MapSettings;
  onSaved: (s: MapSettings) => void;
  onConflict: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [preset, setPreset] = useState<BaseMapPreset | undefined>(undefined);
  const shape = MapSettingsInputSchema.shape;
  const label = (key: keyof typeof mapSettingsFieldLabels) => pick(mapSettingsFieldLabels[key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means new saved values.
  useEffect(() => {
    const { version: _v, updatedAt: _u, ...values } = settings;
    form.setFieldsValue(values);
  }, [settings.version]);

  const watched = {
    mode: Form.useWatch('mode', form) ?? settings.mode,
    urlTemplate: Form.useWatch('urlTemplate', form) ?? null,
    overlayUrlTemplate: Form.useWatch('overlayUrlTemplate', form) ?? null,
    subdomains: Form.useWatch('subdomains', form) ?? null,
    attribution: Form.useWatch('attribution', form) ?? null,
    crs: Form.useWatch('crs', form) ?? settings.crs,
    maxZoom: Form.useWatch('maxZoom', form) ?? settings.maxZoom,
  };
  // The preview follows the form after a pause, so that typing a template does not request tiles per letter.
  const previewKey = JSON.stringify(watched);
  const [previewed, setPreviewed] = useState(previewKey);
  useEffect(() => {
    const timer = setTimeout(() => setPreviewed(previewKey), 800);
    return () => clearTimeout(timer);
  }, [previewKey]);
  const preview = useMemo<MapSettings>(() => {
    const v = JSON.parse(previewed) as Values;
    return { ...v, maxZoom: v.maxZoom ?? 18, version: 0, updatedAt: null };
  }, [previewed]);
  const tiles = watched.mode === 'tiles';

  const applyPreset = (p: BaseMapPreset) => {
    form.setFieldsValue({
      mode: 'tiles',
      urlTemplate: p.urlTemplate,
      overlayUrlTemplate: p.overlayUrlTemplate,
      subdomains: p.subdomains,
      attribution: p.attribution,
      crs: p.crs,
      maxZoom: p.maxZoom,
    });
    setPreset(p);
  };

  const save = async () => {
    setProblems([]);
    const values = form.getFieldsValue(true) as Values;
    const parsed = MapSettingsInputSchema.safeParse({
      ...values,
      urlTemplate: values.urlTemplate ?? null,
      overlayUrlTemplate: values.overlayUrlTemplate ?? null,
      subdomains: values.subdomains ?? null,
      attribution: values.attribution ?? null,
      version: settings.version,
    });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      const saved = await api.map.saveSettings(parsed.data);
      // The other maps of this page load read the new base.
      (await import('../map/map-base.ts')).rememberMapSettings(saved);
      onSaved(saved);
      message.success(t('mapSettings.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('mapSettings.conflict'));
        onConflict();
      } else if (e instanceof ApiError && e.details.length > 0) {
        setProblems(setFieldErrors(form, e.details, fields));
      } else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const text = (
    name: 'urlTemplate' | 'overlayUrlTemplate' | 'subdomains' | 'attribution',
    extra?: string,
  ) => (
    <Form.Item name={name} label={label(name)} rules={[zodRule(shape[name], { locale })]} extra={extra}>
      <Input allowClear maxLength={name === 'subdomains' ? 16 : 500} disabled={!tiles} />
    </Form.Item>
  );

  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Form<Values> form={form} layout="vertical" onFinish={() => void save()}>
          <ProblemsAlert title={t('mapSettings.saveFailed')} problems={problems} />
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form.Item name="mode" label={label('mode')} required>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'offline', label: t('mapSettings.offline') },
                  { value: 'tiles', label: t('mapSettings.tiles') },
                ]}
              />
            </Form.Item>
            <Typography.Paragraph type="secondary">
              {tiles ? t('mapSettings.tilesHint') : t('mapSettings.offlineHint')}
            </Typography.Paragraph>
            <Form.Item label={t('mapSettings.presets')}>
              <Space wrap>
                {baseMapPresets.map((p) => (
                  <Button key={p.code} onClick={() => applyPreset(p)}>
                    {pick(p.label)}
                  </Button>
                ))}
              </Space>
            </Form.Item>
            {preset && tiles ? (
              <Alert type="info" showIcon style={{ marginBottom: 16 }} message={pick(preset.note)} />
            ) : null}
            {text('urlTemplate', t('mapSettings.urlHint'))}
            {text('overlayUrlTemplate', t('mapSettings.overlayHint'))}
            <Row gutter={16}>
              <Col xs={24} md={12}>
                {text('subdomains', t('mapSettings.subdomainsHint'))}
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="maxZoom"
                  label={label('maxZoom')}
                  rules={[zodRule(shape.maxZoom, { locale })]}
                >
                  <InputNumber<number>
                    min={1}
                    max={22}
                    precision={0}
                    style={{ width: 120 }}
                    disabled={!tiles}
                  />
                </Form.Item>
              </Col>
            </Row>
            {text('attribution')}
            <Form.Item name="crs" label={label('crs')} required extra={t('mapSettings.crsHint')}>
              <Radio.Group
                disabled={!tiles}
                options={[
                  { value: 'wgs84', label: t('mapSettings.wgs84') },
                  { value: 'gcj02', label: t('mapSettings.gcj02') },
                ]}
              />
            </Form.Item>
            <Flex gap={12} align="center" wrap>
              <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={saving}>
                {t('common.save')}
              </Button>
              {settings.updatedAt ? (
                <Typography.Text type="secondary">
                  {t('mapSettings.updatedAt', { at: formatDateTime(settings.updatedAt) })}
                </Typography.Text>
              ) : null}
            </Flex>
          </Card>
        </Form>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('mapSettings.preview')}>
          <Typography.Paragraph type="secondary">{t('mapSettings.previewHint')}</Typography.Paragraph>
          <Suspense fallback={<div style={{ height: 420 }} />}>
            <LocationPicker value={null} settings={preview} height={420} />
          </Suspense>
        </Card>
      </Col>
    </Row>
  );
}
