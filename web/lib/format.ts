import dayjs from 'dayjs';
import type { Locale } from '#domain/codelists.ts';

const moneyFormats: Record<Locale, Intl.NumberFormat> = {
  'zh-CN': new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};

/** An amount in 万元 with thousands separators ("12,345.6"); empty for a missing amount. */
export function formatMoney(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '';
  return moneyFormats[locale].format(value);
}

/** A server timestamp (ISO 8601) in local time, to the minute. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

/** Calendar dates travel as YYYY-MM-DD already; this only guards against null. */
export function formatDate(value: string | null | undefined): string {
  return value ?? '';
}
