import { DownloadOutlined, EnvironmentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Table, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Project } from '#domain/schemas/projects.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { useReference } from '../../lib/use-reference.ts';
import { ColumnChooser, readStoredColumns, storeColumns } from './components/ColumnChooser.tsx';
import { ImportDialog } from './components/ImportDialog.tsx';
import { ProjectFilters } from './components/ProjectFilters.tsx';
import {
  type ProjectColumnKey,
  projectColumnKeys,
  projectColumns,
  sortFieldOfColumn,
} from './project-columns.tsx';
import {
  activeFilterCount,
  type ProjectListState,
  parseProjectListQuery,
  projectFilterSearch,
  projectListDefaults,
  projectListSearch,
} from './project-list-query.ts';

export function ProjectListPage() {
  const { t, pick, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const searchKey = searchParams.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the string form is the stable identity of the params.
  const state = useMemo(() => parseProjectListQuery(searchParams), [searchKey]);
  const [columns, setColumns] = useState<ProjectColumnKey[]>(readStoredColumns);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);
  const leadingIndustries = useReference('leadingIndustries');
  const industries = useReference('industries');
  const divisions = useReference('divisions');

  const { data, error, loading, reload } = useAsync(() => api.projects.list(state), [state]);

  const navigateTo = (next: ProjectListState, replace = false) =>
    setSearchParams(projectListSearch(next), { replace });
  const changeFilters = (patch: Partial<ProjectListState>, options?: { replace?: boolean }) =>
    navigateTo({ ...state, ...patch, page: 1 }, options?.replace);
  const clearFilters = () =>
    navigateTo({ ...projectListDefaults, pageSize: state.pageSize, sort: state.sort, order: state.order });

  const allColumns = useMemo(
    () =>
      projectColumns({
        locale,
        pick,
        commonLabels: { createdAt: t('common.createdAt'), updatedAt: t('common.updatedAt') },
        leadingIndustries: leadingIndustries.items,
        industries: industries.items,
        divisions: divisions.items,
        sort: state,
      }),
    [locale, pick, t, leadingIndustries.items, industries.items, divisions.items, state],
  );
  const titles = Object.fromEntries(projectColumnKeys.map((k) => [k, String(allColumns[k].title)])) as Record<
    ProjectColumnKey,
    string
  >;
  const visibleColumns = columns.map((k) => allColumns[k]);

  const exportList = async () => {
    setExporting(true);
    try {
      const { page: _page, pageSize: _pageSize, ...filters } = state;
      await api.projects.exportXlsx(filters, t('export.fileName'));
      message.success(t('projects.exported'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const filtered = activeFilterCount(state) > 0;

  return (
    <>
      <PageHeader
        title={t('projects.title')}
        extra={
          <>
            {can('project.create') ? (
              <Button
                type="primary"
                icon={<PlusOutlined aria-hidden />}
                onClick={() => navigate('/projects/new')}
              >
                {t('projects.create')}
              </Button>
            ) : null}
            {can('project.import') ? (
              <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImportOpen(true)}>
                {t('projects.import')}
              </Button>
            ) : null}
            {can('project.export') ? (
              <Button
                icon={<DownloadOutlined aria-hidden />}
                loading={exporting}
                onClick={() => void exportList()}
              >
                {t('projects.export')}
              </Button>
            ) : null}
            <Button
              icon={<EnvironmentOutlined aria-hidden />}
              onClick={() => {
                // The map takes the same filters; paging and sorting mean nothing there.
                const filters = projectFilterSearch(state).toString();
                navigate(filters ? `/map?${filters}` : '/map');
              }}
            >
              {t('map.openMap')}
            </Button>
          </>
        }
      />

      <ProjectFilters state={state} onChange={changeFilters} onClear={clearFilters} />

      {error ? <LoadError error={error} onRetry={reload} /> : null}

      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap gap={8}>
        <Typography.Text type="secondary" role="status">
          {data ? t('common.total', { total: data.total }) : '\u00a0'}
        </Typography.Text>
        <ColumnChooser
          titles={titles}
          value={columns}
          onChange={(next) => {
            setColumns(next);
            storeColumns(next);
          }}
        />
      </Flex>

      <Table<Project>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={visibleColumns}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty
              description={
                <Flex vertical gap={4}>
                  <span>{t('projects.empty')}</span>
                  <Typography.Text type="secondary">{t('projects.emptyHint')}</Typography.Text>
                </Flex>
              }
            >
              {filtered ? <Button onClick={clearFilters}>{t('projects.clearFilters')}</Button> : null}
            </Empty>
          ),
        }}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
        }}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Project> | undefined;
            const field = s?.order ? sortFieldOfColumn(String(s.columnKey)) : undefined;
            navigateTo({
              ...state,
              page: 1,
              sort: field ?? projectListDefaults.sort,
              order: field ? (s?.order === 'ascend' ? 'asc' : 'desc') : projectListDefaults.order,
            });
          } else if (extra.action === 'paginate') {
            const pageSize = pagination.pageSize ?? state.pageSize;
            navigateTo({
              ...state,
              page: pageSize === state.pageSize ? (pagination.current ?? 1) : 1,
              pageSize,
            });
          }
        }}
      />

      {can('project.import') ? (
        <ImportDialog open={importOpen} onClose={() => setImportOpen(false)} onImported={reload} />
      ) : null}
    </>
  );
}
