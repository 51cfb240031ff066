import { DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { LifecycleStage } from '#domain/codelists.ts';
import { StageTransitionInputSchema } from '#domain/schemas/lifecycle.ts';
import { ApiError, api, type ProjectLifecycle } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { isFutureDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import {
  changedRecords,
  ExitRecordFields,
  placeProblems,
  type RecordFormValues,
  recordsToFormValues,
} from './ExitRecordFields.tsx';

/** The server joins its problems with "；" (zh) or "; " (en): one line each. */
function messageLines(message: string): string[] {
  return message
    .split(/；|; /)
    .map((line) => line.trim())
    .filter(Boolean);
}

type Values = {
  toStage?: LifecycleStage;
  movedOn?: Dayjs | null;
  reason?: string;
  records?: RecordFormValues;
};

type Props = {
  projectId: string;
  lifecycle: ProjectLifecycle;
  open: boolean;
  onClose: () => void;
  onMoved: (lifecycle: ProjectLifecycle) => void;
  /** Someone changed the project meanwhile (409): the caller reloads it. */
  onConflict: () => void;
};

/**
 * 推进阶段: the target (the next stage preselected; an earlier one needs a reason), the date and the exit
 * records of the stage being left. The server checks the whole move against the template and lists every
 * problem at once; they are shown here and the input is kept.
 */
export function MoveStageModal({ projectId, lifecycle, open, onClose, onMoved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const { steps } = lifecycle;
  const currentIndex = steps.findIndex((s) => s.status === 'current');
  const current = steps[currentIndex];
  const next = steps[currentIndex + 1];
  const toStage = Form.useWatch('toStage', form);
  const targetIndex = steps.findIndex((s) => s.code === toStage);
  const goingBack = targetIndex !== -1 && targetIndex < currentIndex;
  const exitCodes = current?.exitRecords ?? [];

  const options = steps
    .map((s, i) => ({ step: s, i }))
    .filter(({ i }) => i !== currentIndex)
    .map(({ step, i }) => ({
      value: step.code,
      label: i < currentIndex ? `${pick(step.label)}${t('lifecycle.backSuffix')}` : pick(step.label),
    }));

  const show = (messages: string[]) => setProblems(messages);

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const input = {
      toStage: values.toStage,
      movedOn: toIsoDay(values.movedOn),
      reason: goingBack ? (values.reason?.trim() ?? null) : null,
      records: goingBack ? undefined : changedRecords(values.records, lifecycle.records),
      version: lifecycle.version,
    };
    const parsed = StageTransitionInputSchema.safeParse(input);
    if (!parsed.success) {
      const { placed, unplaced } = placeProblems(zodProblems(parsed.error, locale), ['movedOn', 'reason']);
      setNestedFieldErrors(form, placed);
      show(unplaced);
      return;
    }
    setSaving(true);
    try {
      onMoved(await api.lifecycle.move(projectId, parsed.data));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        onConflict();
      } else if (e instanceof ApiError && e.details.length > 0) {
        // A date or reason problem goes onto its field; the template's verdict (skipped stages, missing
        // records, unmet conditions) is the server's message, which lists every problem.
        const { placed, unplaced } = placeProblems(e.details, ['movedOn', 'reason']);
        setNestedFieldErrors(form, placed);
        show(unplaced.length > 0 ? messageLines(e.message) : []);
      } else {
        show([e instanceof Error ? e.message : String(e)]);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('lifecycle.moveTitle')}
      okText={t('lifecycle.moveOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.problems')} problems={problems} />
      <Typography.Paragraph>
        {t('lifecycle.currentStageIs', { stage: current ? pick(current.label) : '—' })}
      </Typography.Paragraph>
      {/* Values are kept while fields hide (switching to an earlier stage and back keeps the records typed);
          the modal's content is destroyed on close, so the next opening starts fresh. */}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          toStage: next?.code,
          movedOn: dayjs(),
          records: recordsToFormValues(exitCodes, lifecycle.records),
        }}
      >
        <Form.Item
          name="toStage"
          label={t('lifecycle.toStage')}
          required
          rules={[{ required: true, message: t('common.requiredSelect', { label: t('lifecycle.toStage') }) }]}
        >
          <Select options={options} />
        </Form.Item>
        <Form.Item
          name="movedOn"
          label={t('lifecycle.movedOn')}
          required
          rules={[
            { required: true, message: t('common.requiredSelect', { label: t('lifecycle.movedOn') }) },
            {
              validator: async (_rule, value: Dayjs | null | undefined) => {
                if (value && isFutureDay(value)) throw new Error(t('lifecycle.futureDate'));
              },
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
        </Form.Item>
        {goingBack ? (
          <Form.Item
            name="reason"
            label={t('lifecycle.reason')}
            required
            extra={t('lifecycle.backHint')}
            rules={[
              { required: true, whitespace: true, message: t('lifecycle.reasonRequired') },
              { max: 500, type: 'string' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        {!goingBack && current && exitCodes.length > 0 ? (
          <>
            <Typography.Paragraph type="secondary">
              {t('lifecycle.exitRecordsHint', { stage: pick(current.label) })}
            </Typography.Paragraph>
            <ExitRecordFields codes={exitCodes} required />
          </>
        ) : null}
      </Form>
    </Modal>
  );
}
