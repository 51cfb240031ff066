import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Popconfirm,
  Row,
  Select,
  Table,
  Tag,
  Typography,
  theme,
} from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { todayInChina } from '#domain/iso-date.ts';
import type { CalendarDay } from '#domain/schemas/calendar.ts';
import { api, type CalendarOverrideItem } from '../../api/client.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/use-async.ts';
import { CalendarOverrideModal, type OverrideDraft } from './components/CalendarOverrideModal.tsx';

const weekdays: MessageKey[] = [
  'calendar.mon',
  'calendar.tue',
  'calendar.wed',
  'calendar.thu',
  'calendar.fri',
  'calendar.sat',
  'calendar.sun',
];
const kindLabels: Record<CalendarDay['kind'], MessageKey> = {
  workday: 'calendar.kind.workday',
  weekend: 'calendar.kind.weekend',
  holiday: 'calendar.kind.holiday',
  adjusted_workday: 'calendar.kind.adjusted_workday',
  not_covered: 'calendar.kind.not_covered',
};

/** [2004, 2005, …, 2026, 2028] → ['2004–2026', '2028']. */
function yearRanges(years: number[]): string[] {
  const sorted = [...years].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start = sorted[0];
  for (let i = 0; i < sorted.length; i++) {
    const y = sorted[i] as number;
    const next = sorted[i + 1];
    if (next !== y + 1) {
      ranges.push(start === y ? String(y) : `${start}–${y}`);
      start = next;
    }
  }
  return ranges;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * /admin/calendar — 工作日历: the statutory holidays and 调休 the deadlines count with. Administrators correct a day
 * (放假 or 上班) or enter a year the bundled data does not cover, then declare that year covered.
 */
export function CalendarPage() {
  const { t } = useI18n();
  const today = todayInChina();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || Number(today.slice(0, 4));
  const [month, setMonth] = useState(Number(today.slice(5, 7)));
  const [draft, setDraft] = useState<OverrideDraft | undefined>(undefined);
  const { data, error, loading, reload } = useAsync(() => api.calendar.overview(year), [year]);
  const [monthToken, setMonthToken] = useState(0);

  const years = new Set<number>([year, Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]);
  for (const y of data?.builtInYears ?? []) years.add(y);
  for (const y of data?.coveredYears ?? []) years.add(y);
  const changed = () => {
    reload();
    setMonthToken((n) => n + 1);
  };

  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        extra={
          <Select<number>
            aria-label={t('calendar.year')}
            value={year}
            onChange={(y) => setParams({ year: String(y) })}
            options={[...years].sort((a, b) => a - b).map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 110 }}
          />
        }
      />
      <Typography.Paragraph type="secondary">{t('calendar.hint')}</Typography.Paragraph>
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {data ? (
        <CoveredYearsCard builtIn={data.builtInYears} covered={data.coveredYears} onSaved={changed} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <MonthView
            year={year}
            month={month}
            onMonth={setMonth}
            refresh={monthToken}
            onPick={(date) => {
              const existing = data?.overrides.find((o) => o.date === date);
              setDraft(
                existing
                  ? { ...existing, existing: true }
                  : { date, kind: 'holiday', name: null, existing: false },
              );
            }}
          />
        </Col>
        <Col xs={24} xl={13}>
          <OverridesCard
            year={year}
            items={data?.overrides ?? []}
            loading={loading}
            onAdd={() => setDraft({ date: null, kind: 'holiday', name: null, existing: false })}
            onEdit={(o) => setDraft({ ...o, existing: true })}
            onDeleted={changed}
          />
        </Col>
      </Row>
      <CalendarOverrideModal
        key={draft ? (draft.date ?? 'new') : 'closed'}
        draft={draft}
        onClose={() => setDraft(undefined)}
        onSaved={() => {
          setDraft(undefined);
          changed();
        }}
      />
    </>
  );
}

function CoveredYearsCard({
  builtIn,
  covered,
  onSaved,
}: {
  builtIn: number[];
  covered: number[];
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [value, setValue] = useState<number[]>(covered);
  const [saving, setSaving] = useState(false);
  useEffect(() => setValue(covered), [covered]);
  const thisYear = Number(todayInChina().slice(0, 4));
  const candidates = Array.from({ length: 8 }, (_, i) => thisYear - 2 + i).filter(
    (y) => !builtIn.includes(y),
  );
  for (const y of covered) if (!candidates.includes(y)) candidates.push(y);
  const dirty = [...value].sort().join() !== [...covered].sort().join();

  const save = async () => {
    setSaving(true);
    try {
      await api.calendar.setCoveredYears(value);
      message.success(t('calendar.coveredSaved'));
      onSaved();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('calendar.covered')} style={{ marginBottom: 16 }}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <Typography.Text type="secondary">{t('calendar.builtInYears')}</Typography.Text>
          {builtIn.length ? (
            yearRanges(builtIn).map((range) => (
              <Tag key={range} color="blue" bordered={false}>
                {range}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
        </Flex>
        <Flex gap={8} wrap align="center">
          <Typography.Text type="secondary">{t('calendar.declaredYears')}</Typography.Text>
          <Select<number[]>
            mode="multiple"
            aria-label={t('calendar.declaredYears')}
            value={value}
            onChange={setValue}
            options={candidates.sort((a, b) => a - b).map((y) => ({ value: y, label: String(y) }))}
            style={{ minWidth: 240 }}
            placeholder={t('calendar.declaredPlaceholder')}
          />
          <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('calendar.coveredHint')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

function OverridesCard({
  year,
  items,
  loading,
  onAdd,
  onEdit,
  onDeleted,
}: {
  year: number;
  items: CalendarOverrideItem[];
  loading: boolean;
  onAdd: () => void;
  onEdit: (o: CalendarOverrideItem) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const remove = async (o: CalendarOverrideItem) => {
    try {
      await api.calendar.deleteOverride(o.date);
      message.success(t('calendar.overrideDeleted', { date: o.date }));
      onDeleted();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card
      size="small"
      title={t('calendar.overrides', { year })}
      extra={
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={onAdd}>
          {t('calendar.addOverride')}
        </Button>
      }
    >
      <Table<CalendarOverrideItem>
        rowKey="date"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calendar.noOverrides', { year })} />
          ),
        }}
        columns={[
          { key: 'date', title: t('calendar.date'), render: (_v, o) => o.date },
          {
            key: 'kind',
            title: t('calendar.kind'),
            render: (_v, o) => (
              <Tag color={o.kind === 'holiday' ? 'red' : 'orange'} bordered={false}>
                {t(o.kind === 'holiday' ? 'calendar.override.holiday' : 'calendar.override.workday')}
              </Tag>
            ),
          },
          { key: 'name', title: t('calendar.name'), render: (_v, o) => o.name ?? '—' },
          {
            key: 'by',
            title: t('calendar.updatedBy'),
            render: (_v, o) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.updatedByName ?? '—'} · {formatDateTime(o.updatedAt)}
              </Typography.Text>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_v, o) => (
              <Flex gap={4}>
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined aria-hidden />}
                  aria-label={t('calendar.editOf', { date: o.date })}
                  onClick={() => onEdit(o)}
                >
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('calendar.deleteConfirm', { date: o.date })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(o)}
                >
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<DeleteOutlined aria-hidden />}
                    aria-label={t('calendar.deleteOf', { date: o.date })}
                  >
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One month, Monday first, each day coloured by its kind; clicking a day edits its override. */
function MonthView({
  year,
  month,
  onMonth,
  refresh,
  onPick,
}: {
  year: number;
  month: number;
  onMonth: (month: number) => void;
  refresh: number;
  onPick: (date: string) => void;
}) {
  const { t, pick } = useI18n();
  const { token } = theme.useToken();
  const from = `${year}-${pad(month)}-01`;
  const to = `${year}-${pad(month)}-${pad(lastDay(year, month))}`;
  const { data, error, loading, reload } = useAsync(
    () => api.calendar.workingDays(from, to),
    [from, to, refresh],
  );
  const days = data && data.from === from ? data.days : [];
  const firstWeekday = (new Date(`${from}T00:00:00Z`).getUTCDay() + 6) % 7;
  const today = todayInChina();

  const look: Record<CalendarDay['kind'], { background: string; color: string }> = {
    workday: { background: token.colorBgContainer, color: token.colorText },
    weekend: { background: token.colorFillTertiary, color: token.colorTextSecondary },
    holiday: { background: token.colorErrorBg, color: token.colorError },
    adjusted_workday: { background: token.colorWarningBg, color: token.colorWarningText },
    not_covered: { background: token.colorFillSecondary, color: token.colorTextQuaternary },
  };

  return (
    <Card
      size="small"
      loading={loading && !data}
      title={
        <Flex align="center" gap={8}>
          <Button
            size="small"
            type="text"
            icon={<LeftOutlined aria-hidden />}
            aria-label={t('calendar.prevMonth')}
            disabled={month === 1}
            onClick={() => onMonth(month - 1)}
          />
          <span>{t('calendar.monthTitle', { year, month })}</span>
          <Button
            size="small"
            type="text"
            icon={<RightOutlined aria-hidden />}
            aria-label={t('calendar.nextMonth')}
            disabled={month === 12}
            onClick={() => onMonth(month + 1)}
          />
        </Flex>
      }
      extra={
        data ? (
          <Typography.Text type="secondary">
            {t('calendar.workingDays', { count: data.workingDays })}
          </Typography.Text>
        ) : null
      }
    >
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 4 }}>
        {weekdays.map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 12, color: token.colorTextSecondary }}>
            {t(w)}
          </div>
        ))}
        {Array.from({ length: firstWeekday }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: blank cells before the 1st have no other identity.
          <div key={`blank-${i}`} />
        ))}
        {days.map((d) => {
          const style = look[d.kind];
          const name = d.name ? pick(d.name) : null;
          return (
            <button
              type="button"
              key={d.date}
              onClick={() => onPick(d.date)}
              aria-label={`${d.date} ${t(kindLabels[d.kind])}${name ? ` ${name}` : ''}`}
              title={`${t(kindLabels[d.kind])}${name ? ` · ${name}` : ''}${d.source === 'override' ? ` · ${t('calendar.fromOverride')}` : ''}`}
              style={{
                ...style,
                border: `1px solid ${d.date === today ? token.colorPrimary : token.colorBorderSecondary}`,
                borderRadius: 4,
                minHeight: 54,
                padding: 4,
                cursor: 'pointer',
                textAlign: 'left',
                position: 'relative',
                font: 'inherit',
              }}
            >
              <div style={{ fontWeight: 600 }}>{Number(d.date.slice(8))}</div>
              <div style={{ fontSize: 11, lineHeight: 1.2, overflow: 'hidden', maxHeight: 28 }}>
                {d.kind === 'adjusted_workday' ? t('calendar.adjustedShort') : (name ?? '')}
                {d.kind === 'not_covered' ? '?' : ''}
              </div>
              {d.source === 'override' ? (
                <span
                  aria-hidden
                  style={{
                    position: 'absolute',
                    top: 4,
                    right: 4,
                    width: 6,
                    height: 6,
                    borderRadius: '50%',
                    background: token.colorPrimary,
                  }}
                />
              ) : null}
            </button>
          );
        })}
      </div>
      <Flex gap={12} wrap style={{ marginTop: 12, fontSize: 12 }}>
        {(Object.keys(look) as CalendarDay['kind'][]).map((kind) => (
          <Flex key={kind} gap={4} align="center">
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                borderRadius: 2,
                background: look[kind].background,
                border: `1px solid ${token.colorBorder}`,
              }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(kindLabels[kind])}
            </Typography.Text>
          </Flex>
        ))}
        <Flex gap={4} align="center">
          <span
            aria-hidden
            style={{ width: 6, height: 6, borderRadius: '50%', background: token.colorPrimary }}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('calendar.fromOverride')}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  );
}
