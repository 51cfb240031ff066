/**
 * The custom warning preset as antd form values and back. Every threshold may be left empty (null: that colour
 * is not lit by the rule) and every rule switched off (null in the preset), as WarningPresetSchema allows.
 */
import type { AtLeastRule, InvestmentRule, WarningPreset } from '#domain/warning-presets.ts';

export const countRules = ['startDelay', 'milestoneOverdue', 'reportMissing', 'coordinationOverdue'] as const;
export const atLeastRules = [...countRules, 'progressDivergence'] as const;
export type AtLeastRuleKey = (typeof atLeastRules)[number];
export const ruleKeys = ['investment', ...atLeastRules] as const;
export type RuleKey = (typeof ruleKeys)[number];

type ThresholdValues = { value: number | null; inclusive: boolean };
type AtLeastValues = {
  enabled: boolean;
  yellowAtLeast: number | null;
  redAtLeast: number | null;
  source: string;
};
export type PresetFormValues = {
  name: { zh: string; en: string };
  investment: {
    enabled: boolean;
    measure: InvestmentRule['measure'];
    yellow: ThresholdValues;
    red: ThresholdValues;
    minAnnualPlan: number | null;
    source: string;
  };
} & Record<AtLeastRuleKey, AtLeastValues>;

const emptyThreshold: ThresholdValues = { value: null, inclusive: true };

function atLeastValues(rule: AtLeastRule | null): AtLeastValues {
  return {
    enabled: rule !== null,
    yellowAtLeast: rule?.yellowAtLeast ?? null,
    redAtLeast: rule?.redAtLeast ?? null,
    source: rule?.source ?? '',
  };
}

export function presetToValues(preset: WarningPreset): PresetFormValues {
  const inv = preset.investment;
  return {
    name: { ...preset.name },
    investment: {
      enabled: inv !== null,
      measure: inv?.measure ?? 'points_behind',
      yellow: inv?.yellow ? { ...inv.yellow } : { ...emptyThreshold },
      red: inv?.red ? { ...inv.red } : { ...emptyThreshold },
      minAnnualPlan: inv?.minAnnualPlan ?? null,
      source: inv?.source ?? '',
    },
    startDelay: atLeastValues(preset.startDelay),
    milestoneOverdue: atLeastValues(preset.milestoneOverdue),
    reportMissing: atLeastValues(preset.reportMissing),
    coordinationOverdue: atLeastValues(preset.coordinationOverdue),
    progressDivergence: atLeastValues(preset.progressDivergence),
  };
}

const text = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

/** The preset to validate with WarningPresetSchema and send; the code is always `custom`. */
export function valuesToPreset(values: PresetFormValues): unknown {
  const inv = values.investment;
  const threshold = (t: ThresholdValues) =>
    t.value === null || t.value === undefined ? null : { value: t.value, inclusive: Boolean(t.inclusive) };
  const atLeast = (v: AtLeastValues) =>
    v.enabled
      ? { yellowAtLeast: v.yellowAtLeast ?? null, redAtLeast: v.redAtLeast ?? null, source: text(v.source) }
      : null;
  return {
    code: 'custom',
    name: { zh: values.name.zh?.trim() ?? '', en: values.name.en?.trim() ?? '' },
    investment: inv.enabled
      ? {
          measure: inv.measure,
          yellow: threshold(inv.yellow),
          red: threshold(inv.red),
          minAnnualPlan: inv.minAnnualPlan ?? null,
          source: text(inv.source),
        }
      : null,
    startDelay: atLeast(values.startDelay),
    milestoneOverdue: atLeast(values.milestoneOverdue),
    reportMissing: atLeast(values.reportMissing),
    coordinationOverdue: atLeast(values.coordinationOverdue),
    progressDivergence: atLeast(values.progressDivergence),
  };
}

/**
 * The form field a schema path points at: a threshold object's problem goes onto its value; a rule-wide
 * problem ("set a yellow or a red threshold") has no single field and is shown above the form.
 */
export function fieldOfPath(path: string): (string | number)[] | undefined {
  const parts = path.split('.').filter(Boolean);
  if (parts.length < 2) return undefined;
  if (parts[0] === 'investment' && (parts[1] === 'yellow' || parts[1] === 'red'))
    return ['investment', parts[1], 'value'];
  return parts;
}
