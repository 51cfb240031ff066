/**
 * Lifecycle stage templates and stage transitions (issue #3, domain.md §3).
 *
 * The default chain follows the investment-attraction path of the source articles (谋划 → 签约 → 选址供地)
 * and then the four approval stages of the engineering-construction approval reform (国办发〔2019〕11号):
 * 立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收, with construction and operation in between and after.
 * Templates are data that administrators edit per project category; a template may merge stages (带方案出让
 * merges 工程建设许可 and 施工许可, as the reform allows) or leave one out (government projects are not signed).
 */
import { z } from 'zod';
import {
  type Label,
  type LifecycleStage,
  lifecycleStages,
  type ProjectCategory,
  projectCategories,
} from './codelists.ts';
import { bilingual, bilingualIssue } from './schemas/common.ts';

/** Facts about the project that must hold before it may enter a stage. The server derives them from the record. */
export const entryConditions = [
  { code: 'hasProjectCode', zh: '已赋投资项目代码', en: 'The project has an investment project code' },
  { code: 'hasInvestmentAgreement', zh: '已签订投资协议', en: 'The investment agreement is signed' },
  {
    code: 'hasLandContract',
    zh: '已取得用地（土地出让合同或划拨决定书）',
    en: 'Land is secured (land transfer contract or allocation decision)',
  },
  {
    code: 'hasApprovalDocument',
    zh: '已取得审批、核准或备案文件',
    en: 'The project is approved, authorised or filed',
  },
  {
    code: 'hasLandPlanningPermit',
    zh: '已取得建设用地规划许可证',
    en: 'The land-use planning permit is issued',
  },
  {
    code: 'hasEngineeringPlanningPermit',
    zh: '已取得建设工程规划许可证',
    en: 'The engineering planning permit is issued',
  },
  {
    code: 'hasConstructionPermitDate',
    zh: '已登记施工许可证发证日期',
    en: 'The construction permit date is recorded',
  },
  { code: 'hasActualStartDate', zh: '已登记实际开工日期', en: 'The actual start date is recorded' },
  { code: 'hasCompletionFiling', zh: '已办理竣工验收备案', en: 'Completion acceptance is filed' },
] as const;
export type EntryCondition = (typeof entryConditions)[number]['code'];
const entryConditionCodes = entryConditions.map((c) => c.code) as [EntryCondition, ...EntryCondition[]];

/** What must be on record (a date, a document, a confirmation) before a project may leave a stage. */
export const exitRecords = [
  { code: 'signingDate', kind: 'date', zh: '签约日期', en: 'Signing date' },
  { code: 'investmentAgreement', kind: 'document', zh: '投资协议', en: 'Investment agreement' },
  {
    code: 'landContract',
    kind: 'document',
    zh: '土地出让合同或划拨决定书',
    en: 'Land transfer contract or allocation decision',
  },
  { code: 'landDeliveryDate', kind: 'date', zh: '交地日期', en: 'Land delivery date' },
  {
    code: 'approvalDocument',
    kind: 'document',
    zh: '审批、核准或备案文件',
    en: 'Approval, authorisation or filing document',
  },
  { code: 'landPlanningPermit', kind: 'document', zh: '建设用地规划许可证', en: 'Land-use planning permit' },
  {
    code: 'engineeringPlanningPermit',
    kind: 'document',
    zh: '建设工程规划许可证',
    en: 'Engineering planning permit',
  },
  { code: 'constructionPermit', kind: 'document', zh: '施工许可证', en: 'Construction permit' },
  { code: 'constructionPermitDate', kind: 'date', zh: '施工许可证发证日期', en: 'Construction permit date' },
  { code: 'actualStartDate', kind: 'date', zh: '实际开工日期', en: 'Actual start date' },
  { code: 'completionDate', kind: 'date', zh: '实际竣工日期', en: 'Actual completion date' },
  { code: 'completionAcceptanceDate', kind: 'date', zh: '竣工验收日期', en: 'Completion acceptance date' },
  { code: 'completionFiling', kind: 'document', zh: '竣工验收备案证明', en: 'Completion acceptance filing' },
  { code: 'operationDate', kind: 'date', zh: '投产（运营）日期', en: 'Date operation began' },
  { code: 'confirmedBy', kind: 'confirmation', zh: '阶段完成确认人', en: 'Person who confirmed the stage' },
] as const;
export type ExitRecord = (typeof exitRecords)[number]['code'];
const exitRecordCodes = exitRecords.map((r) => r.code) as [ExitRecord, ...ExitRecord[]];

const stageCode = z.enum(lifecycleStages.codes, bilingual('未知的阶段代码', 'Unknown stage code'));

const TemplateStageSchema = z.object({
  /** The stage's identity; a project whose ledger stage is this code (or one it merges) is in this stage. */
  code: stageCode,
  /** Further canonical stages this one stands for, e.g. 带方案出让: engineering_permit + construction_permit. */
  mergedWith: z.array(stageCode).optional(),
  /** Replaces the code list's label, e.g. for a merged stage. */
  label: z.object({ zh: z.string().trim().min(1).max(40), en: z.string().trim().min(1).max(80) }).optional(),
  /** A required stage may not be skipped on the way forward. */
  required: z.boolean(),
  entryConditions: z.array(
    z.enum(entryConditionCodes, bilingual('未知的准入条件', 'Unknown entry condition')),
  ),
  exitRecords: z.array(z.enum(exitRecordCodes, bilingual('未知的办结记录', 'Unknown exit record'))),
});
export type TemplateStage = z.infer<typeof TemplateStageSchema>;

const StageTemplateShape = z.object({
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
  /** Categories that get this template by default; a template chosen per project (带方案出让) lists none. */
  categories: z.array(z.enum(projectCategories.codes)),
  stages: z.array(TemplateStageSchema),
});
export type StageTemplate = z.infer<typeof StageTemplateShape>;

/** The template as administrators save it: shape and known codes, then the rules of validateTemplate. */
export const StageTemplateSchema = StageTemplateShape.superRefine((template, ctx) => {
  const result = validateTemplate(template);
  if (result.ok) return;
  for (const p of result.problems)
    ctx.addIssue({ code: 'custom', path: p.path, ...bilingualIssue(p.zh, p.en) });
});

export type LifecycleProblemCode =
  | 'too_few_stages'
  | 'unknown_code'
  | 'duplicate_stage'
  | 'out_of_order'
  | 'merge_not_adjacent'
  | 'missing_key_stage'
  | 'last_stage_optional'
  | 'duplicate_item'
  | 'stage_not_in_template'
  | 'same_stage'
  | 'skips_required_stage'
  | 'missing_exit_record'
  | 'entry_condition_unmet'
  | 'reason_required';

export type LifecycleProblem = {
  code: LifecycleProblemCode;
  zh: string;
  en: string;
  path: (string | number)[];
};
export type LifecycleCheck = { ok: true } | { ok: false; problems: LifecycleProblem[] };

/** Canonical position of each stage code: templates must keep this order. */
const canonicalIndex = new Map<string, number>(lifecycleStages.codes.map((code, i) => [code, i]));
const conditionLabels = new Map<string, Label>(entryConditions.map((c) => [c.code, { zh: c.zh, en: c.en }]));
const recordLabels = new Map<string, Label>(exitRecords.map((r) => [r.code, { zh: r.zh, en: r.en }]));

/**
 * Every project is built and accepted: 建设工程质量管理条例 Art. 16 (a work is used only after completion
 * acceptance) means no template may leave construction or acceptance out, or make them optional.
 */
const keyStages: readonly LifecycleStage[] = ['under_construction', 'completion_acceptance'];

/**
 * Checks a template's meaning: at least two stages, known codes, each canonical stage at most once, stages in
 * the canonical order, merged stages adjacent in that order, construction and completion acceptance present
 * and required, a required last stage (the end must be reachable), no condition or record listed twice.
 */
export function validateTemplate(template: StageTemplate): LifecycleCheck {
  const problems: LifecycleProblem[] = [];
  const add = (code: LifecycleProblemCode, path: (string | number)[], zh: string, en: string) =>
    problems.push({ code, zh, en, path });

  if (template.stages.length < 2) {
    add(
      'too_few_stages',
      ['stages'],
      '模板至少需要开始和结束两个阶段',
      'A template needs at least a first and a last stage',
    );
  }
  const seen = new Set<string>();
  let previous = -1;
  template.stages.forEach((stage, i) => {
    const codes = [stage.code, ...(stage.mergedWith ?? [])];
    const positions = codes.map((c) => canonicalIndex.get(c));
    codes.forEach((c, j) => {
      if (positions[j] === undefined) {
        add('unknown_code', ['stages', i, 'code'], `未知的阶段代码“${c}”`, `Unknown stage code "${c}"`);
      } else if (seen.has(c)) {
        const name = canonicalLabel(c);
        add(
          'duplicate_stage',
          ['stages', i, 'code'],
          `阶段“${name.zh}”重复出现`,
          `Stage "${name.en}" appears twice`,
        );
      }
      seen.add(c);
    });
    const known = positions.filter((p): p is number => p !== undefined);
    if (known.some((p, j) => j > 0 && p !== (known[j - 1] ?? -2) + 1)) {
      const name = stageLabel(stage);
      add(
        'merge_not_adjacent',
        ['stages', i, 'mergedWith'],
        `合并阶段“${name.zh}”只能合并流程中相邻的阶段`,
        `Merged stage "${name.en}" may only merge stages that are adjacent in the chain`,
      );
    }
    const first = known[0];
    if (first !== undefined) {
      if (first <= previous) {
        const name = stageLabel(stage);
        add(
          'out_of_order',
          ['stages', i, 'code'],
          `阶段“${name.zh}”的顺序与标准流程不符`,
          `Stage "${name.en}" is out of the standard order`,
        );
      }
      previous = Math.max(previous, ...known);
    }
    for (const [field, items, labels] of [
      ['entryConditions', stage.entryConditions, conditionLabels],
      ['exitRecords', stage.exitRecords, recordLabels],
    ] as const) {
      const unique = new Set<string>();
      for (const item of items) {
        if (!labels.has(item)) {
          add('unknown_code', ['stages', i, field], `未知的条目“${item}”`, `Unknown item "${item}"`);
        } else if (unique.has(item)) {
          const label = labels.get(item) ?? { zh: item, en: item };
          add(
            'duplicate_item',
            ['stages', i, field],
            `“${label.zh}”在同一阶段重复列出`,
            `"${label.en}" is listed twice in one stage`,
          );
        }
        unique.add(item);
      }
    }
  });
  for (const key of keyStages) {
    const index = indexOfStage(template, key);
    const name = canonicalLabel(key);
    if (index === -1 || !template.stages[index]?.required) {
      add(
        'missing_key_stage',
        ['stages'],
        `模板必须包含必经阶段“${name.zh}”`,
        `The template must include "${name.en}" as a required stage`,
      );
    }
  }
  const last = template.stages.at(-1);
  if (last && !last.required) {
    const name = stageLabel(last);
    add(
      'last_stage_optional',
      ['stages', template.stages.length - 1, 'required'],
      `最后一个阶段“${name.zh}”必须为必经阶段`,
      `The last stage "${name.en}" must be required`,
    );
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/** Which facts hold for the project, and which exit records of its current stage are on file. */
export type TransitionFacts = {
  conditions?: Partial<Record<EntryCondition, boolean>>;
  records?: Partial<Record<ExitRecord, boolean>>;
};

export type TransitionCheck =
  | { ok: true; direction: 'forward' | 'backward'; skipped: LifecycleStage[] }
  | { ok: false; problems: LifecycleProblem[] };

/**
 * May a project move from `fromStage` (null: not yet in the chain) to `toStage` under this template?
 * Forward: no required stage in between may be skipped, the current stage's exit records must be on file and
 * the target's entry conditions must hold. Backward (a correction, or an approval withdrawn): allowed only
 * with a written reason; entry conditions are not checked, since the project met them once already.
 * On success, `skipped` lists the optional stages passed over, for the stage history.
 */
export function checkTransition(
  template: StageTemplate,
  fromStage: LifecycleStage | null,
  toStage: LifecycleStage,
  facts: TransitionFacts,
  options: { reason?: string | null } = {},
): TransitionCheck {
  const problems: LifecycleProblem[] = [];
  const add = (code: LifecycleProblemCode, zh: string, en: string) =>
    problems.push({ code, zh, en, path: [] });
  const fromIndex = fromStage === null ? -1 : indexOfStage(template, fromStage);
  const toIndex = indexOfStage(template, toStage);
  for (const [code, index] of [
    [fromStage, fromIndex],
    [toStage, toIndex],
  ] as const) {
    if (code !== null && index === -1) {
      const name = canonicalLabel(code);
      add(
        'stage_not_in_template',
        `阶段“${name.zh}”不在模板“${template.name.zh}”中`,
        `Stage "${name.en}" is not part of the template "${template.name.en}"`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const target = template.stages[toIndex];
  if (!target) throw new Error('unreachable: target stage was resolved above');
  const targetName = stageLabel(target);
  if (toIndex === fromIndex) {
    add('same_stage', `项目已处于“${targetName.zh}”阶段`, `The project is already in "${targetName.en}"`);
    return { ok: false, problems };
  }

  if (toIndex < fromIndex) {
    if (!options.reason?.trim()) {
      add(
        'reason_required',
        `退回到“${targetName.zh}”阶段须填写原因`,
        `Moving back to "${targetName.en}" needs a reason`,
      );
      return { ok: false, problems };
    }
    return { ok: true, direction: 'backward', skipped: [] };
  }

  const between = template.stages.slice(fromIndex + 1, toIndex);
  for (const stage of between.filter((s) => s.required)) {
    const name = stageLabel(stage);
    add(
      'skips_required_stage',
      `不能跳过必经阶段“${name.zh}”`,
      `The required stage "${name.en}" cannot be skipped`,
    );
  }
  const current = template.stages[fromIndex];
  if (current) {
    const currentName = stageLabel(current);
    for (const record of current.exitRecords) {
      if (facts.records?.[record]) continue;
      const label = recordLabels.get(record) ?? { zh: record, en: record };
      add(
        'missing_exit_record',
        `离开“${currentName.zh}”阶段前须登记：${label.zh}`,
        `Before leaving "${currentName.en}", record: ${label.en}`,
      );
    }
  }
  for (const condition of target.entryConditions) {
    if (facts.conditions?.[condition]) continue;
    const label = conditionLabels.get(condition) ?? { zh: condition, en: condition };
    add(
      'entry_condition_unmet',
      `进入“${targetName.zh}”阶段须满足：${label.zh}`,
      `To enter "${targetName.en}": ${label.en.charAt(0).toLowerCase()}${label.en.slice(1)}`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, direction: 'forward', skipped: between.map((s) => s.code) };
}

/** Position of the template stage that stands for a canonical stage code (merged stages included), or -1. */
export function indexOfStage(template: StageTemplate, code: LifecycleStage): number {
  return template.stages.findIndex((s) => s.code === code || (s.mergedWith ?? []).includes(code));
}

/** The stage's own label, or the code list's labels of the stages it stands for, joined. */
export function stageLabel(stage: TemplateStage): Label {
  if (stage.label) return stage.label;
  const names = [stage.code, ...(stage.mergedWith ?? [])].map(canonicalLabel);
  return { zh: names.map((n) => n.zh).join('、'), en: names.map((n) => n.en).join(' and ') };
}

function canonicalLabel(code: string): Label {
  return lifecycleStages.list.find((s) => s.code === code)?.label ?? { zh: code, en: code };
}

const planning: TemplateStage = { code: 'planning', required: false, entryConditions: [], exitRecords: [] };
const signed: TemplateStage = {
  code: 'signed',
  required: true,
  entryConditions: [],
  exitRecords: ['signingDate', 'investmentAgreement'],
};
const siteSelection: TemplateStage = {
  code: 'site_selection',
  required: true,
  entryConditions: [],
  exitRecords: ['landContract'],
};
/** domain.md §2: approval departments refuse a case without an investment project code. */
const landPlanningPermit: TemplateStage = {
  code: 'land_planning_permit',
  required: true,
  entryConditions: ['hasProjectCode'],
  exitRecords: ['approvalDocument', 'landPlanningPermit'],
};
const engineeringPermit: TemplateStage = {
  code: 'engineering_permit',
  required: true,
  entryConditions: ['hasLandContract'],
  exitRecords: ['engineeringPlanningPermit'],
};
const constructionPermit: TemplateStage = {
  code: 'construction_permit',
  required: true,
  entryConditions: ['hasEngineeringPlanningPermit'],
  exitRecords: ['constructionPermit', 'constructionPermitDate'],
};
/** Issue #3: 开工建设 needs a recorded construction permit date and a project code. */
const underConstruction: TemplateStage = {
  code: 'under_construction',
  required: true,
  entryConditions: ['hasProjectCode', 'hasConstructionPermitDate'],
  exitRecords: ['actualStartDate', 'completionDate'],
};
const completionAcceptance: TemplateStage = {
  code: 'completion_acceptance',
  required: true,
  entryConditions: [],
  exitRecords: ['completionAcceptanceDate', 'completionFiling'],
};
const inOperation: TemplateStage = {
  code: 'in_operation',
  required: true,
  entryConditions: ['hasCompletionFiling'],
  exitRecords: [],
};

/** Default templates; administrators copy and edit them. */
export const defaultTemplates = {
  standard: {
    code: 'standard',
    name: { zh: '标准流程', en: 'Standard lifecycle' },
    categories: ['industrial', 'social', 'innovation_platform', 'urban_renewal'],
    stages: [
      planning,
      signed,
      siteSelection,
      landPlanningPermit,
      engineeringPermit,
      constructionPermit,
      underConstruction,
      completionAcceptance,
      inOperation,
    ],
  },
  /** 带方案出让: the land is sold with an approved design, so the planning and construction permits come together. */
  land_with_design: {
    code: 'land_with_design',
    name: { zh: '带方案出让', en: 'Land sold with design' },
    categories: [],
    stages: [
      planning,
      signed,
      siteSelection,
      landPlanningPermit,
      {
        code: 'engineering_permit',
        mergedWith: ['construction_permit'],
        label: { zh: '工程建设许可及施工许可', en: 'Engineering and construction permits' },
        required: true,
        entryConditions: ['hasLandContract'],
        exitRecords: ['engineeringPlanningPermit', 'constructionPermit', 'constructionPermitDate'],
      },
      underConstruction,
      completionAcceptance,
      inOperation,
    ],
  },
  /** Government-invested infrastructure is not signed with an investor; land is usually allocated (划拨). */
  government_infrastructure: {
    code: 'government_infrastructure',
    name: { zh: '政府投资基础设施', en: 'Government infrastructure' },
    categories: ['infrastructure', 'ecology'],
    stages: [
      planning,
      siteSelection,
      landPlanningPermit,
      engineeringPermit,
      constructionPermit,
      underConstruction,
      completionAcceptance,
      inOperation,
    ],
  },
} satisfies Record<string, StageTemplate>;

/** The template a new project of this category starts with. */
export function defaultTemplateFor(
  category: ProjectCategory,
  templates: readonly StageTemplate[] = Object.values(defaultTemplates),
): StageTemplate {
  return templates.find((t) => t.categories.includes(category)) ?? defaultTemplates.standard;
}
