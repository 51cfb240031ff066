/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout of the 18 characters:
 *   1      registration authority (登记管理部门代码)
 *   2      organisation category (机构类别代码)
 *   3–8    registration division, a GB/T 2260 code (登记管理机关行政区划码)
 *   9–17   organisation code (组织机构代码, GB 11714): 8 body characters + 1 check character
 *   18     check character over positions 1–17
 */

export type CreditCodeIssue = {
  /** 1-based character position the issue refers to. */
  position: number;
  kind: 'length' | 'charset' | 'org-check' | 'check';
  expected?: string;
  actual?: string;
};

export type CreditCodeResult = { ok: true; code: string } | { ok: false; issues: CreditCodeIssue[] };

/** GB 32100-2015 §4.1: digits and upper-case letters except I, O, S, V, Z; a character's value is its index. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_LENGTH = 18;

/** GB 32100-2015 §5: weights Wi = 3^(i−1) mod 31 for positions 1–17. */
const CHECK_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714-1997 §4.3: weights for the 8 body characters of the organisation code. */
const ORG_CHECK_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const ORG_CODE_START = 9;
const ORG_CHECK_POSITION = 17;

/**
 * Validates a unified social credit code and reports every problem found, by position,
 * so a form can point at the offending character.
 *
 * Input is NFKC-normalised (Chinese IMEs often type full-width digits), trimmed and upper-cased.
 * The two check characters are only verified when length and charset are correct, because
 * positions are meaningless otherwise.
 */
export function validateCreditCode(raw: string): CreditCodeResult {
  const code = raw.normalize('NFKC').trim().toUpperCase();
  // Array.from splits by code point, so a stray emoji or CJK character counts as one position.
  const chars = Array.from(code);
  const issues: CreditCodeIssue[] = [];

  if (chars.length !== CODE_LENGTH) {
    issues.push({
      // Point at the first missing character, or the first surplus one.
      position: chars.length < CODE_LENGTH ? chars.length + 1 : CODE_LENGTH + 1,
      kind: 'length',
      expected: String(CODE_LENGTH),
      actual: String(chars.length),
    });
  }

  chars.forEach((char, index) => {
    if (!CHARSET.includes(char)) {
      issues.push({ position: index + 1, kind: 'charset', actual: char });
    }
  });

  if (issues.length > 0) return { ok: false, issues };

  const orgBody = chars.slice(ORG_CODE_START - 1, ORG_CHECK_POSITION - 1);
  const expectedOrgCheck = organisationCheckChar(orgBody);
  const actualOrgCheck = chars[ORG_CHECK_POSITION - 1]!;
  if (actualOrgCheck !== expectedOrgCheck) {
    issues.push({
      position: ORG_CHECK_POSITION,
      kind: 'org-check',
      expected: expectedOrgCheck,
      actual: actualOrgCheck,
    });
  }

  const expectedCheck = creditCheckChar(chars.slice(0, CODE_LENGTH - 1));
  const actualCheck = chars[CODE_LENGTH - 1]!;
  if (actualCheck !== expectedCheck) {
    issues.push({ position: CODE_LENGTH, kind: 'check', expected: expectedCheck, actual: actualCheck });
  }

  return issues.length > 0 ? { ok: false, issues } : { ok: true, code };
}

/**
 * GB 11714-1997: C9 = 11 − (Σ value × weight) mod 11, where 10 is written X and 11 is written 0.
 * Body values are 0–9 for digits and A=10 … Z=35 for letters (alphabet position + 9).
 */
function organisationCheckChar(body: readonly string[]): string {
  let sum = 0;
  body.forEach((char, index) => {
    sum += organisationCharValue(char) * ORG_CHECK_WEIGHTS[index]!;
  });
  const c9 = 11 - (sum % 11);
  if (c9 === 10) return 'X';
  if (c9 === 11) return '0';
  return String(c9);
}

function organisationCharValue(char: string): number {
  if (char >= '0' && char <= '9') return char.charCodeAt(0) - 48;
  // 'A' is 65, so A → 10 … Z → 35.
  return char.charCodeAt(0) - 55;
}

/** GB 32100-2015 §5: C18 = (31 − Σ value × weight mod 31) mod 31, mapped back through the charset. */
function creditCheckChar(first17: readonly string[]): string {
  let sum = 0;
  first17.forEach((char, index) => {
    sum += CHARSET.indexOf(char) * CHECK_WEIGHTS[index]!;
  });
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

/** Positions 3–8: the GB/T 2260 division of the registering authority (not necessarily the current address). */
export function creditCodeDivision(code: string): string {
  return code.normalize('NFKC').trim().slice(2, 8);
}

/** A human message for one issue, for form errors and import reports. */
export function describeCreditCodeIssue(issue: CreditCodeIssue, locale: 'zh-CN' | 'en'): string {
  const { position, expected = '', actual = '' } = issue;
  const zh = locale === 'zh-CN';
  switch (issue.kind) {
    case 'length':
      return zh
        ? `长度错误：统一社会信用代码应为 ${expected} 位，实为 ${actual} 位`
        : `Wrong length: a unified social credit code has ${expected} characters, got ${actual}`;
    case 'charset':
      return zh
        ? `第${position}位字符“${actual}”无效：只允许数字 0–9 和除 I、O、S、V、Z 以外的大写字母`
        : `Character ${position} ("${actual}") is not allowed: only digits 0–9 and capital letters other than I, O, S, V and Z are used`;
    case 'org-check':
      return zh
        ? `第${position}位组织机构代码校验码错误：应为 ${expected}，实为 ${actual}`
        : `Character ${position} (organisation code check character) is wrong: expected ${expected}, got ${actual}`;
    case 'check':
      return zh
        ? `第${position}位校验码错误：应为 ${expected}，实为 ${actual}`
        : `Character ${position} (check character) is wrong: expected ${expected}, got ${actual}`;
  }
}
