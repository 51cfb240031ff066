import { describe, expect, it } from 'vitest';
import { isoDateSchema } from './common.ts';

describe('isoDateSchema', () => {
  it('accepts calendar days, a leap day included', () => {
    expect(isoDateSchema.safeParse('2026-09-30').success).toBe(true);
    expect(isoDateSchema.safeParse('2028-02-29').success).toBe(true);
  });

  it('refuses days that do not exist instead of rolling them into the next month', () => {
    for (const day of ['2026-09-31', '2026-02-29', '2026-13-01', '2026-00-10']) {
      const result = isoDateSchema.safeParse(day);
      expect(result.success, day).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toContain('日期无效');
    }
  });
});
