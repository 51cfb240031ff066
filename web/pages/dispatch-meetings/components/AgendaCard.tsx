import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { agendaItemKindLabels } from '#domain/dispatch-agenda.ts';
import { type DispatchAgendaKind, otherAgendaKindLabel } from '#domain/schemas/dispatch-meetings.ts';
import { ApiError, api, type DispatchMeetingDetail } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { ProjectSelect } from './ProjectSelect.tsx';

type Item = DispatchMeetingDetail['agenda'][number];
type Draft = {
  id?: string;
  kind: DispatchAgendaKind;
  title: string;
  projectId: string | null;
  projectName: string | null;
};

const kindColors: Record<DispatchAgendaKind, string> = {
  unfinished_action: 'purple',
  red_project: 'red',
  yellow_project: 'gold',
  overdue_item: 'volcano',
  decision: 'blue',
  late_start: 'orange',
  other: 'default',
};

export function AgendaKindTag({ kind }: { kind: DispatchAgendaKind }) {
  const { pick } = useI18n();
  return (
    <Tag color={kindColors[kind]} bordered={false}>
      {pick(kind === 'other' ? otherAgendaKindLabel : agendaItemKindLabels[kind])}
    </Tag>
  );
}

type Props = {
  meeting: DispatchMeetingDetail;
  onChanged: (meeting: DispatchMeetingDetail) => void;
  onConflict: (error: unknown) => void;
};

/**
 * The agenda: what Guanjia proposed (with its reasons) and what the organiser added, in order, each with its
 * minutes. The organiser reorders, retitles, removes and adds items, proposes again before the meeting, and
 * records the minutes during or after it.
 */
export function AgendaCard({ meeting, onChanged, onConflict }: Props) {
  const { t, pick, locale } = useI18n();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'view' | 'order' | 'minutes'>('view');
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState('');
  const [saving, setSaving] = useState(false);
  const canEdit = meeting.viewer.canEdit && meeting.status !== 'cancelled';
  const titleOf = (a: Item) => (locale === 'en' && a.titleEn ? a.titleEn : a.title);

  const startOrder = () => {
    setDrafts(
      meeting.agenda.map((a) => ({
        id: a.id,
        kind: a.kind,
        title: a.title,
        projectId: a.projectId,
        projectName: a.projectName,
      })),
    );
    setMode('order');
  };
  const startMinutes = () => {
    setMinutes(Object.fromEntries(meeting.agenda.map((a) => [a.id, a.minutes ?? ''])));
    setSummary(meeting.summary ?? '');
    setMode('minutes');
  };

  const run = async (work: () => Promise<DispatchMeetingDetail>, done: string) => {
    setSaving(true);
    try {
      onChanged(await work());
      message.success(done);
      setMode('view');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict(e);
      else
        message.error(
          e instanceof ApiError && e.details.length
            ? e.details.map((d) => d.message).join('；')
            : String(e instanceof Error ? e.message : e),
        );
    } finally {
      setSaving(false);
    }
  };

  const saveOrder = () =>
    run(
      () =>
        api.dispatch.putAgenda(meeting.id, {
          version: meeting.version,
          items: drafts.map((d) => ({
            ...(d.id ? { id: d.id } : {}),
            title: d.title.trim(),
            ...(d.kind === 'other' ? { projectId: d.projectId } : {}),
          })),
        }),
      t('dispatch.agendaSaved'),
    );
  const saveMinutes = () =>
    run(
      () =>
        api.dispatch.putMinutes(meeting.id, {
          version: meeting.version,
          summary: summary.trim() || null,
          items: meeting.agenda
            .filter((a) => (minutes[a.id] ?? '') !== (a.minutes ?? ''))
            .map((a) => ({ id: a.id, minutes: minutes[a.id]?.trim() || null })),
        }),
      t('dispatch.minutesSaved'),
    );
  const propose = () => run(() => api.dispatch.propose(meeting.id, meeting.version), t('dispatch.proposed'));

  const move = (i: number, by: number) =>
    setDrafts((list) => {
      const next = [...list];
      const [item] = next.splice(i, 1);
      next.splice(i + by, 0, item!);
      return next;
    });

  const extra =
    !canEdit || mode !== 'view' ? null : (
      <Space wrap>
        {meeting.status === 'scheduled' ? (
          <Button size="small" loading={saving} onClick={() => void propose()}>
            {t('dispatch.propose')}
          </Button>
        ) : null}
        <Button size="small" onClick={startOrder}>
          {t('dispatch.editAgenda')}
        </Button>
        <Button size="small" type="primary" onClick={startMinutes}>
          {t('dispatch.recordMinutes')}
        </Button>
      </Space>
    );

  if (mode === 'order') {
    return (
      <Card size="small" title={t('dispatch.agenda')}>
        <Flex vertical gap={8}>
          {drafts.map((d, i) => (
            <Flex key={d.id ?? `new-${i}`} gap={8} align="start" wrap>
              <Typography.Text style={{ width: 28, lineHeight: '32px' }}>{i + 1}.</Typography.Text>
              <AgendaKindTag kind={d.kind} />
              <Input
                style={{ flex: 1, minWidth: 240 }}
                value={d.title}
                maxLength={300}
                aria-label={t('dispatch.itemTitle')}
                onChange={(e) =>
                  setDrafts((list) => list.map((x, k) => (k === i ? { ...x, title: e.target.value } : x)))
                }
              />
              {d.kind === 'other' ? (
                <div style={{ width: 220 }}>
                  <ProjectSelect
                    value={d.projectId}
                    knownName={d.projectName}
                    onChange={(v) =>
                      setDrafts((list) => list.map((x, k) => (k === i ? { ...x, projectId: v } : x)))
                    }
                  />
                </div>
              ) : null}
              <Button
                icon={<ArrowUpOutlined aria-hidden />}
                aria-label={t('dispatch.moveUp')}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              />
              <Button
                icon={<ArrowDownOutlined aria-hidden />}
                aria-label={t('dispatch.moveDown')}
                disabled={i === drafts.length - 1}
                onClick={() => move(i, 1)}
              />
              <Button
                icon={<DeleteOutlined aria-hidden />}
                aria-label={t('dispatch.removeItem')}
                onClick={() => setDrafts((list) => list.filter((_, k) => k !== i))}
              />
            </Flex>
          ))}
          <Button
            icon={<PlusOutlined aria-hidden />}
            onClick={() =>
              setDrafts((list) => [...list, { kind: 'other', title: '', projectId: null, projectName: null }])
            }
          >
            {t('dispatch.addItem')}
          </Button>
          <Space>
            <Button type="primary" loading={saving} onClick={() => void saveOrder()}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setMode('view')}>{t('common.cancel')}</Button>
          </Space>
        </Flex>
      </Card>
    );
  }

  return (
    <Card size="small" title={t('dispatch.agenda')} extra={extra}>
      {mode === 'minutes' ? (
        <Flex vertical gap={4} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{t('dispatch.summary')}</Typography.Text>
          <Input.TextArea
            value={summary}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={5000}
            aria-label={t('dispatch.summary')}
            onChange={(e) => setSummary(e.target.value)}
          />
        </Flex>
      ) : meeting.summary ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{meeting.summary}</Typography.Paragraph>
      ) : null}
      {meeting.agenda.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.agendaEmpty')} />
      ) : (
        <List
          dataSource={meeting.agenda}
          renderItem={(a, i) => (
            <List.Item>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{i + 1}.</Typography.Text>
                  <AgendaKindTag kind={a.kind} />
                  <Typography.Text strong>{titleOf(a)}</Typography.Text>
                  {a.projectId ? (
                    <Link to={`/projects/${a.projectId}`}>{a.projectName ?? t('dispatch.project')}</Link>
                  ) : null}
                  {a.refs.itemId ? (
                    <Link to={`/coordination/${a.refs.itemId}`}>{t('dispatch.openItem')}</Link>
                  ) : null}
                </Flex>
                {a.reasons.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {a.reasons.map((r) => pick(r)).join(t('common.listSeparator'))}
                  </Typography.Text>
                ) : null}
                {mode === 'minutes' ? (
                  <Input.TextArea
                    value={minutes[a.id] ?? ''}
                    placeholder={t('dispatch.minutesPlaceholder')}
                    aria-label={t('dispatch.minutesOf', { n: i + 1 })}
                    autoSize={{ minRows: 2, maxRows: 8 }}
                    maxLength={5000}
                    onChange={(e) => setMinutes((m) => ({ ...m, [a.id]: e.target.value }))}
                  />
                ) : a.minutes ? (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                    {a.minutes}
                  </Typography.Paragraph>
                ) : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {mode === 'minutes' ? (
        <Space>
          <Button type="primary" loading={saving} onClick={() => void saveMinutes()}>
            {t('common.save')}
          </Button>
          <Button onClick={() => setMode('view')}>{t('common.cancel')}</Button>
        </Space>
      ) : null}
    </Card>
  );
}
