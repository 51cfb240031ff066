import { Alert, App, Form, Input, Modal, Spin, Typography } from 'antd';
import { useState } from 'react';
import { formatChineseMonth } from '#domain/bulletin-number.ts';
import { BulletinRegenerateInputSchema, bulletinFieldLabels } from '#domain/schemas/bulletins.ts';
import { ApiError, api, type Bulletin, type BulletinDetail } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { zodRule } from '../../../lib/zod-form.ts';

type Props = {
  /** The current version to regenerate; absent: the modal is closed. */
  bulletin: Bulletin | undefined;
  onClose: () => void;
  onDone: (made: BulletinDetail) => void;
  /** Someone regenerated it first (409): the caller reloads the list. */
  onStale: () => void;
};

/** 重新生成: confirms, takes an optional reason, and generates the month again under the same number. */
export function RegenerateModal({ bulletin, onClose, onDone, onStale }: Props) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const month = bulletin ? (locale === 'en' ? bulletin.month : formatChineseMonth(bulletin.month)) : '';

  const submit = async () => {
    if (!bulletin) return;
    const { note } = await form.validateFields();
    setProblem(undefined);
    setWorking(true);
    try {
      onDone(await api.bulletins.regenerate(bulletin.id, note?.trim() || undefined));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        message.warning(e.message);
        onStale();
      } else setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setWorking(false);
    }
  };

  return (
    <Modal
      open={bulletin !== undefined}
      title={bulletin ? t('bulletins.regenerateTitle', { month }) : ''}
      okText={t('bulletins.regenerate')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: working }}
      cancelButtonProps={{ disabled: working }}
      closable={!working}
      maskClosable={!working}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      {bulletin ? (
        <Typography.Paragraph>
          {t('bulletins.regenerateHint', { number: bulletin.number, revision: bulletin.revision + 1 })}
        </Typography.Paragraph>
      ) : null}
      {problem ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={problem} />
      ) : null}
      <Form form={form} layout="vertical" preserve={false} disabled={working}>
        <Form.Item
          name="note"
          label={pick(bulletinFieldLabels.note)}
          rules={[zodRule(BulletinRegenerateInputSchema.shape.note, { locale })]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('bulletins.notePlaceholder')} />
        </Form.Item>
      </Form>
      {working ? (
        <Spin size="small" tip={t('bulletins.generating', { month })}>
          <div style={{ height: 32 }} />
        </Spin>
      ) : null}
    </Modal>
  );
}
