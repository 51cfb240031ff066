/**
 * Amounts of the cockpit and the analysis. The ledger keeps 万元; headline figures of the whole zone read better
 * in 亿元 (the bulletin writes them so, with the same rounding: formatYiYuan). Percentages carry two decimals.
 */
import { formatYiYuan } from '#domain/bulletin-number.ts';
import type { Locale } from '#domain/codelists.ts';

export type AmountUnit = 'wan' | 'yi';

const unitLabels: Record<AmountUnit, Record<Locale, string>> = {
  wan: { 'zh-CN': '万元', en: '10k CNY' },
  yi: { 'zh-CN': '亿元', en: '100M CNY' },
};

export function amountUnitLabel(unit: AmountUnit, locale: Locale): string {
  return unitLabels[unit][locale];
}

const wanFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "1,234.5" with thousands separators (both languages write figures this way). */
function group(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** An amount given in 万元, written in `unit` without the unit: 12345 → "12,345" (万元) or "1.23" (亿元). */
export function formatAmount(wan: number | null | undefined, unit: AmountUnit): string {
  if (wan === null || wan === undefined || !Number.isFinite(wan)) return '';
  return unit === 'yi' ? group(formatYiYuan(wan)) : wanFormat.format(wan);
}

/** 亿元 for zone-wide totals, 万元 for small ones (a district's few projects). */
export function unitFor(wan: number | null | undefined): AmountUnit {
  return wan !== null && wan !== undefined && Math.abs(wan) >= 10_000 ? 'yi' : 'wan';
}

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  // Counts split by funding source may be fractional in principle; show them as they come.
  return Number.isInteger(value) ? countFormat.format(value) : decimalFormat.format(value);
}

/** 45.12 → "45.12%"; the value is a percentage already. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return `${value.toFixed(2)}%`;
}
