import { todayInChina } from '#domain/iso-date.ts';
import { periodOf, periodOfCode } from '#domain/supervision-cadence.ts';

/** This quarter's code, e.g. '2026-Q4' (China date). */
export function currentQuarter(): string {
  return periodOf('field_review', todayInChina()).code;
}

/** Quarters of last year, this year and next year, newest first: what a tour can be held in. */
export function quarterOptions(pick: (label: { zh: string; en: string }) => string) {
  const year = Number(todayInChina().slice(0, 4));
  const codes: string[] = [];
  for (let y = year + 1; y >= year - 1; y -= 1) for (let q = 4; q >= 1; q -= 1) codes.push(`${y}-Q${q}`);
  return codes.map((code) => {
    const period = periodOfCode(code);
    return { value: code, label: period ? pick(period.label) : code };
  });
}
