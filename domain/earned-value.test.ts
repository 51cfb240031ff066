import { describe, expect, it } from 'vitest';
import { computeEarnedValue, plannedValueLinear } from './earned-value.ts';

describe('computeEarnedValue', () => {
  it('gives SPI 0.714 and CPI 0.714 for PV 70, EV 50, AC 70', () => {
    const result = computeEarnedValue({
      budgetAtCompletion: 100,
      plannedValue: 70,
      physicalProgressPct: 50,
      actualCost: 70,
    });
    expect(result.ev).toBe(50);
    expect(result.spi).toEqual({ value: 0.714, reason: null });
    expect(result.cpi).toEqual({ value: 0.714, reason: null });
    expect(result.sv).toBe(-20);
    expect(result.cv).toBe(-20);
    // EAC = BAC / CPI with the unrounded CPI 5/7: 140, not 100 / 0.714 = 140.056.
    expect(result.eac).toEqual({ value: 140, reason: null });
  });

  it('derives EV from physical progress times the budget, not from money spent', () => {
    const result = computeEarnedValue({
      budgetAtCompletion: 80_000,
      plannedValue: 20_000,
      physicalProgressPct: 30,
      actualCost: 30_000,
    });
    expect(result.ev).toBe(24_000);
    expect(result.spi.value).toBe(1.2);
    expect(result.cpi.value).toBe(0.8);
    expect(result.eac.value).toBe(100_000);
  });

  it('forecasts the finish as planned duration ÷ SPI from the planned start', () => {
    // 2026-01-01 → 2026-11-17 is 320 days; at SPI 0.8 the work takes 400 days → 2027-02-05.
    const result = computeEarnedValue({
      budgetAtCompletion: 100,
      plannedValue: 50,
      physicalProgressPct: 40,
      actualCost: 40,
      plannedStart: '2026-01-01',
      plannedFinish: '2026-11-17',
    });
    expect(result.spi.value).toBe(0.8);
    expect(result.forecastFinish).toEqual({ value: '2027-02-05', reason: null });
  });

  it('returns null with a reason instead of dividing by a zero PV or AC', () => {
    const result = computeEarnedValue({
      budgetAtCompletion: 100,
      plannedValue: 0,
      physicalProgressPct: 0,
      actualCost: 0,
      plannedStart: '2026-01-01',
      plannedFinish: '2026-12-31',
    });
    expect(result.spi).toEqual({
      value: null,
      reason: {
        zh: '计划价值（PV）为 0，无法计算进度绩效指数 SPI',
        en: 'Planned value (PV) is 0, so SPI cannot be computed',
      },
    });
    expect(result.cpi.value).toBeNull();
    expect(result.eac.value).toBeNull();
    expect(result.forecastFinish.value).toBeNull();
  });

  it('gives no EAC or forecast when nothing has been earned yet', () => {
    const result = computeEarnedValue({
      budgetAtCompletion: 100,
      plannedValue: 10,
      physicalProgressPct: 0,
      actualCost: 5,
      plannedStart: '2026-01-01',
      plannedFinish: '2026-12-31',
    });
    expect(result.spi.value).toBe(0);
    expect(result.eac.reason?.en).toBe(
      'Earned value (EV) is 0 (no physical progress yet), so EAC cannot be estimated',
    );
    expect(result.forecastFinish.reason?.zh).toBe('挣值（EV）为 0（尚无形象进度），无法预测完工日期');
  });

  it('gives no forecast without planned dates', () => {
    const result = computeEarnedValue({
      budgetAtCompletion: 100,
      plannedValue: 70,
      physicalProgressPct: 50,
      actualCost: 70,
    });
    expect(result.forecastFinish.reason?.en).toBe(
      'Planned start or finish is missing, so no finish can be forecast',
    );
  });

  it('rejects negative amounts and progress outside 0–100', () => {
    const base = { budgetAtCompletion: 100, plannedValue: 70, physicalProgressPct: 50, actualCost: 70 };
    expect(() => computeEarnedValue({ ...base, actualCost: -1 })).toThrow(RangeError);
    expect(() => computeEarnedValue({ ...base, physicalProgressPct: 101 })).toThrow(RangeError);
  });
});

describe('plannedValueLinear', () => {
  it('spreads the budget evenly over the planned period and clamps outside it', () => {
    expect(plannedValueLinear(1000, '2026-01-01', '2026-01-11', '2025-12-31')).toBe(0);
    expect(plannedValueLinear(1000, '2026-01-01', '2026-01-11', '2026-01-04')).toBe(300);
    expect(plannedValueLinear(1000, '2026-01-01', '2026-01-11', '2026-03-01')).toBe(1000);
  });
});
