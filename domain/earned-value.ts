/**
 * Earned value (挣值) for projects that report physical progress (domain.md §4).
 *
 * Money spent says nothing about work done; physical progress (形象进度, %) × budget does. That product is the
 * earned value, and it is compared with what should have been done (PV) and what was spent (AC):
 *   EV = physical progress % × BAC     SV = EV − PV     CV = EV − AC
 *   SPI = EV / PV                      CPI = EV / AC    EAC = BAC / CPI
 * Amounts are in 万元. Indices are given to 3 decimals, as they are read (0.714); EAC and the forecast use
 * the unrounded values.
 */
import type { Label } from './codelists.ts';
import { addDays, daysBetween, type IsoDate, toDayNumber } from './iso-date.ts';
import { roundTo } from './schedule.ts';

export type EarnedValueInput = {
  /** BAC: the budget at completion, normally the project's total investment. */
  budgetAtCompletion: number;
  /** PV: the budget of the work planned to be done by now. */
  plannedValue: number;
  /** 0–100. */
  physicalProgressPct: number;
  /** AC: cumulative investment actually completed by now. */
  actualCost: number;
  plannedStart?: IsoDate | null;
  plannedFinish?: IsoDate | null;
};

/** A value, or null with the reason it cannot be computed (a division by zero, a missing date). */
export type Computed<T> = { value: T; reason: null } | { value: null; reason: Label };

export type EarnedValue = {
  bac: number;
  pv: number;
  ev: number;
  ac: number;
  sv: number;
  cv: number;
  spi: Computed<number>;
  cpi: Computed<number>;
  eac: Computed<number>;
  forecastFinish: Computed<IsoDate>;
};

/**
 * Computes the earned-value figures. Throws RangeError on negative amounts or a progress outside 0–100:
 * those are input errors the caller must have rejected already.
 *
 * Forecast finish = planned start + planned duration ÷ SPI, in calendar days (a construction period is counted
 * in calendar days, 工期总日历天数, in the model construction contract GF-2017-0201). It assumes the rest of
 * the work goes at the pace so far. Known limit: SPI measured in money tends to 1 as PV reaches BAC, so for a
 * project long past its planned finish the forecast is optimistic and should be read beside its milestones.
 */
export function computeEarnedValue(input: EarnedValueInput): EarnedValue {
  const { budgetAtCompletion: bac, plannedValue: pv, physicalProgressPct, actualCost: ac } = input;
  if (bac < 0 || pv < 0 || ac < 0) throw new RangeError('Earned-value amounts cannot be negative');
  if (physicalProgressPct < 0 || physicalProgressPct > 100) {
    throw new RangeError('Physical progress must be between 0 and 100');
  }
  const ev = roundTo((physicalProgressPct * bac) / 100, 4);
  const spi = pv > 0 ? ev / pv : null;
  const cpi = ac > 0 ? ev / ac : null;
  return {
    bac,
    pv,
    ev,
    ac,
    sv: roundTo(ev - pv, 4),
    cv: roundTo(ev - ac, 4),
    spi:
      spi === null
        ? missing(
            '计划价值（PV）为 0，无法计算进度绩效指数 SPI',
            'Planned value (PV) is 0, so SPI cannot be computed',
          )
        : known(roundTo(spi, 3)),
    cpi:
      cpi === null
        ? missing(
            '实际成本（AC）为 0，无法计算成本绩效指数 CPI',
            'Actual cost (AC) is 0, so CPI cannot be computed',
          )
        : known(roundTo(cpi, 3)),
    eac: estimateAtCompletion(bac, cpi),
    forecastFinish: forecastFinish(input.plannedStart, input.plannedFinish, spi),
  };
}

/**
 * PV when no cost curve exists: the budget spread evenly over the planned period, in calendar days.
 * 0 before the planned start, the whole budget from the planned finish on.
 */
export function plannedValueLinear(
  bac: number,
  plannedStart: IsoDate,
  plannedFinish: IsoDate,
  asOf: IsoDate,
): number {
  const duration = daysBetween(plannedStart, plannedFinish);
  const elapsed = daysBetween(plannedStart, asOf);
  if (duration <= 0) return elapsed >= 0 ? bac : 0;
  return roundTo((bac * Math.min(Math.max(elapsed, 0), duration)) / duration, 4);
}

function estimateAtCompletion(bac: number, cpi: number | null): Computed<number> {
  if (cpi === null) {
    return missing(
      '实际成本（AC）为 0，无法估算完工总成本 EAC',
      'Actual cost (AC) is 0, so EAC cannot be estimated',
    );
  }
  if (cpi === 0) {
    return missing(
      '挣值（EV）为 0（尚无形象进度），无法估算完工总成本 EAC',
      'Earned value (EV) is 0 (no physical progress yet), so EAC cannot be estimated',
    );
  }
  return known(roundTo(bac / cpi, 4));
}

function forecastFinish(
  start: IsoDate | null | undefined,
  finish: IsoDate | null | undefined,
  spi: number | null,
): Computed<IsoDate> {
  if (!start || !finish || toDayNumber(start) === null || toDayNumber(finish) === null) {
    return missing(
      '缺少计划开工或计划竣工日期，无法预测完工日期',
      'Planned start or finish is missing, so no finish can be forecast',
    );
  }
  const duration = daysBetween(start, finish);
  if (duration <= 0) {
    return missing(
      '计划竣工日期不晚于计划开工日期，无法预测完工日期',
      'Planned finish is not after planned start, so no finish can be forecast',
    );
  }
  if (spi === null) {
    return missing(
      '计划价值（PV）为 0，无法预测完工日期',
      'Planned value (PV) is 0, so no finish can be forecast',
    );
  }
  if (spi === 0) {
    return missing(
      '挣值（EV）为 0（尚无形象进度），无法预测完工日期',
      'Earned value (EV) is 0 (no physical progress yet), so no finish can be forecast',
    );
  }
  return known(addDays(start, Math.round(duration / spi)));
}

function known<T>(value: T): Computed<T> {
  return { value, reason: null };
}

function missing<T>(zh: string, en: string): Computed<T> {
  return { value: null, reason: { zh, en } };
}
