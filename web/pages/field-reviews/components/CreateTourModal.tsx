import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { defaultFieldReviewCriteria } from '#domain/field-review-scoring.ts';
import { FieldReviewCreateInputSchema, fieldReviewFieldLabels } from '#domain/schemas/field-reviews.ts';
import { periodOfCode } from '#domain/supervision-cadence.ts';
import { ApiError, api, type FieldProblem } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { useAsync } from '../../../lib/use-async.ts';
import { setNestedFieldErrors, zodProblems } from '../../../lib/zod-form.ts';
import { currentQuarter, quarterOptions } from '../quarters.ts';

type Values = {
  quarter: string;
  title?: string;
  vanguardCount?: number;
  criteria: { code: string; zh?: string; en?: string; weight?: number }[];
  route: { projectId?: string; visitDate?: Dayjs | null }[];
  scorerIds?: string[];
};

const topFields = ['quarter', 'title', 'vanguardCount', 'criteria', 'route', 'scorerIds'];

function nameOf(path: string): (string | number)[] | undefined {
  const segments = path.split(/[.[\]]/).filter(Boolean);
  const start = segments.findIndex((s) => topFields.includes(s));
  if (start < 0) return undefined;
  const name = segments.slice(start).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  // The form edits a criterion's label.zh as `zh`.
  if (name[0] === 'criteria' && name[2] === 'label') return ['criteria', name[1] as number, 'zh'];
  if (name.length === 2 && typeof name[1] === 'number') name.push(name[0] === 'route' ? 'projectId' : 'zh');
  return name;
}

/** A project picked by name, searched on the server. */
function ProjectSelect({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const { data, loading } = useAsync(
    () => api.projects.list({ q: debounced || undefined, pageSize: 50 }),
    [debounced],
  );
  return (
    <Select
      showSearch
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={setQ}
      loading={loading}
      placeholder={t('fieldReviews.pickProject')}
      aria-label={t('fieldReviews.pickProject')}
      options={(data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
      style={{ width: '100%' }}
    />
  );
}

type Props = { open: boolean; onClose: () => void; onCreated: (id: string) => void };

/** 发起拉练: quarter, title, criteria with weights (equal by default), the route in order, the scorers. */
export function CreateTourModal({ open, onClose, onCreated }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const quarter = Form.useWatch('quarter', form) as string | undefined;
  const period = quarter ? periodOfCode(quarter) : null;
  const people = useAsync(
    () =>
      Promise.all([
        api.reference.userOptions('leader'),
        api.reference.userOptions('department'),
        api.reference.userOptions('project_chief'),
      ]),
    [],
  );
  const scorerOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const list of people.data ?? []) for (const u of list) seen.set(u.id, u.displayName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [people.data]);

  const label = (field: keyof typeof fieldReviewFieldLabels) => pick(fieldReviewFieldLabels[field]);

  const place = (list: readonly FieldProblem[]) => {
    const placed: { name: (string | number)[]; errors: string[] }[] = [];
    const unplaced: string[] = [];
    for (const p of list) {
      const name = nameOf(p.field);
      if (name) placed.push({ name, errors: [p.message] });
      else unplaced.push(p.message);
    }
    setNestedFieldErrors(form, placed);
    return unplaced;
  };

  const submit = async () => {
    const values = await form.validateFields();
    setProblems([]);
    const input = {
      quarter: values.quarter,
      title: values.title ?? '',
      vanguardCount: values.vanguardCount ?? 3,
      criteria: values.criteria.map((c) => ({
        code: c.code,
        label: { zh: c.zh ?? '', en: c.en ?? '' },
        weight: c.weight ?? 0,
      })),
      route: values.route.map((s) => ({
        projectId: s.projectId ?? '',
        visitDate: s.visitDate?.format('YYYY-MM-DD') ?? '',
      })),
      scorerIds: values.scorerIds ?? [],
    };
    const parsed = FieldReviewCreateInputSchema.safeParse(input);
    if (!parsed.success) {
      setProblems(place(zodProblems(parsed.error, locale)));
      return;
    }
    setSaving(true);
    try {
      const tour = await api.fieldReviews.create(parsed.data);
      onCreated(tour.id);
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
      title={t('fieldReviews.create')}
      okText={t('fieldReviews.createOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      width={Math.min(820, window.innerWidth - 16)}
      destroyOnHidden
    >
      <ProblemsAlert title={t('fieldReviews.createFailed')} problems={problems} />
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          quarter: currentQuarter(),
          vanguardCount: 3,
          criteria: defaultFieldReviewCriteria.map((c) => ({
            code: c.code,
            zh: c.label.zh,
            en: c.label.en,
            weight: c.weight,
          })),
          route: [{}],
          scorerIds: [],
        }}
      >
        <Flex gap={16} wrap>
          <Form.Item name="quarter" label={label('quarter')} required style={{ minWidth: 180 }}>
            <Select options={quarterOptions(pick)} />
          </Form.Item>
          <Form.Item
            name="title"
            label={label('title')}
            required
            rules={[{ required: true, message: t('common.required', { label: label('title') }) }]}
            style={{ flex: 1, minWidth: 240 }}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="vanguardCount" label={label('vanguardCount')}>
            <InputNumber<number> min={0} max={50} precision={0} />
          </Form.Item>
        </Flex>
        <Typography.Title level={5}>{label('criteria')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('fieldReviews.weightsHint')}</Typography.Paragraph>
        <Form.List name="criteria">
          {(list, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }}>
              {list.map((field) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item name={[field.name, 'zh']} style={{ marginBottom: 0, width: 160 }}>
                    <Input
                      placeholder={t('fieldReviews.criterionZh')}
                      aria-label={t('fieldReviews.criterionZh')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'en']} style={{ marginBottom: 0, width: 160 }}>
                    <Input
                      placeholder={t('fieldReviews.criterionEn')}
                      aria-label={t('fieldReviews.criterionEn')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']} style={{ marginBottom: 0 }}>
                    <InputNumber<number>
                      min={0}
                      max={100}
                      placeholder={t('fieldReviews.weight')}
                      aria-label={t('fieldReviews.weight')}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('inspections.remove')}
                    disabled={list.length <= 1}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button
                icon={<PlusOutlined aria-hidden />}
                onClick={() => {
                  const codes = new Set(
                    (form.getFieldValue('criteria') as Values['criteria']).map((c) => c.code),
                  );
                  let n = 1;
                  while (codes.has(`custom_${n}`)) n += 1;
                  add({ code: `custom_${n}`, zh: '', en: '', weight: 1 });
                }}
              >
                {t('fieldReviews.addCriterion')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Typography.Title level={5}>{label('route')}</Typography.Title>
        {period ? (
          <Typography.Paragraph type="secondary">
            {t('fieldReviews.routeHint', { start: period.start, end: period.end })}
          </Typography.Paragraph>
        ) : null}
        <Form.List name="route">
          {(list, { add, remove, move }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }}>
              {list.map((field, index) => (
                <Flex key={field.key} gap={8} align="start">
                  <Typography.Text style={{ width: 28, lineHeight: '32px' }}>{index + 1}.</Typography.Text>
                  <Form.Item name={[field.name, 'projectId']} style={{ flex: 1, marginBottom: 0 }}>
                    <ProjectSelect />
                  </Form.Item>
                  <Form.Item name={[field.name, 'visitDate']} style={{ marginBottom: 0 }}>
                    <DatePicker
                      aria-label={t('fieldReviews.visitDate')}
                      placeholder={t('fieldReviews.visitDate')}
                      disabledDate={(d) =>
                        period
                          ? d.format('YYYY-MM-DD') < period.start || d.format('YYYY-MM-DD') > period.end
                          : false
                      }
                    />
                  </Form.Item>
                  <Button
                    icon={<ArrowUpOutlined aria-hidden />}
                    aria-label={t('fieldReviews.moveUp')}
                    disabled={index === 0}
                    onClick={() => move(index, index - 1)}
                  />
                  <Button
                    icon={<ArrowDownOutlined aria-hidden />}
                    aria-label={t('fieldReviews.moveDown')}
                    disabled={index === list.length - 1}
                    onClick={() => move(index, index + 1)}
                  />
                  <Button
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('inspections.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})}>
                {t('fieldReviews.addStop')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <Form.Item name="scorerIds" label={label('scorerIds')} required>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={people.loading}
            options={scorerOptions}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
