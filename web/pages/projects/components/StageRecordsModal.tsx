import { DatePicker, Form, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { exitRecords } from '#domain/lifecycle.ts';
import { StageRecordsInputSchema } from '#domain/schemas/lifecycle.ts';
import { ApiError, api, type ProjectLifecycle } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { isFutureDay, recordLabel, toIsoDay } from '../../../lib/lifecycle.ts';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import {
  changedRecords,
  ExitRecordFields,
  placeProblems,
  type RecordFormValues,
  recordsToFormValues,
} from './ExitRecordFields.tsx';

type Values = { recordedOn?: Dayjs | null; records?: RecordFormValues };

type Props = {
  projectId: string;
  lifecycle: ProjectLifecycle;
  open: boolean;
  onClose: () => void;
  onRecorded: (lifecycle: ProjectLifecycle) => void;
};

/**
 * 登记办结记录: exit records entered while the project stays where it is (a permit obtained before the move).
 * The current stage's records come first; any other record (e.g. the land contract a later stage asks for) can
 * be added.
 */
export function StageRecordsModal({ projectId, lifecycle, open, onClose, onRecorded }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const current = lifecycle.steps.find((s) => s.status === 'current');
  const stageCodes = current?.exitRecords ?? [];
  const [extra, setExtra] = useState<string[]>([]);
  const codes = [...stageCodes, ...extra];
  const others = exitRecords
    .map((r) => r.code as string)
    .filter((code) => !codes.includes(code))
    .map((code) => ({ value: code, label: pick(recordLabel(code)) }));

  const close = () => {
    setExtra([]);
    setProblems([]);
    onClose();
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const records = changedRecords(values.records, lifecycle.records);
    if (Object.keys(records).length === 0) {
      setProblems([t('lifecycle.nothingToRecord')]);
      return;
    }
    const parsed = StageRecordsInputSchema.safeParse({ records, recordedOn: toIsoDay(values.recordedOn) });
    if (!parsed.success) {
      const { placed, unplaced } = placeProblems(zodProblems(parsed.error, locale), ['recordedOn']);
      setNestedFieldErrors(form, placed);
      setProblems(unplaced);
      return;
    }
    setSaving(true);
    try {
      const saved = await api.lifecycle.record(projectId, parsed.data);
      setExtra([]);
      onRecorded(saved);
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) {
        const { placed, unplaced } = placeProblems(e.details, ['recordedOn']);
        setNestedFieldErrors(form, placed);
        setProblems(unplaced);
      } else {
        setProblems([e instanceof Error ? e.message : String(e)]);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('lifecycle.recordTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={close}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      <Typography.Paragraph type="secondary">
        {current && stageCodes.length > 0
          ? t('lifecycle.recordHint', { stage: pick(current.label) })
          : t('lifecycle.noExitRecords')}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          recordedOn: dayjs(),
          records: recordsToFormValues(stageCodes, lifecycle.records),
        }}
      >
        <Form.Item
          name="recordedOn"
          label={t('lifecycle.recordedOn')}
          required
          rules={[
            { required: true, message: t('common.requiredSelect', { label: t('lifecycle.recordedOn') }) },
            {
              validator: async (_rule, value: Dayjs | null | undefined) => {
                if (value && isFutureDay(value)) throw new Error(t('lifecycle.futureDate'));
              },
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
        </Form.Item>
        <ExitRecordFields codes={codes} />
        <Form.Item label={t('lifecycle.addRecord')}>
          <Select
            value={null}
            placeholder={t('lifecycle.addRecordPlaceholder')}
            options={others}
            showSearch
            optionFilterProp="label"
            onChange={(code: string | null) => {
              if (!code) return;
              setExtra((list) => [...list, code]);
              form.setFieldValue(
                ['records', code],
                recordsToFormValues([code], lifecycle.records)[code] ?? null,
              );
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
