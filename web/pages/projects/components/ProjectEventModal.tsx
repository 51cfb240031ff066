import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  type ProjectEventInput,
  ProjectEventInputSchema,
  projectEventKinds,
} from '#domain/schemas/lifecycle.ts';
import { ApiError, api, type ProjectLifecycle } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { isFutureDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = { kind?: ProjectEventInput['kind']; eventDate?: Dayjs | null; note?: string };
const fields = ['kind', 'eventDate', 'note'];

type Props = {
  projectId: string;
  open: boolean;
  onClose: () => void;
  onRecorded: (lifecycle: ProjectLifecycle) => void;
};

/** 登记事件: the national 开工/年度/竣工 reports and the 延迟开工/暂停施工/复工 notes, dated no later than today. */
export function ProjectEventModal({ projectId, open, onClose, onRecorded }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const shape = ProjectEventInputSchema.shape;

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const parsed = ProjectEventInputSchema.safeParse({
      kind: values.kind,
      eventDate: toIsoDay(values.eventDate),
      note: values.note?.trim() ? values.note.trim() : null,
    });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      onRecorded(await api.lifecycle.addEvent(projectId, parsed.data));
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
      title={t('events.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      <Form<Values> form={form} layout="vertical" preserve={false} initialValues={{ eventDate: dayjs() }}>
        <Form.Item name="kind" label={t('events.kind')} required rules={[zodRule(shape.kind, { locale })]}>
          <Select options={projectEventKinds.map((k) => ({ value: k.code, label: pick(k) }))} />
        </Form.Item>
        <Form.Item
          name="eventDate"
          label={t('events.date')}
          required
          rules={[
            { required: true, message: t('common.requiredSelect', { label: t('events.date') }) },
            {
              validator: async (_rule, value: Dayjs | null | undefined) => {
                if (value && isFutureDay(value)) throw new Error(t('lifecycle.futureDate'));
              },
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
        </Form.Item>
        <Form.Item name="note" label={t('events.note')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
