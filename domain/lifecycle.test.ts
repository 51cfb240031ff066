import { describe, expect, it } from 'vitest';
import type { LifecycleStage } from './codelists.ts';
import {
  checkTransition,
  defaultTemplateFor,
  defaultTemplates,
  type StageTemplate,
  StageTemplateSchema,
  stageLabel,
  type TemplateStage,
  type TransitionFacts,
  validateTemplate,
} from './lifecycle.ts';
import { englishOf } from './schemas/common.ts';

const { standard, land_with_design: withDesign, government_infrastructure: government } = defaultTemplates;

function stage(code: LifecycleStage, extra: Partial<TemplateStage> = {}): TemplateStage {
  return { code, required: true, entryConditions: [], exitRecords: [], ...extra };
}

function template(stages: TemplateStage[]): StageTemplate {
  return { code: 'test', name: { zh: '测试模板', en: 'Test template' }, categories: [], stages };
}

const minimal = [stage('planning'), stage('under_construction'), stage('completion_acceptance')];

function problemCodes(t: StageTemplate): string[] {
  const result = validateTemplate(t);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

/** Every fact and record present: isolates the rule under test. */
const allFacts: TransitionFacts = {
  conditions: {
    hasProjectCode: true,
    hasInvestmentAgreement: true,
    hasLandContract: true,
    hasApprovalDocument: true,
    hasLandPlanningPermit: true,
    hasEngineeringPlanningPermit: true,
    hasConstructionPermitDate: true,
    hasActualStartDate: true,
    hasCompletionFiling: true,
  },
  records: {
    signingDate: true,
    investmentAgreement: true,
    landContract: true,
    approvalDocument: true,
    landPlanningPermit: true,
    engineeringPlanningPermit: true,
    constructionPermit: true,
    constructionPermitDate: true,
    actualStartDate: true,
    completionDate: true,
    completionAcceptanceDate: true,
    completionFiling: true,
  },
};

describe('validateTemplate', () => {
  it.each(Object.values(defaultTemplates).map((t) => [t.code, t] as const))(
    'accepts the default template %s',
    (_code, t) => {
      expect(validateTemplate(t)).toEqual({ ok: true });
      expect(StageTemplateSchema.safeParse(t).success).toBe(true);
    },
  );

  it('accepts a short template that still has construction and completion acceptance', () => {
    expect(validateTemplate(template(minimal))).toEqual({ ok: true });
  });

  it('rejects a template with fewer than two stages', () => {
    expect(problemCodes(template([stage('completion_acceptance')]))).toContain('too_few_stages');
  });

  it('rejects a stage listed twice', () => {
    const result = validateTemplate(template([...minimal, stage('completion_acceptance')]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]).toMatchObject({
      code: 'duplicate_stage',
      zh: '阶段“竣工验收”重复出现',
      en: 'Stage "Completion acceptance" appears twice',
      path: ['stages', 3, 'code'],
    });
  });

  it('rejects a merged stage that is also listed on its own', () => {
    const stages = [...withDesign.stages];
    stages.splice(5, 0, stage('construction_permit'));
    expect(problemCodes(template(stages))).toContain('duplicate_stage');
  });

  it('rejects stages out of the standard order', () => {
    expect(
      problemCodes(
        template([stage('construction_permit'), stage('engineering_permit'), ...minimal.slice(1)]),
      ),
    ).toEqual(['out_of_order']);
  });

  it('rejects a merge of stages that are not adjacent in the chain', () => {
    const stages = [
      stage('planning'),
      stage('engineering_permit', { mergedWith: ['under_construction'] }),
      stage('completion_acceptance'),
    ];
    expect(problemCodes(template(stages))).toEqual(['merge_not_adjacent']);
  });

  it('requires construction and completion acceptance, both required', () => {
    expect(
      problemCodes(template([stage('planning'), stage('under_construction'), stage('in_operation')])),
    ).toEqual(['missing_key_stage']);
    expect(
      problemCodes(
        template([
          stage('planning'),
          stage('under_construction', { required: false }),
          stage('completion_acceptance'),
        ]),
      ),
    ).toEqual(['missing_key_stage']);
  });

  it('requires the last stage to be required', () => {
    expect(problemCodes(template([...minimal, stage('in_operation', { required: false })]))).toEqual([
      'last_stage_optional',
    ]);
  });

  it('rejects unknown codes that bypassed the schema', () => {
    const bad = stage('planning');
    (bad as { code: string }).code = 'groundbreaking';
    expect(problemCodes(template([bad, ...minimal.slice(1)]))).toEqual(['unknown_code']);
  });

  it('rejects a record listed twice in one stage', () => {
    const stages = [stage('signed', { exitRecords: ['signingDate', 'signingDate'] }), ...minimal.slice(1)];
    expect(problemCodes(template(stages))).toEqual(['duplicate_item']);
  });
});

describe('StageTemplateSchema', () => {
  it('rejects an unknown entry condition with a bilingual message', () => {
    const result = StageTemplateSchema.safeParse(
      template([
        stage('planning'),
        { ...stage('under_construction'), entryConditions: ['hasMoney' as never] },
        stage('completion_acceptance'),
      ]),
    );
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.message).toBe('未知的准入条件');
    expect(issue && englishOf(issue.message)).toBe('Unknown entry condition');
  });

  it('reports template problems at their path, in both languages', () => {
    const result = StageTemplateSchema.safeParse(
      template([...minimal, stage('in_operation', { required: false })]),
    );
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['stages', 3, 'required']);
    expect(issue?.message).toBe('最后一个阶段“投产运营”必须为必经阶段');
    expect(issue && englishOf(issue.message, 'params' in issue ? issue.params : undefined)).toBe(
      'The last stage "In operation" must be required',
    );
  });
});

describe('checkTransition on the standard template', () => {
  it('moves forward to the next stage when records and conditions are in place', () => {
    expect(checkTransition(standard, 'signed', 'site_selection', allFacts)).toEqual({
      ok: true,
      direction: 'forward',
      skipped: [],
    });
  });

  it('lets a new project enter at signing, passing over the optional planning stage', () => {
    expect(checkTransition(standard, null, 'signed', {})).toEqual({
      ok: true,
      direction: 'forward',
      skipped: ['planning'],
    });
  });

  it('refuses to skip required stages, naming each', () => {
    const result = checkTransition(standard, 'signed', 'engineering_permit', allFacts);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.zh)).toEqual([
      '不能跳过必经阶段“选址供地”',
      '不能跳过必经阶段“立项用地规划许可”',
    ]);
  });

  it('requires the exit records of the stage being left', () => {
    const result = checkTransition(standard, 'signed', 'site_selection', { records: { signingDate: true } });
    expect(!result.ok && result.problems).toEqual([
      {
        code: 'missing_exit_record',
        zh: '离开“签约”阶段前须登记：投资协议',
        en: 'Before leaving "Signed", record: Investment agreement',
        path: [],
      },
    ]);
  });

  it('requires a construction permit date and a project code to start construction', () => {
    const result = checkTransition(standard, 'construction_permit', 'under_construction', {
      records: allFacts.records,
      conditions: { hasProjectCode: true },
    });
    expect(!result.ok && result.problems).toEqual([
      {
        code: 'entry_condition_unmet',
        zh: '进入“在建”阶段须满足：已登记施工许可证发证日期',
        en: 'To enter "Under construction": the construction permit date is recorded',
        path: [],
      },
    ]);
  });

  it('needs a reason to go back', () => {
    const result = checkTransition(standard, 'construction_permit', 'engineering_permit', allFacts, {
      reason: '  ',
    });
    expect(!result.ok && result.problems[0]).toMatchObject({
      code: 'reason_required',
      zh: '退回到“工程建设许可”阶段须填写原因',
    });
  });

  it('goes back with a reason, without rechecking entry conditions', () => {
    expect(
      checkTransition(
        standard,
        'under_construction',
        'construction_permit',
        {},
        { reason: '施工许可证被撤销' },
      ),
    ).toEqual({ ok: true, direction: 'backward', skipped: [] });
  });

  it('refuses a move to the stage the project is already in', () => {
    const result = checkTransition(standard, 'signed', 'signed', allFacts);
    expect(!result.ok && result.problems[0]?.code).toBe('same_stage');
  });
});

describe('checkTransition on variant templates', () => {
  it('has no signing stage for government infrastructure', () => {
    const result = checkTransition(government, 'planning', 'signed', allFacts);
    expect(!result.ok && result.problems[0]).toMatchObject({
      code: 'stage_not_in_template',
      zh: '阶段“签约”不在模板“政府投资基础设施”中',
    });
    expect(checkTransition(government, 'planning', 'site_selection', allFacts).ok).toBe(true);
  });

  it('treats the two permits of 带方案出让 as one stage', () => {
    expect(stageLabel(withDesign.stages[4] as TemplateStage).zh).toBe('工程建设许可及施工许可');
    expect(checkTransition(withDesign, 'land_planning_permit', 'construction_permit', allFacts).ok).toBe(
      true,
    );
    const same = checkTransition(withDesign, 'engineering_permit', 'construction_permit', allFacts);
    expect(!same.ok && same.problems[0]?.code).toBe('same_stage');
  });

  it('requires both permits on record before a 带方案出让 project starts construction', () => {
    const result = checkTransition(withDesign, 'construction_permit', 'under_construction', {
      conditions: allFacts.conditions,
      records: { engineeringPlanningPermit: true },
    });
    expect(!result.ok && result.problems.map((p) => p.en)).toEqual([
      'Before leaving "Engineering and construction permits", record: Construction permit',
      'Before leaving "Engineering and construction permits", record: Construction permit date',
    ]);
  });

  it('picks the template for a category', () => {
    expect(defaultTemplateFor('infrastructure').code).toBe('government_infrastructure');
    expect(defaultTemplateFor('industrial').code).toBe('standard');
  });
});
