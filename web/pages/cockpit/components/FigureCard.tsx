import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Tooltip, Typography, theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { Figure } from '#domain/schemas/analysis.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { type AmountUnit, unitFor } from '../../../lib/amount.ts';
import { type Better, changeOf, type FigureKind, formatValue, unitText } from '../cockpit-figures.ts';
import { drillHref } from '../drill.ts';

export type FigureSpec = {
  /** data-figure: the figure's path in the API's answer (e.g. "investment.total"), for tests and tools. */
  id: string;
  figure: Figure;
  kind: FigureKind;
  better: Better;
  /** Amounts: 亿元 or 万元; chosen from the value when not given. */
  unit?: AmountUnit;
};

/** Read by screen readers, not shown: what an arrow or a tooltip says to the eye. */
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

const unitOf = (spec: FigureSpec): AmountUnit => spec.unit ?? unitFor(spec.figure.value);

/** 环比 / 同比 with an arrow and the value compared with; "—" and the API's reason when there is none. */
export function ChangeLine({
  spec,
  which,
  compact = false,
  style,
}: {
  spec: FigureSpec;
  which: 'month' | 'year';
  /** Only the arrow and the change; the value compared with goes into the tooltip. */
  compact?: boolean;
  style?: CSSProperties;
}) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const change = changeOf(spec.figure, which, spec.kind, unitOf(spec), spec.better, locale, t);
  const label = which === 'month' ? t('cockpit.mom') : t('cockpit.yoy');
  const base: CSSProperties = { fontSize: compact ? 12 : 13, lineHeight: '20px', ...style };
  if (!change.computable) {
    return (
      <Tooltip title={change.reason}>
        <span style={{ ...base, color: token.colorTextTertiary, whiteSpace: 'nowrap' }}>
          {label} — <InfoCircleOutlined aria-hidden style={{ fontSize: 11 }} />
          <span style={visuallyHidden}>{change.reason}</span>
        </span>
      </Tooltip>
    );
  }
  const color =
    change.tone === 'good'
      ? token.colorSuccess
      : change.tone === 'bad'
        ? token.colorError
        : token.colorTextSecondary;
  const arrow =
    change.direction === 'up' ? (
      <ArrowUpOutlined aria-hidden />
    ) : change.direction === 'down' ? (
      <ArrowDownOutlined aria-hidden />
    ) : null;
  const spoken =
    change.direction === 'up' ? t('cockpit.up') : change.direction === 'down' ? t('cockpit.down') : '';
  const compared = t(which === 'month' ? 'cockpit.monthAgoValue' : 'cockpit.yearAgoValue', {
    value: change.compared,
  });
  const line = (
    <span style={base}>
      <span style={{ whiteSpace: 'nowrap' }}>
        <span style={{ color: token.colorTextSecondary }}>{label} </span>
        <span style={{ color }}>
          {arrow}
          <span style={visuallyHidden}>{spoken}</span> {change.delta}
        </span>
      </span>
      {compact ? (
        <span style={visuallyHidden}>{compared}</span>
      ) : (
        <span style={{ color: token.colorTextTertiary }}> {compared}</span>
      )}
    </span>
  );
  return compact ? <Tooltip title={compared}>{line}</Tooltip> : line;
}

/** The value of a figure: a link to the list behind it when the API names one. */
export function FigureValue({
  spec,
  size = 28,
  showUnit = true,
  color,
  link = true,
}: {
  spec: FigureSpec;
  size?: number;
  showUnit?: boolean;
  color?: string;
  /** Off on the big screen, which stays on the screen when touched. */
  link?: boolean;
}) {
  const { t, locale } = useI18n();
  const unit = unitOf(spec);
  const text = formatValue(spec.figure.value, spec.kind, unit);
  const suffix = showUnit ? unitText(spec.kind, unit, locale, t) : '';
  const content = (
    <>
      <span
        data-figure={spec.id}
        data-value={spec.figure.value ?? ''}
        className="gj-money"
        style={{ fontSize: size, fontWeight: 600, lineHeight: 1.2, color }}
      >
        {text}
      </span>
      {suffix ? (
        <span style={{ fontSize: Math.max(12, size * 0.45), marginInlineStart: 4 }}>{suffix}</span>
      ) : null}
    </>
  );
  if (!spec.figure.drill || !link) return <span style={{ color }}>{content}</span>;
  return (
    <Link
      to={drillHref(spec.figure.drill)}
      onClick={(e) => e.stopPropagation()}
      style={{ color: color ?? 'inherit' }}
      aria-label={`${text}${suffix}，${t('cockpit.openList')}`}
    >
      {content}
    </Link>
  );
}

/** A secondary figure under the headline one ("计划开工 9 个"), a link when it has a list. */
export function SubFigure({ label, spec }: { label: string; spec: FigureSpec }) {
  return (
    <Flex justify="space-between" align="baseline" gap={8} style={{ fontSize: 13 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <FigureValue spec={spec} size={15} />
    </Flex>
  );
}

/**
 * A headline card: title, value, 环比 and 同比. The whole card opens the list behind the figure (the value is
 * also a link, for the keyboard and for opening in a new tab).
 */
export function FigureCard({
  title,
  hint,
  spec,
  comparisons = true,
  children,
}: {
  title: string;
  hint?: string;
  spec: FigureSpec;
  /** Off for a figure the API gives without a month-ago or year-ago value. */
  comparisons?: boolean;
  /** Secondary figures or a note under the comparisons. */
  children?: ReactNode;
}) {
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const drill = spec.figure.drill;
  return (
    <Card
      size="small"
      hoverable={drill !== null}
      onClick={drill ? () => navigate(drillHref(drill)) : undefined}
      style={{ height: '100%' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 4 } }}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        {hint ? (
          <Tooltip title={hint}>
            <InfoCircleOutlined aria-label={hint} style={{ color: token.colorTextTertiary }} />
          </Tooltip>
        ) : null}
      </Flex>
      <div>
        <FigureValue spec={spec} />
      </div>
      {comparisons ? (
        <Flex vertical gap={0}>
          <ChangeLine spec={spec} which="month" />
          <ChangeLine spec={spec} which="year" />
        </Flex>
      ) : null}
      {children ? <div style={{ marginTop: 4 }}>{children}</div> : null}
    </Card>
  );
}
