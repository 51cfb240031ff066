import { App, Form, Input, Modal, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { BulletinNumberPartsSchema, formatBulletinNumber } from '#domain/bulletin-number.ts';
import { todayInChina } from '#domain/iso-date.ts';
import { BulletinSettingsInputSchema, bulletinFieldLabels } from '#domain/schemas/bulletins.ts';
import { ApiError, api, type BulletinSettings } from '../../../api/client.ts';
import { LoadError } from '../../../components/LoadError.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = { issuer?: string; issuerShort?: string; recipients?: string; copyTo?: string | null };
const fields = ['issuer', 'issuerShort', 'recipients', 'copyTo'] as const;

/** 版头设置: the issuer, the 文号's short name and the addressees of the bulletins generated from now on. */
export function BulletinSettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const { data, error, loading, reload } = useAsync<BulletinSettings | undefined>(
    () => (open ? api.bulletins.settings() : Promise.resolve(undefined)),
    [open],
  );
  const issuerShort = Form.useWatch('issuerShort', form);
  const shape = BulletinSettingsInputSchema.shape;
  const label = (key: (typeof fields)[number]) => pick(bulletinFieldLabels[key]);

  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);

  const year = Number(todayInChina().slice(0, 4));
  const preview = BulletinNumberPartsSchema.safeParse({ issuerShort: issuerShort?.trim(), year, sequence: 1 })
    .success
    ? formatBulletinNumber({ issuerShort: issuerShort?.trim() ?? '', year, sequence: 1 })
    : undefined;

  const submit = async () => {
    if (!data) return;
    const values = await form.validateFields();
    setProblems([]);
    const parsed = BulletinSettingsInputSchema.safeParse({ ...values, version: data.version });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      await api.bulletins.saveSettings(parsed.data);
      message.success(t('bulletins.settingsSaved'));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        message.warning(t('bulletins.settingsConflict'));
        reload();
      } else if (e instanceof ApiError && e.details.length > 0) {
        setProblems(setFieldErrors(form, e.details, fields));
      } else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('bulletins.settingsTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, disabled: !data }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('bulletins.settingsHint')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {loading && !data ? <Skeleton active /> : null}
      <ProblemsAlert title={t('bulletins.settingsFailed')} problems={problems} />
      <Form<Values> form={form} layout="vertical" preserve={false} hidden={!data}>
        <Form.Item name="issuer" label={label('issuer')} required rules={[zodRule(shape.issuer, { locale })]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item
          name="issuerShort"
          label={label('issuerShort')}
          required
          rules={[
            zodRule(shape.issuerShort, { locale }),
            zodRule(BulletinNumberPartsSchema.shape.issuerShort, { locale }),
          ]}
          extra={preview ? t('bulletins.numberPreview', { number: preview }) : undefined}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="recipients"
          label={label('recipients')}
          required
          rules={[zodRule(shape.recipients, { locale })]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="copyTo" label={label('copyTo')} rules={[zodRule(shape.copyTo, { locale })]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
