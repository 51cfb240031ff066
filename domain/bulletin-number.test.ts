import { describe, expect, it } from 'vitest';
import {
  BulletinNumberPartsSchema,
  chineseNumeral,
  formatBulletinNumber,
  formatBulletinTitle,
  formatChineseDate,
  formatChineseMonth,
  formatYiYuan,
  headingNumber,
  nextBulletinSequence,
  parseBulletinNumber,
} from './bulletin-number.ts';

describe('formatBulletinNumber', () => {
  it('writes the year in 六角括号 and the sequence without leading zeros or 第', () => {
    expect(formatBulletinNumber({ issuerShort: '科学城管委', year: 2026, sequence: 11 })).toBe(
      '科学城管委〔2026〕11号',
    );
    expect(formatBulletinNumber({ issuerShort: '科学城管委', year: 2027, sequence: 1 })).toBe(
      '科学城管委〔2027〕1号',
    );
  });

  it('refuses a sequence of 0, a fraction or a two-digit year', () => {
    expect(() => formatBulletinNumber({ issuerShort: '科学城管委', year: 2026, sequence: 0 })).toThrow(
      RangeError,
    );
    expect(() => formatBulletinNumber({ issuerShort: '科学城管委', year: 2026, sequence: 1.5 })).toThrow(
      RangeError,
    );
    expect(() => formatBulletinNumber({ issuerShort: '科学城管委', year: 26, sequence: 1 })).toThrow(
      RangeError,
    );
  });

  it('rejects an issuer short name with brackets or spaces, in both languages', () => {
    const result = BulletinNumberPartsSchema.safeParse({
      issuerShort: '科学城 管委',
      year: 2026,
      sequence: 3,
    });
    expect(result.error?.issues[0]?.message).toBe('发文机关代字不能含空格、括号或数字');
    expect(
      BulletinNumberPartsSchema.safeParse({ issuerShort: '科学城管委〔', year: 2026, sequence: 3 }).success,
    ).toBe(false);
  });
});

describe('parseBulletinNumber', () => {
  it('reads back what formatBulletinNumber writes', () => {
    const parts = { issuerShort: '科学城管委', year: 2026, sequence: 11 };
    expect(parseBulletinNumber(formatBulletinNumber(parts))).toEqual(parts);
  });

  it('returns null for forms the standard does not use', () => {
    for (const text of [
      '科学城管委〔2026〕011号',
      '科学城管委〔2026〕第11号',
      '科学城管委[2026]11号',
      '〔2026〕11号',
    ]) {
      expect(parseBulletinNumber(text)).toBeNull();
    }
  });
});

describe('nextBulletinSequence', () => {
  const issued = [
    { year: 2025, sequence: 12 },
    { year: 2026, sequence: 9 },
    { year: 2026, sequence: 7 },
  ];

  it('continues from the year’s highest number without refilling gaps', () => {
    expect(nextBulletinSequence(issued, 2026)).toBe(10);
  });

  it('starts again at 1 in a new year', () => {
    expect(nextBulletinSequence(issued, 2027)).toBe(1);
    expect(nextBulletinSequence([], 2026)).toBe(1);
  });
});

describe('formatBulletinTitle', () => {
  it('names the month without a leading zero', () => {
    expect(formatBulletinTitle('2026-10')).toBe('关于2026年10月重点项目推进情况的通报');
    expect(formatBulletinTitle('2026-03')).toBe('关于2026年3月重点项目推进情况的通报');
  });

  it('takes another subject', () => {
    expect(formatBulletinTitle('2026-03', '项目长督查调度工作开展情况')).toBe(
      '关于2026年3月项目长督查调度工作开展情况的通报',
    );
  });

  it('refuses an invalid month', () => {
    expect(() => formatBulletinTitle('2026-13')).toThrow(RangeError);
    expect(() => formatChineseMonth('2026-1')).toThrow(RangeError);
  });
});

describe('formatChineseDate', () => {
  it('writes month and day without leading zeros', () => {
    expect(formatChineseDate('2026-10-08')).toBe('2026年10月8日');
    expect(formatChineseDate('2026-01-31')).toBe('2026年1月31日');
    expect(() => formatChineseDate('2026-02-30')).toThrow(RangeError);
  });
});

describe('chineseNumeral and headingNumber', () => {
  it('writes 1–99 as headings count', () => {
    expect([1, 9, 10, 11, 19, 20, 21, 90, 99].map(chineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '十九',
      '二十',
      '二十一',
      '九十',
      '九十九',
    ]);
  });

  it('refuses numbers it cannot write', () => {
    for (const n of [0, 100, 1.5, -1]) expect(() => chineseNumeral(n)).toThrow(RangeError);
  });

  it('numbers the four heading levels 一、 （一） 1. （1）', () => {
    expect(headingNumber(1, 3)).toBe('三、');
    expect(headingNumber(2, 12)).toBe('（十二）');
    expect(headingNumber(3, 4)).toBe('4.');
    expect(headingNumber(4, 2)).toBe('（2）');
    expect(() => headingNumber(3, 0)).toThrow(RangeError);
  });
});

describe('formatYiYuan', () => {
  it('turns 万元 into 亿元 with 2 decimals', () => {
    expect(formatYiYuan(12_345)).toBe('1.23');
    expect(formatYiYuan(1_300_000)).toBe('130.00');
    expect(formatYiYuan(283_600)).toBe('28.36');
    expect(formatYiYuan(0)).toBe('0.00');
    expect(formatYiYuan(50)).toBe('0.01');
  });

  it('rounds an exact half up where floating-point rounding would take it down', () => {
    expect((10_050 / 10_000).toFixed(2)).toBe('1.00');
    expect(formatYiYuan(10_050)).toBe('1.01');
    expect(formatYiYuan(12_350)).toBe('1.24');
    expect(formatYiYuan(10_049.9999)).toBe('1.00');
  });

  it('keeps the sign of a negative amount but never writes -0.00', () => {
    expect(formatYiYuan(-12_350)).toBe('-1.24');
    expect(formatYiYuan(-10)).toBe('0.00');
  });
});
