import { Button, Col, Form, InputNumber, Modal, Row, Switch, Typography } from 'antd';
import { useState } from 'react';
import { evenSchedule, MonthlyScheduleSchema } from '#domain/schedule.ts';
import { AnnualPlanPutInputSchema, planFieldLabels } from '#domain/schemas/plans.ts';
import { type AnnualPlan, ApiError, api } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type PlacedErrors, setNestedFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';

type Values = { plannedInvestment?: number | null; even: boolean; schedule: (number | null)[] };

type Props = {
  projectId: string;
  year: number;
  plan: AnnualPlan | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
  onConflict: () => void;
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const evenRounded = () => evenSchedule().map(round2);

/** "monthlySchedule.3" or "3" (a schedule-only parse) → the form cell of April. */
function cellOf(field: string): number | undefined {
  const match = /^(?:monthlySchedule[.[])?(\d+)\]?$/.exec(field);
  return match ? Number(match[1]) : undefined;
}

/**
 * 设置年度计划: the planned investment and its 序时进度. The even split is the default (sent as null); a custom
 * schedule is 12 cumulative percentages that never go down and end at 100.
 */
export function AnnualPlanModal({ projectId, year, plan, open, onClose, onSaved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const even = Form.useWatch('even', form) as boolean | undefined;

  const place = (list: readonly { field: string; message: string }[]) => {
    const cells: PlacedErrors[] = [];
    const rest: string[] = [];
    for (const p of list) {
      const cell = cellOf(p.field);
      if (cell !== undefined) cells.push({ name: ['schedule', cell], errors: [p.message] });
      else if (p.field === 'plannedInvestment')
        cells.push({ name: ['plannedInvestment'], errors: [p.message] });
      else rest.push(p.message);
    }
    setNestedFieldErrors(form, cells);
    setProblems(rest);
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    let monthlySchedule: number[] | null = null;
    if (!values.even) {
      const parsed = MonthlyScheduleSchema.safeParse(values.schedule.map((v) => v ?? Number.NaN));
      if (!parsed.success) {
        place(zodProblems(parsed.error, locale));
        return;
      }
      monthlySchedule = parsed.data;
    }
    const input = {
      plannedInvestment: values.plannedInvestment ?? Number.NaN,
      monthlySchedule,
      version: plan?.version,
    };
    setSaving(true);
    try {
      await api.plans.putAnnualPlan(projectId, year, input);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else if (e instanceof ApiError && e.details.length > 0) place(e.details);
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('annual.editTitle', { year })}
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
        layout="vertical"
        preserve={false}
        initialValues={{
          plannedInvestment: plan?.plannedInvestment ?? null,
          even: !plan?.monthlySchedule,
          schedule: plan?.monthlySchedule ?? evenRounded(),
        }}
      >
        <Form.Item
          name="plannedInvestment"
          label={pick(planFieldLabels.plannedInvestment)}
          required
          rules={[
            zodRule(AnnualPlanPutInputSchema.shape.plannedInvestment, {
              locale,
              emptyMessage: t('common.required', { label: pick(planFieldLabels.plannedInvestment) }),
            }),
          ]}
        >
          <InputNumber<number>
            min={0}
            precision={2}
            addonAfter={t('reports.unitWan')}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="even" label={pick(planFieldLabels.monthlySchedule)} valuePropName="checked">
          <Switch checkedChildren={t('annual.evenSwitch')} unCheckedChildren={t('annual.customSwitch')} />
        </Form.Item>
        {even ? (
          <Typography.Paragraph type="secondary">{t('annual.evenHint')}</Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('annual.customHint')}{' '}
              <Button size="small" onClick={() => form.setFieldValue('schedule', evenRounded())}>
                {t('annual.fillEven')}
              </Button>
            </Typography.Paragraph>
            <Row gutter={[12, 0]}>
              {Array.from({ length: 12 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are the index.
                <Col xs={12} sm={8} md={6} key={i}>
                  <Form.Item
                    name={['schedule', i]}
                    label={t('annual.monthN', { month: i + 1 })}
                    rules={[
                      {
                        required: true,
                        message: t('common.required', { label: t('annual.monthN', { month: i + 1 }) }),
                      },
                    ]}
                  >
                    <InputNumber<number>
                      min={0}
                      max={100}
                      precision={2}
                      addonAfter="%"
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
