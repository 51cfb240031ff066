/**
 * Warning rules (预警): the pure part of the rule engine. Given a project's signals and a preset, say green,
 * yellow or red, and why, in words (domain.md §4, issue #3).
 *
 * Two ways of measuring investment against the 序时进度 (planned cumulative, see schedule.ts) appear in the
 * published rules, and they differ:
 * - points behind (落后 … 个百分点) = planned cumulative % − completed cumulative %, both as a share of the
 *   ANNUAL PLAN. Plan 1000, planned by June 500, done 200 → 50 % − 20 % = 30 points behind.
 * - % below schedule (低于序时进度 …%) = 1 − completed ÷ planned cumulative. Same project → 1 − 200/500 = 60 %
 *   below; its complement, % of schedule (完成序时进度的 …%), is 40 %.
 *
 * All measures are compared as integers in hundredths (0.01 point or 0.01 %), the precision they are shown
 * with, so that 30 stays 30 and does not become 30.000000000000004 (see hundredthsOfPercent).
 */
import { z } from 'zod';
import type { Label } from './codelists.ts';
import { type IsoDate, type IsoMonth, toDayNumber, toMonthNumber } from './iso-date.ts';
import { hundredthsOfPercent } from './schedule.ts';
import { bilingual, bilingualIssue } from './schemas/common.ts';

export const warningColors = ['green', 'yellow', 'red'] as const;
export type WarningColor = (typeof warningColors)[number];

export const warningColorLabels: Readonly<Record<WarningColor, Label>> = {
  green: { zh: '绿灯', en: 'Green' },
  yellow: { zh: '黄灯', en: 'Yellow' },
  red: { zh: '红灯', en: 'Red' },
};

export const investmentMeasures = ['points_behind', 'percent_below', 'percent_of_schedule'] as const;
export type InvestmentMeasure = (typeof investmentMeasures)[number];

const sourceSchema = z.string().trim().max(300).optional();

/** A boundary; `inclusive` says whether reaching the value exactly already lights the colour. */
const ThresholdSchema = z.object({
  value: z
    .number()
    .min(0, bilingual('阈值不能小于 0', 'A threshold cannot be below 0'))
    .max(100, bilingual('阈值不能大于 100', 'A threshold cannot exceed 100')),
  inclusive: z.boolean(),
});
export type Threshold = z.infer<typeof ThresholdSchema>;

const InvestmentRuleSchema = z
  .object({
    measure: z.enum(
      investmentMeasures,
      bilingual('请选择投资进度的衡量方式', 'Choose how investment is measured'),
    ),
    /** points_behind / percent_below: lit at or above (inclusive) or above the value; percent_of_schedule: at or below / below. */
    yellow: ThresholdSchema.nullable(),
    red: ThresholdSchema.nullable(),
    /** 万元. Projects with a smaller annual plan are not judged on investment (三亚: 1000 万元 = ¥10 m). */
    minAnnualPlan: z.number().min(0).nullable(),
    source: sourceSchema,
  })
  .superRefine((rule, ctx) => {
    if (!rule.yellow && !rule.red) {
      ctx.addIssue({
        code: 'custom',
        ...bilingualIssue('黄灯和红灯阈值至少设置一个', 'Set a yellow or a red threshold'),
      });
      return;
    }
    if (!rule.yellow || !rule.red) return;
    const higherIsWorse = rule.measure !== 'percent_of_schedule';
    const { yellow, red } = rule;
    const redBeyondYellow = higherIsWorse ? red.value > yellow.value : red.value < yellow.value;
    // Equal values still leave a yellow band when yellow includes the boundary and red does not.
    const sameValueWithBand = red.value === yellow.value && yellow.inclusive && !red.inclusive;
    if (!redBeyondYellow && !sameValueWithBand) {
      ctx.addIssue({
        code: 'custom',
        path: ['red'],
        ...bilingualIssue(
          higherIsWorse ? '红灯阈值应大于黄灯阈值' : '红灯阈值应小于黄灯阈值',
          higherIsWorse
            ? 'The red threshold must be above the yellow one'
            : 'The red threshold must be below the yellow one',
        ),
      });
    }
  });
export type InvestmentRule = z.infer<typeof InvestmentRuleSchema>;

/** Lit when the signal reaches the value (≥). */
function atLeastRuleSchema(value: z.ZodNumber) {
  return z
    .object({ yellowAtLeast: value.nullable(), redAtLeast: value.nullable(), source: sourceSchema })
    .superRefine((rule, ctx) => {
      if (rule.yellowAtLeast === null && rule.redAtLeast === null) {
        ctx.addIssue({
          code: 'custom',
          ...bilingualIssue('黄灯和红灯阈值至少设置一个', 'Set a yellow or a red threshold'),
        });
      } else if (
        rule.yellowAtLeast !== null &&
        rule.redAtLeast !== null &&
        rule.redAtLeast <= rule.yellowAtLeast
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['redAtLeast'],
          ...bilingualIssue('红灯阈值应大于黄灯阈值', 'The red threshold must be above the yellow one'),
        });
      }
    });
}
const countValue = z
  .number()
  .int(bilingual('阈值应为整数', 'A threshold must be a whole number'))
  .min(1, bilingual('阈值至少为 1', 'A threshold must be at least 1'))
  .max(3650);
const pointsValue = z.number().gt(0, bilingual('阈值应大于 0', 'A threshold must be above 0')).max(100);
const CountRuleSchema = atLeastRuleSchema(countValue);
const PointsRuleSchema = atLeastRuleSchema(pointsValue);
export type AtLeastRule = z.infer<typeof CountRuleSchema>;

/**
 * A warning preset as administrators edit it. A rule set to null is switched off. The active preset is a
 * setting (its code); the built-in ones below are templates for it.
 */
export const WarningPresetSchema = z.object({
  code: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{1,39}$/,
      bilingual('代码应为小写字母、数字和下划线', 'Code: lower-case letters, digits and _'),
    ),
  name: z.object({
    zh: z.string().trim().min(1, bilingual('请填写中文名称', 'Enter the Chinese name')).max(60),
    en: z.string().trim().min(1, bilingual('请填写英文名称', 'Enter the English name')).max(100),
  }),
  /** Cumulative investment against the 序时进度. */
  investment: InvestmentRuleSchema.nullable(),
  /** Consecutive months without a start after the planned start month (see monthsStartDelayed). */
  startDelay: CountRuleSchema.nullable(),
  /** Calendar days the most overdue open milestone is late. */
  milestoneOverdue: CountRuleSchema.nullable(),
  /** Consecutive months whose monthly report is missing after its deadline. */
  reportMissing: CountRuleSchema.nullable(),
  /** Number of coordination items past their deadline and not closed. */
  coordinationOverdue: CountRuleSchema.nullable(),
  /** Percentage points between physical progress and financial progress (both % of the whole project). */
  progressDivergence: PointsRuleSchema.nullable(),
});
export type WarningPreset = z.infer<typeof WarningPresetSchema>;

/**
 * Rules for signals the published local rules say nothing about. They are this platform's choice, not a
 * published rule, and are labelled so in `source`; administrators tune them in a custom preset.
 */
const platformDefault = '平台默认值，非公开规则 / platform default, not a published rule';
const platformDefaults = {
  milestoneOverdue: { yellowAtLeast: 1, redAtLeast: 30, source: platformDefault },
  reportMissing: { yellowAtLeast: 1, redAtLeast: 2, source: platformDefault },
  coordinationOverdue: { yellowAtLeast: 1, redAtLeast: 3, source: platformDefault },
  progressDivergence: { yellowAtLeast: 20, redAtLeast: 40, source: platformDefault },
} satisfies Partial<WarningPreset>;

const yinchuanSource = '银川市发展和改革委员会重点项目“红黄绿灯”推进机制（2025 年 3 月公布）';

/** Built-in presets from published local rules (domain.md §4). */
export const builtInPresets = {
  /**
   * 银川: 低于序时进度 10~30 个百分点（含 10~30 个百分点）亮黄灯，超过 30 个百分点亮红灯; 计划当月开工但
   * 未及时开工亮黄灯，连续 3 个月应开工未开工亮红灯. So 10 and 30 are yellow, 9.99 green, 30.01 red.
   */
  yinchuan: {
    code: 'yinchuan',
    name: { zh: '银川市红黄绿灯机制', en: 'Yinchuan red-yellow-green rule' },
    investment: {
      measure: 'points_behind',
      yellow: { value: 10, inclusive: true },
      red: { value: 30, inclusive: false },
      minAnnualPlan: null,
      source: yinchuanSource,
    },
    startDelay: { yellowAtLeast: 1, redAtLeast: 3, source: yinchuanSource },
    ...platformDefaults,
  },
  /**
   * 三亚 (《三亚市推进项目建设红黄绿亮牌督办机制》, 2022): only projects with an annual plan of 1000 万元 or
   * more; at or above the 序时进度 green, 低于序时进度 50% 以内（含 50%）yellow, 50% 以上 red. So any shortfall
   * up to and including 50 % is yellow and 50.01 % is red.
   */
  sanya: {
    code: 'sanya',
    name: { zh: '三亚市红黄绿亮牌督办机制', en: 'Sanya red-yellow-green card rule' },
    investment: {
      measure: 'percent_below',
      yellow: { value: 0, inclusive: false },
      red: { value: 50, inclusive: false },
      minAnnualPlan: 1000,
      source: '《三亚市推进项目建设红黄绿亮牌督办机制》（2022 年）',
    },
    startDelay: { yellowAtLeast: 1, redAtLeast: 3, source: `${platformDefault}（同银川）` },
    ...platformDefaults,
  },
  /**
   * 武汉 (《武汉市重大项目管理办法》): 完成进度低于时序进度 60%、80% 的分别给予红、黄牌预警. "Below" is strict:
   * 59.99 % of schedule is red, 60 % yellow, 79.99 % yellow, 80 % green.
   */
  wuhan: {
    code: 'wuhan',
    name: { zh: '武汉市重大项目红黄牌预警', en: 'Wuhan major-project red and yellow cards' },
    investment: {
      measure: 'percent_of_schedule',
      yellow: { value: 80, inclusive: false },
      red: { value: 60, inclusive: false },
      minAnnualPlan: null,
      source: '《武汉市重大项目管理办法》',
    },
    startDelay: { yellowAtLeast: 1, redAtLeast: 3, source: `${platformDefault}（同银川）` },
    ...platformDefaults,
  },
} as const satisfies Record<string, WarningPreset>;
export type BuiltInPresetCode = keyof typeof builtInPresets;

/** The starting point of an administrator's own preset: the 银川 rules under the code `custom`. */
export function customPresetTemplate(): WarningPreset {
  return structuredClone({
    ...builtInPresets.yinchuan,
    code: 'custom',
    name: { zh: '自定义规则', en: 'Custom rule' },
  }) as WarningPreset;
}

export type WarningSignals = {
  /** 万元, all for the current year up to the evaluated month. */
  investment?: { annualPlan: number; plannedCumulative: number; completedCumulative: number } | null;
  startDelayMonths?: number | null;
  milestoneOverdueDays?: number | null;
  missingReportMonths?: number | null;
  overdueCoordinationItems?: number | null;
  /** Physical progress (形象进度) and financial progress (completed ÷ total investment), both in %. */
  progress?: { physicalPct: number; financialPct: number } | null;
};

export type WarningReasonCode =
  | 'investment_behind_schedule'
  | 'investment_on_schedule'
  | 'investment_not_applicable'
  | 'investment_not_evaluated'
  | 'start_delayed'
  | 'milestone_overdue'
  | 'report_missing'
  | 'coordination_overdue'
  | 'progress_divergence';

export type WarningReason = { code: WarningReasonCode; color: WarningColor; zh: string; en: string };
export type WarningResult = { color: WarningColor; reasons: WarningReason[] };

const severity: Readonly<Record<WarningColor, number>> = { green: 0, yellow: 1, red: 2 };

/**
 * Judges one project. Every rule that is switched on and has its signal yields one reason (green ones
 * included, so a green light is explained too); signals that are missing are skipped. The overall colour is
 * the worst reason's colour. Reasons come worst first.
 */
export function evaluateWarnings(preset: WarningPreset, signals: WarningSignals): WarningResult {
  const reasons: WarningReason[] = [];
  if (preset.investment && signals.investment) {
    reasons.push(investmentReason(preset.investment, signals.investment));
  }
  const countedRules: CountedRule[] = [
    {
      code: 'start_delayed',
      rule: preset.startDelay,
      value: signals.startDelayMonths,
      say: startDelaySentence,
    },
    {
      code: 'milestone_overdue',
      rule: preset.milestoneOverdue,
      value: signals.milestoneOverdueDays,
      say: milestoneSentence,
    },
    {
      code: 'report_missing',
      rule: preset.reportMissing,
      value: signals.missingReportMonths,
      say: reportSentence,
    },
    {
      code: 'coordination_overdue',
      rule: preset.coordinationOverdue,
      value: signals.overdueCoordinationItems,
      say: coordinationSentence,
    },
  ];
  for (const { code, rule, value, say } of countedRules) {
    if (rule && value !== null && value !== undefined) reasons.push(atLeastReason(code, rule, value, say));
  }
  if (preset.progressDivergence && signals.progress) {
    const { physicalPct, financialPct } = signals.progress;
    const gap = Math.abs(physicalPct - financialPct);
    reasons.push(
      atLeastReason('progress_divergence', preset.progressDivergence, gap, (n) =>
        divergenceSentence(n, physicalPct, financialPct),
      ),
    );
  }
  reasons.sort((a, b) => severity[b.color] - severity[a.color]);
  const color = reasons[0]?.color ?? 'green';
  return { color, reasons };
}

/**
 * Consecutive months a start is overdue, counting the planned start month itself, as of the end of
 * `evaluationMonth` (the month being judged, after it has ended). 0 once the project has started by then or
 * before the planned month has passed. 银川: 1 → yellow (not started in the planned month), 3 → red.
 */
export function monthsStartDelayed(
  plannedStartMonth: IsoMonth,
  actualStartDate: IsoDate | null,
  evaluationMonth: IsoMonth,
): number {
  const planned = toMonthNumber(plannedStartMonth);
  const evaluated = toMonthNumber(evaluationMonth);
  if (planned === null || evaluated === null) throw new RangeError('Months must be written YYYY-MM');
  if (actualStartDate !== null) {
    if (toDayNumber(actualStartDate) === null) throw new RangeError('Dates must be written YYYY-MM-DD');
    const started = toMonthNumber(actualStartDate.slice(0, 7));
    if (started !== null && started <= evaluated) return 0;
  }
  return Math.max(0, evaluated - planned + 1);
}

type Sentence = { zh: string; en: string };
type CountedRule = {
  code: WarningReasonCode;
  rule: AtLeastRule | null;
  value: number | null | undefined;
  say: (n: string) => Sentence;
};

function investmentReason(
  rule: InvestmentRule,
  signal: NonNullable<WarningSignals['investment']>,
): WarningReason {
  const { annualPlan, plannedCumulative, completedCumulative } = signal;
  if (rule.minAnnualPlan !== null && annualPlan < rule.minAnnualPlan) {
    return {
      code: 'investment_not_applicable',
      color: 'green',
      zh: `年度计划投资 ${fmt(annualPlan)} 万元，低于本规则适用门槛 ${fmt(rule.minAnnualPlan)} 万元，不评价投资进度`,
      en: `Annual plan ${fmt(annualPlan)} (10k CNY) is below this rule's threshold of ${fmt(rule.minAnnualPlan)}; investment progress is not judged`,
    };
  }
  const gap = plannedCumulative - completedCumulative;
  const measured =
    rule.measure === 'points_behind'
      ? hundredthsOfPercent(gap, annualPlan)
      : rule.measure === 'percent_below'
        ? hundredthsOfPercent(gap, plannedCumulative)
        : hundredthsOfPercent(completedCumulative, plannedCumulative);
  if (measured === null) {
    return annualPlan > 0
      ? notEvaluated(
          '截至本月序时计划投资为 0，不评价投资进度',
          'Nothing is planned by this month yet; investment progress is not judged',
        )
      : notEvaluated(
          '未设年度计划投资，不评价投资进度',
          'No annual investment plan; investment progress is not judged',
        );
  }
  const higherIsWorse = rule.measure !== 'percent_of_schedule';
  const lit = (t: Threshold | null) => {
    if (!t) return false;
    const limit = Math.round(t.value * 100);
    if (higherIsWorse) return t.inclusive ? measured >= limit : measured > limit;
    return t.inclusive ? measured <= limit : measured < limit;
  };
  const color: WarningColor = lit(rule.red) ? 'red' : lit(rule.yellow) ? 'yellow' : 'green';
  const threshold = color === 'red' ? rule.red : color === 'yellow' ? rule.yellow : null;
  const suffix = threshold
    ? thresholdSuffix(color, threshold, higherIsWorse, rule.measure === 'points_behind' ? '' : '%')
    : null;
  const behind = higherIsWorse ? measured > 0 : measured < 10_000;
  const code: WarningReasonCode = behind ? 'investment_behind_schedule' : 'investment_on_schedule';
  const sentence = investmentSentence(rule.measure, measured);
  return {
    code,
    color,
    zh: sentence.zh + (suffix ? suffix.zh : ''),
    en: sentence.en + (suffix ? suffix.en : ''),
  };
}

function investmentSentence(measure: InvestmentMeasure, hundredths: number): Sentence {
  const n = fromHundredths(Math.abs(hundredths));
  if (measure === 'percent_of_schedule') {
    return {
      zh: `累计完成投资为序时进度的 ${n}%`,
      en: `Cumulative investment is ${n}% of the planned schedule`,
    };
  }
  if (hundredths === 0) {
    return { zh: '累计完成投资与序时进度持平', en: 'Cumulative investment is exactly on schedule' };
  }
  if (measure === 'points_behind') {
    return hundredths > 0
      ? {
          zh: `累计完成投资落后序时进度 ${n} 个百分点`,
          en: `Cumulative investment is ${n} percentage points behind the planned schedule`,
        }
      : {
          zh: `累计完成投资超前序时进度 ${n} 个百分点`,
          en: `Cumulative investment is ${n} percentage points ahead of the planned schedule`,
        };
  }
  return hundredths > 0
    ? {
        zh: `累计完成投资低于序时进度 ${n}%`,
        en: `Cumulative investment is ${n}% below the planned schedule`,
      }
    : {
        zh: `累计完成投资高于序时进度 ${n}%`,
        en: `Cumulative investment is ${n}% above the planned schedule`,
      };
}

/** "（红灯阈值 > 30）": the comparison is spelt out because 银川 counts 30 as yellow and 30.01 as red. */
function thresholdSuffix(color: WarningColor, t: Threshold, higherIsWorse: boolean, unit: string): Sentence {
  const op = higherIsWorse ? (t.inclusive ? '≥' : '>') : t.inclusive ? '≤' : '<';
  const value = `${op} ${fmt(t.value)}${unit}`;
  return {
    zh: `（${warningColorLabels[color].zh}阈值 ${value}）`,
    en: ` (${warningColorLabels[color].en.toLowerCase()} threshold ${value})`,
  };
}

function atLeastReason(
  code: WarningReasonCode,
  rule: AtLeastRule,
  value: number,
  sentence: (n: string) => Sentence,
): WarningReason {
  const measured = Math.round(value * 100);
  const lit = (limit: number | null) => limit !== null && measured >= Math.round(limit * 100);
  const color: WarningColor = lit(rule.redAtLeast) ? 'red' : lit(rule.yellowAtLeast) ? 'yellow' : 'green';
  const text = sentence(fromHundredths(measured));
  const limit = color === 'red' ? rule.redAtLeast : color === 'yellow' ? rule.yellowAtLeast : null;
  const suffix =
    limit === null
      ? { zh: '', en: '' }
      : {
          zh: `（${warningColorLabels[color].zh}阈值 ≥ ${fmt(limit)}）`,
          en: ` (${warningColorLabels[color].en.toLowerCase()} threshold ≥ ${fmt(limit)})`,
        };
  return { code, color, zh: text.zh + suffix.zh, en: text.en + suffix.en };
}

const startDelaySentence = (n: string): Sentence =>
  n === '0'
    ? { zh: '未出现延迟开工', en: 'No delayed start' }
    : {
        zh: `已过计划开工月份，连续 ${n} 个月未开工`,
        en: `Not started for ${n} consecutive month(s) from the planned start month`,
      };
const milestoneSentence = (n: string): Sentence =>
  n === '0'
    ? { zh: '无逾期里程碑节点', en: 'No milestone is overdue' }
    : { zh: `里程碑节点最长逾期 ${n} 天`, en: `The most overdue milestone is ${n} day(s) late` };
const reportSentence = (n: string): Sentence =>
  n === '0'
    ? { zh: '月报均已按期报送', en: 'Monthly reports are up to date' }
    : { zh: `连续 ${n} 个月未按期报送月报`, en: `Monthly report missing for ${n} consecutive month(s)` };
const coordinationSentence = (n: string): Sentence =>
  n === '0'
    ? { zh: '无逾期协调事项', en: 'No coordination item is overdue' }
    : { zh: `${n} 个协调事项逾期未办结`, en: `${n} coordination item(s) overdue` };
function divergenceSentence(n: string, physicalPct: number, financialPct: number): Sentence {
  const p = fmt(physicalPct);
  const f = fmt(financialPct);
  return {
    zh: `形象进度 ${p}% 与投资完成进度 ${f}% 相差 ${n} 个百分点`,
    en: `Physical progress ${p}% and financial progress ${f}% differ by ${n} percentage points`,
  };
}

function notEvaluated(zh: string, en: string): WarningReason {
  return { code: 'investment_not_evaluated', color: 'green', zh, en };
}

/** 3250 → "32.5", 3000 → "30", 3001 → "30.01". */
function fromHundredths(hundredths: number): string {
  return String(hundredths / 100);
}

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}
