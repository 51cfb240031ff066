import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Result, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { labelOf } from '#domain/codelists.ts';
import {
  coordinationCategories,
  coordinationEventKinds,
  coordinationFieldLabels,
  coordinationSources,
  coordinationStatuses,
} from '#domain/schemas/coordination.ts';
import { ApiError, api } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageFallback } from '../../components/PageFallback.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { useBack } from '../../lib/use-back.ts';
import { CoordinationActions } from './components/CoordinationActions.tsx';
import {
  CoordinationStatusTag,
  DeadlineText,
  EscalationTag,
  PriorityTag,
} from './components/CoordinationTags.tsx';
import { DecisionRequest } from './components/DecisionRequest.tsx';

const eventColors: Record<string, string> = {
  raised: 'blue',
  accepted: 'blue',
  resolved: 'green',
  confirmed: 'green',
  reopened: 'orange',
  escalated: 'red',
  decision_requested: 'purple',
  decision_withdrawn: 'gray',
};

/** /coordination/:id — one item: what, who, until when, its answer, the loop's actions and its history. */
export function CoordinationItemPage() {
  const { t, pick, locale } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const back = useBack('/coordination');
  const { data: item, error, loading, reload } = useAsync(() => api.coordination.get(id), [id]);

  if (error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED')) {
    return (
      <Result
        status="404"
        title={t('coordination.notFound')}
        extra={<Button onClick={() => navigate('/coordination')}>{t('coordination.backToList')}</Button>}
      />
    );
  }
  if (error && !item) return <LoadError error={error} onRetry={reload} />;
  if (!item || (loading && item.id !== id)) return <PageFallback />;

  const label = (key: keyof typeof coordinationFieldLabels) => pick(coordinationFieldLabels[key]);
  const statusName = (code: string | null) => (code ? labelOf(coordinationStatuses.list, code, locale) : '');

  return (
    <>
      <Button
        type="link"
        icon={<ArrowLeftOutlined aria-hidden />}
        onClick={back}
        style={{ paddingLeft: 0, marginBottom: 8 }}
      >
        {t('common.back')}
      </Button>
      <PageHeader
        title={item.title}
        tags={
          <>
            <CoordinationStatusTag status={item.status} />
            <EscalationTag level={item.escalationLevel} />
          </>
        }
        extra={<CoordinationActions item={item} onChanged={reload} />}
      />
      {item.overdue ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={
            item.overdueWorkingDays === null
              ? t('coordination.overdueBanner', { deadline: item.deadline })
              : t('coordination.overdueBannerDays', {
                  deadline: item.deadline,
                  days: item.overdueWorkingDays,
                })
          }
        />
      ) : null}
      <DecisionRequest item={item} onChanged={reload} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          items={[
            {
              key: 'project',
              label: label('projectId'),
              children: <Link to={`/projects/${item.projectId}?tab=coordination`}>{item.projectName}</Link>,
            },
            {
              key: 'category',
              label: label('category'),
              children: labelOf(coordinationCategories.list, item.category, locale),
            },
            { key: 'priority', label: label('priority'), children: <PriorityTag priority={item.priority} /> },
            {
              key: 'departments',
              label: label('departmentIds'),
              children: item.departments.map((d) => d.name).join(t('common.listSeparator')),
            },
            {
              key: 'deadline',
              label: t('coordination.deadline'),
              children: (
                <Flex vertical>
                  <DeadlineText item={item} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('coordination.workingDaysLimit', { days: item.deadlineWorkingDays })}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'source',
              label: label('source'),
              children: `${labelOf(coordinationSources.list, item.source, locale)}${item.sourceRef ? ` · ${item.sourceRef}` : ''}`,
            },
            {
              key: 'raised',
              label: t('coordination.raisedBy'),
              children: `${item.raisedByName ?? '—'} · ${formatDateTime(item.raisedAt)}`,
            },
            ...(item.resolvedAt
              ? [
                  {
                    key: 'resolvedAt',
                    label: t('coordination.resolvedAt'),
                    children: formatDateTime(item.resolvedAt),
                  },
                ]
              : []),
            ...(item.confirmedAt
              ? [
                  {
                    key: 'confirmedAt',
                    label: t('coordination.confirmedAt'),
                    children: formatDateTime(item.confirmedAt),
                  },
                ]
              : []),
            {
              key: 'description',
              label: label('description'),
              span: 'filled' as const,
              children: (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.description}</Typography.Text>
              ),
            },
            {
              key: 'answer',
              label: label('answer'),
              span: 'filled' as const,
              children: item.answer ? (
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{item.answer}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('coordination.noAnswer')}</Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('coordination.history')}>
        {item.events.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            items={item.events.map((e) => ({
              key: e.id,
              color: eventColors[e.kind] ?? 'gray',
              children: (
                <Flex vertical gap={2}>
                  <Flex gap={8} align="center" wrap>
                    <Tag bordered={false} color={eventColors[e.kind]}>
                      {labelOf(coordinationEventKinds.list, e.kind, locale)}
                    </Tag>
                    {e.fromStatus || e.toStatus ? (
                      <Typography.Text type="secondary">
                        {e.fromStatus ? `${statusName(e.fromStatus)} → ` : ''}
                        {statusName(e.toStatus)}
                      </Typography.Text>
                    ) : null}
                  </Flex>
                  {e.note ? (
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text>
                  ) : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {e.actorName ?? t('coordination.system')} · {formatDateTime(e.createdAt)}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
