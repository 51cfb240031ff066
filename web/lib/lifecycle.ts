/**
 * Labels and date helpers for the lifecycle screens. The vocabularies (entry conditions, exit records, event
 * kinds) are the domain's own lists, so a code the server sends always has the same words here.
 */
import dayjs, { type Dayjs } from 'dayjs';
import type { Label } from '#domain/codelists.ts';
import { entryConditions, exitRecords } from '#domain/lifecycle.ts';
import { projectEventKinds } from '#domain/schemas/lifecycle.ts';

export type ExitRecordKind = (typeof exitRecords)[number]['kind'];

function labelIn(list: readonly { code: string; zh: string; en: string }[], code: string): Label {
  const item = list.find((i) => i.code === code);
  return item ? { zh: item.zh, en: item.en } : { zh: code, en: code };
}

export const conditionLabel = (code: string): Label => labelIn(entryConditions, code);
export const recordLabel = (code: string): Label => labelIn(exitRecords, code);
export const eventKindLabel = (code: string): Label => labelIn(projectEventKinds, code);

/** date, document or confirmation; an unknown code is treated as free text. */
export function recordKind(code: string): ExitRecordKind {
  return exitRecords.find((r) => r.code === code)?.kind ?? 'document';
}

/** For DatePicker's disabledDate: days after today cannot be picked where the server refuses them. */
export function isFutureDay(day: Dayjs): boolean {
  return day.isAfter(dayjs(), 'day');
}

export function toIsoDay(day: Dayjs | null | undefined): string | null {
  return day ? day.format('YYYY-MM-DD') : null;
}

export function fromIsoDay(value: string | null | undefined): Dayjs | null {
  if (!value) return null;
  const day = dayjs(value);
  return day.isValid() ? day : null;
}
