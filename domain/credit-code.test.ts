import { describe, expect, it } from 'vitest';
import { creditCodeDivision, describeCreditCodeIssue, validateCreditCode } from './credit-code.ts';

// Real codes from public registrations (domain reference §2).
const REAL_CODE_A = '914403001922038216';
const REAL_CODE_B = '91440300708461136T';
// Constructed codes whose organisation check character is X and 0, checked by hand against GB 11714 and GB 32100.
const SYNTHETIC_ORG_CHECK_X = '91500106MA5U0002XL';
const SYNTHETIC_ORG_CHECK_0 = '91500106500106020R';

describe('validateCreditCode', () => {
  it.each([REAL_CODE_A, REAL_CODE_B])('accepts the real code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
  });

  it.each([SYNTHETIC_ORG_CHECK_X, SYNTHETIC_ORG_CHECK_0])(
    'accepts %s, whose organisation check character is X or 0',
    (code) => {
      expect(validateCreditCode(code)).toEqual({ ok: true, code });
    },
  );

  it('trims, upper-cases and folds full-width characters before validating', () => {
    expect(validateCreditCode('  91440300708461136t ')).toEqual({ ok: true, code: REAL_CODE_B });
    expect(validateCreditCode('９１４４０３００１９２２０３８２１６')).toEqual({
      ok: true,
      code: REAL_CODE_A,
    });
  });

  it('reports a changed last character as a check failure at position 18 with the expected character', () => {
    expect(validateCreditCode('914403001922038217')).toEqual({
      ok: false,
      issues: [{ position: 18, kind: 'check', expected: '6', actual: '7' }],
    });
    expect(validateCreditCode('91440300708461136U')).toEqual({
      ok: false,
      issues: [{ position: 18, kind: 'check', expected: 'T', actual: 'U' }],
    });
  });

  it('reports a changed organisation check character as an org-check failure at position 17', () => {
    const result = validateCreditCode('914403001922038226');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ position: 17, kind: 'org-check', expected: '1', actual: '2' });
    // Position 18 is computed over position 17 too, so it no longer matches either.
    expect(result.issues.map((issue) => issue.kind)).toEqual(['org-check', 'check']);
  });

  it('reports a changed division digit as a check failure only', () => {
    const result = validateCreditCode('914403011922038216');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([{ position: 18, kind: 'check', expected: 'L', actual: '6' }]);
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('rejects the letter %s, which the charset excludes', (letter) => {
    const code = `91440300708461136${letter}`;
    expect(validateCreditCode(code)).toEqual({
      ok: false,
      issues: [{ position: 18, kind: 'charset', actual: letter }],
    });
  });

  it('reports every character outside the charset with its position', () => {
    expect(validateCreditCode('9144-300708461136T')).toEqual({
      ok: false,
      issues: [{ position: 5, kind: 'charset', actual: '-' }],
    });
    expect(validateCreditCode('91440300O0846113ST')).toEqual({
      ok: false,
      issues: [
        { position: 9, kind: 'charset', actual: 'O' },
        { position: 17, kind: 'charset', actual: 'S' },
      ],
    });
  });

  it('rejects a code that is too short, pointing at the first missing position', () => {
    expect(validateCreditCode('91440300708461136')).toEqual({
      ok: false,
      issues: [{ position: 18, kind: 'length', expected: '18', actual: '17' }],
    });
  });

  it('rejects a code that is too long, pointing at the first surplus position', () => {
    expect(validateCreditCode('91440300708461136T0')).toEqual({
      ok: false,
      issues: [{ position: 19, kind: 'length', expected: '18', actual: '19' }],
    });
  });

  it('rejects an empty string as a length problem', () => {
    expect(validateCreditCode('   ')).toEqual({
      ok: false,
      issues: [{ position: 1, kind: 'length', expected: '18', actual: '0' }],
    });
  });

  it('reports length and charset problems together and skips the check characters', () => {
    expect(validateCreditCode('9144030070846113I')).toEqual({
      ok: false,
      issues: [
        { position: 18, kind: 'length', expected: '18', actual: '17' },
        { position: 17, kind: 'charset', actual: 'I' },
      ],
    });
  });
});

describe('creditCodeDivision', () => {
  it('returns positions 3–8, the registering division', () => {
    expect(creditCodeDivision(REAL_CODE_A)).toBe('440300');
    expect(creditCodeDivision(SYNTHETIC_ORG_CHECK_X)).toBe('500106');
  });
});

describe('describeCreditCodeIssue', () => {
  const checkIssue = { position: 18, kind: 'check', expected: '6', actual: '7' } as const;

  it('describes a check failure in Chinese', () => {
    expect(describeCreditCodeIssue(checkIssue, 'zh-CN')).toBe('第18位校验码错误：应为 6，实为 7');
  });

  it('describes a check failure in English', () => {
    expect(describeCreditCodeIssue(checkIssue, 'en')).toBe(
      'Character 18 (check character) is wrong: expected 6, got 7',
    );
  });

  it('names the organisation code check character for an org-check failure', () => {
    const issue = { position: 17, kind: 'org-check', expected: '1', actual: '2' } as const;
    expect(describeCreditCodeIssue(issue, 'zh-CN')).toBe('第17位组织机构代码校验码错误：应为 1，实为 2');
    expect(describeCreditCodeIssue(issue, 'en')).toBe(
      'Character 17 (organisation code check character) is wrong: expected 1, got 2',
    );
  });

  it('quotes the offending character for a charset failure', () => {
    const issue = { position: 9, kind: 'charset', actual: 'O' } as const;
    expect(describeCreditCodeIssue(issue, 'zh-CN')).toContain('第9位字符“O”无效');
    expect(describeCreditCodeIssue(issue, 'en')).toContain('Character 9 ("O") is not allowed');
  });

  it('states expected and actual length for a length failure', () => {
    const issue = { position: 18, kind: 'length', expected: '18', actual: '17' } as const;
    expect(describeCreditCodeIssue(issue, 'zh-CN')).toBe('长度错误：统一社会信用代码应为 18 位，实为 17 位');
    expect(describeCreditCodeIssue(issue, 'en')).toBe(
      'Wrong length: a unified social credit code has 18 characters, got 17',
    );
  });

  it('describes every issue the validator produces in both locales', () => {
    const result = validateCreditCode('91440300O0846113S');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const issue of result.issues) {
      expect(describeCreditCodeIssue(issue, 'zh-CN')).toMatch(/第\d+位|长度错误/);
      expect(describeCreditCodeIssue(issue, 'en')).toMatch(/Character \d+|Wrong length/);
    }
  });
});
