import { Button, Col, Drawer, Flex, Form, Input, Row, Select, Switch, Table } from 'antd';
import { useState } from 'react';
import { projectCategories } from '#domain/codelists.ts';
import {
  entryConditions,
  exitRecords,
  type StageTemplate,
  StageTemplateSchema,
  stageLabel,
  type TemplateStage,
} from '#domain/lifecycle.ts';
import { StageTemplateSaveInputSchema } from '#domain/schemas/lifecycle.ts';
import { ApiError, api, type FieldProblem, type StageTemplateRow } from '../../../api/client.ts';
import { ProblemsAlert } from '../../../components/ProblemsAlert.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type PlacedErrors, setNestedFieldErrors, zodProblems, zodRule } from '../../../lib/zod-form.ts';
import { StageName } from './TemplateStagesTable.tsx';

type StageValues = Pick<TemplateStage, 'required' | 'entryConditions' | 'exitRecords'>;
type Values = {
  code: string;
  name: { zh: string; en: string };
  categories: StageTemplate['categories'];
  stages: StageValues[];
};

export type TemplateEdit = { row: StageTemplateRow; mode: 'edit' | 'copy' };

type Props = {
  edit: TemplateEdit | undefined;
  /** Codes already taken, so a copy cannot silently replace another template. */
  takenCodes: readonly string[];
  onClose: () => void;
  onSaved: (row: StageTemplateRow, created: boolean) => void;
  /** Someone else saved the template meanwhile (409): the caller reloads the list. */
  onConflict: () => void;
};

/** Form paths for the problems that belong to one field; the rest go to the alert. */
function formPathOf(field: string): (string | number)[] | undefined {
  const path = field
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const rest = path[0] === 'template' ? path.slice(1) : path;
  const [head, second, third] = rest;
  if (head === 'code' || head === 'categories') return [head];
  if (head === 'name' && (second === 'zh' || second === 'en')) return ['name', second];
  if (
    head === 'stages' &&
    typeof second === 'number' &&
    (third === 'required' || third === 'entryConditions' || third === 'exitRecords')
  ) {
    return ['stages', second, third];
  }
  return undefined;
}

/**
 * Edits a template (name, categories, and per stage: required, entry conditions, exit records), or creates a
 * new one as a copy under a new code. The stages' order and merges come from the source: the server checks
 * the whole template (order, key stages, duplicates) and its problems are listed here.
 */
export function StageTemplateDrawer({ edit, takenCodes, onClose, onSaved, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const source = edit?.row.template;
  const copying = edit?.mode === 'copy';
  const shape = StageTemplateSchema.shape;

  const show = (list: readonly FieldProblem[]) => {
    const placed: PlacedErrors[] = [];
    const unplaced: string[] = [];
    for (const p of list) {
      const name = formPathOf(p.field);
      if (name) placed.push({ name, errors: [p.message] });
      else unplaced.push(p.message);
    }
    setNestedFieldErrors(form, placed);
    setProblems(unplaced);
  };

  const close = () => {
    setProblems([]);
    onClose();
  };

  const submit = async () => {
    if (!edit || !source) return;
    const values = await form.validateFields();
    setProblems([]);
    const template: StageTemplate = {
      code: copying ? values.code.trim() : source.code,
      name: { zh: values.name.zh.trim(), en: values.name.en.trim() },
      categories: values.categories ?? [],
      stages: source.stages.map((s, i) => ({
        ...s,
        required: values.stages[i]?.required ?? s.required,
        entryConditions: values.stages[i]?.entryConditions ?? s.entryConditions,
        exitRecords: values.stages[i]?.exitRecords ?? s.exitRecords,
      })),
    };
    const parsed = StageTemplateSaveInputSchema.safeParse({
      template,
      version: copying ? undefined : edit.row.version,
    });
    if (!parsed.success) {
      show(zodProblems(parsed.error, locale));
      return;
    }
    setSaving(true);
    try {
      onSaved(await api.stageTemplates.save(parsed.data), copying);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else if (e instanceof ApiError && e.details.length > 0) show(e.details);
      else setProblems([e instanceof Error ? e.message : String(e)]);
    } finally {
      setSaving(false);
    }
  };

  const conditionOptions = entryConditions.map((c) => ({ value: c.code, label: pick(c) }));
  const recordOptions = exitRecords.map((r) => ({ value: r.code, label: pick(r) }));

  return (
    <Drawer
      open={edit !== undefined}
      onClose={close}
      destroyOnHidden
      width={Math.min(1100, window.innerWidth)}
      title={
        source
          ? t(copying ? 'templates.copyTitle' : 'templates.editTitle', { name: pick(source.name) })
          : undefined
      }
      extra={
        <Flex gap={8}>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ProblemsAlert title={t('templates.problems')} problems={problems} />
      {source ? (
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            code: copying ? '' : source.code,
            // The names are data in both languages, whatever the interface language is.
            name: copying ? { zh: `${source.name.zh}（副本）`, en: `${source.name.en} (copy)` } : source.name,
            // A copy claims no category at first: two templates for one category would be ambiguous.
            categories: copying ? [] : source.categories,
            stages: source.stages.map((s) => ({
              required: s.required,
              entryConditions: s.entryConditions,
              exitRecords: s.exitRecords,
            })),
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="code"
                label={t('templates.code')}
                required={copying}
                extra={copying ? t('templates.codeHint') : undefined}
                rules={
                  copying
                    ? [
                        zodRule(shape.code, {
                          locale,
                          emptyMessage: t('common.required', { label: t('templates.code') }),
                        }),
                        {
                          validator: async (_rule, value: string | undefined) => {
                            if (value && takenCodes.includes(value.trim()))
                              throw new Error(t('templates.codeTaken', { code: value.trim() }));
                          },
                        },
                      ]
                    : []
                }
              >
                <Input disabled={!copying} maxLength={40} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={['name', 'zh']}
                label={t('templates.nameZh')}
                required
                rules={[zodRule(shape.name.shape.zh, { locale })]}
              >
                <Input maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name={['name', 'en']}
                label={t('templates.nameEn')}
                required
                rules={[zodRule(shape.name.shape.en, { locale })]}
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item
                name="categories"
                label={t('templates.categories')}
                extra={t('templates.categoriesHint')}
              >
                <Select
                  mode="multiple"
                  allowClear
                  options={projectCategories.list.map((c) => ({ value: c.code, label: pick(c.label) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Table<TemplateStage & { index: number }>
            rowKey="code"
            size="small"
            bordered
            pagination={false}
            scroll={{ x: 880 }}
            dataSource={source.stages.map((s, index) => ({ ...s, index }))}
            columns={[
              { key: 'index', title: '#', width: 40, render: (_v, s) => s.index + 1 },
              {
                key: 'stage',
                title: t('lifecycle.stage'),
                width: 160,
                render: (_v, s) => <StageName stage={s} />,
              },
              {
                key: 'required',
                title: t('templates.required'),
                width: 70,
                render: (_v, s) => (
                  <Form.Item
                    name={['stages', s.index, 'required']}
                    valuePropName="checked"
                    style={{ margin: 0 }}
                  >
                    <Switch aria-label={`${pick(stageLabel(s))} ${t('templates.required')}`} />
                  </Form.Item>
                ),
              },
              {
                key: 'entryConditions',
                title: t('templates.entryConditions'),
                width: 300,
                render: (_v, s) => (
                  <Form.Item name={['stages', s.index, 'entryConditions']} style={{ margin: 0 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      options={conditionOptions}
                      optionFilterProp="label"
                      style={{ width: '100%' }}
                      aria-label={t('templates.entryConditions')}
                    />
                  </Form.Item>
                ),
              },
              {
                key: 'exitRecords',
                title: t('templates.exitRecords'),
                width: 300,
                render: (_v, s) => (
                  <Form.Item name={['stages', s.index, 'exitRecords']} style={{ margin: 0 }}>
                    <Select
                      mode="multiple"
                      allowClear
                      options={recordOptions}
                      optionFilterProp="label"
                      style={{ width: '100%' }}
                      aria-label={t('templates.exitRecords')}
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Form>
      ) : null}
    </Drawer>
  );
}
