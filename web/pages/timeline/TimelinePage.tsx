import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  type TimelineEntry,
  type TimelineEvent,
  type TimelineKind,
  type TimelineProject,
  timelineKinds,
} from '#domain/schemas/timeline.ts';
import { ApiError, api } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DemoTag } from '../../components/DemoTag.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatMoney } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { TimelineEventModal } from './components/TimelineEventModal.tsx';

const kindColors: Record<TimelineKind, string> = {
  mass_start: 'orange',
  start: 'gold',
  signing: 'cyan',
  opening: 'magenta',
  completion: 'blue',
  operation: 'green',
  other: 'default',
};
/** The timeline's dot: antd's Timeline takes CSS colours or its four names. */
const dotColors: Record<TimelineKind, string> = {
  mass_start: '#fa8c16',
  start: '#d4b106',
  signing: '#13c2c2',
  opening: '#eb2f96',
  completion: '#1677ff',
  operation: '#52c41a',
  other: '#8c8c8c',
};
const PROJECTS_SHOWN = 5;
const kindCodes = new Set<string>(timelineKinds.codes);

type Editing = { event?: TimelineEvent; known: TimelineProject[] };

/**
 * /timeline — 建设时间轴: the zone's milestones year by year and month by month, from the events managers record
 * (集中开工, openings, completions, signings) and the projects' own 开工, 竣工 and 投产 dates; same-day starts
 * of three or more projects show as one 集中开工. Managers (timeline.manage) add, correct and remove events.
 */
export function TimelinePage() {
  const { t, pick } = useI18n();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const kinds = (params.get('kind') ?? '').split(',').filter((k): k is TimelineKind => kindCodes.has(k));
  const kindKey = kinds.join(',');
  const { data, error, loading, reload } = useAsync(
    () => api.timeline.get({ year, kind: kinds.length ? kinds : undefined }),
    [year, kindKey],
  );
  const manager = can('timeline.manage');
  const [editing, setEditing] = useState<Editing | null>(null);

  const setFilter = (key: 'year' | 'kind', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  const remove = (event: TimelineEvent) =>
    modal.confirm({
      title: t('timeline.deleteTitle'),
      content: t('timeline.deleteConfirm', { title: event.title }),
      okText: t('timeline.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.timeline.delete(event.id, event.version);
          message.success(t('timeline.deleted'));
        } catch (e) {
          message.error(
            e instanceof ApiError && e.code === 'VERSION_CONFLICT'
              ? t('timeline.conflict')
              : e instanceof Error
                ? e.message
                : String(e),
          );
        }
        reload();
      },
    });

  /** Year → month → entries, in the API's order (oldest first). */
  const grouped = useMemo(() => {
    const years: { year: string; months: { month: string; items: TimelineEntry[] }[] }[] = [];
    for (const item of data?.items ?? []) {
      const y = item.date.slice(0, 4);
      const m = item.date.slice(5, 7);
      let yearGroup = years.at(-1);
      if (yearGroup?.year !== y) {
        yearGroup = { year: y, months: [] };
        years.push(yearGroup);
      }
      let monthGroup = yearGroup.months.at(-1);
      if (monthGroup?.month !== m) {
        monthGroup = { month: m, items: [] };
        yearGroup.months.push(monthGroup);
      }
      monthGroup.items.push(item);
    }
    return years;
  }, [data]);

  return (
    <>
      <PageHeader
        title={t('timeline.title')}
        extra={
          manager ? (
            <Button
              type="primary"
              icon={<PlusOutlined aria-hidden />}
              onClick={() => setEditing({ known: [] })}
            >
              {t('timeline.create')}
            </Button>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('timeline.hint')}
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('timeline.year')}
          style={{ width: 140 }}
          value={year ? String(year) : ''}
          onChange={(v) => setFilter('year', v || undefined)}
          options={[
            { value: '', label: t('timeline.allYears') },
            ...(data?.years ?? (year ? [year] : [])).map((y) => ({
              value: String(y),
              label: t('timeline.yearLabel', { year: y }),
            })),
          ]}
        />
        <Select
          mode="multiple"
          aria-label={t('timeline.kind')}
          placeholder={t('timeline.allKinds')}
          style={{ minWidth: 240 }}
          value={kinds}
          onChange={(v: TimelineKind[]) => setFilter('kind', v.join(',') || undefined)}
          options={timelineKinds.list.map((k) => ({ value: k.code, label: pick(k.label) }))}
          allowClear
          maxTagCount="responsive"
        />
      </Flex>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <Card loading={loading && !data}>
        {grouped.length === 0 ? (
          <Empty description={year || kinds.length ? t('timeline.emptyFiltered') : t('timeline.empty')} />
        ) : (
          grouped.map((y) => (
            <section key={y.year} aria-label={t('timeline.yearLabel', { year: y.year })}>
              <Typography.Title level={4} style={{ marginTop: 0 }}>
                {t('timeline.yearLabel', { year: y.year })}
              </Typography.Title>
              {y.months.map((m) => (
                <div key={m.month} style={{ marginBottom: 8 }}>
                  <Typography.Title level={5} type="secondary" style={{ marginTop: 0 }}>
                    {t('timeline.monthLabel', { month: Number(m.month) })}
                  </Typography.Title>
                  <Timeline
                    items={m.items.map((item) => ({
                      key: item.key,
                      color: dotColors[item.kind],
                      children: (
                        <EntryContent
                          entry={item}
                          manager={manager}
                          onEdit={(event) =>
                            setEditing({
                              event,
                              known: item.projects.filter((p) => event.projectIds.includes(p.id)),
                            })
                          }
                          onDelete={remove}
                        />
                      ),
                    }))}
                  />
                </div>
              ))}
            </section>
          ))
        )}
      </Card>
      <TimelineEventModal
        open={editing !== null}
        event={editing?.event}
        known={editing?.known}
        onClose={() => setEditing(null)}
        onSaved={reload}
      />
    </>
  );
}

function EntryContent({
  entry,
  manager,
  onEdit,
  onDelete,
}: {
  entry: TimelineEntry;
  manager: boolean;
  onEdit: (event: TimelineEvent) => void;
  onDelete: (event: TimelineEvent) => void;
}) {
  const { t, pick, locale } = useI18n();
  const [expanded, setExpanded] = useState(false);
  const kind = timelineKinds.list.find((k) => k.code === entry.kind);
  const shown = expanded ? entry.projects : entry.projects.slice(0, PROJECTS_SHOWN);
  const event = entry.event;
  return (
    <Flex vertical gap={4} data-testid="timeline-entry" data-kind={entry.kind}>
      <Space wrap size={[8, 0]}>
        <Typography.Text type="secondary">{entry.date}</Typography.Text>
        <Tag color={kindColors[entry.kind]} bordered={false}>
          {kind ? pick(kind.label) : entry.kind}
        </Tag>
        {event?.isDemo ? <DemoTag /> : null}
        {entry.source === 'projects' ? (
          <Typography.Text type="secondary">{t('timeline.fromProjects')}</Typography.Text>
        ) : null}
      </Space>
      <Typography.Text strong>{entry.title}</Typography.Text>
      {entry.description ? <Typography.Text>{entry.description}</Typography.Text> : null}
      {entry.projects.length > 0 ? (
        <Typography.Text type="secondary">
          {entry.projects.length > 1
            ? `${t('timeline.projectCount', { count: entry.projects.length })}：`
            : ''}
          {shown.map((p, i) => (
            <span key={p.id}>
              {i > 0 ? t('common.listSeparator') : ''}
              <Link to={`/projects/${p.id}`}>{p.name}</Link>
            </span>
          ))}
          {entry.projects.length > PROJECTS_SHOWN ? (
            <Button type="link" size="small" onClick={() => setExpanded((e) => !e)}>
              {expanded ? t('timeline.showLess') : t('timeline.showAll', { count: entry.projects.length })}
            </Button>
          ) : null}
          {entry.totalInvestment !== null && entry.projects.length > 1
            ? ` ${t('timeline.totalInvestment', { amount: formatMoney(entry.totalInvestment, locale) })}`
            : ''}
        </Typography.Text>
      ) : null}
      {manager && event ? (
        <Space size={4}>
          <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => onEdit(event)}>
            {t('common.edit')}
          </Button>
          <Button size="small" danger icon={<DeleteOutlined aria-hidden />} onClick={() => onDelete(event)}>
            {t('timeline.delete')}
          </Button>
        </Space>
      ) : null}
    </Flex>
  );
}
