import { describe, expect, it } from 'vitest';
import {
  cadenceStatus,
  missedPeriods,
  monthsWithoutInspection,
  nextPeriod,
  periodCodeSchema,
  periodOf,
  periodOfCode,
} from './supervision-cadence.ts';

describe('periodOf', () => {
  it('gives the calendar month for an inspection', () => {
    expect(periodOf('inspection', '2026-11-15')).toEqual({
      kind: 'inspection',
      code: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
      label: { zh: '2026年11月', en: 'November 2026' },
    });
  });

  it('ends February on the 28th or, in a leap year, the 29th', () => {
    expect(periodOf('inspection', '2026-02-10').end).toBe('2026-02-28');
    expect(periodOf('inspection', '2028-02-10').end).toBe('2028-02-29');
  });

  it('splits the year into six two-month dispatch periods starting in January', () => {
    expect(periodOf('dispatch', '2026-01-01')).toMatchObject({
      code: '2026-B1',
      start: '2026-01-01',
      end: '2026-02-28',
    });
    expect(periodOf('dispatch', '2026-04-30')).toMatchObject({
      code: '2026-B2',
      start: '2026-03-01',
      end: '2026-04-30',
    });
    expect(periodOf('dispatch', '2026-11-15')).toEqual({
      kind: 'dispatch',
      code: '2026-B6',
      start: '2026-11-01',
      end: '2026-12-31',
      label: { zh: '2026年11—12月', en: 'November–December 2026' },
    });
  });

  it('gives the calendar quarter for a field review', () => {
    expect(periodOf('field_review', '2026-11-15')).toEqual({
      kind: 'field_review',
      code: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
      label: { zh: '2026年第四季度', en: 'Q4 2026' },
    });
    expect(periodOf('field_review', '2026-03-31')).toMatchObject({ code: '2026-Q1', end: '2026-03-31' });
    expect(periodOf('field_review', '2026-04-01')).toMatchObject({ code: '2026-Q2', start: '2026-04-01' });
  });

  it('rejects a date that does not exist', () => {
    expect(() => periodOf('inspection', '2026-02-30')).toThrow(RangeError);
    expect(() => periodOf('inspection', '2026/02/03')).toThrow(RangeError);
  });
});

describe('periodOfCode and nextPeriod', () => {
  it('reads back every kind of code it writes', () => {
    for (const kind of ['inspection', 'dispatch', 'field_review'] as const) {
      const period = periodOf(kind, '2026-07-09');
      expect(periodOfCode(period.code)).toEqual(period);
    }
  });

  it('returns null for codes that name no period', () => {
    for (const code of ['2026-13', '2026-00', '2026-B7', '2026-Q5', '2026-B0', '26-11', '2026-11-01']) {
      expect(periodOfCode(code)).toBeNull();
    }
  });

  it('rolls over into the next year', () => {
    expect(nextPeriod(periodOf('inspection', '2026-12-05')).code).toBe('2027-01');
    expect(nextPeriod(periodOf('dispatch', '2026-12-05')).code).toBe('2027-B1');
    expect(nextPeriod(periodOf('field_review', '2026-12-05')).code).toBe('2027-Q1');
  });

  it('accepts in a request only a code of the expected kind, with a bilingual message', () => {
    const schema = periodCodeSchema('dispatch');
    expect(schema.safeParse('2026-B6').success).toBe(true);
    const wrongKind = schema.safeParse('2026-Q4');
    expect(wrongKind.success).toBe(false);
    expect(wrongKind.error?.issues[0]?.message).toBe('调度周期应为双月编号，如 2026-B6（11—12 月）');
    expect(periodCodeSchema('inspection').safeParse('2026-11').success).toBe(true);
    expect(periodCodeSchema('field_review').safeParse('2026-11').success).toBe(false);
  });
});

describe('cadenceStatus', () => {
  it('is done when the last inspection falls in the month', () => {
    const status = cadenceStatus({
      kind: 'inspection',
      date: '2026-11-20',
      lastHeldOn: '2026-11-03',
      today: '2026-11-20',
    });
    expect(status).toMatchObject({ status: 'done', heldOn: '2026-11-03', period: { code: '2026-11' } });
  });

  it('is due, with calendar days left, while the month runs without an inspection', () => {
    const status = cadenceStatus({
      kind: 'inspection',
      date: '2026-11-20',
      lastHeldOn: '2026-10-28',
      today: '2026-11-20',
    });
    expect(status).toMatchObject({ status: 'due', daysLeft: 10 });
  });

  it('is still due, with 0 days left, on the last day of the period', () => {
    const status = cadenceStatus({
      kind: 'dispatch',
      date: '2026-12-31',
      lastHeldOn: null,
      today: '2026-12-31',
    });
    expect(status).toMatchObject({ status: 'due', daysLeft: 0, period: { code: '2026-B6' } });
  });

  it('is overdue once the period has ended without one, counting days since its end', () => {
    const status = cadenceStatus({
      kind: 'field_review',
      date: '2026-09-15',
      lastHeldOn: '2026-06-20',
      today: '2026-10-05',
    });
    expect(status).toMatchObject({ status: 'overdue', daysOverdue: 5, period: { code: '2026-Q3' } });
  });

  it('treats a period still to come as due, never overdue', () => {
    const status = cadenceStatus({
      kind: 'inspection',
      date: '2026-12-10',
      lastHeldOn: '2026-11-03',
      today: '2026-11-20',
    });
    expect(status).toMatchObject({ status: 'due', daysLeft: 41, period: { code: '2026-12' } });
  });

  it('refuses a held date after the period, which would hide whether the period had one', () => {
    expect(() =>
      cadenceStatus({
        kind: 'inspection',
        date: '2026-10-10',
        lastHeldOn: '2026-11-03',
        today: '2026-11-20',
      }),
    ).toThrow(/after the period 2026-10/);
  });

  it('refuses a held date in the future', () => {
    expect(() =>
      cadenceStatus({ kind: 'dispatch', date: '2026-11-10', lastHeldOn: '2026-12-01', today: '2026-11-20' }),
    ).toThrow(/after today/);
  });
});

describe('monthsWithoutInspection', () => {
  it('lists ended months without an inspection since the assignment, not the running month', () => {
    const months = monthsWithoutInspection(
      '2026-03-10',
      ['2026-03-20', '2026-05-02', '2026-05-30', '2026-07-31'],
      '2026-09-15',
    );
    expect(months).toEqual(['2026-04', '2026-06', '2026-08']);
  });

  it('flags a month only after it has ended', () => {
    expect(monthsWithoutInspection('2026-08-01', [], '2026-08-31')).toEqual([]);
    expect(monthsWithoutInspection('2026-08-01', [], '2026-09-01')).toEqual(['2026-08']);
  });

  it('counts the month of assignment, satisfied by an inspection earlier in that month', () => {
    expect(monthsWithoutInspection('2026-03-25', [], '2026-04-02')).toEqual(['2026-03']);
    expect(monthsWithoutInspection('2026-03-25', ['2026-03-03'], '2026-04-02')).toEqual([]);
  });

  it('ignores inspections before the month of assignment and works across a year end', () => {
    expect(monthsWithoutInspection('2026-11-05', ['2026-10-30', '2027-01-15'], '2027-03-01')).toEqual([
      '2026-11',
      '2026-12',
      '2027-02',
    ]);
  });

  it('returns nothing for an assignment in the future', () => {
    expect(monthsWithoutInspection('2027-01-01', [], '2026-11-20')).toEqual([]);
  });

  it('rejects an invalid inspection date instead of skipping it', () => {
    expect(() => monthsWithoutInspection('2026-01-01', ['2026-02-30'], '2026-05-01')).toThrow(RangeError);
  });
});

describe('missedPeriods', () => {
  it('finds dispatch periods and quarters without a meeting or tour', () => {
    const meetings = ['2026-02-10', '2026-05-12', '2026-06-30'];
    expect(missedPeriods('dispatch', '2026-01-01', meetings, '2026-11-02').map((p) => p.code)).toEqual([
      '2026-B2',
      '2026-B4',
      '2026-B5',
    ]);
    expect(
      missedPeriods('field_review', '2026-01-01', ['2026-04-15'], '2026-10-01').map((p) => p.code),
    ).toEqual(['2026-Q1', '2026-Q3']);
  });
});
