import { Checkbox, Empty, Flex, Select, Table, Tabs } from 'antd';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  type CoordinationCategory,
  type CoordinationStatus,
  coordinationCategories,
  coordinationStatuses,
} from '#domain/schemas/coordination.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { coordinationColumns } from './components/coordination-columns.tsx';

const views = ['mine', 'all', 'overdue'] as const;
type View = (typeof views)[number];

type ListState = {
  view: View;
  status: CoordinationStatus[];
  category: CoordinationCategory[];
  overdue: boolean;
  page: number;
};

const statusCodes = coordinationStatuses.codes as readonly string[];
const categoryCodes = coordinationCategories.codes as readonly string[];

function parse(params: URLSearchParams, canSeeZone: boolean): ListState {
  const asked = params.get('view');
  const view: View =
    asked === 'all' || (asked === 'overdue' && canSeeZone) ? asked : asked === 'overdue' ? 'mine' : 'mine';
  const list = (key: string, allowed: readonly string[]) =>
    (params.get(key) ?? '').split(',').filter((v) => allowed.includes(v));
  return {
    view,
    status: list('status', statusCodes) as CoordinationStatus[],
    category: list('category', categoryCodes) as CoordinationCategory[],
    overdue: params.get('overdue') === 'true',
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

const PAGE_SIZE = 20;

/**
 * /coordination — 协调事项: my items (assigned to my department, or raised by me) with the loop's actions, every
 * item I may see, and, for those who see the whole zone, the overdue items under 督办.
 */
export function CoordinationListPage() {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const { can } = useAuth();
  const canSeeZone = can('project.scope.all');
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string form is the identity of the params.
  const state = useMemo(() => parse(params, canSeeZone), [key, canSeeZone]);

  const { data, error, loading, reload } = useAsync(() => {
    const common = { category: state.category, page: state.page, pageSize: PAGE_SIZE };
    if (state.view === 'overdue') return api.coordination.overdue(common);
    return api.coordination.list({
      ...common,
      scope: state.view === 'mine' ? 'mine' : undefined,
      status: state.status,
      overdue: state.overdue ? true : undefined,
    });
  }, [state]);

  const update = (patch: Partial<ListState>) => {
    const next = { ...state, page: 1, ...patch };
    const search = new URLSearchParams();
    if (next.view !== 'mine') search.set('view', next.view);
    if (next.status.length) search.set('status', next.status.join(','));
    if (next.category.length) search.set('category', next.category.join(','));
    if (next.overdue) search.set('overdue', 'true');
    if (next.page > 1) search.set('page', String(next.page));
    setParams(search);
  };

  const tabs = [
    { key: 'mine', label: t('coordination.viewMine') },
    { key: 'all', label: t('coordination.viewAll') },
    ...(canSeeZone ? [{ key: 'overdue', label: t('coordination.viewOverdue') }] : []),
  ];

  return (
    <>
      <PageHeader title={t('coordination.title')} />
      <Tabs activeKey={state.view} items={tabs} onChange={(v) => update({ view: v as View })} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        {state.view !== 'overdue' ? (
          <Select<CoordinationStatus[]>
            mode="multiple"
            allowClear
            aria-label={t('coordination.statusFilter')}
            placeholder={t('coordination.statusFilter')}
            value={state.status}
            onChange={(status) => update({ status })}
            options={coordinationStatuses.list.map((s) => ({ value: s.code, label: pick(s.label) }))}
            style={{ minWidth: 220 }}
          />
        ) : null}
        <Select<CoordinationCategory[]>
          mode="multiple"
          allowClear
          aria-label={t('coordination.categoryFilter')}
          placeholder={t('coordination.categoryFilter')}
          value={state.category}
          onChange={(category) => update({ category })}
          options={coordinationCategories.list.map((s) => ({ value: s.code, label: pick(s.label) }))}
          style={{ minWidth: 220 }}
        />
        {state.view !== 'overdue' ? (
          <Checkbox checked={state.overdue} onChange={(e) => update({ overdue: e.target.checked })}>
            {t('coordination.onlyOverdue')}
          </Checkbox>
        ) : null}
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={coordinationColumns(i18n, { withProject: true, onChanged: reload })}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: state.page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page) => update({ page }),
        }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coordination.empty')} />,
        }}
      />
    </>
  );
}
