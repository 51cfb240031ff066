import { Alert, App, Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import {
  type TimelineEvent,
  TimelineEventInputSchema,
  type TimelineEventKind,
  type TimelineProject,
  timelineEventKinds,
  timelineFieldLabels,
} from '#domain/schemas/timeline.ts';
import { ApiError, api } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = {
  eventDate: Dayjs | null;
  kind: TimelineEventKind | null;
  title: string;
  description: string | null;
  projectIds: string[];
};
const fields = ['eventDate', 'kind', 'title', 'description', 'projectIds'] as const;

type Props = {
  open: boolean;
  /** The event to correct; none to record a new one. */
  event?: TimelineEvent;
  /** Names of the event's related projects, so the select shows them before any search. */
  known?: readonly TimelineProject[];
  onClose: () => void;
  onSaved: () => void;
};

/** Records or corrects a milestone of the zone (timeline.manage). */
export function TimelineEventModal({ open, event, known = [], onClose, onSaved }: Props) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  const shape = TimelineEventInputSchema.shape;
  const label = (key: keyof typeof timelineFieldLabels) => pick(timelineFieldLabels[key]);

  useEffect(() => {
    if (!open) return;
    setProblems([]);
    setConflict(false);
    form.resetFields();
    form.setFieldsValue(
      event
        ? {
            eventDate: dayjs(event.eventDate),
            kind: event.kind,
            title: event.title,
            description: event.description,
            projectIds: event.projectIds,
          }
        : { eventDate: null, kind: null, title: '', description: null, projectIds: [] },
    );
  }, [open, event, form]);

  // Related projects are found by the ledger's search (name, pinyin initials or code).
  useEffect(() => {
    if (!open || search.trim().length === 0) {
      setFound([]);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api.projects.list({ q: search.trim(), pageSize: 20 }).then(
        (page) => {
          if (current) setFound(page.items.map((p) => ({ value: p.id, label: p.name })));
        },
        () => {
          if (current) setFound([]);
        },
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, search]);

  const options = useMemo(() => {
    const all = new Map(known.map((p) => [p.id, p.name]));
    for (const o of found) all.set(o.value, o.label);
    return [...all].map(([value, label]) => ({ value, label }));
  }, [known, found]);

  const save = async () => {
    const values = form.getFieldsValue(true) as Values;
    const input = {
      eventDate: values.eventDate ? values.eventDate.format('YYYY-MM-DD') : undefined,
      kind: values.kind ?? undefined,
      title: values.title,
      description: values.description?.trim() ? values.description : null,
      projectIds: values.projectIds ?? [],
    };
    const parsed = TimelineEventInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(setFieldErrors(form, zodProblems(parsed.error, locale), fields));
      return;
    }
    setSaving(true);
    setProblems([]);
    try {
      if (event) await api.timeline.update(event.id, { ...parsed.data, version: event.version });
      else await api.timeline.create(parsed.data);
      message.success(event ? t('timeline.saved') : t('timeline.created'));
      onSaved();
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setConflict(true);
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
      title={event ? t('timeline.editTitle') : t('timeline.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('timeline.conflict')}
          action={
            <Button
              size="small"
              onClick={() => {
                onSaved();
                onClose();
              }}
            >
              {t('timeline.reload')}
            </Button>
          }
        />
      ) : null}
      <ProblemsAlert title={t('timeline.saveFailed')} problems={problems} />
      <Form<Values> form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="eventDate"
          label={label('eventDate')}
          required
          rules={[
            zodRule(shape.eventDate, {
              locale,
              emptyMessage: t('common.requiredSelect', { label: label('eventDate') }),
              toValue: (v) => (v && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v),
            }),
          ]}
        >
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="kind" label={label('kind')} required rules={[zodRule(shape.kind, { locale })]}>
          <Select
            style={{ width: 240 }}
            options={timelineEventKinds.list.map((k) => ({ value: k.code, label: pick(k.label) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={label('title')} required rules={[zodRule(shape.title, { locale })]}>
          <Input maxLength={100} showCount placeholder={t('timeline.titlePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="description"
          label={label('description')}
          rules={[zodRule(shape.description, { locale })]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="projectIds" label={label('projectIds')} extra={t('timeline.projectsHint')}>
          <Select
            mode="multiple"
            showSearch
            filterOption={false}
            onSearch={setSearch}
            options={options}
            placeholder={t('timeline.projectsPlaceholder')}
            notFoundContent={search ? t('timeline.noProjectFound') : null}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
