import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Progress,
  Result,
  Select,
  Statistic,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { MISSING_REPORT_MAX_MONTHS } from '#domain/schemas/inspections.ts';
import { api, type MissingInspectionReport } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StageTag } from '../../components/StageTag.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { currentMonthInChina, monthToDayjs, shiftMonth } from '../../lib/months.ts';
import { useAsync } from '../../lib/use-async.ts';

type ChiefRow = MissingInspectionReport['chiefs'][number];
type Row = MissingInspectionReport['rows'][number];
const MONTH = /^\d{4}-\d{2}$/;

/** Only ended months can miss their inspection: this month and later are not offered. */
const notEnded = (d: Dayjs) => d.format('YYYY-MM') >= currentMonthInChina();

/**
 * /chief/missing-inspections — 未督查统计: over a range of ended months, how many project-months each chief owed,
 * inspected and missed (一月一督查), and each missed one; leaders see every chief, anyone else his own team's
 * projects. Exported to .xlsx by the server, as the ledger is.
 */
export function MissingInspectionsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const lastEnded = shiftMonth(currentMonthInChina(), -1);
  const askedTo = params.get('to');
  const askedFrom = params.get('from');
  const to = askedTo && MONTH.test(askedTo) ? askedTo : lastEnded;
  const from = askedFrom && MONTH.test(askedFrom) ? askedFrom : shiftMonth(to, -5);
  const chiefUserId = params.get('chief') ?? undefined;
  const isLeader = can('project.scope.all');
  const query = { from, to, chiefUserId };
  const { data, error, loading, reload } = useAsync(
    () => api.inspections.missingReport(query),
    [from, to, chiefUserId],
  );
  const chiefs = useAsync(
    () => (isLeader ? api.reference.userOptions('project_chief') : Promise.resolve([])),
    [isLeader],
  );

  const setParam = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(values)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await api.inspections.exportMissingReport(query, `missing-inspections-${from}-${to}.xlsx`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const missingTotal = data?.total ?? 0;
  const owed = data?.chiefs.reduce((n, c) => n + c.owed, 0) ?? 0;
  const inspected = data?.chiefs.reduce((n, c) => n + c.inspected, 0) ?? 0;

  return (
    <>
      <PageHeader
        title={t('missingInspections.title')}
        extra={
          can('project.export') ? (
            <Button
              icon={<DownloadOutlined aria-hidden />}
              loading={exporting}
              disabled={!data}
              onClick={() => void exportXlsx()}
            >
              {t('missingInspections.export')}
            </Button>
          ) : null
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          aria-label={t('missingInspections.range')}
          value={[monthToDayjs(from), monthToDayjs(to)]}
          disabledDate={notEnded}
          onChange={(range) => {
            const [start, end] = range ?? [];
            if (!start || !end) return;
            const next = { from: start.format('YYYY-MM'), to: end.format('YYYY-MM') };
            if (end.diff(start, 'month') + 1 > MISSING_REPORT_MAX_MONTHS) {
              message.warning(t('missingInspections.tooLong', { max: MISSING_REPORT_MAX_MONTHS }));
              next.from = shiftMonth(next.to, -(MISSING_REPORT_MAX_MONTHS - 1));
            }
            setParam(next);
          }}
        />
        {isLeader ? (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            aria-label={t('chief.pickChief')}
            placeholder={t('missingInspections.allChiefs')}
            value={chiefUserId}
            loading={chiefs.loading}
            options={(chiefs.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
            onChange={(v: string | undefined) => setParam({ chief: v })}
          />
        ) : null}
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {loading && !data ? <Card loading /> : null}
      {data ? (
        <Flex vertical gap={16}>
          <Card size="small">
            <Flex gap={32} wrap align="center">
              <Typography.Text strong>
                {t('missingInspections.rangeLine', {
                  from: data.from,
                  to: data.to,
                  months: data.months.length,
                })}
              </Typography.Text>
              <Statistic title={t('missingInspections.owed')} value={owed} />
              <Statistic title={t('missingInspections.inspected')} value={inspected} />
              <Statistic
                title={t('missingInspections.missing')}
                value={missingTotal}
                valueStyle={missingTotal ? { color: 'var(--ant-color-error)' } : undefined}
              />
            </Flex>
          </Card>
          {data.chiefs.length === 0 ? (
            <Card size="small">
              <Empty description={t('missingInspections.noChiefs')} />
            </Card>
          ) : (
            <Card size="small" title={t('missingInspections.byChief')}>
              <Table<ChiefRow>
                rowKey="chiefUserId"
                size="small"
                pagination={false}
                dataSource={data.chiefs}
                scroll={{ x: 640 }}
                columns={[
                  {
                    key: 'chief',
                    title: t('chiefTeams.chief'),
                    render: (_v, c) =>
                      isLeader ? (
                        <Link to={`/chief?chief=${c.chiefUserId}`}>{c.chiefName}</Link>
                      ) : (
                        c.chiefName
                      ),
                  },
                  { key: 'owed', title: t('missingInspections.owed'), width: 120, dataIndex: 'owed' },
                  {
                    key: 'inspected',
                    title: t('missingInspections.inspected'),
                    width: 100,
                    dataIndex: 'inspected',
                  },
                  {
                    key: 'missing',
                    title: t('missingInspections.missing'),
                    width: 100,
                    render: (_v, c) =>
                      c.missing ? <Typography.Text type="danger">{c.missing}</Typography.Text> : 0,
                  },
                  {
                    key: 'coverage',
                    title: t('missingInspections.coverage'),
                    width: 200,
                    render: (_v, c) => (
                      <Progress
                        size="small"
                        percent={c.owed ? Math.round((c.inspected / c.owed) * 1000) / 10 : 100}
                        status={c.missing ? 'normal' : 'success'}
                        aria-label={t('missingInspections.coverageOf', { name: c.chiefName })}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          )}
          {data.chiefs.length > 0 && data.rows.length === 0 ? (
            <Result status="success" title={t('missingInspections.none')} />
          ) : null}
          {data.rows.length > 0 ? (
            <Card size="small" title={t('missingInspections.rows')}>
              <Table<Row>
                rowKey={(r) => `${r.month}:${r.projectId}`}
                size="small"
                dataSource={data.rows}
                scroll={{ x: 860 }}
                pagination={{
                  pageSize: 50,
                  hideOnSinglePage: true,
                  showTotal: (total) => t('common.total', { total }),
                }}
                columns={[
                  { key: 'month', title: t('chief.month'), dataIndex: 'month', width: 100 },
                  { key: 'chief', title: t('chiefTeams.chief'), dataIndex: 'chiefName', width: 120 },
                  {
                    key: 'project',
                    title: t('chief.project'),
                    render: (_v, r) => (
                      <Flex vertical>
                        <Link to={`/projects/${r.projectId}?tab=inspections`}>{r.projectName}</Link>
                        {r.projectCode ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {r.projectCode}
                          </Typography.Text>
                        ) : null}
                      </Flex>
                    ),
                  },
                  {
                    key: 'stage',
                    title: t('chief.stage'),
                    width: 150,
                    render: (_v, r) => <StageTag stage={r.stage} />,
                  },
                  {
                    key: 'since',
                    title: t('missingInspections.chiefSince'),
                    dataIndex: 'chiefAssignedOn',
                    width: 130,
                  },
                ]}
              />
            </Card>
          ) : null}
        </Flex>
      ) : null}
    </>
  );
}
