/**
 * Investment project code (投资项目代码), GB/T 40058-2021 and 发改投资〔2020〕1439号.
 *
 * Both formats share the shape `NNNN-NNNNNN-NN-NN-NNNNNN` (20 digits, 4 hyphens) but the segments
 * mean different things, so the first segment decides which format a code is in.
 */

export type ApprovalType = '审批' | '核准' | '备案';

/** Current format (from November 2020): time code – division – supervising department – project type – serial. */
export type CurrentProjectCodeSegments = {
  /** YYMM the code was issued. */
  timeCode: string;
  year: number;
  month: number;
  /** GB/T 2260 division; checked against the division table by the caller. */
  divisionCode: string;
  /** Central supervising department (国家行业主管部门) code. */
  departmentCode: string;
  projectTypeCode: string;
  /** 5 random digits + 1 check digit. The check digit is stored but not verified: its algorithm is unverified. */
  serial: string;
};

/** Legacy format (before November 2020): year – division – industry – approval type – serial. */
export type LegacyProjectCodeSegments = {
  year: number;
  divisionCode: string;
  industryCode: string;
  /** null when the segment is not one of the three known approval types. */
  approvalType: ApprovalType | null;
  serial: string;
};

export type ProjectCodeResult =
  | { ok: true; code: string; format: 'current'; segments: CurrentProjectCodeSegments }
  | { ok: true; code: string; format: 'legacy'; segments: LegacyProjectCodeSegments }
  | { ok: false; reason: 'shape'; message: { zh: string; en: string } };

const SHAPE = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$/;

/** Legacy codes carry a four-digit year; none of 2015–2021 is a valid YYMM (months 15–21 do not exist). */
const LEGACY_FIRST_YEAR = 2015;
const LEGACY_LAST_YEAR = 2021;

const APPROVAL_TYPES: Readonly<Record<string, ApprovalType>> = { '01': '审批', '02': '核准', '03': '备案' };

/**
 * Parses a project code into its segments. Only the shape and the first segment are checked:
 * division validity is the caller's job (it needs the versioned division table), and the
 * current format's check digit is deliberately not verified.
 *
 * Input is NFKC-normalised (full-width digits and hyphens from Chinese IMEs) and trimmed.
 */
export function parseProjectCode(raw: string): ProjectCodeResult {
  const code = raw.normalize('NFKC').trim();
  const match = SHAPE.exec(code);
  if (!match) {
    return shapeError(
      '项目代码格式错误：应为 24 位，格式为 NNNN-NNNNNN-NN-NN-NNNNNN（20 位数字和 4 个连字符）',
      'Malformed project code: expected 24 characters shaped NNNN-NNNNNN-NN-NN-NNNNNN (20 digits and 4 hyphens)',
    );
  }
  // The regex guarantees every group; the defaults only satisfy noUncheckedIndexedAccess.
  const [, first = '', divisionCode = '', third = '', fourth = '', serial = ''] = match;

  const asYear = Number(first);
  if (asYear >= LEGACY_FIRST_YEAR && asYear <= LEGACY_LAST_YEAR) {
    return {
      ok: true,
      code,
      format: 'legacy',
      segments: {
        year: asYear,
        divisionCode,
        industryCode: third,
        approvalType: APPROVAL_TYPES[fourth] ?? null,
        serial,
      },
    };
  }

  const yy = Number(first.slice(0, 2));
  const month = Number(first.slice(2, 4));
  // The current format dates from 2020, so a YY below 20 cannot be a time code.
  if (yy >= 20 && month >= 1 && month <= 12) {
    return {
      ok: true,
      code,
      format: 'current',
      segments: {
        timeCode: first,
        year: 2000 + yy,
        month,
        divisionCode,
        departmentCode: third,
        projectTypeCode: fourth,
        serial,
      },
    };
  }

  return shapeError(
    `项目代码第一段“${first}”无效：应为 2015–2021 年的年份（旧版代码）或 YYMM 年月（新版代码，20 年及以后，月份 01–12）`,
    `Invalid first segment "${first}": expected a year 2015–2021 (legacy code) or a YYMM time code (current code, year 20 or later, month 01–12)`,
  );
}

function shapeError(zh: string, en: string): ProjectCodeResult {
  return { ok: false, reason: 'shape', message: { zh, en } };
}
