import { DatePicker, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CalendarOverrideInputSchema } from '#domain/schemas/calendar.ts';
import { ApiError, api } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { fromIsoDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { setFieldErrors, zodRule } from '../../../lib/zod-form.ts';

export type OverrideDraft = {
  date: string | null;
  kind: 'holiday' | 'workday';
  name: string | null;
  /** An override already stored for the date: its date cannot change. */
  existing: boolean;
};

type Values = { date?: Dayjs | null; kind: 'holiday' | 'workday'; name?: string | null };

/** 设置某日放假或上班: one day of the calendar, with a name shown on it (e.g. 国庆节). */
export function CalendarOverrideModal({
  draft,
  onClose,
  onSaved,
}: {
  draft: OverrideDraft | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    const values = await form.validateFields();
    const date = toIsoDay(values.date);
    if (!date) return;
    setProblems([]);
    setSaving(true);
    try {
      await api.calendar.putOverride(date, { kind: values.kind, name: values.name?.trim() || null });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0)
        setProblems(setFieldErrors(form, e.details, ['date', 'kind', 'name']));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={draft !== undefined}
      title={
        draft?.existing ? t('calendar.editOverride', { date: draft.date ?? '' }) : t('calendar.addOverride')
      }
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      {draft ? (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ date: fromIsoDay(draft.date), kind: draft.kind, name: draft.name }}
        >
          <Form.Item
            name="date"
            label={t('calendar.date')}
            required
            rules={[{ required: true, message: t('common.requiredSelect', { label: t('calendar.date') }) }]}
          >
            <DatePicker style={{ width: '100%' }} disabled={draft.existing} />
          </Form.Item>
          <Form.Item name="kind" label={t('calendar.kind')} required>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'holiday', label: t('calendar.override.holiday') },
                { value: 'workday', label: t('calendar.override.workday') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('calendar.name')}
            rules={[zodRule(CalendarOverrideInputSchema.shape.name, { locale })]}
          >
            <Input maxLength={40} placeholder={t('calendar.namePlaceholder')} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
