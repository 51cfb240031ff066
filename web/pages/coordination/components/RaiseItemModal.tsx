import { Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { todayInChina } from '#domain/iso-date.ts';
import {
  CoordinationItemCreateInputSchema,
  coordinationCategories,
  coordinationFieldLabels,
  coordinationPriorities,
  coordinationSources,
} from '#domain/schemas/coordination.ts';
import { ApiError, api, type CoordinationItemCreateInput } from '../../../api/client.ts';
import { useAuth } from '../../../auth/auth-context.tsx';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = Partial<CoordinationItemCreateInput>;
const fields = [
  'title',
  'description',
  'category',
  'departmentIds',
  'deadlineWorkingDays',
  'priority',
  'source',
  'sourceRef',
] as const;
type Field = (typeof fields)[number];

type Props = {
  projectId: string;
  open: boolean;
  onClose: () => void;
  onRaised: (id: string) => void;
};

/** 提出协调事项: what the problem is, which departments must act and within how many working days. */
export function RaiseItemModal({ projectId, open, onClose, onRaised }: Props) {
  const { t, pick, locale } = useI18n();
  const { me } = useAuth();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const days = Form.useWatch('deadlineWorkingDays', form) as number | null | undefined;
  const [deadline, setDeadline] = useState<{ date?: string; problem?: string }>({});

  // The deadline it will get, counted in working days by the server's calendar (holidays and 调休 included).
  useEffect(() => {
    if (!open || !days || days < 1 || days > 120 || !Number.isInteger(days)) {
      setDeadline({});
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.calendar.deadline(todayInChina(), days).then(
        (d) => current && setDeadline({ date: d.deadline }),
        (e: unknown) => current && setDeadline({ problem: e instanceof Error ? e.message : String(e) }),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, days]);

  const label = (field: Field) => pick(coordinationFieldLabels[field]);
  const rule = (field: Field) =>
    zodRule(CoordinationItemCreateInputSchema.shape[field], {
      locale,
      emptyMessage: t(
        ['category', 'departmentIds', 'priority', 'source'].includes(field)
          ? 'common.requiredSelect'
          : 'common.required',
        { label: label(field) },
      ),
    });

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const parsed = CoordinationItemCreateInputSchema.safeParse({
      ...values,
      sourceRef: values.sourceRef?.trim() || null,
    });
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    try {
      const item = await api.coordination.raise(projectId, parsed.data);
      onRaised(item.id);
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) setProblems(setFieldErrors(form, e.details, fields));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const options = (list: readonly { code: string; label: { zh: string; en: string } }[]) =>
    list.map((i) => ({ value: i.code, label: pick(i.label) }));

  return (
    <Modal
      open={open}
      title={t('coordination.raiseTitle')}
      okText={t('coordination.raise')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={Math.min(640, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('coordination.raiseFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          priority: 'normal',
          deadlineWorkingDays: 10,
          source: me?.roles.includes('project_chief') ? 'chief' : 'other',
          departmentIds: [],
        }}
      >
        <Form.Item name="title" label={label('title')} required rules={[rule('title')]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item name="description" label={label('description')} required rules={[rule('description')]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="category" label={label('category')} required rules={[rule('category')]}>
          <Select options={options(coordinationCategories.list)} />
        </Form.Item>
        <Form.Item
          name="departmentIds"
          label={label('departmentIds')}
          required
          rules={[rule('departmentIds')]}
        >
          <OrganizationSelect
            multiple
            type="department"
            placeholder={t('coordination.departmentsPlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="deadlineWorkingDays"
          label={label('deadlineWorkingDays')}
          required
          rules={[rule('deadlineWorkingDays')]}
          extra={
            deadline.date ? (
              t('coordination.deadlinePreview', { date: deadline.date })
            ) : deadline.problem ? (
              <Typography.Text type="danger">{deadline.problem}</Typography.Text>
            ) : undefined
          }
        >
          <InputNumber<number> min={1} max={120} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="priority" label={label('priority')} required rules={[rule('priority')]}>
          <Select options={options(coordinationPriorities.list)} />
        </Form.Item>
        <Form.Item name="source" label={label('source')} required rules={[rule('source')]}>
          <Select options={options(coordinationSources.list)} />
        </Form.Item>
        <Form.Item name="sourceRef" label={label('sourceRef')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
