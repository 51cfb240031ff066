/**
 * How a headline figure reads: its value in the figure's unit, and its change against a month earlier (环比) and
 * a year earlier (同比). A comparison the API cannot make comes with its reason, which is shown instead of a number.
 */
import type { Locale } from '#domain/codelists.ts';
import type { Figure } from '#domain/schemas/analysis.ts';
import type { Translate } from '../../i18n/i18n-context.tsx';
import {
  type AmountUnit,
  amountUnitLabel,
  formatAmount,
  formatCount,
  formatPercent,
} from '../../lib/amount.ts';

export type FigureKind = 'amount' | 'count' | 'percent';
/** Which way is good news: more completed investment is, more red lights are not. */
export type Better = 'up' | 'down' | 'neither';

export type Change =
  | { computable: false; reason: string }
  | {
      computable: true;
      direction: 'up' | 'down' | 'flat';
      tone: 'good' | 'bad' | 'neutral';
      /** "12.3%", "3.20 个百分点", "+2" … without the arrow. */
      delta: string;
      /** The value compared with, formatted like the figure. */
      compared: string;
    };

export function formatValue(value: number | null | undefined, kind: FigureKind, unit: AmountUnit): string {
  if (value === null || value === undefined) return '—';
  if (kind === 'amount') return formatAmount(value, unit);
  if (kind === 'percent') return formatPercent(value);
  return formatCount(value);
}

export function unitText(kind: FigureKind, unit: AmountUnit, locale: Locale, t: Translate): string {
  if (kind === 'amount') return amountUnitLabel(unit, locale);
  if (kind === 'count') return t('cockpit.countUnit');
  return '';
}

export function changeOf(
  figure: Figure,
  which: 'month' | 'year',
  kind: FigureKind,
  unit: AmountUnit,
  better: Better,
  locale: Locale,
  t: Translate,
): Change {
  const compared = which === 'month' ? figure.monthAgo : figure.yearAgo;
  const note = which === 'month' ? figure.monthAgoNote : figure.yearAgoNote;
  if (figure.value === null || compared === null) {
    return {
      computable: false,
      reason: note ? (locale === 'en' ? note.en : note.zh) : t('cockpit.noComparison'),
    };
  }
  const diff = figure.value - compared;
  // Amounts come to four decimals (one yuan): anything smaller is no change.
  const direction = Math.abs(diff) < 1e-6 ? 'flat' : diff > 0 ? 'up' : 'down';
  const tone =
    direction === 'flat' || better === 'neither'
      ? 'neutral'
      : (direction === 'up') === (better === 'up')
        ? 'good'
        : 'bad';
  let delta: string;
  if (direction === 'flat') delta = t('cockpit.flat');
  else if (kind === 'percent') delta = t('cockpit.points', { value: Math.abs(diff).toFixed(2) });
  else if (compared !== 0) delta = `${Math.abs((diff / compared) * 100).toFixed(1)}%`;
  else delta = formatValue(Math.abs(diff), kind, unit);
  return { computable: true, direction, tone, delta, compared: formatValue(compared, kind, unit) };
}
