import { Flex, Grid, Tooltip, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { fromDayNumber, toDayNumber, todayInChina } from '#domain/iso-date.ts';
import type { Milestone } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const ROW_HEIGHT = 40;
const PADDING_DAYS = 20;
/** A phase before the first milestone, when the project has no planned start earlier than it. */
const FIRST_PHASE_DAYS = 60;

const day = (date: string | null | undefined) => (date ? toDayNumber(date) : null);

type Props = { milestones: Milestone[]; plannedStart: string | null };

/**
 * 节点计划 as a Gantt-style timeline, plain divs: per milestone the planned phase (from the previous milestone
 * to its planned date), the baseline phase beneath it, and a diamond on the actual date; a line marks today.
 * On a narrow screen the chart scrolls sideways instead of squeezing.
 */
export function MilestoneGantt({ milestones, plannedStart }: Props) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  // The names column gives way on a phone, where the chart scrolls sideways anyway.
  const LABEL_WIDTH = screens.md === false ? 112 : 180;
  const today = toDayNumber(todayInChina()) ?? 0;
  if (milestones.length === 0) return null;

  const planned = milestones.map((m) => day(m.plannedDate) ?? today);
  const baseline = milestones.map((m) => day(m.baselinePlannedDate));
  const actual = milestones.map((m) => day(m.actualDate));
  const start = day(plannedStart);
  const firstStart = (dates: number[]) => {
    const first = Math.min(...dates);
    return start !== null && start < first ? start : first - FIRST_PHASE_DAYS;
  };
  const plannedFrom = firstStart(planned);
  const baselineDates = baseline.filter((d): d is number => d !== null);
  const baselineFrom = baselineDates.length ? firstStart(baselineDates) : plannedFrom;
  const all = [
    plannedFrom,
    baselineFrom,
    today,
    ...planned,
    ...baselineDates,
    ...actual.filter((d): d is number => d !== null),
  ];
  const min = Math.min(...all) - PADDING_DAYS;
  const max = Math.max(...all) + PADDING_DAYS;
  const x = (d: number) => `${((d - min) / (max - min)) * 100}%`;
  const width = (a: number, b: number) => `${(Math.max(b - a, 2) / (max - min)) * 100}%`;

  // Month ticks, thinned so that labels do not collide (every month up to a year, then every 2, 3 … months).
  const first = fromDayNumber(min);
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const monthCount = Math.ceil((max - min) / 30);
  const step = Math.max(1, Math.ceil(monthCount / 12));
  const ticks: { at: number; label: string }[] = [];
  for (let i = 0; i <= monthCount + 1; i++) {
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    const at = toDayNumber(`${year}-${String(month).padStart(2, '0')}-01`);
    if (at === null || at > max) break;
    if ((year * 12 + month) % step === 0)
      ticks.push({
        at,
        label:
          month === 1 || ticks.length === 0
            ? `${year}-${String(month).padStart(2, '0')}`
            : String(month).padStart(2, '0'),
      });
  }

  const barColor = (m: Milestone) =>
    m.status === 'done'
      ? token.colorSuccess
      : m.status === 'cancelled'
        ? token.colorTextQuaternary
        : m.overdue
          ? token.colorError
          : token.colorPrimary;

  const legend: [ReactNode, string][] = [
    [<Swatch key="p" color={token.colorPrimary} height={10} />, t('milestones.legendPlanned')],
    [<Swatch key="b" color={token.colorTextQuaternary} height={6} />, t('milestones.legendBaseline')],
    [<Diamond key="a" color={token.colorSuccess} />, t('milestones.legendActual')],
    [<Swatch key="o" color={token.colorError} height={10} />, t('milestones.legendOverdue')],
    [
      <span key="t" style={{ width: 0, height: 14, borderLeft: `2px dashed ${token.colorError}` }} />,
      t('milestones.legendToday'),
    ],
  ];

  return (
    <div>
      <Flex gap={16} wrap style={{ marginBottom: 8, fontSize: 12 }} aria-hidden>
        {legend.map(([mark, text]) => (
          <Flex key={text} gap={6} align="center">
            {mark}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {text}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
      <div style={{ overflowX: 'auto' }}>
        <div
          role="img"
          aria-label={t('milestones.ganttLabel', { count: milestones.length })}
          style={{ minWidth: 720, position: 'relative' }}
        >
          <div
            style={{ display: 'flex', height: 24, borderBottom: `1px solid ${token.colorBorderSecondary}` }}
          >
            <div style={{ width: LABEL_WIDTH, flex: 'none' }} />
            <div style={{ position: 'relative', flex: 1 }}>
              {ticks.map((tick) => (
                <span
                  key={tick.at}
                  style={{
                    position: 'absolute',
                    left: x(tick.at),
                    fontSize: 11,
                    color: token.colorTextSecondary,
                    transform: 'translateX(-50%)',
                    whiteSpace: 'nowrap',
                  }}
                >
                  {tick.label}
                </span>
              ))}
            </div>
          </div>
          {milestones.map((m, i) => {
            const end = planned[i] ?? today;
            const from = i === 0 ? plannedFrom : (planned[i - 1] ?? plannedFrom);
            const b = baseline[i];
            const previousBaseline = baseline
              .slice(0, i)
              .reverse()
              .find((d) => d !== null);
            const bFrom = previousBaseline ?? baselineFrom;
            const a = actual[i];
            const tip = [
              m.name,
              `${t('milestones.plannedDate')} ${m.plannedDate}`,
              m.baselinePlannedDate ? `${t('milestones.baselineDate')} ${m.baselinePlannedDate}` : null,
              m.actualDate ? `${t('milestones.actualDate')} ${m.actualDate}` : null,
              m.overdue ? t('milestones.overdueDays', { days: m.overdueDays }) : null,
            ]
              .filter(Boolean)
              .join(' · ');
            return (
              <div
                key={m.id}
                style={{
                  display: 'flex',
                  height: ROW_HEIGHT,
                  borderBottom: `1px solid ${token.colorBorderSecondary}`,
                }}
              >
                <div
                  style={{
                    width: LABEL_WIDTH,
                    flex: 'none',
                    display: 'flex',
                    alignItems: 'center',
                    paddingInlineEnd: 8,
                    overflow: 'hidden',
                  }}
                >
                  <Typography.Text ellipsis={{ tooltip: m.name }}>{m.name}</Typography.Text>
                </div>
                <Tooltip title={tip}>
                  <div style={{ position: 'relative', flex: 1 }}>
                    {ticks.map((tick) => (
                      <span
                        key={tick.at}
                        style={{
                          position: 'absolute',
                          left: x(tick.at),
                          top: 0,
                          bottom: 0,
                          borderLeft: `1px solid ${token.colorFillSecondary}`,
                        }}
                      />
                    ))}
                    <span
                      style={{
                        position: 'absolute',
                        left: x(from),
                        width: width(from, end),
                        top: 9,
                        height: 10,
                        borderRadius: 3,
                        background: barColor(m),
                        opacity: m.status === 'done' ? 0.75 : 1,
                      }}
                    />
                    {b !== null && b !== undefined ? (
                      <span
                        style={{
                          position: 'absolute',
                          left: x(bFrom),
                          width: width(bFrom, b),
                          top: 23,
                          height: 6,
                          borderRadius: 3,
                          background: token.colorTextQuaternary,
                        }}
                      />
                    ) : null}
                    {a !== null && a !== undefined ? (
                      <span
                        style={{ position: 'absolute', left: x(a), top: 8, transform: 'translateX(-50%)' }}
                      >
                        <Diamond color={token.colorSuccess} />
                      </span>
                    ) : null}
                  </div>
                </Tooltip>
              </div>
            );
          })}
          <span
            style={{
              position: 'absolute',
              top: 0,
              bottom: 0,
              left: `calc(${LABEL_WIDTH}px + (100% - ${LABEL_WIDTH}px) * ${(today - min) / (max - min)})`,
              borderLeft: `2px dashed ${token.colorError}`,
              pointerEvents: 'none',
            }}
          />
        </div>
      </div>
    </div>
  );
}

function Swatch({ color, height }: { color: string; height: number }) {
  return <span style={{ width: 20, height, borderRadius: 3, background: color, display: 'inline-block' }} />;
}

function Diamond({ color }: { color: string }) {
  return (
    <span
      style={{
        width: 10,
        height: 10,
        display: 'inline-block',
        background: color,
        transform: 'rotate(45deg)',
        border: '1px solid #fff',
      }}
    />
  );
}
