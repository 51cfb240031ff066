import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { confidenceLevels, JudgementInputSchema } from '#domain/schemas/warnings.ts';
import { ApiError, api } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { isFutureDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { setFieldErrors, zodRule } from '../../../lib/zod-form.ts';

type Values = { confidence?: 'high' | 'medium' | 'low'; reason?: string; judgedOn?: Dayjs | null };

type Props = { projectId: string; open: boolean; onClose: () => void; onSaved: () => void };

/** 研判: a dated confidence (高/中/低) with a written reason, recorded beside the computed light. */
export function JudgementModal({ projectId, open, onClose, onSaved }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    setSaving(true);
    try {
      await api.warnings.judge(projectId, {
        confidence: values.confidence ?? 'medium',
        reason: (values.reason ?? '').trim(),
        judgedOn: toIsoDay(values.judgedOn) ?? undefined,
      });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0)
        setProblems(setFieldErrors(form, e.details, ['confidence', 'reason', 'judgedOn']));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('warnings.judgeTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ judgedOn: dayjs() }}>
        <Form.Item
          name="confidence"
          label={t('warnings.confidence')}
          required
          rules={[
            { required: true, message: t('common.requiredSelect', { label: t('warnings.confidence') }) },
          ]}
        >
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={confidenceLevels.map((c) => ({ value: c.code, label: pick(c) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('warnings.judgeReason')}
          required
          rules={[zodRule(JudgementInputSchema.shape.reason, { locale })]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="judgedOn" label={t('warnings.judgedOn')}>
          <DatePicker disabledDate={isFutureDay} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
