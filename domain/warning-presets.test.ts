import { describe, expect, it } from 'vitest';
import {
  builtInPresets,
  customPresetTemplate,
  evaluateWarnings,
  monthsStartDelayed,
  type WarningPreset,
  WarningPresetSchema,
} from './warning-presets.ts';

const { yinchuan, sanya, wuhan } = builtInPresets;

/** June on the even split: 500 of a 1000 万元 annual plan planned so far. */
function investment(completedCumulative: number, plannedCumulative = 500, annualPlan = 1000) {
  return { investment: { annualPlan, plannedCumulative, completedCumulative } };
}

function colorOf(preset: WarningPreset, completed: number, planned?: number, plan?: number) {
  return evaluateWarnings(preset, investment(completed, planned, plan)).color;
}

describe('银川 preset: points behind the schedule', () => {
  it.each([
    [400.1, 'green', '9.99 points behind'],
    [400, 'yellow', 'exactly 10 points behind'],
    [200, 'yellow', 'exactly 30 points behind'],
    [199.9, 'red', '30.01 points behind'],
    [550, 'green', 'ahead of schedule'],
  ])('completed %s of 500 planned is %s (%s)', (completed, color) => {
    expect(colorOf(yinchuan, completed)).toBe(color);
  });

  it('explains a red light in words with the threshold', () => {
    expect(evaluateWarnings(yinchuan, investment(175)).reasons[0]).toEqual({
      code: 'investment_behind_schedule',
      color: 'red',
      zh: '累计完成投资落后序时进度 32.5 个百分点（红灯阈值 > 30）',
      en: 'Cumulative investment is 32.5 percentage points behind the planned schedule (red threshold > 30)',
    });
  });

  it('explains a yellow light at the inclusive lower boundary', () => {
    expect(evaluateWarnings(yinchuan, investment(400)).reasons[0]?.zh).toBe(
      '累计完成投资落后序时进度 10 个百分点（黄灯阈值 ≥ 10）',
    );
  });

  it('is not fooled by floating point: 0.5 − 0.4 of a plan of 1 is exactly 10 points', () => {
    expect(0.5 - 0.4).toBeLessThan(0.1);
    expect(colorOf(yinchuan, 0.4, 0.5, 1)).toBe('yellow');
  });

  it('says how far ahead a project is when it is green', () => {
    expect(evaluateWarnings(yinchuan, investment(550)).reasons[0]).toMatchObject({
      code: 'investment_on_schedule',
      color: 'green',
      zh: '累计完成投资超前序时进度 5 个百分点',
    });
  });

  it.each([
    [0, 'green'],
    [1, 'yellow'],
    [2, 'yellow'],
    [3, 'red'],
  ])('lights %s month(s) of delayed start %s', (months, color) => {
    expect(evaluateWarnings(yinchuan, { startDelayMonths: months }).color).toBe(color);
  });

  it('explains a delayed start', () => {
    expect(evaluateWarnings(yinchuan, { startDelayMonths: 3 }).reasons[0]).toEqual({
      code: 'start_delayed',
      color: 'red',
      zh: '已过计划开工月份，连续 3 个月未开工（红灯阈值 ≥ 3）',
      en: 'Not started for 3 consecutive month(s) from the planned start month (red threshold ≥ 3)',
    });
  });
});

describe('三亚 preset: % below the schedule, annual plan ≥ 1000 万元', () => {
  it.each([
    [500, 'green', 'exactly on schedule'],
    [600, 'green', 'above schedule'],
    [499.95, 'yellow', '0.01 % below'],
    [250, 'yellow', 'exactly 50 % below'],
    [249.95, 'red', '50.01 % below'],
    [0, 'red', 'nothing done'],
  ])('completed %s of 500 planned is %s (%s)', (completed, color) => {
    expect(colorOf(sanya, completed)).toBe(color);
  });

  it('explains exactly 50 % below as yellow', () => {
    expect(evaluateWarnings(sanya, investment(250)).reasons[0]).toEqual({
      code: 'investment_behind_schedule',
      color: 'yellow',
      zh: '累计完成投资低于序时进度 50%（黄灯阈值 > 0%）',
      en: 'Cumulative investment is 50% below the planned schedule (yellow threshold > 0%)',
    });
  });

  it('does not judge investment of a project whose annual plan is under 1000 万元', () => {
    const result = evaluateWarnings(sanya, investment(0, 499.99, 999.98));
    expect(result.color).toBe('green');
    expect(result.reasons[0]).toMatchObject({
      code: 'investment_not_applicable',
      zh: '年度计划投资 999.98 万元，低于本规则适用门槛 1000 万元，不评价投资进度',
    });
  });

  it('judges a project whose annual plan is exactly 1000 万元', () => {
    expect(colorOf(sanya, 0, 500, 1000)).toBe('red');
  });

  it('does not judge investment before anything is planned', () => {
    expect(evaluateWarnings(sanya, investment(0, 0)).reasons[0]?.code).toBe('investment_not_evaluated');
  });
});

describe('武汉 preset: % of the schedule', () => {
  it.each([
    [299.95, 'red', '59.99 % of schedule'],
    [300, 'yellow', '60 % of schedule'],
    [399.95, 'yellow', '79.99 % of schedule'],
    [400, 'green', '80 % of schedule'],
  ])('completed %s of 500 planned is %s (%s)', (completed, color) => {
    expect(colorOf(wuhan, completed)).toBe(color);
  });

  it('explains a red light as a share of the schedule', () => {
    expect(evaluateWarnings(wuhan, investment(299.95)).reasons[0]).toEqual({
      code: 'investment_behind_schedule',
      color: 'red',
      zh: '累计完成投资为序时进度的 59.99%（红灯阈值 < 60%）',
      en: 'Cumulative investment is 59.99% of the planned schedule (red threshold < 60%)',
    });
  });
});

describe('evaluateWarnings across signals', () => {
  it('takes the worst signal as the overall colour and lists reasons worst first', () => {
    const result = evaluateWarnings(yinchuan, {
      ...investment(450),
      startDelayMonths: 0,
      milestoneOverdueDays: 12,
      missingReportMonths: 2,
      overdueCoordinationItems: 0,
      progress: { physicalPct: 30, financialPct: 55 },
    });
    expect(result.color).toBe('red');
    expect(result.reasons.map((r) => [r.code, r.color])).toEqual([
      ['report_missing', 'red'],
      ['milestone_overdue', 'yellow'],
      ['progress_divergence', 'yellow'],
      ['investment_behind_schedule', 'green'],
      ['start_delayed', 'green'],
      ['coordination_overdue', 'green'],
    ]);
    // 5 points behind is below the yellow threshold: behind, but green.
    expect(result.reasons.find((r) => r.code === 'investment_behind_schedule')?.zh).toBe(
      '累计完成投资落后序时进度 5 个百分点',
    );
    expect(result.reasons.find((r) => r.code === 'progress_divergence')?.zh).toBe(
      '形象进度 30% 与投资完成进度 55% 相差 25 个百分点（黄灯阈值 ≥ 20）',
    );
  });

  it('is green with no reasons when no signal is known', () => {
    expect(evaluateWarnings(wuhan, {})).toEqual({ color: 'green', reasons: [] });
  });

  it('ignores a signal whose rule is switched off', () => {
    const preset: WarningPreset = { ...customPresetTemplate(), reportMissing: null };
    expect(evaluateWarnings(preset, { missingReportMonths: 5 })).toEqual({ color: 'green', reasons: [] });
  });

  it('counts 5 coordination items overdue as red under the platform default', () => {
    expect(evaluateWarnings(yinchuan, { overdueCoordinationItems: 5 }).reasons[0]).toMatchObject({
      color: 'red',
      zh: '5 个协调事项逾期未办结（红灯阈值 ≥ 3）',
    });
  });
});

describe('monthsStartDelayed', () => {
  it('counts the planned month itself once it has passed without a start', () => {
    expect(monthsStartDelayed('2026-03', null, '2026-02')).toBe(0);
    expect(monthsStartDelayed('2026-03', null, '2026-03')).toBe(1);
    expect(monthsStartDelayed('2026-03', null, '2026-05')).toBe(3);
    expect(monthsStartDelayed('2025-11', null, '2026-01')).toBe(3);
  });

  it('is 0 once the project has started by the evaluated month', () => {
    expect(monthsStartDelayed('2026-03', '2026-04-10', '2026-05')).toBe(0);
    expect(monthsStartDelayed('2026-03', '2026-06-01', '2026-05')).toBe(3);
  });

  it('rejects malformed months', () => {
    expect(() => monthsStartDelayed('2026-13', null, '2026-05')).toThrow(RangeError);
  });
});

describe('WarningPresetSchema', () => {
  it('accepts the built-in presets and the custom template', () => {
    for (const preset of [yinchuan, sanya, wuhan, customPresetTemplate()]) {
      expect(WarningPresetSchema.safeParse(preset).success).toBe(true);
    }
  });

  it('rejects a red threshold below the yellow one for points behind', () => {
    const preset = customPresetTemplate();
    const result = WarningPresetSchema.safeParse({
      ...preset,
      investment: { ...preset.investment, red: { value: 5, inclusive: false } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('红灯阈值应大于黄灯阈值');
  });

  it('requires the red threshold below the yellow one for % of schedule', () => {
    const result = WarningPresetSchema.safeParse({
      ...wuhan,
      investment: { ...wuhan.investment, red: { value: 90, inclusive: false } },
    });
    expect(result.error?.issues[0]?.message).toBe('红灯阈值应小于黄灯阈值');
  });

  it('accepts equal values when yellow includes the boundary and red does not', () => {
    const preset = customPresetTemplate();
    const result = WarningPresetSchema.safeParse({
      ...preset,
      investment: {
        ...preset.investment,
        yellow: { value: 30, inclusive: true },
        red: { value: 30, inclusive: false },
      },
    });
    expect(result.success).toBe(true);
  });

  it('rejects a rule with neither threshold and a count rule whose red does not exceed yellow', () => {
    const preset = customPresetTemplate();
    expect(
      WarningPresetSchema.safeParse({
        ...preset,
        investment: { ...preset.investment, yellow: null, red: null },
      }).success,
    ).toBe(false);
    expect(
      WarningPresetSchema.safeParse({ ...preset, startDelay: { yellowAtLeast: 3, redAtLeast: 3 } }).success,
    ).toBe(false);
  });

  it('rejects fractional month and day thresholds', () => {
    const preset = customPresetTemplate();
    expect(
      WarningPresetSchema.safeParse({ ...preset, milestoneOverdue: { yellowAtLeast: 1.5, redAtLeast: 30 } })
        .success,
    ).toBe(false);
  });
});
