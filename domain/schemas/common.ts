import { z } from 'zod';
import { toDayNumber } from '../iso-date.ts';

const englishByChinese = new Map<string, string>();

/**
 * A fixed validation message in both interface languages. Zod keeps only the zh-CN text (the default
 * language) on built-in checks, so the English text is registered here and looked up by `translateMessage`.
 */
export function bilingual(zh: string, en: string): { message: string } {
  englishByChinese.set(zh, en);
  return { message: zh };
}

/** For messages built at validation time (with numbers in them): the English text travels in the issue. */
export function bilingualIssue(zh: string, en: string) {
  return { message: zh, params: { en } };
}

/** The English text of a message made with `bilingual`/`bilingualIssue`, or undefined. */
export function englishOf(message: string, params?: unknown): string | undefined {
  const own = (params as { en?: unknown } | undefined)?.en;
  if (typeof own === 'string') return own;
  return englishByChinese.get(message);
}

export const uuidSchema = z.uuid();

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('日期格式应为 YYYY-MM-DD', 'Date must be YYYY-MM-DD'))
  // A calendar day: Date.parse would roll 2026-09-31 over to October.
  .refine((s) => toDayNumber(s) !== null, bilingual('日期无效', 'Invalid date'));

/** Query strings carry lists as `a,b,c` or as repeated keys; both become a string array. */
export function csvList<T extends z.ZodType<string>>(item: T) {
  return z.preprocess((v) => {
    if (v === undefined || v === null || v === '') return undefined;
    const arr = Array.isArray(v) ? v : String(v).split(',');
    return arr.map((s) => String(s).trim()).filter((s) => s !== '');
  }, z.array(item).optional());
}

export const booleanQuery = z.preprocess(
  (v) =>
    v === 'true' || v === '1' || v === true ? true : v === 'false' || v === '0' || v === false ? false : v,
  z.boolean().optional(),
);

export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const idParamSchema = z.object({ id: uuidSchema });

export const errorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .describe('Per-field problems, for validation errors'),
});
