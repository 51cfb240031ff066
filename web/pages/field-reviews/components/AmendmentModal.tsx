import { Flex, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { FieldReviewAmendmentInputSchema, fieldReviewFieldLabels } from '#domain/schemas/field-reviews.ts';
import { ApiError, api, type FieldReviewDetail } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodProblems } from '../../../lib/zod-form.ts';

type Values = {
  projectId?: string;
  scorerId?: string;
  scores?: Record<string, number | null>;
  reason?: string;
};
const fields = ['projectId', 'scorerId', 'scores', 'reason'] as const;

type Props = { tour: FieldReviewDetail; open: boolean; onClose: () => void; onAmended: () => void };

/** 更正评分 after closing: one scorer's sheet for one project replaced, with the reason on record. */
export function AmendmentModal({ tour, open, onClose, onAmended }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const label = (field: keyof typeof fieldReviewFieldLabels) => pick(fieldReviewFieldLabels[field]);

  // Choosing a project and a scorer fills in the scores the sheet has now (when the reader may see them).
  const prefill = () => {
    const { projectId, scorerId } = form.getFieldsValue(['projectId', 'scorerId']) as Values;
    if (!projectId || !scorerId) return;
    const latest = [...tour.amendments]
      .reverse()
      .find((a) => a.projectId === projectId && a.scorerId === scorerId);
    const sheet = tour.sheets.find((s) => s.projectId === projectId && s.scorerId === scorerId);
    const scores = latest?.scores ?? sheet?.scores ?? {};
    form.setFieldsValue({
      scores: Object.fromEntries(tour.config.criteria.map((c) => [c.code, scores[c.code] ?? null])),
    });
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const parsed = FieldReviewAmendmentInputSchema.safeParse({
      projectId: values.projectId ?? '',
      scorerId: values.scorerId ?? '',
      scores: Object.fromEntries(Object.entries(values.scores ?? {}).map(([k, v]) => [k, v ?? null])),
      reason: values.reason ?? '',
    });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      await api.fieldReviews.amend(tour.id, parsed.data);
      onAmended();
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) setProblems(setFieldErrors(form, e.details, fields));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('fieldReviews.amend')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('fieldReviews.amendFailed')} problems={problems} />
      <Form<Values> form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="projectId"
          label={label('projectId')}
          required
          rules={[{ required: true, message: t('common.requiredSelect', { label: label('projectId') }) }]}
        >
          <Select
            options={tour.route.map((s) => ({ value: s.projectId, label: s.projectName }))}
            onChange={prefill}
          />
        </Form.Item>
        <Form.Item
          name="scorerId"
          label={label('scorerId')}
          required
          rules={[{ required: true, message: t('common.requiredSelect', { label: label('scorerId') }) }]}
        >
          <Select
            options={tour.scorers.map((s) => ({ value: s.userId, label: s.displayName }))}
            onChange={prefill}
          />
        </Form.Item>
        <Form.Item label={label('scores')}>
          <Flex gap={8} wrap>
            {tour.config.criteria.map((c) => (
              <Form.Item
                key={c.code}
                name={['scores', c.code]}
                label={pick(c.label)}
                style={{ marginBottom: 0 }}
              >
                <InputNumber<number> min={0} max={100} precision={2} style={{ width: 110 }} />
              </Form.Item>
            ))}
          </Flex>
        </Form.Item>
        <Form.Item
          name="reason"
          label={label('reason')}
          required
          rules={[{ required: true, message: t('common.required', { label: label('reason') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
