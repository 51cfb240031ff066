/**
 * Numbers and wording for the monthly bulletin (通报, issue #4), written the way Chinese government documents
 * write them. The conventions come from GB/T 9704-2012《党政机关公文格式》:
 * - 发文字号 (§7.2.4): 发文机关代字 + 年份 + 发文顺序号. The year is written in full and enclosed in 六角括号
 *   〔〕 (not the look-alike 【】 or ()); the sequence number has no 第 and no leading zeros (1, not 01 or 001)
 *   and is followed by 号: 科学城管委〔2026〕11号.
 * - 结构层次序数 (§7.3.3): 一、 then （一） then 1. then （1）.
 * - 成文日期 (§7.3.5): Arabic numerals, year in full, month and day without leading zeros: 2026年10月8日.
 * The bulletin's number is "文号-like": Guanjia numbers bulletins for reference; it is not an official
 * 发文字号 unless the issuing office adopts it.
 */
import { z } from 'zod';
import { type IsoDate, type IsoMonth, toDayNumber, toMonthNumber } from './iso-date.ts';
import { bilingual } from './schemas/common.ts';

export const BulletinNumberPartsSchema = z.object({
  /** 发文机关代字, e.g. 科学城管委. */
  issuerShort: z
    .string()
    .trim()
    .min(1, bilingual('请填写发文机关代字', 'Give the issuer’s short name'))
    .max(20, bilingual('发文机关代字最多 20 个字', 'The issuer’s short name has at most 20 characters'))
    .regex(
      /^[^\s〔〕[\]()（）【】\d]+$/,
      bilingual(
        '发文机关代字不能含空格、括号或数字',
        'The issuer’s short name cannot contain spaces, brackets or digits',
      ),
    ),
  year: z
    .number()
    .int(bilingual('年份应为整数', 'The year must be a whole number'))
    .min(2000, bilingual('年份应在 2000–2100 之间', 'The year must be 2000–2100'))
    .max(2100, bilingual('年份应在 2000–2100 之间', 'The year must be 2000–2100')),
  sequence: z
    .number()
    .int(bilingual('顺序号应为整数', 'The sequence number must be a whole number'))
    .min(1, bilingual('顺序号从 1 开始', 'The sequence number starts at 1'))
    .max(9999, bilingual('顺序号最大为 9999', 'The sequence number is at most 9999')),
});
export type BulletinNumberParts = z.infer<typeof BulletinNumberPartsSchema>;

/** 科学城管委〔2026〕11号. Throws RangeError on parts that do not pass BulletinNumberPartsSchema. */
export function formatBulletinNumber(parts: BulletinNumberParts): string {
  const parsed = BulletinNumberPartsSchema.safeParse(parts);
  if (!parsed.success) {
    throw new RangeError(`Invalid bulletin number parts: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  const { issuerShort, year, sequence } = parsed.data;
  return `${issuerShort}〔${year}〕${sequence}号`;
}

/** The parts of a number written by formatBulletinNumber, or null (also for 01号 or 第11号, which it never writes). */
export function parseBulletinNumber(text: string): BulletinNumberParts | null {
  const match = /^(.+)〔(\d{4})〕([1-9]\d*)号$/.exec(text.trim());
  if (!match) return null;
  const [, issuerShort = '', year = '', sequence = ''] = match;
  const parsed = BulletinNumberPartsSchema.safeParse({
    issuerShort,
    year: Number(year),
    sequence: Number(sequence),
  });
  return parsed.success ? parsed.data : null;
}

/**
 * The next sequence number for `year`: one more than the highest issued that year, 1 for a new year (the
 * sequence restarts every year, as the year in the number implies). Gaps are not refilled: a number once
 * issued, even for a bulletin later withdrawn, is not reused.
 */
export function nextBulletinSequence(
  issued: readonly Pick<BulletinNumberParts, 'year' | 'sequence'>[],
  year: number,
): number {
  return issued.reduce((max, n) => (n.year === year && n.sequence > max ? n.sequence : max), 0) + 1;
}

/** 关于2026年10月重点项目推进情况的通报. `subject` replaces 重点项目推进情况 for other bulletins. */
export function formatBulletinTitle(month: IsoMonth, subject = '重点项目推进情况'): string {
  if (toMonthNumber(month) === null) throw new RangeError(`Invalid month "${month}": expected YYYY-MM`);
  return `关于${formatChineseMonth(month)}${subject}的通报`;
}

/** 2026年10月 (no leading zero). */
export function formatChineseMonth(month: IsoMonth): string {
  if (toMonthNumber(month) === null) throw new RangeError(`Invalid month "${month}": expected YYYY-MM`);
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
}

/** 2026年10月8日 (成文日期: no leading zeros). */
export function formatChineseDate(date: IsoDate): string {
  if (toDayNumber(date) === null) throw new RangeError(`Invalid date "${date}": expected YYYY-MM-DD`);
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * 1–99 in Chinese numerals, as headings count: 一, 十, 十一, 二十, 九十九. Headings never go further, so
 * larger numbers are refused rather than written half right.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99)
    throw new RangeError(`Chinese numerals here cover 1–99, not ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const onesText = ones === 0 ? '' : (digits[ones] ?? '');
  if (tens === 0) return onesText;
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${onesText}`;
}

export type HeadingLevel = 1 | 2 | 3 | 4;

/**
 * The ordinal of a heading at `level` (GB/T 9704 §7.3.3): 1 → 一、 2 → （一） 3 → 1. 4 → （1）.
 * The brackets are full-width, as in the standard.
 */
export function headingNumber(level: HeadingLevel, n: number): string {
  if (level === 1) return `${chineseNumeral(n)}、`;
  if (level === 2) return `（${chineseNumeral(n)}）`;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`A heading number starts at 1, not ${n}`);
  return level === 3 ? `${n}.` : `（${n}）`;
}

/**
 * An amount in 万元 written in 亿元 with 2 decimals (half away from zero), without the unit: 12345 → '1.23'.
 * The ledger keeps 万元 to 4 decimals (one yuan), so the amount is turned into whole yuan first and divided
 * as integers: 10050 万元 is 1.005 亿元 exactly and must show 1.01, where (10050 / 10000).toFixed(2) and
 * Math.round(10050 / 10000 * 100) / 100 both give 1.00, because 1.005 has no exact binary form.
 */
export function formatYiYuan(wanYuan: number): string {
  if (!Number.isFinite(wanYuan)) throw new RangeError(`Not an amount: ${wanYuan}`);
  const yuan = Math.round(Math.abs(wanYuan) * 10_000);
  // 1 亿元 = 10⁸ 元, so hundredths of 亿元 are units of 10⁶ 元; a true half is exact in binary.
  const hundredths = Math.round(yuan / 1_000_000);
  const sign = wanYuan < 0 && hundredths > 0 ? '-' : '';
  return `${sign}${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}
