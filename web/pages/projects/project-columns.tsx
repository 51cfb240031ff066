import { Space, Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { keyLevels, type Label, type Locale, labelOf, projectCategories } from '#domain/codelists.ts';
import { type Project, projectFieldLabels, type projectSortFields } from '#domain/schemas/projects.ts';
import type { ReferenceItem } from '#domain/schemas/reference.ts';
import { DemoTag } from '../../components/DemoTag.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format.ts';
import { industryText, localName, refNameOf } from '../../lib/use-reference.ts';
import type { ProjectListState } from './project-list-query.ts';

export const projectColumnKeys = [
  'code',
  'name',
  'ownerOrgName',
  'category',
  'industry',
  'leadingIndustry',
  'keyLevel',
  'district',
  'town',
  'totalInvestment',
  'investmentGovernment',
  'investmentSocial',
  'investmentForeign',
  'plannedStart',
  'plannedCompletion',
  'stage',
  'chief',
  'leadDepartment',
  'tags',
  'updatedAt',
  'createdAt',
] as const;
export type ProjectColumnKey = (typeof projectColumnKeys)[number];

export const defaultProjectColumns: readonly ProjectColumnKey[] = [
  'code',
  'name',
  'ownerOrgName',
  'category',
  'keyLevel',
  'district',
  'totalInvestment',
  'plannedStart',
  'plannedCompletion',
  'stage',
  'updatedAt',
];

type SortField = (typeof projectSortFields)[number];

/** Which server sort field a column sorts by, for the columns that can be sorted. */
const sortFieldOf: Partial<Record<ProjectColumnKey, SortField>> = {
  code: 'code',
  name: 'name',
  category: 'category',
  industry: 'industryCode',
  leadingIndustry: 'leadingIndustry',
  keyLevel: 'keyLevel',
  district: 'divisionCode',
  totalInvestment: 'totalInvestment',
  plannedStart: 'plannedStart',
  plannedCompletion: 'plannedCompletion',
  stage: 'stage',
  updatedAt: 'updatedAt',
  createdAt: 'createdAt',
};

export function sortFieldOfColumn(key: string): SortField | undefined {
  return sortFieldOf[key as ProjectColumnKey];
}

type ColumnContext = {
  locale: Locale;
  pick: (label: Label) => string;
  commonLabels: { createdAt: string; updatedAt: string };
  leadingIndustries: readonly ReferenceItem[];
  industries: readonly ReferenceItem[];
  divisions: readonly ReferenceItem[];
  sort?: Pick<ProjectListState, 'sort' | 'order'>;
};

const money = (value: number | null, locale: Locale) => (
  <span className="gj-money">{formatMoney(value, locale)}</span>
);

/** The ledger's columns, titled with the shared field labels and sorted on the server. */
export function projectColumns(ctx: ColumnContext): Record<ProjectColumnKey, ColumnType<Project>> {
  const { locale, pick } = ctx;
  const columns: Record<ProjectColumnKey, ColumnType<Project>> = {
    code: {
      title: pick(projectFieldLabels.code),
      dataIndex: 'code',
      render: (code: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{code}</span>,
    },
    name: {
      title: pick(projectFieldLabels.name),
      dataIndex: 'name',
      width: 240,
      render: (_name: string, p) => (
        <Space size={4} wrap>
          <Link to={`/projects/${p.id}`}>{p.name}</Link>
          {p.isDemo ? <DemoTag /> : null}
        </Space>
      ),
    },
    ownerOrgName: { title: pick(projectFieldLabels.ownerOrgId), dataIndex: 'ownerOrgName' },
    category: {
      title: pick(projectFieldLabels.category),
      dataIndex: 'category',
      render: (code: string) => labelOf(projectCategories.list, code, locale),
    },
    industry: {
      title: pick(projectFieldLabels.industryCode),
      dataIndex: 'industryCode',
      render: (code: string, p) =>
        industryText(code, localName(ctx.industries, code, p.industryName, locale)),
    },
    leadingIndustry: {
      title: pick(projectFieldLabels.leadingIndustry),
      dataIndex: 'leadingIndustry',
      render: (code: string | null) => refNameOf(ctx.leadingIndustries, code, locale),
    },
    keyLevel: {
      title: pick(projectFieldLabels.keyLevel),
      dataIndex: 'keyLevel',
      render: (code: string) => labelOf(keyLevels.list, code, locale),
    },
    district: {
      title: pick(projectFieldLabels.divisionCode),
      dataIndex: 'divisionName',
      render: (name: string | null, p) => localName(ctx.divisions, p.divisionCode, name, locale),
    },
    town: {
      title: pick(projectFieldLabels.townCode),
      dataIndex: 'townName',
      render: (name: string | null, p) => localName(ctx.divisions, p.townCode, name, locale),
    },
    totalInvestment: {
      title: pick(projectFieldLabels.totalInvestment),
      dataIndex: 'totalInvestment',
      align: 'right',
      render: (v: number) => money(v, locale),
    },
    investmentGovernment: {
      title: pick(projectFieldLabels.investmentGovernment),
      dataIndex: 'investmentGovernment',
      align: 'right',
      render: (v: number | null) => money(v, locale),
    },
    investmentSocial: {
      title: pick(projectFieldLabels.investmentSocial),
      dataIndex: 'investmentSocial',
      align: 'right',
      render: (v: number | null) => money(v, locale),
    },
    investmentForeign: {
      title: pick(projectFieldLabels.investmentForeign),
      dataIndex: 'investmentForeign',
      align: 'right',
      render: (v: number | null) => money(v, locale),
    },
    plannedStart: {
      title: pick(projectFieldLabels.plannedStart),
      dataIndex: 'plannedStart',
      render: formatDate,
    },
    plannedCompletion: {
      title: pick(projectFieldLabels.plannedCompletion),
      dataIndex: 'plannedCompletion',
      render: formatDate,
    },
    stage: {
      title: pick(projectFieldLabels.stage),
      dataIndex: 'stage',
      render: (_stage: string, p) => <StageTag stage={p.stage} />,
    },
    chief: { title: pick(projectFieldLabels.chiefUserId), dataIndex: 'chiefName' },
    leadDepartment: { title: pick(projectFieldLabels.leadDepartmentId), dataIndex: 'leadDepartmentName' },
    tags: {
      title: pick(projectFieldLabels.tags),
      dataIndex: 'tags',
      render: (tags: string[]) => (
        <Space size={[0, 4]} wrap>
          {tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      ),
    },
    updatedAt: { title: ctx.commonLabels.updatedAt, dataIndex: 'updatedAt', render: formatDateTime },
    createdAt: { title: ctx.commonLabels.createdAt, dataIndex: 'createdAt', render: formatDateTime },
  };

  for (const key of projectColumnKeys) {
    const column = columns[key];
    column.key = key;
    const field = sortFieldOf[key];
    if (field && ctx.sort) {
      column.sorter = true;
      column.sortDirections = ['ascend', 'descend'];
      column.sortOrder = ctx.sort.sort === field ? (ctx.sort.order === 'asc' ? 'ascend' : 'descend') : null;
    }
  }
  return columns;
}
