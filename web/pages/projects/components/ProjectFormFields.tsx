import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import {
  App,
  Card,
  Col,
  DatePicker,
  Form,
  type FormInstance,
  type FormRule,
  Input,
  InputNumber,
  Row,
  Select,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { lazy, type ReactNode, Suspense, useCallback, useMemo } from 'react';
import { keyLevels, lifecycleStages, projectCategories } from '#domain/codelists.ts';
import {
  type ProjectCreateInput,
  ProjectCreateInputSchema,
  projectFieldLabels,
} from '#domain/schemas/projects.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { refName, useReference, useUserOptions } from '../../../lib/use-reference.ts';
import { zodRule } from '../../../lib/zod-form.ts';
import type { ProjectFormValues } from '../project-form-values.ts';

// The location map (Leaflet) loads only when the form is shown, in its own chunk.
const LocationPicker = lazy(() =>
  import('../../map/components/LocationPicker.tsx').then((m) => ({ default: m.LocationPicker })),
);

type Field = keyof ProjectCreateInput;
type Option = { value: string; label: string };

type Props = {
  form: FormInstance<ProjectFormValues>;
  /** The owner cannot be changed (a project owner creates projects for their own organisation). */
  fixedOwner?: Option;
  /** Names for the current values, from the loaded project, so selects show them before their lists load. */
  known?: { owner?: Option; leadDepartment?: Option; chief?: Option };
  /** Editing an existing project: its stage changes only through 推进阶段 (the server refuses it here). */
  stageLocked?: boolean;
};

const required: readonly Field[] = [
  'name',
  'ownerOrgId',
  'category',
  'industryCode',
  'keyLevel',
  'divisionCode',
  'totalInvestment',
  'stage',
];
const selects: readonly Field[] = [
  'ownerOrgId',
  'category',
  'industryCode',
  'keyLevel',
  'divisionCode',
  'stage',
];

const half = { xs: 24, md: 12 };
const third = { xs: 24, md: 12, xl: 8 };

/** The project form's fields, in the groups of the detail page, each checked with the shared schema. */
export function ProjectFormFields({ form, fixedOwner, known, stageLocked = false }: Props) {
  const { t, pick, locale } = useI18n();
  const industries = useReference('industries');
  const leadingIndustries = useReference('leadingIndustries');
  const divisions = useReference('divisions');
  const chiefs = useUserOptions('project_chief');
  const divisionCode = Form.useWatch('divisionCode', form);
  const longitude = Form.useWatch('longitude', form);
  const latitude = Form.useWatch('latitude', form);
  const { message } = App.useApp();
  // A click on the map fills both inputs (WGS84, 6 decimals); they stay editable by hand.
  const pickLocation = useCallback(
    (p: { lng: number; lat: number }) => {
      const shape = ProjectCreateInputSchema.shape;
      if (!shape.longitude.safeParse(p.lng).success || !shape.latitude.safeParse(p.lat).success) {
        message.warning(t('map.pickOutside'));
        return;
      }
      form.setFieldsValue({ longitude: p.lng, latitude: p.lat });
      void form.validateFields(['longitude', 'latitude']).catch(() => undefined);
    },
    [form, message, t],
  );

  const label = (field: Field) => pick(projectFieldLabels[field]);
  const rules = (field: Field): FormRule[] => [
    zodRule(ProjectCreateInputSchema.shape[field], {
      locale,
      emptyMessage: t(selects.includes(field) ? 'common.requiredSelect' : 'common.required', {
        label: label(field),
      }),
      toValue: field === 'plannedStart' || field === 'plannedCompletion' ? toIsoDate : undefined,
    }),
  ];
  const item = (field: Field, control: ReactNode, extra?: ReactNode) => (
    <Form.Item
      name={field}
      label={label(field)}
      required={required.includes(field)}
      rules={rules(field)}
      extra={extra}
    >
      {control}
    </Form.Item>
  );

  const industryTree = useMemo(
    () =>
      industries.items
        .filter((i) => i.level === 1)
        .map((section) => ({
          value: section.code,
          title: `${section.code} ${refName(section, locale)}`,
          selectable: false,
          children: industries.items
            .filter((d) => d.level === 2 && d.parentCode === section.code)
            .map((d) => ({ value: d.code, title: `${d.code} ${refName(d, locale)}` })),
        })),
    [industries.items, locale],
  );
  const districtOptions = divisions.items
    .filter((d) => d.level === 2)
    .map((d) => ({ value: d.code, label: `${refName(d, locale)}` }));
  const townOptions = divisions.items
    .filter((d) => d.level === 3 && d.parentCode === divisionCode)
    .map((d) => ({ value: d.code, label: refName(d, locale) }));
  const chiefOptions = chiefs.items.map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
  if (known?.chief && !chiefOptions.some((o) => o.value === known.chief?.value))
    chiefOptions.push(known.chief);
  const codeOptions = (list: readonly { code: string; label: { zh: string; en: string } }[]) =>
    list.map((i) => ({ value: i.code, label: pick(i.label) }));
  const money = (
    <InputNumber<number>
      min={0}
      // antd's default parser drops the commas again.
      formatter={withThousands}
      style={{ width: '100%' }}
    />
  );

  return (
    <>
      <Card title={t('projects.groupBasic')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>{item('name', <Input maxLength={100} showCount />)}</Col>
          <Col {...half}>
            {item('code', <Input placeholder={t('projects.codePlaceholder')} maxLength={24} />)}
          </Col>
          <Col {...half}>
            {item(
              'ownerOrgId',
              fixedOwner ? (
                <Select options={[fixedOwner]} disabled />
              ) : (
                <OrganizationSelect knownOptions={known?.owner ? [known.owner] : undefined} />
              ),
              fixedOwner ? t('projects.ownerFixed') : undefined,
            )}
          </Col>
          <Col {...half}>{item('category', <Select options={codeOptions(projectCategories.list)} />)}</Col>
          <Col {...half}>
            {item(
              'industryCode',
              <TreeSelect
                treeData={industryTree}
                showSearch
                treeNodeFilterProp="title"
                loading={industries.loading}
                allowClear
              />,
            )}
          </Col>
          <Col {...half}>
            {item(
              'leadingIndustry',
              <Select
                options={leadingIndustries.items.map((i) => ({ value: i.code, label: refName(i, locale) }))}
                allowClear
              />,
            )}
          </Col>
          <Col {...half}>{item('keyLevel', <Select options={codeOptions(keyLevels.list)} />)}</Col>
          <Col {...half}>
            {item(
              'stage',
              <Select options={codeOptions(lifecycleStages.list)} disabled={stageLocked} />,
              stageLocked ? t('projects.stageViaTransition') : undefined,
            )}
          </Col>
          <Col span={24}>
            {item(
              'tags',
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />,
            )}
          </Col>
          <Col span={24}>
            {item('constructionContent', <Input.TextArea rows={4} maxLength={2000} showCount />)}
          </Col>
        </Row>
      </Card>

      <Card title={t('projects.groupInvestment')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12} xl={6}>
            {item('totalInvestment', money)}
          </Col>
          <Col xs={24} md={12} xl={6}>
            {item('investmentGovernment', money)}
          </Col>
          <Col xs={24} md={12} xl={6}>
            {item('investmentSocial', money)}
          </Col>
          <Col xs={24} md={12} xl={6}>
            {item('investmentForeign', money)}
          </Col>
        </Row>
        <FundingSum form={form} />
      </Card>

      <Card title={t('projects.groupLocation')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            {item(
              'divisionCode',
              <Select
                options={districtOptions}
                showSearch
                optionFilterProp="label"
                loading={divisions.loading}
              />,
            )}
          </Col>
          <Col {...half}>
            {item(
              'townCode',
              <Select
                options={townOptions}
                allowClear
                showSearch
                optionFilterProp="label"
                placeholder={divisionCode ? undefined : t('projects.selectDistrictFirst')}
                disabled={!divisionCode}
              />,
            )}
          </Col>
          <Col {...half}>
            {item(
              'longitude',
              <InputNumber precision={6} step={0.000001} placeholder="106.3" style={{ width: '100%' }} />,
            )}
          </Col>
          <Col {...half}>
            {item(
              'latitude',
              <InputNumber precision={6} step={0.000001} placeholder="29.6" style={{ width: '100%' }} />,
            )}
          </Col>
          <Col span={24}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('map.pickHint')}
            </Typography.Paragraph>
            <Suspense fallback={<div style={{ height: 320 }} />}>
              <LocationPicker
                value={
                  typeof longitude === 'number' && typeof latitude === 'number'
                    ? { lng: longitude, lat: latitude }
                    : null
                }
                divisionCode={divisionCode}
                onPick={pickLocation}
              />
            </Suspense>
          </Col>
        </Row>
      </Card>

      <Card title={t('projects.groupSchedule')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...third}>{item('plannedStart', <DatePicker style={{ width: '100%' }} />)}</Col>
          <Col {...third}>{item('plannedCompletion', <DatePicker style={{ width: '100%' }} />)}</Col>
        </Row>
      </Card>

      <Card title={t('projects.groupResponsibility')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            {item(
              'chiefUserId',
              <Select
                options={chiefOptions}
                allowClear
                showSearch
                optionFilterProp="label"
                loading={chiefs.loading}
              />,
            )}
          </Col>
          <Col {...half}>
            {item(
              'leadDepartmentId',
              <OrganizationSelect
                type="department"
                knownOptions={known?.leadDepartment ? [known.leadDepartment] : undefined}
              />,
            )}
          </Col>
        </Row>
      </Card>
    </>
  );
}

/** "12345.5" → "12,345.5" while typing; only the integer part gets separators. */
function withThousands(value: number | string | undefined): string {
  if (value === undefined || value === '') return '';
  const [int = '', frac] = String(value).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function toIsoDate(value: unknown): unknown {
  return value && typeof (value as Dayjs).format === 'function'
    ? (value as Dayjs).format('YYYY-MM-DD')
    : value;
}

/** The funding sources add up live, so a mismatch with the total shows before saving. */
function FundingSum({ form }: { form: FormInstance<ProjectFormValues> }) {
  const { t, locale } = useI18n();
  const total = Form.useWatch('totalInvestment', form);
  const parts = [
    Form.useWatch('investmentGovernment', form),
    Form.useWatch('investmentSocial', form),
    Form.useWatch('investmentForeign', form),
  ];
  const given = parts.filter((p): p is number => typeof p === 'number');
  if (given.length === 0)
    return <Typography.Text type="secondary">{t('projects.fundingEmpty')}</Typography.Text>;
  // Cents: the same tolerance as the server's check (figures are in 万元).
  const sum = Math.round(given.reduce((a, b) => a + b, 0) * 100) / 100;
  const diff = typeof total === 'number' ? Math.round((total - sum) * 100) / 100 : undefined;
  const matches = diff !== undefined && Math.abs(diff) <= 0.01;
  return (
    <Typography.Text type={matches ? 'success' : 'warning'} role="status">
      {matches ? <CheckCircleOutlined aria-hidden /> : <WarningOutlined aria-hidden />}{' '}
      {diff === undefined
        ? t('projects.fundingSum', { sum: formatMoney(sum, locale) })
        : matches
          ? t('projects.fundingMatches', { sum: formatMoney(sum, locale) })
          : t('projects.fundingDiffers', { sum: formatMoney(sum, locale), diff: formatMoney(diff, locale) })}
    </Typography.Text>
  );
}
