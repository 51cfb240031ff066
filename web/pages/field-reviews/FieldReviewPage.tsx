import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  InputNumber,
  Popconfirm,
  Progress,
  Result,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { projectCategories } from '#domain/codelists.ts';
import { fieldReviewStatusLabels } from '#domain/schemas/field-reviews.ts';
import { ApiError, api, type FieldReviewDetail } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { AmendmentModal } from './components/AmendmentModal.tsx';

type Stop = FieldReviewDetail['route'][number];
type ResultRow = NonNullable<FieldReviewDetail['result']>['projects'][number];
type Scores = Record<string, number | null>;

/** One scorer's sheet for one project: a 0–100 box per criterion and a save button. */
function SheetRow({
  tour,
  stop,
  initial,
  onSaved,
}: {
  tour: FieldReviewDetail;
  stop: Stop;
  initial: Scores | undefined;
  onSaved: () => void;
}) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [scores, setScores] = useState<Scores>(initial ?? {});
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    try {
      await api.fieldReviews.submitSheet(tour.id, stop.projectId, { scores });
      message.success(t('fieldReviews.sheetSaved', { project: stop.projectName }));
      onSaved();
    } catch (e) {
      const details = e instanceof ApiError ? e.details.map((d) => d.message) : [];
      setProblem(details.length ? details.join('；') : e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex vertical gap={4}>
      <Flex gap={8} wrap align="center">
        {tour.config.criteria.map((c) => (
          <InputNumber<number>
            key={c.code}
            min={0}
            max={100}
            precision={2}
            style={{ width: 110 }}
            aria-label={`${stop.projectName} ${pick(c.label)}`}
            placeholder={pick(c.label)}
            value={scores[c.code] ?? null}
            onChange={(v) => setScores((s) => ({ ...s, [c.code]: v ?? null }))}
          />
        ))}
        <Button size="small" type="primary" loading={saving} onClick={() => void save()}>
          {t('common.save')}
        </Button>
      </Flex>
      {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
    </Flex>
  );
}

/**
 * /field-reviews/:id — one 拉练: route, scorers' progress, the reader's own score sheets while it is open, closing
 * (organiser), the results with ranks, category ranks and 争先锋, and amendments after closing.
 */
export function FieldReviewPage() {
  const { t, pick } = useI18n();
  const { id = '' } = useParams();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [closing, setClosing] = useState(false);
  const [amending, setAmending] = useState(false);
  const { data: tour, error, reload } = useAsync(() => api.fieldReviews.get(id), [id]);

  if (error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED')) {
    return (
      <Result
        status="404"
        title={t('fieldReviews.notFound')}
        extra={<Button onClick={() => navigate('/field-reviews')}>{t('common.back')}</Button>}
      />
    );
  }
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (!tour || tour.id !== id) return <PageFallback />;

  const open = tour.status === 'open';
  const categoryLabel = (code: string) => {
    const item = projectCategories.list.find((c) => c.code === code);
    return item ? pick(item.label) : code;
  };
  const scorerName = (userId: string) => tour.scorers.find((s) => s.userId === userId)?.displayName ?? userId;
  const projectName = (projectId: string) =>
    tour.route.find((s) => s.projectId === projectId)?.projectName ?? projectId;
  const mySheets = new Map(tour.sheets.filter((s) => s.scorerId === me?.id).map((s) => [s.projectId, s]));

  const close = async () => {
    setClosing(true);
    try {
      await api.fieldReviews.close(tour.id, tour.version);
      message.success(t('fieldReviews.closed'));
      reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setClosing(false);
    }
  };

  return (
    <>
      <PageHeader
        title={tour.title}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate('/field-reviews')}>
              {t('common.back')}
            </Button>
            {open && tour.viewer.organiser ? (
              <Popconfirm
                title={t('fieldReviews.closeConfirm')}
                description={t('fieldReviews.closeConfirmDetail', {
                  submitted: tour.sheetsSubmitted,
                  expected: tour.sheetsExpected,
                })}
                okText={t('fieldReviews.close')}
                cancelText={t('common.cancel')}
                onConfirm={() => close()}
              >
                <Button danger loading={closing}>
                  {t('fieldReviews.close')}
                </Button>
              </Popconfirm>
            ) : null}
            {!open && tour.viewer.organiser ? (
              <Button icon={<EditOutlined aria-hidden />} onClick={() => setAmending(true)}>
                {t('fieldReviews.amend')}
              </Button>
            ) : null}
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('fieldReviews.quarter')}>{pick(tour.quarterLabel)}</Descriptions.Item>
            <Descriptions.Item label={t('fieldReviews.status')}>
              <Tag color={open ? 'processing' : 'default'} bordered={false}>
                {pick(fieldReviewStatusLabels[tour.status])}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldReviews.organiser')}>
              {tour.organiserName ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldReviews.criteria')}>
              {tour.config.criteria.map((c) => `${pick(c.label)} ×${c.weight}`).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('fieldReviews.vanguardCount')}>
              {tour.config.vanguardCount}
            </Descriptions.Item>
            {tour.closedAt ? (
              <Descriptions.Item label={t('fieldReviews.closedAt')}>
                {formatDateTime(tour.closedAt)} {tour.closedByName ?? ''}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Card>
        <Card size="small" title={t('fieldReviews.route')}>
          <Table<Stop>
            rowKey="projectId"
            size="small"
            pagination={false}
            dataSource={tour.route}
            scroll={{ x: 640 }}
            columns={[
              { key: 'sort', title: '#', width: 50, render: (_v, _s, i) => i + 1 },
              { key: 'date', title: t('fieldReviews.visitDate'), width: 120, dataIndex: 'visitDate' },
              {
                key: 'project',
                title: t('chief.project'),
                render: (_v, s) => <Link to={`/projects/${s.projectId}`}>{s.projectName}</Link>,
              },
              {
                key: 'category',
                title: t('fieldReviews.category'),
                width: 120,
                render: (_v, s) => categoryLabel(s.category),
              },
              { key: 'chief', title: t('missing.chief'), width: 120, render: (_v, s) => s.chiefName ?? '—' },
            ]}
          />
        </Card>
        <Card size="small" title={t('fieldReviews.scorerProgress')}>
          <Flex vertical gap={8}>
            {tour.scorers.map((s) => {
              const sheets = tour.sheets.filter((sh) => sh.scorerId === s.userId);
              const complete = sheets.filter((sh) => sh.complete).length;
              return (
                <Flex key={s.userId} gap={12} align="center" wrap>
                  <Typography.Text style={{ minWidth: 140 }}>
                    {s.displayName}
                    {s.organizationName ? (
                      <Typography.Text type="secondary"> · {s.organizationName}</Typography.Text>
                    ) : null}
                  </Typography.Text>
                  <Progress
                    style={{ flex: 1, minWidth: 160, marginBottom: 0 }}
                    percent={tour.route.length ? Math.round((complete / tour.route.length) * 100) : 0}
                    format={() =>
                      t('fieldReviews.sheetsLine', {
                        complete,
                        submitted: sheets.length,
                        total: tour.route.length,
                      })
                    }
                  />
                </Flex>
              );
            })}
          </Flex>
        </Card>
        {open && tour.viewer.scorer ? (
          <Card size="small" title={t('fieldReviews.mySheets')}>
            <Typography.Paragraph type="secondary">
              {t('fieldReviews.mySheetsHint', {
                criteria: tour.config.criteria.map((c) => pick(c.label)).join('、'),
              })}
            </Typography.Paragraph>
            <Table<Stop>
              rowKey="projectId"
              size="small"
              pagination={false}
              dataSource={tour.route}
              scroll={{ x: 800 }}
              columns={[
                {
                  key: 'project',
                  title: t('chief.project'),
                  width: 220,
                  render: (_v, s) => (
                    <Flex vertical>
                      <span>{s.projectName}</span>
                      {mySheets.get(s.projectId) ? (
                        <Tag
                          color={mySheets.get(s.projectId)?.complete ? 'success' : 'warning'}
                          bordered={false}
                          style={{ width: 'fit-content' }}
                        >
                          {mySheets.get(s.projectId)?.complete
                            ? t('fieldReviews.sheetComplete')
                            : t('fieldReviews.sheetIncomplete')}
                        </Tag>
                      ) : (
                        <Tag bordered={false} style={{ width: 'fit-content' }}>
                          {t('fieldReviews.unscored')}
                        </Tag>
                      )}
                    </Flex>
                  ),
                },
                {
                  key: 'scores',
                  title: tour.config.criteria.map((c) => pick(c.label)).join(' / '),
                  render: (_v, s) => (
                    <SheetRow
                      tour={tour}
                      stop={s}
                      initial={mySheets.get(s.projectId)?.scores ?? undefined}
                      onSaved={reload}
                    />
                  ),
                },
              ]}
            />
          </Card>
        ) : null}
        {tour.result ? (
          <Card
            size="small"
            title={t('fieldReviews.results')}
            extra={
              tour.result.complete ? null : (
                <Tag color="warning" bordered={false}>
                  {t('fieldReviews.resultsIncomplete')}
                </Tag>
              )
            }
          >
            <Table<ResultRow>
              rowKey="projectId"
              size="small"
              pagination={false}
              dataSource={tour.result.projects}
              scroll={{ x: 900 }}
              columns={[
                {
                  key: 'rank',
                  title: t('fieldReviews.rank'),
                  width: 90,
                  render: (_v, r) => pick(r.rankLabel),
                },
                {
                  key: 'project',
                  title: t('chief.project'),
                  render: (_v, r) => (
                    <Flex gap={6} wrap align="center">
                      <Link to={`/projects/${r.projectId}`}>{r.projectName}</Link>
                      {r.vanguard ? (
                        <Tag color="gold" bordered={false}>
                          {t('fieldReviews.vanguard')}
                        </Tag>
                      ) : null}
                      {r.status === 'incomplete' ? (
                        <Tag color="warning" bordered={false}>
                          {t('fieldReviews.incomplete')}
                        </Tag>
                      ) : null}
                      {r.status === 'unscored' ? (
                        <Tag bordered={false}>{t('fieldReviews.unscored')}</Tag>
                      ) : null}
                    </Flex>
                  ),
                },
                {
                  key: 'category',
                  title: t('fieldReviews.category'),
                  width: 110,
                  render: (_v, r) => categoryLabel(r.category),
                },
                {
                  key: 'categoryRank',
                  title: t('fieldReviews.categoryRank'),
                  width: 100,
                  render: (_v, r) => pick(r.categoryRankLabel),
                },
                {
                  key: 'score',
                  title: t('fieldReviews.score'),
                  width: 90,
                  render: (_v, r) => r.score ?? '—',
                },
                ...tour.config.criteria.map((c) => ({
                  key: `c-${c.code}`,
                  title: pick(c.label),
                  width: 90,
                  render: (_v: unknown, r: ResultRow) => r.criterionMeans[c.code] ?? '—',
                })),
                {
                  key: 'scorers',
                  title: t('fieldReviews.includedScorers'),
                  width: 100,
                  render: (_v, r) => `${r.includedScorers}/${r.scorers.length}`,
                },
              ]}
            />
          </Card>
        ) : null}
        {tour.amendments.length ? (
          <Card size="small" title={t('fieldReviews.amendments')}>
            <Flex vertical gap={8}>
              {tour.amendments.map((a) => (
                <Typography.Text key={a.id}>
                  {formatDateTime(a.createdAt)} · {a.actorName ?? '—'} ·{' '}
                  {t('fieldReviews.amendmentLine', {
                    project: projectName(a.projectId),
                    scorer: scorerName(a.scorerId),
                    reason: a.reason,
                  })}
                </Typography.Text>
              ))}
            </Flex>
          </Card>
        ) : null}
      </Flex>
      {amending ? (
        <AmendmentModal
          tour={tour}
          open={amending}
          onClose={() => setAmending(false)}
          onAmended={() => {
            setAmending(false);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
