import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Progress, Select, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { fieldReviewStatuses, fieldReviewStatusLabels } from '#domain/schemas/field-reviews.ts';
import { api, type FieldReviewSummary } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useAsync } from '../../lib/use-async.ts';
import { CreateTourModal } from './components/CreateTourModal.tsx';
import { FieldReviewHistoryMatrix } from './components/FieldReviewHistoryMatrix.tsx';
import { quarterOptions } from './quarters.ts';

/**
 * /field-reviews — 一季一拉练: the tours by quarter and status (organisers create one here), and on the second tab
 * (?view=history) each project's results across the last closed tours.
 */
export function FieldReviewListPage() {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const view = params.get('view') === 'history' ? 'history' : 'tours';
  const quarter = params.get('quarter') ?? undefined;
  const askedStatus = params.get('status');
  const status = fieldReviewStatuses.find((s) => s === askedStatus);
  const page = Number(params.get('page')) || 1;
  const { data, error, loading, reload } = useAsync(
    () =>
      view === 'tours'
        ? api.fieldReviews.list({ quarter, status, page, pageSize: 20 })
        : Promise.resolve(undefined),
    [quarter, status, page, view],
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
        title={t('fieldReviews.title')}
        extra={
          can('field_review.organise') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('fieldReviews.create')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={view}
        onChange={(key) => {
          const next = new URLSearchParams();
          if (key === 'history') next.set('view', 'history');
          setParams(next, { replace: true });
        }}
        items={[
          { key: 'tours', label: t('fieldReviewHistory.toursTab') },
          { key: 'history', label: t('fieldReviewHistory.historyTab') },
        ]}
      />
      {view === 'history' ? <FieldReviewHistoryMatrix /> : null}
      {view === 'tours' ? (
        <>
          <Flex gap={12} wrap style={{ marginBottom: 16 }}>
            <Select
              allowClear
              style={{ minWidth: 180 }}
              placeholder={t('fieldReviews.quarter')}
              aria-label={t('fieldReviews.quarter')}
              value={quarter}
              options={quarterOptions(pick)}
              onChange={(v: string | undefined) => setParam('quarter', v)}
            />
            <Select
              allowClear
              style={{ minWidth: 140 }}
              placeholder={t('fieldReviews.status')}
              aria-label={t('fieldReviews.status')}
              value={status}
              options={fieldReviewStatuses.map((s) => ({
                value: s,
                label: pick(fieldReviewStatusLabels[s]),
              }))}
              onChange={(v: string | undefined) => setParam('status', v)}
            />
          </Flex>
          {error ? <LoadError error={error} onRetry={reload} /> : null}
          <Table<FieldReviewSummary>
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
                title: t('fieldReviews.tourTitle'),
                render: (_v, r) => <Link to={`/field-reviews/${r.id}`}>{r.title}</Link>,
              },
              {
                key: 'quarter',
                title: t('fieldReviews.quarter'),
                width: 140,
                render: (_v, r) => pick(r.quarterLabel),
              },
              {
                key: 'status',
                title: t('fieldReviews.status'),
                width: 110,
                render: (_v, r) => (
                  <Tag color={r.status === 'open' ? 'processing' : 'default'} bordered={false}>
                    {pick(fieldReviewStatusLabels[r.status])}
                  </Tag>
                ),
              },
              {
                key: 'visits',
                title: t('fieldReviews.visits'),
                width: 200,
                render: (_v, r) => (r.firstVisit ? `${r.firstVisit} ~ ${r.lastVisit ?? ''}` : '—'),
              },
              {
                key: 'size',
                title: t('fieldReviews.size'),
                width: 160,
                render: (_v, r) =>
                  t('fieldReviews.sizeLine', { projects: r.projectCount, scorers: r.scorerCount }),
              },
              {
                key: 'progress',
                title: t('fieldReviews.progress'),
                width: 160,
                render: (_v, r) => (
                  <Progress
                    size="small"
                    percent={r.sheetsExpected ? Math.round((r.sheetsSubmitted / r.sheetsExpected) * 100) : 0}
                    format={() => `${r.sheetsSubmitted}/${r.sheetsExpected}`}
                  />
                ),
              },
              {
                key: 'organiser',
                title: t('fieldReviews.organiser'),
                width: 120,
                render: (_v, r) => r.organiserName ?? '—',
              },
            ]}
          />
        </>
      ) : null}
      {creating ? (
        <CreateTourModal
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/field-reviews/${id}`)}
        />
      ) : null}
    </>
  );
}
