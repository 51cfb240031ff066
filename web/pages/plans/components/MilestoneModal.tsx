import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  MilestoneCreateInputSchema,
  type MilestoneStatus,
  type MilestoneUpdateInput,
  milestoneStatuses,
  milestoneStatusLabels,
  planFieldLabels,
} from '#domain/schemas/plans.ts';
import { ApiError, api, type Milestone } from '../../../api/client.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { fromIsoDay, isFutureDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = {
  name?: string;
  plannedDate?: Dayjs | null;
  actualDate?: Dayjs | null;
  responsibleOrgId?: string | null;
  status?: MilestoneStatus;
  sort?: number | null;
};
const fields = ['name', 'plannedDate', 'actualDate', 'responsibleOrgId', 'status', 'sort'] as const;

type Props = {
  projectId: string;
  /** Absent: a new milestone. */
  milestone: Milestone | undefined;
  open: boolean;
  onClose: () => void;
  onSaved: (message: string) => void;
  /** Someone changed the milestone meanwhile (409): the caller reloads. */
  onConflict: () => void;
};

/** 新增 / 编辑节点. An edit sends only what changed, with the version it was read at. */
export function MilestoneModal({ projectId, milestone, open, onClose, onSaved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const shape = MilestoneCreateInputSchema.shape;
  const label = (key: keyof typeof planFieldLabels) => pick(planFieldLabels[key]);
  const dateValue = (v: unknown) => toIsoDay(v as Dayjs | null | undefined);

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const input = {
      name: values.name?.trim() ?? '',
      plannedDate: toIsoDay(values.plannedDate) ?? '',
      actualDate: toIsoDay(values.actualDate),
      responsibleOrgId: values.responsibleOrgId ?? null,
      status: values.status ?? 'planned',
      sort: values.sort ?? undefined,
    };
    const parsed = MilestoneCreateInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      if (milestone) {
        const changes = Object.fromEntries(
          Object.entries(parsed.data).filter(
            ([key, value]) => (milestone as Record<string, unknown>)[key] !== value,
          ),
        ) as Partial<MilestoneUpdateInput>;
        await api.plans.updateMilestone(milestone.id, { ...changes, version: milestone.version });
        onSaved(t('milestones.saved', { name: parsed.data.name }));
      } else {
        await api.plans.createMilestone(projectId, parsed.data);
        onSaved(t('milestones.created', { name: parsed.data.name }));
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else if (e instanceof ApiError && e.details.length > 0)
        setProblems(setFieldErrors(form, e.details, fields));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={milestone ? t('milestones.editTitle', { name: milestone.name }) : t('milestones.addTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          milestone
            ? {
                name: milestone.name,
                plannedDate: fromIsoDay(milestone.plannedDate),
                actualDate: fromIsoDay(milestone.actualDate),
                responsibleOrgId: milestone.responsibleOrgId,
                status: milestone.status,
                sort: milestone.sort,
              }
            : { status: 'planned' }
        }
      >
        <Form.Item name="name" label={label('name')} required rules={[zodRule(shape.name, { locale })]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="plannedDate"
          label={label('plannedDate')}
          required
          rules={[
            zodRule(shape.plannedDate, {
              locale,
              toValue: dateValue,
              emptyMessage: t('common.requiredSelect', { label: label('plannedDate') }),
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="status" label={label('status')} required>
          <Select
            options={milestoneStatuses.map((s) => ({ value: s, label: pick(milestoneStatusLabels[s]) }))}
          />
        </Form.Item>
        <Form.Item
          name="actualDate"
          label={label('actualDate')}
          dependencies={['status']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value: Dayjs | null | undefined) => {
                if (value && isFutureDay(value)) throw new Error(t('lifecycle.futureDate'));
                if (getFieldValue('status') === 'done' && !value)
                  throw new Error(t('milestones.actualRequired'));
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
        </Form.Item>
        <Form.Item name="responsibleOrgId" label={label('responsibleOrgId')}>
          <OrganizationSelect
            knownOptions={
              milestone?.responsibleOrgId && milestone.responsibleOrgName
                ? [{ value: milestone.responsibleOrgId, label: milestone.responsibleOrgName }]
                : undefined
            }
          />
        </Form.Item>
        <Form.Item name="sort" label={label('sort')} extra={t('milestones.sortHint')}>
          <InputNumber<number> min={0} max={10_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
