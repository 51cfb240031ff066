import { describe, expect, it } from 'vitest';
import { parseProjectCode } from './project-code.ts';

describe('parseProjectCode', () => {
  it('parses a current-format code into time code, division, department, type and serial', () => {
    expect(parseProjectCode('2105-500106-04-01-123456')).toEqual({
      ok: true,
      code: '2105-500106-04-01-123456',
      format: 'current',
      segments: {
        timeCode: '2105',
        year: 2021,
        month: 5,
        divisionCode: '500106',
        departmentCode: '04',
        projectTypeCode: '01',
        serial: '123456',
      },
    });
  });

  it('parses a legacy code into year, division, industry, approval type and serial', () => {
    expect(parseProjectCode('2017-500106-47-03-012345')).toEqual({
      ok: true,
      code: '2017-500106-47-03-012345',
      format: 'legacy',
      segments: {
        year: 2017,
        divisionCode: '500106',
        industryCode: '47',
        approvalType: '备案',
        serial: '012345',
      },
    });
  });

  it.each([
    ['01', '审批'],
    ['02', '核准'],
    ['03', '备案'],
  ] as const)('maps legacy approval type %s to %s', (segment, approvalType) => {
    const result = parseProjectCode(`2019-500107-47-${segment}-000001`);
    expect(result.ok && result.format === 'legacy' && result.segments.approvalType).toBe(approvalType);
  });

  it('returns a null approval type for an unknown legacy approval segment', () => {
    const result = parseProjectCode('2018-500109-47-09-000001');
    expect(result.ok && result.format === 'legacy' && result.segments.approvalType).toBeNull();
  });

  it.each(['2015', '2021'])('treats %s, the edges of the legacy year range, as legacy', (year) => {
    const result = parseProjectCode(`${year}-500120-47-02-000001`);
    expect(result.ok && result.format).toBe('legacy');
  });

  it.each([
    ['2011', 2020, 11],
    ['2201', 2022, 1],
    ['2512', 2025, 12],
  ])('treats %s as a current YYMM time code', (timeCode, year, month) => {
    const result = parseProjectCode(`${timeCode}-500116-04-01-123456`);
    expect(result.ok && result.format).toBe('current');
    if (!result.ok || result.format !== 'current') return;
    expect(result.segments).toMatchObject({ timeCode, year, month });
  });

  it('does not verify the check digit of a current code', () => {
    expect(parseProjectCode('2105-500106-04-01-123450').ok).toBe(true);
    expect(parseProjectCode('2105-500106-04-01-123459').ok).toBe(true);
  });

  it('trims and folds full-width digits and hyphens', () => {
    const result = parseProjectCode(' ２１０５－５００１０６－０４－０１－１２３４５６ ');
    expect(result.ok && result.code).toBe('2105-500106-04-01-123456');
  });

  it.each([
    ['a serial one digit short', '2017-500106-47-03-01234'],
    ['a serial one digit long', '2105-500106-04-01-1234567'],
    ['a missing hyphen', '2105500106-04-01-123456'],
    ['no hyphens at all', '21055001060401123456'],
    ['a letter', '2105-50010A-04-01-123456'],
    ['a five-digit division', '2105-50010-04-01-1234567'],
    ['an empty string', ''],
  ])('rejects %s as a shape error', (_label, code) => {
    const result = parseProjectCode(code);
    expect(result).toMatchObject({ ok: false, reason: 'shape' });
    if (result.ok) return;
    expect(result.message.zh).toContain('NNNN-NNNNNN-NN-NN-NNNNNN');
    expect(result.message.en).toContain('NNNN-NNNNNN-NN-NN-NNNNNN');
  });

  it.each([
    ['month 00', '2100'],
    ['month 13', '2113'],
    ['a year before the current format and outside the legacy range', '1905'],
    ['a legacy-looking year before 2015', '2014'],
    ['a legacy-looking year after 2021', '2022'],
  ])('rejects a first segment with %s', (_label, first) => {
    const result = parseProjectCode(`${first}-500106-04-01-123456`);
    expect(result).toMatchObject({ ok: false, reason: 'shape' });
    if (result.ok) return;
    expect(result.message.zh).toContain(first);
    expect(result.message.en).toContain(first);
  });
});
