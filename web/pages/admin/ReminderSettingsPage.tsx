import { ReloadOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import {
  type ReminderSettings,
  ReminderSettingsInputSchema,
  reminderFieldLabels,
  type ScheduledJob,
  type WebhookFormat,
  webhookFormats,
} from '#domain/schemas/reminders.ts';
import { ApiError, api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ProblemsAlert } from '../../components/ProblemsAlert.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../lib/zod-form.ts';

type Values = {
  inspectionLeadWorkingDays: number | null;
  reportLeadDays: number | null;
  actionLeadWorkingDays: number | null;
  webhookEnabled: boolean;
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
  webhookSecret: string | null;
  removeSecret: boolean;
};
const fields = [
  'inspectionLeadWorkingDays',
  'reportLeadDays',
  'actionLeadWorkingDays',
  'webhookEnabled',
  'webhookUrl',
  'webhookFormat',
  'webhookSecret',
] as const;

const formatLabels: Record<WebhookFormat, MessageKey> = {
  wecom: 'reminders.format.wecom',
  dingtalk: 'reminders.format.dingtalk',
};
const jobLabels: Record<string, MessageKey> = {
  'supervision.refresh': 'reminders.job.supervisionRefresh',
  'reminders.inspection-due': 'reminders.job.inspectionDue',
  'reminders.report-deadline': 'reminders.job.reportDeadline',
  'reminders.dispatch-actions': 'reminders.job.dispatchActions',
  'webhook.deliver': 'reminders.job.webhookDeliver',
};

/**
 * /admin/reminder-settings — 提醒与推送: how long before a deadline reminders go out, the 企业微信 / 钉钉 group
 * robot they are also posted to (with a test message), how delivery is going, and the background jobs.
 */
export function ReminderSettingsPage() {
  const { t } = useI18n();
  const { data, error, reload } = useAsync(() => api.reminders.settings(), []);
  const [settings, setSettings] = useState<ReminderSettings | undefined>(undefined);
  useEffect(() => {
    if (data) setSettings(data);
  }, [data]);
  if (error && !settings) return <LoadError error={error} onRetry={reload} />;
  if (!settings) return <PageFallback />;
  return (
    <>
      <PageHeader title={t('reminders.title')} />
      <Typography.Paragraph type="secondary">{t('reminders.hint')}</Typography.Paragraph>
      <SettingsForm settings={settings} onSaved={setSettings} onConflict={reload} />
      <DeliveryCard settings={settings} onRefresh={reload} />
      <JobsCard />
    </>
  );
}

function SettingsForm({
  settings,
  onSaved,
  onConflict,
}: {
  settings: ReminderSettings;
  onSaved: (s: ReminderSettings) => void;
  onConflict: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const shape = ReminderSettingsInputSchema.shape;
  const label = (key: keyof typeof reminderFieldLabels) => pick(reminderFieldLabels[key]);
  const format = Form.useWatch('webhookFormat', form) ?? settings.webhookFormat;
  const removeSecret = Form.useWatch('removeSecret', form) ?? false;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version means new saved values.
  useEffect(() => {
    form.setFieldsValue({
      inspectionLeadWorkingDays: settings.inspectionLeadWorkingDays,
      reportLeadDays: settings.reportLeadDays,
      actionLeadWorkingDays: settings.actionLeadWorkingDays,
      webhookEnabled: settings.webhookEnabled,
      webhookUrl: settings.webhookUrl,
      webhookFormat: settings.webhookFormat,
      webhookSecret: null,
      removeSecret: false,
    });
  }, [settings.version]);

  const save = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const secret = values.webhookSecret?.trim();
    const input = {
      inspectionLeadWorkingDays: values.inspectionLeadWorkingDays,
      reportLeadDays: values.reportLeadDays,
      actionLeadWorkingDays: values.actionLeadWorkingDays,
      webhookEnabled: values.webhookEnabled,
      webhookUrl: values.webhookUrl?.trim() || null,
      webhookFormat: values.webhookFormat,
      // Empty keeps the saved secret; "remove" clears it. A secret only matters to 钉钉.
      ...(values.removeSecret ? { webhookSecret: null } : secret ? { webhookSecret: secret } : {}),
      version: settings.version,
    };
    const parsed = ReminderSettingsInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.reminders.saveSettings(parsed.data));
      message.success(t('reminders.saved'));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('reminders.conflict'));
        onConflict();
      } else if (e instanceof ApiError && e.details.length > 0) {
        setProblems(setFieldErrors(form, e.details, fields));
      } else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const sendTest = async () => {
    setTesting(true);
    try {
      const result = await api.reminders.sendTestMessage();
      if (result.delivered) message.success(t('reminders.testDelivered'));
      else message.error(t('reminders.testFailed', { error: result.error ?? '' }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setTesting(false);
    }
  };

  const lead = (name: (typeof fields)[number] & `${string}Lead${string}`, suffix: MessageKey) => (
    <Form.Item label={label(name)} required>
      <Flex gap={8} align="center" wrap>
        <Form.Item name={name} noStyle rules={[zodRule(shape[name], { locale })]}>
          <InputNumber<number>
            aria-label={label(name)}
            min={0}
            max={15}
            precision={0}
            style={{ width: 90 }}
          />
        </Form.Item>
        <Typography.Text type="secondary">{t(suffix)}</Typography.Text>
      </Flex>
    </Form.Item>
  );

  return (
    <Form<Values> form={form} layout="vertical" onFinish={() => void save().catch(() => undefined)}>
      <ProblemsAlert title={t('reminders.saveFailed')} problems={problems} />
      <Card size="small" title={t('reminders.leads')} style={{ marginBottom: 16 }}>
        {lead('inspectionLeadWorkingDays', 'reminders.inspectionLeadSuffix')}
        {lead('reportLeadDays', 'reminders.reportLeadSuffix')}
        {lead('actionLeadWorkingDays', 'reminders.actionLeadSuffix')}
      </Card>
      <Card size="small" title={t('reminders.webhook')} style={{ marginBottom: 16 }}>
        <Form.Item name="webhookEnabled" label={label('webhookEnabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="webhookFormat" label={label('webhookFormat')} required>
          <Radio.Group
            options={webhookFormats.map((f) => ({ value: f, label: t(formatLabels[f]) }))}
            optionType="button"
          />
        </Form.Item>
        <Form.Item
          name="webhookUrl"
          label={label('webhookUrl')}
          rules={[zodRule(shape.webhookUrl, { locale })]}
          extra={t('reminders.urlHint')}
        >
          <Input
            placeholder={
              format === 'dingtalk'
                ? 'https://oapi.dingtalk.com/robot/send?access_token=…'
                : 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
            }
            maxLength={1000}
          />
        </Form.Item>
        {format === 'dingtalk' ? (
          <Form.Item
            name="webhookSecret"
            label={label('webhookSecret')}
            extra={settings.webhookHasSecret ? t('reminders.secretKept') : t('reminders.secretHint')}
          >
            <Input.Password
              autoComplete="new-password"
              disabled={removeSecret}
              placeholder="SEC…"
              maxLength={200}
            />
          </Form.Item>
        ) : null}
        {format === 'dingtalk' && settings.webhookHasSecret ? (
          <Form.Item name="removeSecret" valuePropName="checked">
            <Checkbox>{t('reminders.secretRemove')}</Checkbox>
          </Form.Item>
        ) : null}
        <Typography.Paragraph type="secondary">{t('reminders.keywordHint')}</Typography.Paragraph>
        <Flex gap={12} wrap align="center">
          <Button type="primary" htmlType="submit" icon={<SaveOutlined aria-hidden />} loading={saving}>
            {t('common.save')}
          </Button>
          <Button
            icon={<SendOutlined aria-hidden />}
            loading={testing}
            disabled={!settings.webhookUrl}
            onClick={() => void sendTest()}
          >
            {t('reminders.test')}
          </Button>
          <Typography.Text type="secondary">{t('reminders.testHint')}</Typography.Text>
        </Flex>
      </Card>
    </Form>
  );
}

function DeliveryCard({ settings, onRefresh }: { settings: ReminderSettings; onRefresh: () => void }) {
  const { t } = useI18n();
  const d = settings.delivery;
  return (
    <Card
      size="small"
      title={t('reminders.delivery')}
      style={{ marginBottom: 16 }}
      extra={
        <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={onRefresh}>
          {t('reminders.refresh')}
        </Button>
      }
    >
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
        <Descriptions.Item label={t('reminders.pending')}>{d.pending}</Descriptions.Item>
        <Descriptions.Item label={t('reminders.failed')}>
          {d.failed > 0 ? <Typography.Text type="danger">{d.failed}</Typography.Text> : 0}
        </Descriptions.Item>
        <Descriptions.Item label={t('reminders.lastSent')}>
          {formatDateTime(d.lastSentAt) || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('reminders.lastError')}>
          {d.lastError ? (
            <Typography.Text type="danger">
              {d.lastError}
              {d.lastErrorAt ? `（${formatDateTime(d.lastErrorAt)}）` : ''}
            </Typography.Text>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function JobsCard() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync(() => api.reminders.jobs(), []);
  const every = (seconds: number) =>
    seconds % 60 === 0
      ? t('reminders.everyMinutes', { n: seconds / 60 })
      : t('reminders.everySeconds', { n: seconds });
  return (
    <Card
      size="small"
      title={t('reminders.jobs')}
      extra={
        <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={reload}>
          {t('reminders.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('reminders.jobsHint')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<ScheduledJob>
        rowKey="name"
        size="small"
        loading={loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('reminders.noJobs') }}
        columns={[
          {
            key: 'name',
            title: t('reminders.job.name'),
            render: (_v, j) => (
              <Flex vertical>
                <span>{jobLabels[j.name] ? t(jobLabels[j.name]!) : j.name}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {j.name}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'interval',
            title: t('reminders.job.interval'),
            render: (_v, j) => every(j.intervalSeconds),
          },
          {
            key: 'next',
            title: t('reminders.job.nextRun'),
            render: (_v, j) =>
              j.lockedBy ? (
                <Tag color="processing">
                  {t('reminders.job.running', { node: j.lockedBy.split('#')[0] ?? '' })}
                </Tag>
              ) : (
                formatDateTime(j.nextRunAt)
              ),
          },
          {
            key: 'last',
            title: t('reminders.job.lastRun'),
            render: (_v, j) =>
              j.lastFinishedAt ? (
                <Flex gap={6} align="center" wrap>
                  <span>{formatDateTime(j.lastFinishedAt)}</span>
                  <Tag color={j.lastOutcome === 'failed' ? 'error' : 'success'}>
                    {t(j.lastOutcome === 'failed' ? 'reminders.job.failed' : 'reminders.job.succeeded')}
                  </Tag>
                </Flex>
              ) : (
                '—'
              ),
          },
          { key: 'runs', title: t('reminders.job.runs'), dataIndex: 'runCount' },
          {
            key: 'error',
            title: t('reminders.job.lastError'),
            render: (_v, j) =>
              j.lastError ? (
                <Typography.Text type="danger" style={{ maxWidth: 360, display: 'inline-block' }}>
                  {j.lastError}
                  {j.lastErrorAt ? `（${formatDateTime(j.lastErrorAt)}）` : ''}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
