import { Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import {
  DispatchActionCreateInputSchema,
  DispatchActionUpdateInputSchema,
  dispatchActionStatuses,
  dispatchActionStatusLabels,
  dispatchFieldLabels,
} from '#domain/schemas/dispatch-meetings.ts';
import {
  ApiError,
  api,
  type DispatchAction,
  type DispatchMeetingDetail,
  type FieldProblem,
} from '../../../api/client.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import { ProjectSelect } from './ProjectSelect.tsx';

type Values = {
  agendaItemId?: string | null;
  projectId?: string | null;
  content?: string;
  ownerOrganizationId?: string | null;
  workingDays?: number | null;
  status?: DispatchAction['status'];
  progressNote?: string;
};

const fields = [
  'agendaItemId',
  'projectId',
  'content',
  'ownerOrganizationId',
  'workingDays',
  'status',
  'progressNote',
];

type Props = {
  open: boolean;
  meeting: DispatchMeetingDetail;
  /** The action to correct; without it, a new decision is recorded. */
  action?: DispatchAction;
  onClose: () => void;
  onSaved: () => void;
  onConflict: (error: unknown) => void;
};

/**
 * 议定事项 as the organiser records it: from which agenda item, about which project, what was decided, which
 * organisation answers for it and within how many working days; the deadline shown is counted from the meeting
 * day by the server's working-day calendar.
 */
export function ActionModal({ open, meeting, action, onClose, onSaved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [deadline, setDeadline] = useState<{ date?: string; problem?: string }>({});
  const days = Form.useWatch('workingDays', form) as number | null | undefined;
  const label = (field: keyof typeof dispatchFieldLabels) => pick(dispatchFieldLabels[field]);

  useEffect(() => {
    if (!days || days < 1 || days > 120) {
      setDeadline({});
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.calendar.deadline(meeting.meetingDate, days).then(
        (d) => current && setDeadline({ date: d.deadline }),
        (e: unknown) => current && setDeadline({ problem: e instanceof Error ? e.message : String(e) }),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [days, meeting.meetingDate]);

  const place = (list: readonly FieldProblem[]) => {
    const placed: { name: string[]; errors: string[] }[] = [];
    const unplaced: string[] = [];
    for (const p of list) {
      const name = p.field.split('.')[0] ?? '';
      if (fields.includes(name)) placed.push({ name: [name], errors: [p.message] });
      else unplaced.push(p.message);
    }
    setNestedFieldErrors(form, placed);
    return unplaced;
  };

  const submit = async () => {
    const values = form.getFieldsValue();
    setProblems([]);
    setSaving(true);
    try {
      if (action) {
        const parsed = DispatchActionUpdateInputSchema.safeParse({
          version: action.version,
          content: values.content?.trim() ?? '',
          projectId: values.projectId ?? null,
          ownerOrganizationId: values.ownerOrganizationId ?? '',
          workingDays: values.workingDays ?? 0,
          status: values.status,
          progressNote: values.progressNote?.trim() || null,
          ...(values.ownerOrganizationId !== action.ownerOrganizationId ? { ownerUserId: null } : {}),
        });
        if (!parsed.success) {
          setProblems(place(zodProblems(parsed.error, locale)));
          return;
        }
        await api.dispatch.updateAction(action.id, parsed.data);
      } else {
        const parsed = DispatchActionCreateInputSchema.safeParse({
          agendaItemId: values.agendaItemId ?? null,
          ...(values.projectId !== undefined ? { projectId: values.projectId } : {}),
          content: values.content?.trim() ?? '',
          ownerOrganizationId: values.ownerOrganizationId ?? '',
          workingDays: values.workingDays ?? 0,
        });
        if (!parsed.success) {
          setProblems(place(zodProblems(parsed.error, locale)));
          return;
        }
        await api.dispatch.createAction(meeting.id, parsed.data);
      }
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict(e);
      else if (e instanceof ApiError && e.details.length > 0) setProblems(place(e.details));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={action ? t('dispatch.editAction', { n: action.sequence }) : t('dispatch.addAction')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit()}
      onCancel={onClose}
      width={Math.min(720, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('dispatch.saveFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          action
            ? {
                agendaItemId: action.agendaItemId,
                projectId: action.projectId,
                content: action.content,
                ownerOrganizationId: action.ownerOrganizationId,
                workingDays: action.workingDays,
                status: action.status,
                progressNote: action.progressNote ?? '',
              }
            : { workingDays: 10 }
        }
        onValuesChange={(changed: Values) => {
          // A decision on an agenda item is about that item's project unless the organiser says otherwise.
          if (!action && changed.agendaItemId !== undefined) {
            const item = meeting.agenda.find((a) => a.id === changed.agendaItemId);
            form.setFieldValue('projectId', item?.projectId ?? null);
          }
        }}
      >
        {action ? null : (
          <Form.Item name="agendaItemId" label={label('agendaItemId')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={meeting.agenda.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.title}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="projectId" label={label('projectId')}>
          <ProjectSelect knownName={action?.projectName ?? null} />
        </Form.Item>
        <Form.Item name="content" label={label('content')} required>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
        </Form.Item>
        <Flex gap={16} wrap align="start">
          <Form.Item
            name="ownerOrganizationId"
            label={label('ownerOrganizationId')}
            required
            style={{ flex: 1, minWidth: 240 }}
          >
            <OrganizationSelect
              knownOptions={
                action
                  ? [{ value: action.ownerOrganizationId, label: action.ownerOrganizationName }]
                  : undefined
              }
            />
          </Form.Item>
          <Form.Item
            name="workingDays"
            label={label('workingDays')}
            required
            extra={
              deadline.date ? (
                <Typography.Text type="secondary">
                  {t('dispatch.deadlinePreview', { date: deadline.date })}
                </Typography.Text>
              ) : deadline.problem ? (
                <Typography.Text type="danger">{deadline.problem}</Typography.Text>
              ) : undefined
            }
          >
            <InputNumber<number> min={1} max={120} precision={0} />
          </Form.Item>
        </Flex>
        {action ? (
          <Flex gap={16} wrap>
            <Form.Item name="status" label={label('status')} style={{ minWidth: 160 }}>
              <Select
                options={dispatchActionStatuses.map((s) => ({
                  value: s,
                  label: pick(dispatchActionStatusLabels[s]),
                }))}
              />
            </Form.Item>
            <Form.Item name="progressNote" label={label('progressNote')} style={{ flex: 1, minWidth: 240 }}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
            </Form.Item>
          </Flex>
        ) : null}
      </Form>
    </Modal>
  );
}
