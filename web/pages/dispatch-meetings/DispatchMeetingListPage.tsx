import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { dispatchMeetingStatuses, dispatchMeetingStatusLabels } from '#domain/schemas/dispatch-meetings.ts';
import { api, type DispatchMeetingSummary } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { MeetingStatusTag } from './components/DispatchTags.tsx';
import { MeetingFormModal } from './components/MeetingFormModal.tsx';
import { periodOptions } from './periods.ts';

/** /dispatch-meetings — 双月一调度: the zone's dispatch meetings by period and status; organisers schedule one here. */
export function DispatchMeetingListPage() {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const period = params.get('period') ?? undefined;
  const askedStatus = params.get('status');
  const status = dispatchMeetingStatuses.find((s) => s === askedStatus);
  const page = Number(params.get('page')) || 1;
  const { data, error, loading, reload } = useAsync(
    () => api.dispatch.list({ period, status: status ? [status] : undefined, page, pageSize: 20 }),
    [period, status, page],
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
      <PageHeader
        title={t('dispatch.title')}
        extra={
          <>
            {can('dispatch.action.update') ? (
              <Button onClick={() => navigate('/dispatch-actions')}>{t('menu.dispatchActions')}</Button>
            ) : null}
            {can('dispatch.organise') ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
                {t('dispatch.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('dispatch.period')}
          aria-label={t('dispatch.period')}
          value={period}
          options={periodOptions(pick)}
          onChange={(v: string | undefined) => setParam('period', v)}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('dispatch.status')}
          aria-label={t('dispatch.status')}
          value={status}
          options={dispatchMeetingStatuses.map((s) => ({
            value: s,
            label: pick(dispatchMeetingStatusLabels[s]),
          }))}
          onChange={(v: string | undefined) => setParam('status', v)}
        />
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Table<DispatchMeetingSummary>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p) => setParam('page', String(p)),
        }}
        columns={[
          {
            key: 'title',
            title: t('dispatch.meetingTitle'),
            render: (_v, m) => <Link to={`/dispatch-meetings/${m.id}`}>{m.title}</Link>,
          },
          { key: 'period', title: t('dispatch.period'), width: 150, render: (_v, m) => pick(m.periodLabel) },
          {
            key: 'date',
            title: t('dispatch.meetingDate'),
            width: 150,
            render: (_v, m) => `${m.meetingDate}${m.startTime ? ` ${m.startTime}` : ''}`,
          },
          {
            key: 'status',
            title: t('dispatch.status'),
            width: 100,
            render: (_v, m) => <MeetingStatusTag status={m.status} />,
          },
          { key: 'agenda', title: t('dispatch.agendaCount'), width: 100, render: (_v, m) => m.agendaCount },
          {
            key: 'actions',
            title: t('dispatch.actionsCount'),
            width: 150,
            render: (_v, m) =>
              m.actionCount ? (
                <span>
                  {m.actionCount}
                  {m.openActionCount ? (
                    <Typography.Text type="warning">
                      {' '}
                      {t('dispatch.openCount', { count: m.openActionCount })}
                    </Typography.Text>
                  ) : null}
                </span>
              ) : (
                '—'
              ),
          },
          {
            key: 'organiser',
            title: t('dispatch.organiser'),
            width: 120,
            render: (_v, m) => m.organiserName ?? '—',
          },
        ]}
      />
      {creating ? (
        <MeetingFormModal
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={(m) => navigate(`/dispatch-meetings/${m.id}`)}
        />
      ) : null}
    </>
  );
}
