import { isIsoDate, todayInChina } from '#domain/iso-date.ts';

/** The cockpit's as-of day from the address (?asOf=): a valid day not after today (China time), else today. */
export function asOfFrom(params: URLSearchParams): string | undefined {
  const asked = params.get('asOf');
  return asked && isIsoDate(asked) && asked <= todayInChina() ? asked : undefined;
}
