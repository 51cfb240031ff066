import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Tabs, Tag, Timeline, Typography } from 'antd';
import { labelOf, lifecycleStages } from '#domain/codelists.ts';
import type { ProjectLifecycle } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { eventKindLabel, recordLabel } from '../../../lib/lifecycle.ts';

type HistoryEntry = ProjectLifecycle['history'][number];

const eventColors: Record<string, string> = {
  start_report: 'green',
  annual_report: 'blue',
  completion_report: 'green',
  delayed_start: 'orange',
  suspension: 'red',
  resumption: 'blue',
};
const directionColors: Record<HistoryEntry['direction'], string> = {
  initial: 'gray',
  forward: 'blue',
  back: 'orange',
  same: 'gray',
};

type Props = { lifecycle: ProjectLifecycle; canRecord: boolean; onAdd: () => void };

/** 项目事件 (reports and construction notes) and the stage history, newest first. */
export function ProjectEventsCard({ lifecycle, canRecord, onAdd }: Props) {
  const { t, pick, locale } = useI18n();

  /** A stage's name as its template calls it (a merged stage has one name for both codes). */
  const stageName = (code: string | null) => {
    if (!code) return '—';
    const step = lifecycle.steps.find((s) => s.code === code || s.mergedWith.includes(code as never));
    return step ? pick(step.label) : labelOf(lifecycleStages.list, code, locale);
  };
  const by = (name: string | null, time: string) =>
    t('lifecycle.enteredBy', { name: name ?? '—', time: formatDateTime(time) });

  const events = lifecycle.events.length ? (
    <Timeline
      items={lifecycle.events.map((e) => ({
        key: e.id,
        color: eventColors[e.kind] ?? 'blue',
        children: (
          <Flex vertical gap={2}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{e.eventDate}</Typography.Text>
              <Tag color={eventColors[e.kind]} bordered={false}>
                {pick(eventKindLabel(e.kind))}
              </Tag>
            </Flex>
            {e.note ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {by(e.actorName, e.createdAt)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('events.empty')} />
  );

  const history = lifecycle.history.length ? (
    <Timeline
      items={[...lifecycle.history].reverse().map((h) => ({
        key: h.id,
        color: directionColors[h.direction],
        children: (
          <Flex vertical gap={2}>
            <Flex gap={8} align="center" wrap>
              <Typography.Text strong>{h.movedOn}</Typography.Text>
              <Tag bordered={false} color={h.direction === 'back' ? 'orange' : undefined}>
                {t(`lifecycle.direction.${h.direction}`)}
              </Tag>
              <span>
                {h.direction === 'same' || h.direction === 'initial'
                  ? stageName(h.toStage)
                  : `${stageName(h.fromStage)} → ${stageName(h.toStage)}`}
              </span>
            </Flex>
            {h.skipped.length ? (
              <Typography.Text type="secondary">
                {t('lifecycle.skippedStages', {
                  stages: h.skipped.map(stageName).join(t('common.listSeparator')),
                })}
              </Typography.Text>
            ) : null}
            {h.reason ? (
              <Typography.Text>{t('lifecycle.reasonIs', { reason: h.reason })}</Typography.Text>
            ) : null}
            {Object.entries(h.records).map(([code, value]) => (
              <Typography.Text key={code}>
                {t('lifecycle.recordLine', { label: pick(recordLabel(code)), value })}
              </Typography.Text>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {by(h.actorName, h.createdAt)}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  ) : (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lifecycle.historyEmpty')} />
  );

  return (
    <Card
      size="small"
      style={{ marginBottom: 24 }}
      title={t('events.title')}
      extra={
        canRecord ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={onAdd}>
            {t('events.add')}
          </Button>
        ) : null
      }
    >
      <Tabs
        size="small"
        items={[
          { key: 'events', label: `${t('events.tab')} (${lifecycle.events.length})`, children: events },
          {
            key: 'history',
            label: `${t('lifecycle.history')} (${lifecycle.history.length})`,
            children: history,
          },
        ]}
      />
    </Card>
  );
}
