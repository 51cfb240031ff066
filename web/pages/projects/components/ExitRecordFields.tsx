import { DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import type { FieldProblem } from '../../../api/client.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { fromIsoDay, recordKind, recordLabel, toIsoDay } from '../../../lib/lifecycle.ts';
import type { PlacedErrors } from '../../../lib/zod-form.ts';

/** What the form holds under `records`: a dayjs for date records, text for documents and confirmations. */
export type RecordFormValues = Record<string, Dayjs | string | null | undefined>;

/** The records already on file for these codes, as form values (the inputs start prefilled). */
export function recordsToFormValues(
  codes: readonly string[],
  onFile: Readonly<Record<string, string>>,
): RecordFormValues {
  const values: RecordFormValues = {};
  for (const code of codes) {
    const value = onFile[code];
    values[code] = recordKind(code) === 'date' ? fromIsoDay(value) : (value ?? '');
  }
  return values;
}

/**
 * The records to send: filled in and different from what is on file. Unchanged values are left out so the
 * stage history and the audit log show only what this action added.
 */
export function changedRecords(
  values: RecordFormValues | undefined,
  onFile: Readonly<Record<string, string>>,
): Record<string, string> {
  const records: Record<string, string> = {};
  for (const [code, raw] of Object.entries(values ?? {})) {
    const text = typeof raw === 'string' ? raw.trim() : toIsoDay(raw);
    if (text && text !== onFile[code]) records[code] = text;
  }
  return records;
}

/**
 * Splits server problems: those about one record ("records.signingDate") or a named field go onto the form;
 * the rest (skipped stages, unmet conditions, missing records as a whole) are returned for the alert.
 */
export function placeProblems(
  problems: readonly FieldProblem[],
  fields: readonly string[],
): { placed: PlacedErrors[]; unplaced: string[] } {
  const byName = new Map<string, PlacedErrors>();
  const unplaced: string[] = [];
  for (const problem of problems) {
    const path = problem.field.split(/[.[\]]/).filter(Boolean);
    let name: (string | number)[] | undefined;
    if (path[0] === 'records' && path[1]) name = ['records', path[1]];
    else if (path[0] && fields.includes(path[0])) name = [path[0]];
    if (!name) {
      unplaced.push(problem.message);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(problem.message);
    byName.set(key, entry);
  }
  return { placed: [...byName.values()], unplaced };
}

type Props = {
  codes: readonly string[];
  /** Shows the required mark: the server refuses to leave the stage without these. */
  required?: boolean;
};

/** One input per exit record: a date picker for dates, a text input for a document's number or a name. */
export function ExitRecordFields({ codes, required = false }: Props) {
  const { t, pick } = useI18n();
  return (
    <>
      {codes.map((code) => {
        const kind = recordKind(code);
        return (
          <Form.Item
            key={code}
            name={['records', code]}
            label={pick(recordLabel(code))}
            required={required}
            rules={kind === 'date' ? [] : [{ max: 200, type: 'string' }]}
          >
            {kind === 'date' ? (
              <DatePicker style={{ width: '100%' }} />
            ) : (
              <Input
                maxLength={200}
                placeholder={
                  kind === 'confirmation'
                    ? t('lifecycle.confirmationPlaceholder')
                    : t('lifecycle.documentPlaceholder')
                }
              />
            )}
          </Form.Item>
        );
      })}
    </>
  );
}
