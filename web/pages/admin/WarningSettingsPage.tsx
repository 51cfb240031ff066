import { SaveOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { builtInPresetCodes } from '#domain/schemas/warnings.ts';
import {
  type AtLeastRule,
  builtInPresets,
  type InvestmentRule,
  investmentMeasures,
  type WarningPreset,
  WarningPresetSchema,
} from '#domain/warning-presets.ts';
import { ApiError, api, type WarningSettings } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemsAlert } from '../../components/ProblemsAlert.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { useAsync } from '../../lib/use-async.ts';
import { type PlacedErrors, setNestedFieldErrors, zodProblems } from '../../lib/zod-form.ts';
import {
  type AtLeastRuleKey,
  atLeastRules,
  countRules,
  fieldOfPath,
  type PresetFormValues,
  presetToValues,
  type RuleKey,
  ruleKeys,
  valuesToPreset,
} from './warning-preset-form.ts';

type PresetCode = (typeof builtInPresetCodes)[number];

const ruleLabels: Record<RuleKey, MessageKey> = {
  investment: 'settings.rule.investment',
  startDelay: 'settings.rule.startDelay',
  milestoneOverdue: 'settings.rule.milestoneOverdue',
  reportMissing: 'settings.rule.reportMissing',
  coordinationOverdue: 'settings.rule.coordinationOverdue',
  progressDivergence: 'settings.rule.progressDivergence',
};
const ruleUnits: Record<AtLeastRuleKey, MessageKey> = {
  startDelay: 'settings.unit.months',
  milestoneOverdue: 'settings.unit.days',
  reportMissing: 'settings.unit.months',
  coordinationOverdue: 'settings.unit.items',
  progressDivergence: 'settings.unit.points',
};
const measureLabels: Record<InvestmentRule['measure'], MessageKey> = {
  points_behind: 'settings.measure.points_behind',
  percent_below: 'settings.measure.percent_below',
  percent_of_schedule: 'settings.measure.percent_of_schedule',
};

/**
 * /admin/warning-settings — 预警规则: which preset lights the projects (银川, 三亚, 武汉 or the custom one), what
 * each preset's thresholds are and where they come from, and the custom preset's editor. Saving re-judges
 * every project at once; a concurrent change is refused (409) and the page reloads.
 */
export function WarningSettingsPage() {
  const { t } = useI18n();
  const { data, error, reload } = useAsync(() => api.warnings.settings(), []);
  const [settings, setSettings] = useState<WarningSettings | undefined>(undefined);
  useEffect(() => {
    if (data) setSettings(data);
  }, [data]);
  if (error && !settings) return <LoadError error={error} onRetry={reload} />;
  if (!settings) return <PageFallback />;
  return (
    <>
      <PageHeader title={t('settings.title')} />
      <Typography.Paragraph type="secondary">{t('settings.hint')}</Typography.Paragraph>
      <ActivePresetCard settings={settings} onSaved={setSettings} onConflict={reload} />
      <DeadlineCard settings={settings} onSaved={setSettings} onConflict={reload} />
      <PresetTable custom={settings.custom} />
      <CustomPresetCard settings={settings} onSaved={setSettings} onConflict={reload} />
    </>
  );
}

type CardProps = {
  settings: WarningSettings;
  onSaved: (settings: WarningSettings) => void;
  onConflict: () => void;
};

function usePresetNames(custom: WarningPreset): Record<PresetCode, string> {
  const { pick } = useI18n();
  return {
    yinchuan: pick(builtInPresets.yinchuan.name),
    sanya: pick(builtInPresets.sanya.name),
    wuhan: pick(builtInPresets.wuhan.name),
    custom: pick(custom.name),
  };
}

function ActivePresetCard({ settings, onSaved, onConflict }: CardProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = usePresetNames(settings.custom);
  const [choice, setChoice] = useState<PresetCode>(settings.activePreset);
  const [saving, setSaving] = useState(false);
  useEffect(() => setChoice(settings.activePreset), [settings.activePreset]);

  const save = async () => {
    setSaving(true);
    try {
      const saved = await api.warnings.saveSettings({ activePreset: choice, version: settings.version });
      onSaved(saved);
      message.success(t('settings.activeSaved', { name: names[choice] }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('settings.conflict'));
        onConflict();
      } else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('settings.active')} style={{ marginBottom: 16 }}>
      <Radio.Group
        value={choice}
        onChange={(e) => setChoice(e.target.value as PresetCode)}
        aria-label={t('settings.active')}
      >
        <Flex vertical gap={8}>
          {builtInPresetCodes.map((code) => (
            <Radio key={code} value={code}>
              {names[code]}
              {code === settings.activePreset ? (
                <Typography.Text type="success" style={{ marginInlineStart: 8 }}>
                  {t('settings.inUse')}
                </Typography.Text>
              ) : null}
            </Radio>
          ))}
        </Flex>
      </Radio.Group>
      <Flex style={{ marginTop: 16 }} gap={12} align="center" wrap>
        <Button
          type="primary"
          icon={<SaveOutlined aria-hidden />}
          disabled={choice === settings.activePreset}
          loading={saving}
          onClick={() => void save()}
        >
          {t('settings.useThis')}
        </Button>
        <Typography.Text type="secondary">{t('settings.recomputeHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}

/** 月报截止日: the day of the following month by which a month's report is due (missing reports count from it). */
function DeadlineCard({ settings, onSaved, onConflict }: CardProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [day, setDay] = useState<number | null>(settings.reportDeadlineDay);
  const [saving, setSaving] = useState(false);
  useEffect(() => setDay(settings.reportDeadlineDay), [settings.reportDeadlineDay]);

  const save = async () => {
    if (day === null) return;
    setSaving(true);
    try {
      const saved = await api.warnings.saveSettings({
        activePreset: settings.activePreset,
        reportDeadlineDay: day,
        version: settings.version,
      });
      onSaved(saved);
      message.success(t('settings.deadlineSaved', { day }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('settings.conflict'));
        onConflict();
      } else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('settings.deadline')} style={{ marginBottom: 16 }}>
      <Flex gap={12} align="center" wrap>
        <span>{t('settings.deadlinePrefix')}</span>
        <InputNumber<number>
          aria-label={t('settings.deadline')}
          min={1}
          max={28}
          precision={0}
          value={day}
          onChange={setDay}
          style={{ width: 90 }}
        />
        <span>{t('settings.deadlineSuffix')}</span>
        <Button
          type="primary"
          icon={<SaveOutlined aria-hidden />}
          disabled={day === null || day === settings.reportDeadlineDay}
          loading={saving}
          onClick={() => void save()}
        >
          {t('common.save')}
        </Button>
        <Typography.Text type="secondary">{t('settings.deadlineHint')}</Typography.Text>
      </Flex>
    </Card>
  );
}

/** One rule of one preset in words: thresholds with their comparison, and the source under them. */
function useRuleText() {
  const { t } = useI18n();
  const investment = (rule: InvestmentRule | null) => {
    if (!rule) return t('settings.off');
    const higherIsWorse = rule.measure !== 'percent_of_schedule';
    const op = (inclusive: boolean) => (higherIsWorse ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<');
    const unit = rule.measure === 'points_behind' ? '' : '%';
    const parts = [t(measureLabels[rule.measure])];
    if (rule.yellow)
      parts.push(
        t('settings.yellowAt', { op: op(rule.yellow.inclusive), value: `${rule.yellow.value}${unit}` }),
      );
    if (rule.red)
      parts.push(t('settings.redAt', { op: op(rule.red.inclusive), value: `${rule.red.value}${unit}` }));
    if (rule.minAnnualPlan !== null) parts.push(t('settings.minAnnualPlan', { value: rule.minAnnualPlan }));
    return parts.join(t('settings.separator'));
  };
  const atLeast = (key: AtLeastRuleKey, rule: AtLeastRule | null) => {
    if (!rule) return t('settings.off');
    const unit = t(ruleUnits[key]);
    const parts: string[] = [];
    if (rule.yellowAtLeast !== null)
      parts.push(t('settings.yellowAt', { op: '≥', value: `${rule.yellowAtLeast} ${unit}` }));
    if (rule.redAtLeast !== null)
      parts.push(t('settings.redAt', { op: '≥', value: `${rule.redAtLeast} ${unit}` }));
    return parts.join(t('settings.separator'));
  };
  return (preset: WarningPreset, key: RuleKey) =>
    key === 'investment' ? investment(preset.investment) : atLeast(key, preset[key]);
}

function PresetTable({ custom }: { custom: WarningPreset }) {
  const { t } = useI18n();
  const names = usePresetNames(custom);
  const ruleText = useRuleText();
  const presets: Record<PresetCode, WarningPreset> = { ...builtInPresets, custom };
  return (
    <Card size="small" title={t('settings.compare')} style={{ marginBottom: 16 }}>
      <Table<{ key: RuleKey }>
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={ruleKeys.map((key) => ({ key }))}
        columns={[
          {
            key: 'rule',
            title: t('settings.rule'),
            render: (_v, r) => <Typography.Text strong>{t(ruleLabels[r.key])}</Typography.Text>,
          },
          ...builtInPresetCodes.map((code) => ({
            key: code,
            title: names[code],
            render: (_v: unknown, r: { key: RuleKey }) => {
              const preset = presets[code];
              const rule = preset[r.key];
              return (
                <Flex vertical gap={2} style={{ minWidth: 180, maxWidth: 260 }}>
                  <span>{ruleText(preset, r.key)}</span>
                  {rule?.source ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('settings.source', { source: rule.source })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}

function CustomPresetCard({ settings, onSaved, onConflict }: CardProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PresetFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  // The rules switched on, as one string so that the watch only re-renders when a switch moves.
  const switchedOn = Form.useWatch(
    (v: PresetFormValues | undefined) => ruleKeys.filter((k) => v?.[k]?.enabled).join(','),
    form,
  );
  const on = (key: RuleKey) => (switchedOn ?? '').split(',').includes(key);
  const investmentOn = on('investment');

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means new saved values.
  useEffect(() => {
    form.setFieldsValue(presetToValues(settings.custom));
  }, [settings.version]);

  const place = (list: readonly { field: string; message: string }[]) => {
    const placed: PlacedErrors[] = [];
    const rest: string[] = [];
    for (const p of list) {
      const field = p.field.replace(/^custom\./, '');
      const name = fieldOfPath(field);
      const rule = ruleKeys.find((k) => field === k || field.startsWith(`${k}.`));
      if (name) placed.push({ name, errors: [p.message] });
      else rest.push(rule ? `${t(ruleLabels[rule])}${t('common.colon')}${p.message}` : p.message);
    }
    setNestedFieldErrors(form, placed);
    setProblems(rest);
  };

  const save = async () => {
    setProblems([]);
    const parsed = WarningPresetSchema.safeParse(valuesToPreset(form.getFieldsValue(true)));
    if (!parsed.success) {
      place(zodProblems(parsed.error, locale));
      return;
    }
    setSaving(true);
    try {
      const saved = await api.warnings.saveSettings({
        activePreset: settings.activePreset,
        custom: parsed.data,
        version: settings.version,
      });
      onSaved(saved);
      message.success(t('settings.customSaved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('settings.conflict'));
        onConflict();
      } else if (e instanceof ApiError && e.details.length > 0) place(e.details);
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const thresholdItem = (which: 'yellow' | 'red') => (
    <Flex gap={8} align="flex-start">
      <Form.Item
        name={['investment', which, 'value']}
        label={t(which === 'yellow' ? 'settings.yellowThreshold' : 'settings.redThreshold')}
        style={{ flex: 1, marginBottom: 12 }}
      >
        <InputNumber<number>
          min={0}
          max={100}
          precision={2}
          style={{ width: '100%' }}
          disabled={!investmentOn}
        />
      </Form.Item>
      <Form.Item
        name={['investment', which, 'inclusive']}
        valuePropName="checked"
        label=" "
        style={{ marginBottom: 12 }}
      >
        <Checkbox disabled={!investmentOn}>{t('settings.inclusive')}</Checkbox>
      </Form.Item>
    </Flex>
  );

  return (
    <Card
      size="small"
      title={t('settings.customTitle')}
      extra={
        <Button
          type="primary"
          icon={<SaveOutlined aria-hidden />}
          loading={saving}
          onClick={() => void save()}
        >
          {t('settings.saveCustom')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('settings.customHint')}</Typography.Paragraph>
      <ProblemsAlert title={t('settings.invalid')} problems={problems} />
      <Form<PresetFormValues> form={form} layout="vertical" initialValues={presetToValues(settings.custom)}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['name', 'zh']} label={t('settings.nameZh')} required>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['name', 'en']} label={t('settings.nameEn')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" plain>
          <Flex gap={8} align="center">
            {t(ruleLabels.investment)}
            <Form.Item name={['investment', 'enabled']} valuePropName="checked" noStyle>
              <Switch
                size="small"
                aria-label={t('settings.enableRule', { rule: t(ruleLabels.investment) })}
              />
            </Form.Item>
          </Flex>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} md={12} lg={6}>
            <Form.Item name={['investment', 'measure']} label={t('settings.measure')}>
              <Select
                disabled={!investmentOn}
                options={investmentMeasures.map((m) => ({ value: m, label: t(measureLabels[m]) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={6}>
            {thresholdItem('yellow')}
          </Col>
          <Col xs={24} md={12} lg={6}>
            {thresholdItem('red')}
          </Col>
          <Col xs={24} md={12} lg={6}>
            <Form.Item
              name={['investment', 'minAnnualPlan']}
              label={t('settings.minAnnualPlanLabel')}
              extra={t('settings.minAnnualPlanHint')}
            >
              <InputNumber<number> min={0} precision={2} style={{ width: '100%' }} disabled={!investmentOn} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name={['investment', 'source']} label={t('settings.sourceLabel')}>
              <Input maxLength={300} disabled={!investmentOn} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('settings.measureHint')}
        </Typography.Paragraph>

        {atLeastRules.map((key) => (
          <div key={key}>
            <Divider orientation="left" plain>
              <Flex gap={8} align="center">
                {t(ruleLabels[key])}
                <Form.Item name={[key, 'enabled']} valuePropName="checked" noStyle>
                  <Switch size="small" aria-label={t('settings.enableRule', { rule: t(ruleLabels[key]) })} />
                </Form.Item>
              </Flex>
            </Divider>
            <Row gutter={16}>
              {(['yellowAtLeast', 'redAtLeast'] as const).map((field) => (
                <Col xs={12} md={6} key={field}>
                  <Form.Item
                    name={[key, field]}
                    label={t(field === 'yellowAtLeast' ? 'settings.yellowAtLeast' : 'settings.redAtLeast', {
                      unit: t(ruleUnits[key]),
                    })}
                  >
                    <InputNumber<number>
                      min={(countRules as readonly string[]).includes(key) ? 1 : 0.01}
                      max={(countRules as readonly string[]).includes(key) ? 3650 : 100}
                      precision={(countRules as readonly string[]).includes(key) ? 0 : 2}
                      style={{ width: '100%' }}
                      disabled={!on(key)}
                    />
                  </Form.Item>
                </Col>
              ))}
              <Col xs={24} md={12}>
                <Form.Item name={[key, 'source']} label={t('settings.sourceLabel')}>
                  <Input maxLength={300} disabled={!on(key)} />
                </Form.Item>
              </Col>
            </Row>
          </div>
        ))}
      </Form>
    </Card>
  );
}
