import { Flex, Segmented, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { dispatchActionStatuses, dispatchActionStatusLabels } from '#domain/schemas/dispatch-meetings.ts';
import { api, type DispatchAction } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { ActionsTable } from './components/ActionsTable.tsx';
import { ProgressModal } from './components/ProgressModal.tsx';

/**
 * /dispatch-actions — 议定事项: those assigned to my organisation (the default for departments), or all I may see;
 * the responsible organisation reports progress here.
 */
export function DispatchActionListPage() {
  const { t, pick } = useI18n();
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'all' ? 'all' : 'mine';
  const askedStatus = params.get('status');
  const status = dispatchActionStatuses.find((s) => s === askedStatus);
  const overdue = params.get('overdue') === 'true';
  const page = Number(params.get('page')) || 1;
  const [reporting, setReporting] = useState<DispatchAction | null>(null);
  const { data, error, loading, reload } = useAsync(
    () =>
      api.dispatch.actions({
        scope,
        status: status ? [status] : undefined,
        overdue: overdue || undefined,
        page,
        pageSize: 20,
      }),
    [scope, status, overdue, page],
  );

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };

  return (
    <>
      <PageHeader title={t('dispatch.actionsTitle')} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented
          value={scope}
          options={[
            { value: 'mine', label: t('dispatch.scopeMine') },
            { value: 'all', label: t('dispatch.scopeAll') },
          ]}
          onChange={(v) => setParam('scope', v === 'all' ? 'all' : undefined)}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('dispatch.status')}
          aria-label={t('dispatch.status')}
          value={status}
          options={dispatchActionStatuses.map((s) => ({
            value: s,
            label: pick(dispatchActionStatusLabels[s]),
          }))}
          onChange={(v: string | undefined) => setParam('status', v)}
        />
        <Flex gap={6} align="center">
          <Switch
            checked={overdue}
            aria-label={t('dispatch.overdueOnly')}
            onChange={(v) => setParam('overdue', v ? 'true' : undefined)}
          />
          <Typography.Text>{t('dispatch.overdueOnly')}</Typography.Text>
        </Flex>
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <ActionsTable
        actions={data?.items ?? []}
        loading={loading}
        showMeeting
        onReport={setReporting}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          onChange: (p) => setParam('page', String(p)),
        }}
      />
      {reporting ? (
        <ProgressModal
          open
          action={reporting}
          onClose={() => setReporting(null)}
          onSaved={() => {
            setReporting(null);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
