import { DatePicker, Form, Modal, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { StagePlansInputSchema } from '#domain/schemas/lifecycle.ts';
import { ApiError, api, type ProjectLifecycle } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { fromIsoDay, toIsoDay } from '../../../lib/lifecycle.ts';
import { type PlacedErrors, setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';

type Row = { plannedStart: Dayjs | null; plannedEnd: Dayjs | null };
type Values = { plans: Row[] };
type Step = ProjectLifecycle['steps'][number];

type Props = {
  projectId: string;
  lifecycle: ProjectLifecycle;
  open: boolean;
  onClose: () => void;
  onSaved: (lifecycle: ProjectLifecycle) => void;
};

/** "plans.3.plannedEnd" → ['plans', 3, 'plannedEnd'], the form path of that cell. */
function cellOf(field: string): (string | number)[] | undefined {
  const match = /^plans[.[](\d+)\]?\.(plannedStart|plannedEnd)$/.exec(field);
  return match ? ['plans', Number(match[1]), match[2] as string] : undefined;
}

/** 阶段计划: planned start and end per stage of the template, saved together (PUT replaces the plan). */
export function StagePlansModal({ projectId, lifecycle, open, onClose, onSaved }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const steps = lifecycle.steps;

  const showProblems = (list: readonly { field: string; message: string }[]) => {
    const unplaced: string[] = [];
    const cells: PlacedErrors[] = [];
    for (const p of list) {
      const name = cellOf(p.field);
      if (name) cells.push({ name, errors: [p.message] });
      else unplaced.push(p.message);
    }
    setNestedFieldErrors(form, cells);
    setProblems(unplaced);
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const input = {
      plans: steps.map((s, i) => ({
        stage: s.code,
        plannedStart: toIsoDay(values.plans[i]?.plannedStart),
        plannedEnd: toIsoDay(values.plans[i]?.plannedEnd),
      })),
    };
    const parsed = StagePlansInputSchema.safeParse(input);
    if (!parsed.success) {
      showProblems(zodProblems(parsed.error, locale));
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.lifecycle.setPlans(projectId, parsed.data));
    } catch (e) {
      if (e instanceof ApiError && e.details.length > 0) showProblems(e.details);
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('lifecycle.plansTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={Math.min(720, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('lifecycle.saveFailed')} problems={problems} />
      <Form<Values>
        form={form}
        preserve={false}
        initialValues={{
          plans: steps.map((s) => ({
            plannedStart: fromIsoDay(s.plannedStart),
            plannedEnd: fromIsoDay(s.plannedEnd),
          })),
        }}
      >
        <Table<Step>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={steps}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'stage', title: t('lifecycle.stage'), render: (_v, s) => pick(s.label) },
            {
              key: 'plannedStart',
              title: t('lifecycle.plannedStart'),
              render: (_v, s, i) => (
                <Form.Item name={['plans', i, 'plannedStart']} style={{ margin: 0 }}>
                  <DatePicker aria-label={`${pick(s.label)} ${t('lifecycle.plannedStart')}`} />
                </Form.Item>
              ),
            },
            {
              key: 'plannedEnd',
              title: t('lifecycle.plannedEnd'),
              render: (_v, s, i) => (
                <Form.Item
                  name={['plans', i, 'plannedEnd']}
                  style={{ margin: 0 }}
                  dependencies={[['plans', i, 'plannedStart']]}
                  rules={[
                    ({ getFieldValue }) => ({
                      validator: async (_rule, end: Dayjs | null | undefined) => {
                        const start = getFieldValue(['plans', i, 'plannedStart']) as Dayjs | null | undefined;
                        if (start && end?.isBefore(start, 'day'))
                          throw new Error(t('lifecycle.endBeforeStart'));
                      },
                    }),
                  ]}
                >
                  <DatePicker aria-label={`${pick(s.label)} ${t('lifecycle.plannedEnd')}`} />
                </Form.Item>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
