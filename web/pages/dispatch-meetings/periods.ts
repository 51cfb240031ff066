import { todayInChina } from '#domain/iso-date.ts';
import { periodOf, periodOfCode } from '#domain/supervision-cadence.ts';

/** This two-month period's code, e.g. '2026-B6' (China date). */
export function currentPeriod(): string {
  return periodOf('dispatch', todayInChina()).code;
}

/** Two-month periods of last year, this year and next year, newest first: what a meeting can be held for. */
export function periodOptions(pick: (label: { zh: string; en: string }) => string) {
  const year = Number(todayInChina().slice(0, 4));
  const codes: string[] = [];
  for (let y = year + 1; y >= year - 1; y -= 1) for (let b = 6; b >= 1; b -= 1) codes.push(`${y}-B${b}`);
  return codes.map((code) => {
    const period = periodOfCode(code);
    return { value: code, label: period ? pick(period.label) : code };
  });
}
