import { Checkbox, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  DispatchMeetingCreateInputSchema,
  DispatchMeetingUpdateInputSchema,
  dispatchFieldLabels,
} from '#domain/schemas/dispatch-meetings.ts';
import { periodOfCode } from '#domain/supervision-cadence.ts';
import { ApiError, api, type DispatchMeetingDetail, type FieldProblem } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import { currentPeriod, periodOptions } from '../periods.ts';

type Values = {
  period: string;
  meetingDate?: Dayjs | null;
  startTime?: string;
  place?: string;
  chair?: string;
  title?: string;
  proposeAgenda?: boolean;
};

const fields = ['period', 'meetingDate', 'startTime', 'place', 'chair', 'title'];

type Props = {
  open: boolean;
  /** The meeting to change; without it, a new one is scheduled. */
  meeting?: DispatchMeetingDetail;
  onClose: () => void;
  onSaved: (meeting: DispatchMeetingDetail) => void;
};

/** 安排调度会议 / 修改会议信息: period, day (inside the period), time, place, chair, title. */
export function MeetingFormModal({ open, meeting, onClose, onSaved }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const periodCode = Form.useWatch('period', form) as string | undefined;
  const period = periodCode ? periodOfCode(periodCode) : null;
  const label = (field: keyof typeof dispatchFieldLabels) => pick(dispatchFieldLabels[field]);

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
    const values = await form.validateFields();
    setProblems([]);
    const common = {
      period: values.period,
      meetingDate: values.meetingDate?.format('YYYY-MM-DD') ?? '',
      startTime: values.startTime?.trim() || null,
      place: values.place?.trim() || null,
      chair: values.chair?.trim() || null,
    };
    setSaving(true);
    try {
      if (meeting) {
        const input = { version: meeting.version, ...common, title: values.title?.trim() || meeting.title };
        const parsed = DispatchMeetingUpdateInputSchema.safeParse(input);
        if (!parsed.success) {
          setProblems(place(zodProblems(parsed.error, locale)));
          return;
        }
        onSaved(await api.dispatch.update(meeting.id, parsed.data));
      } else {
        const input = {
          ...common,
          ...(values.title?.trim() ? { title: values.title.trim() } : {}),
          proposeAgenda: values.proposeAgenda ?? true,
        };
        const parsed = DispatchMeetingCreateInputSchema.safeParse(input);
        if (!parsed.success) {
          setProblems(place(zodProblems(parsed.error, locale)));
          return;
        }
        onSaved(await api.dispatch.create(parsed.data));
      }
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) setProblems(place(e.details));
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={meeting ? t('dispatch.editMeeting') : t('dispatch.create')}
      okText={meeting ? t('common.save') : t('dispatch.createOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={Math.min(640, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('dispatch.saveFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          meeting
            ? {
                period: meeting.period,
                meetingDate: dayjs(meeting.meetingDate),
                startTime: meeting.startTime ?? '',
                place: meeting.place ?? '',
                chair: meeting.chair ?? '',
                title: meeting.title,
              }
            : { period: currentPeriod(), startTime: '09:30', proposeAgenda: true }
        }
      >
        <Flex gap={16} wrap>
          <Form.Item name="period" label={label('period')} required style={{ minWidth: 180 }}>
            <Select options={periodOptions(pick)} />
          </Form.Item>
          <Form.Item
            name="meetingDate"
            label={label('meetingDate')}
            required
            rules={[{ required: true, message: t('common.required', { label: label('meetingDate') }) }]}
          >
            <DatePicker
              disabledDate={(d) =>
                period ? d.format('YYYY-MM-DD') < period.start || d.format('YYYY-MM-DD') > period.end : false
              }
            />
          </Form.Item>
          <Form.Item name="startTime" label={label('startTime')} style={{ width: 120 }}>
            <Input placeholder="09:30" maxLength={5} />
          </Form.Item>
        </Flex>
        {period ? (
          <Typography.Paragraph type="secondary">
            {t('dispatch.periodHint', { start: period.start, end: period.end })}
          </Typography.Paragraph>
        ) : null}
        <Form.Item name="title" label={label('title')} extra={meeting ? undefined : t('dispatch.titleHint')}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="place" label={label('place')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="chair" label={label('chair')} style={{ flex: 1, minWidth: 200 }}>
            <Input maxLength={100} placeholder={t('dispatch.chairPlaceholder')} />
          </Form.Item>
        </Flex>
        {meeting ? null : (
          <Form.Item name="proposeAgenda" valuePropName="checked">
            <Checkbox>{t('dispatch.proposeAgenda')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
