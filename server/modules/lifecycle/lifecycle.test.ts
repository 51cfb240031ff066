import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

let t: TestApp;
let org: { id: string };
let owner: Awaited<ReturnType<typeof userSession>>;
let investment: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganization(t, { name: '全流程测试企业' });
  owner = await userSession(t, ['project_owner'], { organizationId: org.id });
  investment = await userSession(t, ['investment']);
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

async function industrialProject(name: string, extra: Record<string, unknown> = {}) {
  return createProjectViaApi(
    t,
    investment.cookie,
    projectInput(org.id, { name, category: 'industrial', industryCode: '39', stage: 'planning', ...extra }),
  );
}

describe('GET /api/projects/:id/lifecycle', () => {
  it('shows the category template as steps with the current stage', async () => {
    const p = await industrialProject('芯片封装测试基地');
    const res = await api('GET', `/api/projects/${p.id}/lifecycle`, owner.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.template.code).toBe('standard');
    expect(body.templateChosen).toBe(false);
    expect(body.steps.map((s: { code: string }) => s.code)).toEqual([
      'planning',
      'signed',
      'site_selection',
      'land_planning_permit',
      'engineering_permit',
      'construction_permit',
      'under_construction',
      'completion_acceptance',
      'in_operation',
    ]);
    expect(body.steps[0].status).toBe('current');
  });

  it('uses the government template, without 签约, for infrastructure', async () => {
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(org.id, { name: '科学城隧道三期', stage: 'planning' }),
    );
    const body = (await api('GET', `/api/projects/${p.id}/lifecycle`, investment.cookie)).json();
    expect(body.template.code).toBe('government_infrastructure');
    expect(body.steps.map((s: { code: string }) => s.code)).not.toContain('signed');
  });

  it("returns 404 to an owner for another owner's project", async () => {
    const other = await createOrganization(t);
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(other.id, { name: '他人项目全流程' }),
    );
    expect((await api('GET', `/api/projects/${p.id}/lifecycle`, owner.cookie)).statusCode).toBe(404);
  });
});

describe('POST /api/projects/:id/stage-transitions', () => {
  it('moves forward with the exit records, keeps history and audits the move', async () => {
    const p = await industrialProject('新型显示面板项目');
    const toSigned = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'signed',
      movedOn: '2026-03-01',
      version: 1,
    });
    expect(toSigned.statusCode).toBe(200);
    const toSite = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'site_selection',
      movedOn: '2026-04-01',
      version: 2,
      records: { signingDate: '2026-03-28', investmentAgreement: '渝科城投资协议〔2026〕12号' },
    });
    expect(toSite.statusCode).toBe(200);
    const body = toSite.json();
    expect(body.currentStage).toBe('site_selection');
    expect(body.history.map((h: { toStage: string }) => h.toStage)).toEqual(['signed', 'site_selection']);
    expect(body.steps.find((s: { code: string }) => s.code === 'signed')).toMatchObject({
      status: 'done',
      actualStart: '2026-03-01',
      actualEnd: '2026-04-01',
    });
    expect(body.conditions.hasInvestmentAgreement).toBe(true);
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1 and action like 'project.stage%'`,
      [p.id],
    );
    expect(audit).toHaveLength(2);
    const project = (await api('GET', `/api/projects/${p.id}`, investment.cookie)).json();
    expect(project).toMatchObject({ stage: 'site_selection', version: 3 });
  });

  it('refuses to skip a required stage, naming it', async () => {
    const p = await industrialProject('跳阶段项目');
    const res = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'site_selection',
      movedOn: '2026-03-01',
      version: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('不能跳过必经阶段“签约”');
  });

  it('refuses to leave a stage without its exit records', async () => {
    const p = await industrialProject('缺记录项目', { stage: 'signed' });
    const res = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'site_selection',
      movedOn: '2026-03-01',
      version: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('签约日期');
    expect(res.json().details[0].field).toBe('records');
  });

  it('requires a construction permit date and a project code to enter 开工建设', async () => {
    const p = await industrialProject('开工条件项目', { stage: 'construction_permit', code: null });
    const res = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'under_construction',
      movedOn: '2026-05-01',
      version: 1,
      records: { constructionPermit: '500106202605010101' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('施工许可证发证日期');
    expect(res.json().message).toContain('投资项目代码');
    const withCode = await t.app.inject({
      method: 'PATCH',
      url: `/api/projects/${p.id}`,
      headers: { cookie: investment.cookie },
      payload: { version: 1, code: '2605-500106-04-01-777777' },
    });
    expect(withCode.statusCode).toBe(200);
    const ok = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'under_construction',
      movedOn: '2026-05-01',
      version: 2,
      records: { constructionPermit: '500106202605010101', constructionPermitDate: '2026-04-28' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('needs a reason to go back, and records it', async () => {
    const p = await industrialProject('退回项目', { stage: 'signed' });
    const noReason = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'planning',
      movedOn: '2026-03-01',
      version: 1,
    });
    expect(noReason.statusCode).toBe(400);
    const back = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'planning',
      movedOn: '2026-03-01',
      version: 1,
      reason: '投资方撤回，重新谋划',
    });
    expect(back.statusCode).toBe(200);
    expect(back.json().history[0]).toMatchObject({ direction: 'back', reason: '投资方撤回，重新谋划' });
  });

  it('returns 409 on a stale project version and 400 for a date in the future', async () => {
    const p = await industrialProject('并发推进项目');
    const stale = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'signed',
      movedOn: '2026-03-01',
      version: 9,
    });
    expect(stale.statusCode).toBe(409);
    const future = await api('POST', `/api/projects/${p.id}/stage-transitions`, investment.cookie, {
      toStage: 'signed',
      movedOn: '2999-01-01',
      version: 1,
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().details[0].field).toBe('movedOn');
  });

  it('returns 403 to a project owner, who reports but does not move stages', async () => {
    const p = await industrialProject('业主不能推进');
    const res = await api('POST', `/api/projects/${p.id}/stage-transitions`, owner.cookie, {
      toStage: 'signed',
      movedOn: '2026-03-01',
      version: 1,
    });
    expect(res.statusCode).toBe(403);
  });

  it('merges the two permit stages for a 带方案出让 project', async () => {
    const p = await industrialProject('带方案出让项目', { stage: 'land_planning_permit' });
    const chosen = await api('PUT', `/api/projects/${p.id}/stage-template`, investment.cookie, {
      templateCode: 'land_with_design',
      version: 1,
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().templateChosen).toBe(true);
    const step = chosen.json().steps.find((s: { code: string }) => s.code === 'engineering_permit');
    expect(step.mergedWith).toEqual(['construction_permit']);
    expect(chosen.json().steps.map((s: { code: string }) => s.code)).not.toContain('construction_permit');
  });
});

describe('events and stage plans', () => {
  it('records a start report, which sets the actual start date', async () => {
    const p = await industrialProject('开工报告项目', {
      stage: 'under_construction',
      code: '2605-500106-04-01-888888',
    });
    const res = await api('POST', `/api/projects/${p.id}/events`, owner.cookie, {
      kind: 'start_report',
      eventDate: '2026-06-01',
      note: '主体工程开工',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().events[0]).toMatchObject({ kind: 'start_report', eventDate: '2026-06-01' });
    expect(res.json().conditions.hasActualStartDate).toBe(true);
    expect(res.json().records.actualStartDate).toBe('2026-06-01');
  });

  it('returns 400 for an unknown event kind, naming the field', async () => {
    const p = await industrialProject('事件类型项目');
    const res = await api('POST', `/api/projects/${p.id}/events`, owner.cookie, {
      kind: 'party',
      eventDate: '2026-06-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('kind');
  });

  it('sets planned dates per stage for the stepper, refusing an end before the start', async () => {
    const p = await industrialProject('阶段计划项目');
    const bad = await api('PUT', `/api/projects/${p.id}/stage-plans`, owner.cookie, {
      plans: [{ stage: 'signed', plannedStart: '2026-05-01', plannedEnd: '2026-04-01' }],
    });
    expect(bad.statusCode).toBe(400);
    const ok = await api('PUT', `/api/projects/${p.id}/stage-plans`, owner.cookie, {
      plans: [{ stage: 'signed', plannedStart: '2026-04-01', plannedEnd: '2026-05-01' }],
    });
    expect(ok.json().steps.find((s: { code: string }) => s.code === 'signed')).toMatchObject({
      plannedStart: '2026-04-01',
      plannedEnd: '2026-05-01',
    });
  });
});

describe('stage templates', () => {
  it('lists the default templates and lets an administrator edit one with its version', async () => {
    const admin = await userSession(t, ['admin']);
    const list = (await api('GET', '/api/stage-templates', admin.cookie)).json();
    expect(list.map((r: { template: { code: string } }) => r.template.code).sort()).toEqual([
      'government_infrastructure',
      'land_with_design',
      'standard',
    ]);
    const standard = list.find((r: { template: { code: string } }) => r.template.code === 'standard');
    const edited = {
      ...standard.template,
      name: { zh: '标准流程（修订）', en: 'Standard lifecycle (revised)' },
    };
    const res = await api('PUT', '/api/stage-templates', admin.cookie, {
      template: edited,
      version: standard.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(standard.version + 1);
    const stale = await api('PUT', '/api/stage-templates', admin.cookie, {
      template: edited,
      version: standard.version,
    });
    expect(stale.statusCode).toBe(409);
  });

  it('returns 409 when a new template takes an existing code', async () => {
    const admin = await userSession(t, ['admin']);
    const list = (await api('GET', '/api/stage-templates', admin.cookie)).json();
    const standard = list.find((r: { template: { code: string } }) => r.template.code === 'standard');
    const res = await api('PUT', '/api/stage-templates', admin.cookie, { template: standard.template });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('standard');
  });

  it('labels lifecycle fields in validation messages', async () => {
    const p = await industrialProject('字段名称项目');
    const res = await api('POST', `/api/projects/${p.id}/stage-records`, investment.cookie, {
      records: { signingDate: '2026-01-01' },
      recordedOn: '2999-01-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].message).toBe('登记日期：日期不能晚于今天');
  });

  it('rejects an invalid template with the problem named', async () => {
    const admin = await userSession(t, ['admin']);
    const res = await api('PUT', '/api/stage-templates', admin.cookie, {
      template: {
        code: 'broken',
        name: { zh: '坏模板', en: 'Broken' },
        categories: [],
        stages: [{ code: 'planning', required: true, entryConditions: [], exitRecords: [] }],
      },
    });
    expect(res.statusCode).toBe(400);
  });

  it('returns 403 to a leader', async () => {
    const leader = await userSession(t, ['leader']);
    expect((await api('PUT', '/api/stage-templates', leader.cookie, {})).statusCode).toBe(403);
  });
});
