import { describe, expect, it } from 'vitest';
import {
  combinedYearToDate,
  evenSchedule,
  hundredthsOfPercent,
  MonthlyScheduleSchema,
  plannedCumulative,
  plannedSharePct,
  yearToDate,
} from './schedule.ts';

const winterSlow = [2, 5, 12, 20, 28, 36, 45, 55, 65, 76, 88, 100];

describe('序时进度 schedule', () => {
  it('spreads the year evenly by default, ending at exactly 100%', () => {
    const even = evenSchedule();
    expect(even).toHaveLength(12);
    expect(even[2]).toBe(25);
    expect(even[11]).toBe(100);
    expect(MonthlyScheduleSchema.safeParse(even).success).toBe(true);
  });

  it('gives the planned cumulative amount for a month on the even split without float noise', () => {
    expect(plannedCumulative(1200, 3)).toBe(300);
    expect(plannedCumulative(1000, 1)).toBe(83.3333);
    expect(plannedCumulative(1000, 12)).toBe(1000);
  });

  it('follows a custom cumulative curve', () => {
    expect(plannedSharePct(4, winterSlow)).toBe(20);
    expect(plannedCumulative(5000, 4, winterSlow)).toBe(1000);
  });

  it('rejects a month outside 1–12', () => {
    expect(() => plannedCumulative(1000, 0)).toThrow(RangeError);
    expect(() => plannedCumulative(1000, 13)).toThrow(RangeError);
  });
});

describe('MonthlyScheduleSchema', () => {
  it('accepts a non-decreasing curve ending at 100', () => {
    expect(MonthlyScheduleSchema.safeParse(winterSlow).success).toBe(true);
    expect(MonthlyScheduleSchema.safeParse([0, 0, 10, 10, 10, 50, 50, 50, 80, 90, 100, 100]).success).toBe(
      true,
    );
  });

  it('rejects a curve that goes down, naming the month', () => {
    const bad = [...winterSlow];
    bad[4] = 15;
    const result = MonthlyScheduleSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([4]);
    expect(result.error?.issues[0]?.message).toBe('5 月累计比例 15% 小于 4 月的 20%：累计比例不能下降');
  });

  it('rejects a curve that does not end at 100', () => {
    const result = MonthlyScheduleSchema.safeParse([...winterSlow.slice(0, 11), 95]);
    expect(result.error?.issues[0]?.message).toBe('12 月累计比例应为 100%，当前为 95%');
  });

  it('rejects a curve without 12 months or with values outside 0–100', () => {
    expect(MonthlyScheduleSchema.safeParse(winterSlow.slice(0, 11)).success).toBe(false);
    expect(MonthlyScheduleSchema.safeParse([-1, ...winterSlow.slice(1)]).success).toBe(false);
  });
});

describe('yearToDate', () => {
  it('reports completion against the annual plan and the schedule, and points behind', () => {
    // June on the even split: 50% planned; 200 of 1000 done → 20% of the year, 40% of schedule, 30 points behind.
    expect(yearToDate({ annualPlan: 1000, month: 6, completedCumulative: 200 })).toEqual({
      month: 6,
      annualPlan: 1000,
      plannedSharePct: 50,
      plannedCumulative: 500,
      completedCumulative: 200,
      annualCompletionPct: 20,
      scheduleCompletionPct: 40,
      pointsBehind: 30,
    });
  });

  it('reports a negative gap when ahead of schedule', () => {
    expect(yearToDate({ annualPlan: 1200, month: 3, completedCumulative: 360 }).pointsBehind).toBe(-5);
  });

  it('returns null rates when there is no plan or nothing planned yet', () => {
    const noPlan = yearToDate({ annualPlan: 0, month: 5, completedCumulative: 10 });
    expect(noPlan.annualCompletionPct).toBeNull();
    expect(noPlan.pointsBehind).toBeNull();
    const zeroJanuary = yearToDate({
      annualPlan: 1000,
      month: 1,
      completedCumulative: 0,
      schedule: [0, 5, 12, 20, 28, 36, 45, 55, 65, 76, 88, 100],
    });
    expect(zeroJanuary.scheduleCompletionPct).toBeNull();
    expect(zeroJanuary.pointsBehind).toBe(0);
  });

  it('rejects negative amounts', () => {
    expect(() => yearToDate({ annualPlan: 1000, month: 1, completedCumulative: -1 })).toThrow(RangeError);
  });
});

describe('combinedYearToDate', () => {
  it('adds the plans up, each planned cumulative on its own curve', () => {
    const winter = [2, 5, 12, 20, 28, 36, 45, 55, 65, 76, 88, 100];
    // October: 1000 × 10/12 = 833.3333 on the even split, 2000 × 76% = 1520 on the winter curve.
    const total = combinedYearToDate(10, [
      { annualPlan: 1000, completedCumulative: 700 },
      { annualPlan: 2000, completedCumulative: 1500.5, schedule: winter },
    ]);
    expect(total).toEqual({
      month: 10,
      annualPlan: 3000,
      plannedSharePct: 78.44,
      plannedCumulative: 2353.3333,
      completedCumulative: 2200.5,
      annualCompletionPct: 73.35,
      scheduleCompletionPct: 93.51,
      pointsBehind: 5.09,
    });
  });

  it('equals yearToDate for a single plan and gives null rates without any plan', () => {
    const one = { annualPlan: 1000, completedCumulative: 200 };
    expect(combinedYearToDate(6, [one])).toEqual(yearToDate({ ...one, month: 6 }));
    const none = combinedYearToDate(3, []);
    expect(none.annualPlan).toBe(0);
    expect(none.annualCompletionPct).toBeNull();
    expect(none.plannedSharePct).toBe(25);
  });
});

describe('hundredthsOfPercent', () => {
  it('is exact at boundaries that floating point gets wrong', () => {
    expect((1 - 700 / 1000) * 100).not.toBe(30);
    expect((29 / 100) * 100).not.toBe(29);
    expect(hundredthsOfPercent(1000 - 700, 1000)).toBe(3000);
    expect(hundredthsOfPercent(29, 100)).toBe(2900);
    expect(hundredthsOfPercent(500.1 - 200, 1000)).toBe(3001);
  });
});
