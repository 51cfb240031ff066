import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { DispatchAttendanceInputSchema } from '#domain/schemas/dispatch-meetings.ts';
import { ApiError, api, type DispatchMeetingDetail, type FieldProblem } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';

type Row = {
  userId?: string | null;
  name?: string;
  /** Kept for a guest whose organisation is in the platform, so that saving again keeps the link. */
  organizationId?: string | null;
  organizationName?: string;
  position?: string;
  present?: boolean;
  absenceReason?: string;
};

type Props = {
  open: boolean;
  meeting: DispatchMeetingDetail;
  onClose: () => void;
  onSaved: (meeting: DispatchMeetingDetail) => void;
  onConflict: (error: unknown) => void;
};

/** 参会情况: platform users or guests by name, each present or absent with the reason (请假). */
export function AttendanceModal({ open, meeting, onClose, onSaved, onConflict }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ attendees: Row[] }>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const people = useAsync(
    () =>
      Promise.all([
        api.reference.userOptions('leader'),
        api.reference.userOptions('project_chief'),
        api.reference.userOptions('department'),
      ]),
    [],
  );
  const userOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const a of meeting.attendees) if (a.userId) seen.set(a.userId, a.name);
    for (const list of people.data ?? []) for (const u of list) seen.set(u.id, u.displayName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [people.data, meeting.attendees]);
  const rows = (Form.useWatch('attendees', form) as Row[] | undefined) ?? [];

  const place = (list: readonly FieldProblem[]) => {
    const placed: { name: (string | number)[]; errors: string[] }[] = [];
    const unplaced: string[] = [];
    for (const p of list) {
      const [head, index, field] = p.field.split('.');
      if (head === 'attendees' && index !== undefined && field)
        placed.push({ name: ['attendees', Number(index), field], errors: [p.message] });
      else unplaced.push(p.message);
    }
    setNestedFieldErrors(form, placed);
    return unplaced;
  };

  const submit = async () => {
    const values = form.getFieldsValue();
    setProblems([]);
    const input = {
      version: meeting.version,
      attendees: (values.attendees ?? []).map((r) => ({
        userId: r.userId ?? null,
        ...(r.name?.trim() ? { name: r.name.trim() } : {}),
        organizationId: r.userId ? null : (r.organizationId ?? null),
        organizationName: r.organizationName?.trim() || null,
        position: r.position?.trim() || null,
        present: r.present ?? true,
        absenceReason: r.present === false ? r.absenceReason?.trim() || null : null,
      })),
    };
    const parsed = DispatchAttendanceInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(place(zodProblems(parsed.error, locale)));
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.dispatch.putAttendance(meeting.id, parsed.data));
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
      title={t('dispatch.attendance')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit()}
      onCancel={onClose}
      width={Math.min(960, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('dispatch.saveFailed')} problems={problems} />
      <Typography.Paragraph type="secondary">{t('dispatch.attendanceHint')}</Typography.Paragraph>
      <Form
        form={form}
        preserve={false}
        initialValues={{
          attendees: meeting.attendees.map((a) => ({
            userId: a.userId,
            name: a.userId ? '' : a.name,
            organizationId: a.organizationId,
            organizationName: a.organizationName ?? '',
            position: a.position ?? '',
            present: a.present,
            absenceReason: a.absenceReason ?? '',
          })),
        }}
      >
        <Form.List name="attendees">
          {(list, { add, remove }) => (
            <Flex vertical gap={8}>
              {list.map((field, i) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item name={[field.name, 'userId']} style={{ marginBottom: 0, width: 160 }}>
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      loading={people.loading}
                      placeholder={t('dispatch.attendeeUser')}
                      aria-label={t('dispatch.attendeeUser')}
                      options={userOptions}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} style={{ marginBottom: 0, width: 120 }}>
                    <Input
                      maxLength={50}
                      disabled={Boolean(rows[i]?.userId)}
                      placeholder={t('dispatch.attendeeName')}
                      aria-label={t('dispatch.attendeeName')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'organizationId']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[field.name, 'organizationName']} style={{ marginBottom: 0, width: 180 }}>
                    <Input
                      maxLength={100}
                      placeholder={t('dispatch.attendeeOrganization')}
                      aria-label={t('dispatch.attendeeOrganization')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'position']} style={{ marginBottom: 0, width: 110 }}>
                    <Input
                      maxLength={50}
                      placeholder={t('dispatch.position')}
                      aria-label={t('dispatch.position')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'present']}
                    valuePropName="checked"
                    style={{ marginBottom: 0, lineHeight: '32px' }}
                  >
                    <Checkbox>{t('dispatch.present')}</Checkbox>
                  </Form.Item>
                  {rows[i]?.present === false ? (
                    <Form.Item name={[field.name, 'absenceReason']} style={{ marginBottom: 0, width: 160 }}>
                      <Input
                        maxLength={200}
                        placeholder={t('dispatch.absenceReason')}
                        aria-label={t('dispatch.absenceReason')}
                      />
                    </Form.Item>
                  ) : null}
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('dispatch.removeAttendee')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ present: true })}>
                {t('dispatch.addAttendee')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
