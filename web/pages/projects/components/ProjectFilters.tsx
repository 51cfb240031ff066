import { FilterOutlined } from '@ant-design/icons';
import {
  Badge,
  Button,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  TreeSelect,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { keyLevels, lifecycleStages, projectCategories } from '#domain/codelists.ts';
import { projectFieldLabels } from '#domain/schemas/projects.ts';
import { OrganizationSelect } from '../../../components/OrganizationSelect.tsx';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { refName, useReference, useUserOptions } from '../../../lib/use-reference.ts';
import { activeFilterCount, type ProjectListState } from '../project-list-query.ts';

type Props = {
  state: ProjectListState;
  /** Applies a change to the filters (and goes back to page 1); `replace` avoids a history entry per keystroke. */
  onChange: (patch: Partial<ProjectListState>, options?: { replace?: boolean }) => void;
  onClear: () => void;
};

const SEARCH_DELAY_MS = 400;
const advancedKeys = [
  'industryCode',
  'leadingIndustry',
  'divisionCode',
  'townCode',
  'ownerOrgId',
  'chiefUserId',
  'leadDepartmentId',
  'tag',
  'investmentMin',
  'investmentMax',
  'plannedStartFrom',
  'plannedStartTo',
  'plannedCompletionFrom',
  'plannedCompletionTo',
  'hasLocation',
] as const satisfies readonly (keyof ProjectListState)[];

const toDay = (value: string | undefined) => (value ? dayjs(value) : null);
const fromDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : undefined);
const listOrUndefined = <T,>(values: T[]) => (values.length > 0 ? values : undefined);

/** A text the user types, applied on Enter or blur; a change from outside (back button) replaces it. */
function useDraft<T>(value: T): [T, (v: T) => void] {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return [draft, setDraft];
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <Col xs={24} sm={12} lg={8} xxl={6}>
      <Form.Item label={label} htmlFor={id} style={{ marginBottom: 12 }}>
        {children}
      </Form.Item>
    </Col>
  );
}

export function ProjectFilters({ state, onChange, onClear }: Props) {
  const { t, pick, locale } = useI18n();
  const industries = useReference('industries');
  const leadingIndustries = useReference('leadingIndustries');
  const divisions = useReference('divisions');
  const chiefs = useUserOptions('project_chief');
  const hasAdvanced = advancedKeys.some((k) => state[k] !== undefined);
  const [expanded, setExpanded] = useState(hasAdvanced);
  const filterCount = activeFilterCount(state);

  // The search box searches as the user types, after a short pause, without a history entry per letter.
  const [q, setQ] = useState(state.q ?? '');
  const pushedQ = useRef(state.q ?? '');
  useEffect(() => {
    const fromUrl = state.q ?? '';
    if (fromUrl !== pushedQ.current) {
      pushedQ.current = fromUrl;
      setQ(fromUrl);
    }
  }, [state.q]);
  const applyQ = (value: string, replace: boolean) => {
    const trimmed = value.trim();
    if (trimmed === pushedQ.current) return;
    pushedQ.current = trimmed;
    onChange({ q: trimmed || undefined }, { replace });
  };
  const applyQLater = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(applyQLater.current), []);

  const [tag, setTag] = useDraft(state.tag ?? '');
  const [investmentMin, setInvestmentMin] = useDraft<number | null>(state.investmentMin ?? null);
  const [investmentMax, setInvestmentMax] = useDraft<number | null>(state.investmentMax ?? null);

  const industryTree = useMemo(
    () =>
      industries.items
        .filter((i) => i.level === 1)
        .map((section) => ({
          value: section.code,
          title: `${section.code} ${refName(section, locale)}`,
          children: industries.items
            .filter((d) => d.level === 2 && d.parentCode === section.code)
            .map((d) => ({ value: d.code, title: `${d.code} ${refName(d, locale)}` })),
        })),
    [industries.items, locale],
  );
  const districtOptions = divisions.items
    .filter((d) => d.level === 2)
    .map((d) => ({ value: d.code, label: refName(d, locale) }));
  const townOptions = divisions.items
    .filter(
      (d) =>
        d.level === 3 && (!state.divisionCode?.length || state.divisionCode.includes(d.parentCode ?? '')),
    )
    .map((d) => ({ value: d.code, label: refName(d, locale) }));
  const codeOptions = (list: readonly { code: string; label: { zh: string; en: string } }[]) =>
    list.map((i) => ({ value: i.code, label: pick(i.label) }));
  const placeholder = t('common.all');

  return (
    <div style={{ marginBottom: 16 }}>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          id="project-search"
          aria-label={t('projects.searchPlaceholder')}
          placeholder={t('projects.searchPlaceholder')}
          allowClear
          value={q}
          onChange={(e) => {
            const value = e.target.value;
            setQ(value);
            clearTimeout(applyQLater.current);
            applyQLater.current = setTimeout(() => applyQ(value, true), SEARCH_DELAY_MS);
          }}
          onSearch={(value) => {
            clearTimeout(applyQLater.current);
            applyQ(value, false);
          }}
          style={{ width: 320, maxWidth: '100%' }}
        />
        <Select
          mode="multiple"
          aria-label={pick(projectFieldLabels.stage)}
          placeholder={pick(projectFieldLabels.stage)}
          options={codeOptions(lifecycleStages.list)}
          value={state.stage ?? []}
          onChange={(v) => onChange({ stage: listOrUndefined(v) })}
          maxTagCount="responsive"
          allowClear
          style={{ width: 200 }}
        />
        <Select
          mode="multiple"
          aria-label={pick(projectFieldLabels.category)}
          placeholder={pick(projectFieldLabels.category)}
          options={codeOptions(projectCategories.list)}
          value={state.category ?? []}
          onChange={(v) => onChange({ category: listOrUndefined(v) })}
          maxTagCount="responsive"
          allowClear
          style={{ width: 180 }}
        />
        <Select
          mode="multiple"
          aria-label={pick(projectFieldLabels.keyLevel)}
          placeholder={pick(projectFieldLabels.keyLevel)}
          options={codeOptions(keyLevels.list)}
          value={state.keyLevel ?? []}
          onChange={(v) => onChange({ keyLevel: listOrUndefined(v) })}
          maxTagCount="responsive"
          allowClear
          style={{ width: 160 }}
        />
        <Badge count={filterCount} size="small" offset={[-4, 0]}>
          <Button
            icon={<FilterOutlined aria-hidden />}
            onClick={() => setExpanded((e) => !e)}
            aria-expanded={expanded}
          >
            {expanded ? t('common.lessFilters') : t('common.moreFilters')}
          </Button>
        </Badge>
        {filterCount > 0 ? (
          <Button type="link" onClick={onClear}>
            {t('projects.clearFilters')}
          </Button>
        ) : null}
      </Flex>

      {expanded ? (
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Field id="filter-industry" label={pick(projectFieldLabels.industryCode)}>
              <TreeSelect
                id="filter-industry"
                treeData={industryTree}
                treeCheckable
                showCheckedStrategy={TreeSelect.SHOW_PARENT}
                showSearch
                treeNodeFilterProp="title"
                placeholder={placeholder}
                value={state.industryCode ?? []}
                onChange={(v: string[]) => onChange({ industryCode: listOrUndefined(v) })}
                maxTagCount="responsive"
                allowClear
                loading={industries.loading}
              />
            </Field>
            <Field id="filter-leading" label={pick(projectFieldLabels.leadingIndustry)}>
              <Select
                id="filter-leading"
                mode="multiple"
                options={leadingIndustries.items.map((i) => ({ value: i.code, label: refName(i, locale) }))}
                placeholder={placeholder}
                value={state.leadingIndustry ?? []}
                onChange={(v) => onChange({ leadingIndustry: listOrUndefined(v) })}
                maxTagCount="responsive"
                allowClear
                optionFilterProp="label"
              />
            </Field>
            <Field id="filter-district" label={pick(projectFieldLabels.divisionCode)}>
              <Select
                id="filter-district"
                mode="multiple"
                options={districtOptions}
                placeholder={placeholder}
                value={state.divisionCode ?? []}
                onChange={(v) => onChange({ divisionCode: listOrUndefined(v) })}
                maxTagCount="responsive"
                allowClear
                optionFilterProp="label"
              />
            </Field>
            <Field id="filter-town" label={pick(projectFieldLabels.townCode)}>
              <Select
                id="filter-town"
                mode="multiple"
                options={townOptions}
                placeholder={placeholder}
                value={state.townCode ?? []}
                onChange={(v) => onChange({ townCode: listOrUndefined(v) })}
                maxTagCount="responsive"
                allowClear
                optionFilterProp="label"
              />
            </Field>
            <Field id="filter-owner" label={pick(projectFieldLabels.ownerOrgId)}>
              <OrganizationSelect
                id="filter-owner"
                multiple
                placeholder={placeholder}
                value={state.ownerOrgId ?? []}
                onChange={(v) => onChange({ ownerOrgId: listOrUndefined(v) })}
              />
            </Field>
            <Field id="filter-chief" label={pick(projectFieldLabels.chiefUserId)}>
              <Select
                id="filter-chief"
                mode="multiple"
                options={chiefs.items.map((u) => ({ value: u.id, label: u.displayName }))}
                placeholder={placeholder}
                value={state.chiefUserId ?? []}
                onChange={(v) => onChange({ chiefUserId: listOrUndefined(v) })}
                maxTagCount="responsive"
                allowClear
                optionFilterProp="label"
              />
            </Field>
            <Field id="filter-lead" label={pick(projectFieldLabels.leadDepartmentId)}>
              <OrganizationSelect
                id="filter-lead"
                multiple
                type="department"
                placeholder={placeholder}
                value={state.leadDepartmentId ?? []}
                onChange={(v) => onChange({ leadDepartmentId: listOrUndefined(v) })}
              />
            </Field>
            <Field id="filter-tag" label={pick(projectFieldLabels.tags)}>
              <Input
                id="filter-tag"
                placeholder={t('projects.tagPlaceholder')}
                value={tag}
                allowClear
                onChange={(e) => {
                  setTag(e.target.value);
                  if (e.type === 'click') onChange({ tag: undefined });
                }}
                onPressEnter={() => onChange({ tag: tag.trim() || undefined })}
                onBlur={() => tag.trim() !== (state.tag ?? '') && onChange({ tag: tag.trim() || undefined })}
              />
            </Field>
            <Field id="filter-investment-min" label={t('projects.investmentRange')}>
              <Space.Compact style={{ width: '100%' }}>
                <InputNumber
                  id="filter-investment-min"
                  aria-label={`${t('projects.investmentRange')} ${t('common.min')}`}
                  placeholder={t('common.min')}
                  min={0}
                  value={investmentMin}
                  onChange={setInvestmentMin}
                  onPressEnter={() => onChange({ investmentMin: investmentMin ?? undefined })}
                  onBlur={() =>
                    investmentMin !== (state.investmentMin ?? null) &&
                    onChange({ investmentMin: investmentMin ?? undefined })
                  }
                  style={{ width: '50%' }}
                />
                <InputNumber
                  aria-label={`${t('projects.investmentRange')} ${t('common.max')}`}
                  placeholder={t('common.max')}
                  min={0}
                  value={investmentMax}
                  onChange={setInvestmentMax}
                  onPressEnter={() => onChange({ investmentMax: investmentMax ?? undefined })}
                  onBlur={() =>
                    investmentMax !== (state.investmentMax ?? null) &&
                    onChange({ investmentMax: investmentMax ?? undefined })
                  }
                  style={{ width: '50%' }}
                />
              </Space.Compact>
            </Field>
            <Field id="filter-planned-start" label={t('projects.plannedStartRange')}>
              <DatePicker.RangePicker
                id={{ start: 'filter-planned-start' }}
                allowEmpty={[true, true]}
                value={[toDay(state.plannedStartFrom), toDay(state.plannedStartTo)]}
                onChange={(range) =>
                  onChange({ plannedStartFrom: fromDay(range?.[0]), plannedStartTo: fromDay(range?.[1]) })
                }
                style={{ width: '100%' }}
              />
            </Field>
            <Field id="filter-location" label={t('map.locationFilter')}>
              <Select
                id="filter-location"
                options={[
                  { value: 'true', label: t('map.located') },
                  { value: 'false', label: t('map.unlocated') },
                ]}
                placeholder={placeholder}
                value={state.hasLocation === undefined ? undefined : String(state.hasLocation)}
                onChange={(v?: string) =>
                  onChange({ hasLocation: v === undefined ? undefined : v === 'true' })
                }
                allowClear
              />
            </Field>
            <Field id="filter-planned-completion" label={t('projects.plannedCompletionRange')}>
              <DatePicker.RangePicker
                id={{ start: 'filter-planned-completion' }}
                allowEmpty={[true, true]}
                value={[toDay(state.plannedCompletionFrom), toDay(state.plannedCompletionTo)]}
                onChange={(range) =>
                  onChange({
                    plannedCompletionFrom: fromDay(range?.[0]),
                    plannedCompletionTo: fromDay(range?.[1]),
                  })
                }
                style={{ width: '100%' }}
              />
            </Field>
          </Row>
        </Form>
      ) : null}
    </div>
  );
}
