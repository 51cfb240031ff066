/**
 * Bridges the shared zod schemas and antd forms, so the browser checks exactly what the server checks and
 * says it in the same words. zod's own messages follow the language set by the i18n provider; ours (made
 * with `bilingual`) are zh-CN text with the English registered beside it, found with `englishOf`.
 */
import type { FormInstance, FormRule } from 'antd';
import type { z } from 'zod';
import type { Locale } from '#domain/codelists.ts';
import { englishOf } from '#domain/schemas/common.ts';
import type { FieldProblem } from '../api/client.ts';

type IssueLike = { message: string; params?: unknown };

export function issueMessage(issue: IssueLike, locale: Locale): string {
  if (locale === 'en') return englishOf(issue.message, issue.params) ?? issue.message;
  return issue.message;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Empty inputs mean "no value": the schemas say null (or undefined), never "". */
function normalize(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? null : value;
}

type ZodRuleOptions = {
  locale: Locale;
  /**
   * Said when the field is empty and the schema has no message of its own for that (zod's generic "expected
   * string, received null" means nothing to a user).
   */
  emptyMessage?: string;
  /** Form value → schema input, e.g. a dayjs date → "YYYY-MM-DD". */
  toValue?: (value: unknown) => unknown;
};

/** An antd Form rule that runs one field's zod schema (e.g. `ProjectCreateInputSchema.shape.name`). */
export function zodRule(schema: z.ZodType, options: ZodRuleOptions): FormRule {
  return {
    validator: async (_rule, raw: unknown) => {
      const value = normalize(options.toValue ? options.toValue(raw) : raw);
      const result = schema.safeParse(value);
      if (result.success) return;
      const issue = result.error.issues[0];
      if (!issue) return;
      const params = 'params' in issue ? issue.params : undefined;
      if (isEmpty(value) && englishOf(issue.message, params) === undefined) {
        // A field left empty: prefer the schema's own words for "" (e.g. min(1, '请输入用户名')).
        const asText = schema.safeParse('');
        const textIssue = asText.success ? undefined : asText.error.issues[0];
        if (textIssue && englishOf(textIssue.message) !== undefined) {
          throw new Error(issueMessage(textIssue, options.locale));
        }
        if (options.emptyMessage) throw new Error(options.emptyMessage);
      }
      throw new Error(issueMessage({ message: issue.message, params }, options.locale));
    },
  };
}

/** The form field a server or zod path points at: "tags[2]" and "tags.2" both mean the field "tags". */
function fieldOf(path: string, fields: readonly string[]): string | undefined {
  const segments = path.split(/[.[\]]/).filter(Boolean);
  return segments.find((s) => fields.includes(s));
}

/**
 * Puts messages on their fields; returns the ones that belong to no field of this form, for a general alert.
 * Several messages on one field are all shown.
 */
export function setFieldErrors(
  form: FormInstance,
  problems: readonly FieldProblem[],
  fields: readonly string[],
): string[] {
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.field, fields);
    if (field) byField.set(field, [...(byField.get(field) ?? []), problem.message]);
    else unplaced.push(problem.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  const first = byField.keys().next();
  if (!first.done) form.scrollToField(first.value, { block: 'center' });
  return unplaced;
}

/** The issues of a failed whole-object parse as field problems in the interface language. */
export function zodProblems(error: z.ZodError, locale: Locale): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issueMessage(
      { message: issue.message, params: 'params' in issue ? issue.params : undefined },
      locale,
    ),
  }));
}

export type PlacedErrors = { name: (string | number)[]; errors: string[] };

/** Puts messages on nested fields (e.g. ['records', 'signingDate'] or ['plans', 3, 'plannedEnd']). */
export function setNestedFieldErrors(form: FormInstance, placed: readonly PlacedErrors[]): void {
  form.setFields(placed.map(({ name, errors }) => ({ name, errors })));
}
