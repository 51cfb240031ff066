import { Flex, Typography, theme } from 'antd';
import { useI18n } from '../../../i18n/i18n-context.tsx';

const W = 360;
const H = 200;
const PAD = { left: 36, right: 8, top: 8, bottom: 24 };

/**
 * 序时进度 as a small SVG chart: the planned cumulative share per month (dashed) and the completed cumulative
 * share of the annual plan (solid, up to the last month reported), both in % of the annual plan.
 */
export function ScheduleChart({ planned, completed }: { planned: number[]; completed: (number | null)[] }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const top = Math.max(100, ...completed.map((c) => c ?? 0));
  const x = (i: number) => PAD.left + (i / 11) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const line = (values: (number | null)[]) =>
    values
      .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter(Boolean)
      .join(' ');
  const done = completed.filter((c): c is number => c !== null);
  const last = done.at(-1);
  const summary =
    last === undefined
      ? t('annual.chartLabelEmpty')
      : t('annual.chartLabel', {
          month: done.length,
          completed: last.toFixed(1),
          planned: (planned[done.length - 1] ?? 0).toFixed(1),
        });

  return (
    <div>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary} style={{ maxWidth: 480 }}>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={token.colorBorderSecondary} />
            <text
              x={PAD.left - 4}
              y={y(v) + 4}
              fontSize={10}
              textAnchor="end"
              fill={token.colorTextSecondary}
            >
              {v}%
            </text>
          </g>
        ))}
        {planned.map((_v, i) => (
          <text
            // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are the index.
            key={i}
            x={x(i)}
            y={H - 6}
            fontSize={10}
            textAnchor="middle"
            fill={token.colorTextSecondary}
          >
            {i + 1}
          </text>
        ))}
        <polyline
          points={line(planned)}
          fill="none"
          stroke={token.colorPrimary}
          strokeWidth={2}
          strokeDasharray="5 4"
        />
        {done.length > 0 ? (
          <polyline points={line(completed)} fill="none" stroke={token.colorSuccess} strokeWidth={2.5} />
        ) : null}
        {completed.map((v, i) =>
          v === null ? null : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are the index.
            <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={token.colorSuccess} />
          ),
        )}
      </svg>
      <Flex gap={16} wrap style={{ fontSize: 12 }} aria-hidden>
        <Flex gap={6} align="center">
          <span style={{ width: 20, borderTop: `2px dashed ${token.colorPrimary}` }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('annual.legendPlanned')}
          </Typography.Text>
        </Flex>
        <Flex gap={6} align="center">
          <span style={{ width: 20, borderTop: `2px solid ${token.colorSuccess}` }} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('annual.legendCompleted')}
          </Typography.Text>
        </Flex>
      </Flex>
    </div>
  );
}
