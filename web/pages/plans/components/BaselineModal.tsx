import { Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { todayInChina } from '#domain/iso-date.ts';
import { BaselineCreateInputSchema, planFieldLabels } from '#domain/schemas/plans.ts';
import { ApiError, api } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodRule } from '../../../lib/zod-form.ts';

type Values = { year?: number; note?: string | null };

type Props = { projectId: string; open: boolean; onClose: () => void; onApproved: (year: number) => void };

/**
 * 批准基线: freezes the year's milestones and annual plan as the baseline later changes are measured against.
 * Once per project and year, so the dialog says so before the user confirms.
 */
export function BaselineModal({ projectId, open, onClose, onApproved }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    setSaving(true);
    try {
      const year = values.year ?? Number(todayInChina().slice(0, 4));
      await api.plans.approveBaseline(projectId, { year, note: values.note?.trim() || null });
      onApproved(year);
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0)
        setProblems(setFieldErrors(form, e.details, ['year', 'note']));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('milestones.approveBaselineTitle')}
      okText={t('milestones.approveBaselineOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('milestones.approveFailed')} problems={problems} />
      <Typography.Paragraph>{t('milestones.approveBaselineHint')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ year: Number(todayInChina().slice(0, 4)) }}
      >
        <Form.Item
          name="year"
          label={pick(planFieldLabels.year)}
          required
          rules={[zodRule(BaselineCreateInputSchema.shape.year, { locale })]}
        >
          <InputNumber<number> min={2000} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={pick(planFieldLabels.note)}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
