import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, todayInChina } from '#domain/iso-date.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

let t: TestApp;
let ownerA: { id: string };
let department: { id: string; name: string };
let a: Awaited<ReturnType<typeof userSession>>;
let b: Awaited<ReturnType<typeof userSession>>;
let leader: Awaited<ReturnType<typeof userSession>>;
let projectA: { id: string };
let projectB: { id: string };

const today = todayInChina();
const currentYear = Number(today.slice(0, 4));
const currentMonth = Number(today.slice(5, 7));
const MISSING = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  ownerA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const ownerB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  department = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  a = await userSession(t, ['project_owner'], { organizationId: ownerA.id });
  b = await userSession(t, ['project_owner'], { organizationId: ownerB.id });
  leader = await userSession(t, ['leader']);
  projectA = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id));
  projectB = await createProjectViaApi(t, b.cookie, projectInput(ownerB.id, { name: '芯片厂房一期' }));
});
afterAll(async () => {
  await t.close();
});

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  cookie?: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...headers, ...(cookie ? { cookie } : {}) },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function createMilestone(projectId: string, values: Record<string, unknown> = {}) {
  const res = await inject('POST', `/api/projects/${projectId}/milestones`, a.cookie, {
    name: '取得施工许可证',
    plannedDate: `${currentYear + 1}-03-31`,
    ...values,
  });
  if (res.statusCode !== 201) throw new Error(`create milestone failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; version: number; plannedDate: string };
}

async function auditOf(entityId: string) {
  return t.database.query<{ action: string; actor_id: string; before: unknown; after: unknown }>(
    'select action, actor_id, before, after from audit_log where entity_id = $1 order by id',
    [entityId],
  );
}

describe('POST /api/projects/:id/milestones', () => {
  it('creates a milestone with its responsible organisation and audits it', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, a.cookie, {
      name: '主体结构封顶',
      plannedDate: `${currentYear + 1}-06-30`,
      responsibleOrgId: department.id,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      projectId: projectA.id,
      name: '主体结构封顶',
      responsibleOrgName: '科学城管委会建设局',
      status: 'planned',
      actualDate: null,
      version: 1,
      overdue: false,
      overdueDays: 0,
    });
    const audit = await auditOf(body.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'milestone.create',
      actor_id: a.user.id,
      after: { name: '主体结构封顶', responsibleOrgId: department.id },
    });
  });

  it('labels a bad milestone name as the milestone name, not the project name', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, a.cookie, {
      name: '',
      plannedDate: '2026-12-31',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].message).toMatch(/^节点名称：/);
  });

  it('returns 400 naming the field for a malformed planned date', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, a.cookie, {
      name: '竣工验收',
      plannedDate: '2026/12/31',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toEqual({
      field: 'plannedDate',
      message: '计划日期：日期格式应为 YYYY-MM-DD',
    });
  });

  it('returns 400 in English when a done milestone has no actual date', async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/milestones`,
      a.cookie,
      { name: '竣工验收', plannedDate: '2026-01-31', status: 'done' },
      { 'accept-language': 'en' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      { field: 'actualDate', message: 'Actual date: A milestone marked done needs its actual date' },
    ]);
  });

  it('returns 400 for an actual date in the future', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, a.cookie, {
      name: '竣工验收',
      plannedDate: '2026-01-31',
      status: 'done',
      actualDate: `${currentYear + 1}-01-01`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('actualDate');
    expect(res.json().details[0].message).toContain('不能晚于今天');
  });

  it('returns 400 for a responsible organisation that does not exist', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, a.cookie, {
      name: '竣工验收',
      plannedDate: '2027-01-31',
      responsibleOrgId: MISSING,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ field: 'responsibleOrgId', message: '责任单位：责任单位不存在' }]);
  });

  it('returns 401 without a session', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, undefined, {});
    expect(res.statusCode).toBe(401);
  });

  it('returns 403 to a leader, who may read and approve plans but not edit them', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/milestones`, leader.cookie, {
      name: '竣工验收',
      plannedDate: '2027-01-31',
    });
    expect(res.statusCode).toBe(403);
  });

  it("returns 404 for another owner's project", async () => {
    const res = await inject('POST', `/api/projects/${projectB.id}/milestones`, a.cookie, {
      name: '竣工验收',
      plannedDate: '2027-01-31',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET /api/projects/:id/milestones', () => {
  it('lists in planned-date order with overdue days for late milestones only', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '科学谷二期' }));
    await createMilestone(p.id, { name: '竣工验收', plannedDate: `${currentYear + 2}-12-31` });
    await createMilestone(p.id, { name: '签订投资协议', plannedDate: '2025-01-10' });
    await createMilestone(p.id, {
      name: '取得用地',
      plannedDate: '2025-02-10',
      status: 'done',
      actualDate: '2025-03-01',
    });
    await createMilestone(p.id, { name: '方案调整', plannedDate: '2025-03-10', status: 'cancelled' });
    const res = await inject('GET', `/api/projects/${p.id}/milestones`, a.cookie);
    expect(res.statusCode).toBe(200);
    const { items, baseline } = res.json();
    expect(baseline).toBeNull();
    expect(items.map((m: { name: string }) => m.name)).toEqual([
      '签订投资协议',
      '取得用地',
      '方案调整',
      '竣工验收',
    ]);
    expect(items.map((m: { overdueDays: number }) => m.overdueDays)).toEqual([
      daysBetween('2025-01-10', today),
      0,
      0,
      0,
    ]);
    expect(items[0].overdue).toBe(true);
    expect(items[0].baselinePlannedDate).toBeNull();
  });

  it('is readable by a leader (all projects) and 404 for an owner outside the project', async () => {
    expect((await inject('GET', `/api/projects/${projectA.id}/milestones`, leader.cookie)).statusCode).toBe(
      200,
    );
    const res = await inject('GET', `/api/projects/${projectA.id}/milestones`, b.cookie);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('returns 401 without a session', async () => {
    expect((await inject('GET', `/api/projects/${projectA.id}/milestones`)).statusCode).toBe(401);
  });
});

describe('PATCH /api/milestones/:id', () => {
  it('updates with the current version, bumps it and audits only what changed', async () => {
    const m = await createMilestone(projectA.id, { name: '桩基完成' });
    const res = await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, {
      version: 1,
      status: 'done',
      actualDate: '2026-01-15',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'done',
      actualDate: '2026-01-15',
      version: 2,
      overdue: false,
    });
    const audit = await auditOf(m.id);
    expect(audit[1]).toMatchObject({
      action: 'milestone.update',
      before: { status: 'planned', actualDate: null, version: 1 },
      after: { status: 'done', actualDate: '2026-01-15', version: 2 },
    });
    expect(Object.keys(audit[1]!.after as object).sort()).toEqual(['actualDate', 'status', 'version']);
  });

  it('returns 409 VERSION_CONFLICT on a stale version and changes nothing', async () => {
    const m = await createMilestone(projectA.id, { name: '基坑开挖' });
    await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, { version: 1, name: '基坑开挖及支护' });
    const res = await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, { version: 1, name: '基坑' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VERSION_CONFLICT');
    const list = (await inject('GET', `/api/projects/${projectA.id}/milestones`, a.cookie)).json();
    expect(list.items.find((x: { id: string }) => x.id === m.id).name).toBe('基坑开挖及支护');
  });

  it('returns 400 when the merged record would be done without an actual date', async () => {
    const m = await createMilestone(projectA.id, { name: '消防验收' });
    const res = await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, { version: 1, status: 'done' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      { field: 'actualDate', message: '实际完成日期：节点标记为已完成时须填写实际完成日期' },
    ]);
  });

  it('returns 400 naming the version when it is missing', async () => {
    const m = await createMilestone(projectA.id, { name: '规划验收' });
    const res = await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, { name: '规划核实' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('version');
  });

  it("returns 404 to an owner editing another owner's milestone, and for an unknown id", async () => {
    const m = await createMilestone(projectA.id, { name: '设备进场' });
    expect(
      (await inject('PATCH', `/api/milestones/${m.id}`, b.cookie, { version: 1, name: 'x 改' })).statusCode,
    ).toBe(404);
    expect((await inject('PATCH', `/api/milestones/${MISSING}`, a.cookie, { version: 1 })).statusCode).toBe(
      404,
    );
  });
});

describe('DELETE /api/milestones/:id', () => {
  it('soft-deletes, hides it from the list and audits the removed record', async () => {
    const m = await createMilestone(projectA.id, { name: '临时节点' });
    expect((await inject('DELETE', `/api/milestones/${m.id}`, leader.cookie)).statusCode).toBe(403);
    expect((await inject('DELETE', `/api/milestones/${m.id}`, b.cookie)).statusCode).toBe(404);
    const res = await inject('DELETE', `/api/milestones/${m.id}`, a.cookie);
    expect(res.statusCode).toBe(204);
    const list = (await inject('GET', `/api/projects/${projectA.id}/milestones`, a.cookie)).json();
    expect(list.items.some((x: { id: string }) => x.id === m.id)).toBe(false);
    const [row] = await t.database.query<{ deleted: boolean }>(
      'select deleted_at is not null as deleted from milestones where id = $1',
      [m.id],
    );
    expect(row?.deleted).toBe(true);
    const audit = await auditOf(m.id);
    expect(audit.at(-1)).toMatchObject({ action: 'milestone.delete', before: { name: '临时节点' } });
    expect((await inject('DELETE', `/api/milestones/${m.id}`, a.cookie)).statusCode).toBe(404);
  });
});

describe('annual plans', () => {
  const url = (year: number, projectId = projectA.id) => `/api/projects/${projectId}/annual-plans/${year}`;

  it('creates a plan with the even split by default (201) and audits it', async () => {
    const res = await inject('PUT', url(currentYear + 1), a.cookie, { plannedInvestment: 24000 });
    expect(res.statusCode).toBe(201);
    const plan = res.json();
    expect(plan).toMatchObject({
      year: currentYear + 1,
      plannedInvestment: 24000,
      monthlySchedule: null,
      version: 1,
    });
    expect(plan.effectiveSchedule).toHaveLength(12);
    expect(plan.effectiveSchedule[11]).toBe(100);
    const audit = await auditOf(`${projectA.id}:${currentYear + 1}`);
    expect(audit).toMatchObject([{ action: 'annual_plan.create', after: { plannedInvestment: 24000 } }]);
    // A year that has not begun has no year-to-date figures yet.
    const got = (await inject('GET', url(currentYear + 1), a.cookie)).json();
    expect(got).toMatchObject({
      year: currentYear + 1,
      plan: { plannedInvestment: 24000 },
      yearToDate: null,
    });
  });

  it('needs the current version to replace a plan: 409 without it or when stale, 200 with it', async () => {
    const year = currentYear + 2;
    await inject('PUT', url(year), a.cookie, { plannedInvestment: 1000 });
    const missing = await inject('PUT', url(year), a.cookie, { plannedInvestment: 2000 });
    expect(missing.statusCode).toBe(409);
    expect(missing.json().code).toBe('VERSION_CONFLICT');
    const ok = await inject('PUT', url(year), a.cookie, { plannedInvestment: 2000, version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ plannedInvestment: 2000, version: 2 });
    const stale = await inject('PUT', url(year), a.cookie, { plannedInvestment: 3000, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const audit = await auditOf(`${projectA.id}:${year}`);
    expect(audit.at(-1)).toMatchObject({
      action: 'annual_plan.update',
      before: { plannedInvestment: 1000, version: 1 },
      after: { plannedInvestment: 2000, version: 2 },
    });
  });

  it("returns 400 naming the field when the plan exceeds the project's total investment", async () => {
    const res = await inject('PUT', url(currentYear + 3), a.cookie, { plannedInvestment: 100001 });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        field: 'plannedInvestment',
        message: '年度计划投资（万元）：年度计划投资 100001 万元不能超过项目总投资 100000 万元',
      },
    ]);
    const en = await inject(
      'PUT',
      url(currentYear + 3),
      a.cookie,
      { plannedInvestment: -1 },
      {
        'accept-language': 'en',
      },
    );
    expect(en.statusCode).toBe(400);
    expect(en.json().details).toEqual([
      {
        field: 'plannedInvestment',
        message: 'Annual planned investment (10k CNY): The annual planned investment cannot be negative',
      },
    ]);
  });

  it('returns 400 naming the month when the cumulative schedule goes down', async () => {
    const res = await inject('PUT', url(currentYear + 3), a.cookie, {
      plannedInvestment: 1200,
      monthlySchedule: [5, 10, 20, 15, 40, 50, 60, 70, 80, 90, 95, 100],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('monthlySchedule.3');
    expect(res.json().details[0].message).toContain('累计比例不能下降');
  });

  it('computes year-to-date figures with a custom schedule from submitted and accepted reports', async () => {
    const year = currentYear - 1;
    const schedule = [2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const put = await inject('PUT', url(year), a.cookie, {
      plannedInvestment: 12000,
      monthlySchedule: schedule,
    });
    expect(put.statusCode).toBe(201);
    const reports: [string, string, number][] = [
      [`${year - 1}-12-01`, 'accepted', 5000], // the year before: not counted
      [`${year}-01-01`, 'accepted', 500],
      [`${year}-02-01`, 'submitted', 700],
      [`${year}-03-01`, 'returned', 800], // returned for correction: not counted
      [`${year}-04-01`, 'accepted', 1000],
      [`${year}-07-01`, 'accepted', 900], // after the month asked for
    ];
    for (const [month, status, amount] of reports) {
      await t.database.query(
        'insert into progress_reports (project_id, month, status, investment_this_month) values ($1, $2, $3, $4)',
        [projectA.id, month, status, amount],
      );
    }
    const res = await inject('GET', `${url(year)}?asOfMonth=6`, leader.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.plan).toMatchObject({
      plannedInvestment: 12000,
      monthlySchedule: schedule,
      effectiveSchedule: schedule,
    });
    expect(body.yearToDate).toEqual({
      month: 6,
      annualPlan: 12000,
      plannedSharePct: 40,
      plannedCumulative: 4800,
      completedCumulative: 2200,
      annualCompletionPct: 18.33,
      scheduleCompletionPct: 45.83,
      pointsBehind: 21.67,
    });
    // A past year is measured to December by default.
    const full = (await inject('GET', url(year), a.cookie)).json();
    expect(full.yearToDate).toMatchObject({ month: 12, plannedCumulative: 12000, completedCumulative: 3100 });
  });

  it('measures the current year to the current month, with null rates when there is no plan', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '科学谷三期' }));
    await t.database.query(
      'insert into progress_reports (project_id, month, status, investment_this_month) values ($1, $2, $3, $4)',
      [p.id, `${currentYear}-01-01`, 'submitted', 321.5],
    );
    const body = (await inject('GET', url(currentYear, p.id), a.cookie)).json();
    expect(body.plan).toBeNull();
    expect(body.yearToDate).toMatchObject({
      month: currentMonth,
      annualPlan: 0,
      completedCumulative: 321.5,
      annualCompletionPct: null,
      scheduleCompletionPct: null,
    });
  });

  it('returns 400 for a month that has not begun', async () => {
    const res = await inject('GET', `${url(currentYear + 1)}?asOfMonth=1`, a.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('asOfMonth');
  });

  it('returns 400 for a year out of range', async () => {
    const res = await inject('PUT', url(1999), a.cookie, { plannedInvestment: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toEqual({ field: 'year', message: '年度：年度应在 2000–2100 之间' });
  });

  it('denies: 401 anonymous, 403 leader writing, 404 outside the scope', async () => {
    expect((await inject('GET', url(currentYear))).statusCode).toBe(401);
    expect((await inject('PUT', url(currentYear), leader.cookie, { plannedInvestment: 1 })).statusCode).toBe(
      403,
    );
    expect((await inject('GET', url(currentYear), b.cookie)).statusCode).toBe(404);
    expect((await inject('PUT', url(currentYear), b.cookie, { plannedInvestment: 1 })).statusCode).toBe(404);
  });
});

describe('baselines', () => {
  it('freezes milestones and the annual plan; the list then compares with it; a second approval is 409', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '科学谷四期' }));
    const m = await createMilestone(p.id, { name: '开工', plannedDate: `${currentYear}-09-30` });
    await inject('PUT', `/api/projects/${p.id}/annual-plans/${currentYear}`, a.cookie, {
      plannedInvestment: 6000,
    });

    expect(
      (await inject('POST', `/api/projects/${p.id}/baselines`, a.cookie, { year: currentYear })).statusCode,
    ).toBe(403);
    const res = await inject('POST', `/api/projects/${p.id}/baselines`, leader.cookie, {
      year: currentYear,
      note: '管委会 2026 年第 3 次主任办公会审定',
    });
    expect(res.statusCode).toBe(201);
    const baseline = res.json();
    expect(baseline).toMatchObject({
      projectId: p.id,
      year: currentYear,
      approvedBy: leader.user.id,
      snapshot: {
        milestones: [{ id: m.id, name: '开工', plannedDate: `${currentYear}-09-30`, status: 'planned' }],
        annualPlan: { plannedInvestment: 6000, monthlySchedule: null, version: 1 },
      },
    });
    expect(await auditOf(baseline.id)).toMatchObject([
      { action: 'plan_baseline.approve', actor_id: leader.user.id },
    ]);

    // The plan slips by ten days: planned vs baseline shows it.
    await inject('PATCH', `/api/milestones/${m.id}`, a.cookie, {
      version: 1,
      plannedDate: `${currentYear}-10-10`,
    });
    const list = (await inject('GET', `/api/projects/${p.id}/milestones`, a.cookie)).json();
    expect(list.baseline).toMatchObject({ id: baseline.id, year: currentYear });
    expect(list.items[0]).toMatchObject({
      plannedDate: `${currentYear}-10-10`,
      baselinePlannedDate: `${currentYear}-09-30`,
      baselineVarianceDays: 10,
    });

    const again = await inject('POST', `/api/projects/${p.id}/baselines`, leader.cookie, {
      year: currentYear,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    expect(again.json().message).toContain(`${currentYear} 年度计划基线已于`);
    expect(again.json().message).toContain('不能重复批准');

    const listed = await inject('GET', `/api/projects/${p.id}/baselines`, a.cookie);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toHaveLength(1);
    expect((await inject('GET', `/api/projects/${p.id}/baselines`, b.cookie)).statusCode).toBe(404);
  });

  it('returns 400 naming the year when there is nothing to approve', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '科学谷五期' }));
    const res = await inject('POST', `/api/projects/${p.id}/baselines`, leader.cookie, { year: currentYear });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('year');
  });

  it('returns 400 naming the year when it is missing', async () => {
    const res = await inject('POST', `/api/projects/${projectA.id}/baselines`, leader.cookie, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('year');
  });
});

describe('GET /api/annual-plans/summary', () => {
  // A past year no other test plans for, so that every month of it may be reported and the zone is these projects.
  const year = currentYear - 4;
  let ownerC: Awaited<ReturnType<typeof userSession>>;
  let p1: { id: string };
  let p2: { id: string };

  async function report(cookie: string, projectId: string, month: string, investmentThisMonth: number) {
    const res = await inject('POST', `/api/projects/${projectId}/progress-reports`, cookie, {
      month,
      investmentThisMonth,
      imageProgress: '按计划推进',
    });
    if (res.statusCode !== 201) throw new Error(`report failed: ${res.statusCode} ${res.body}`);
  }

  beforeAll(async () => {
    const orgC = await createOrganization(t, { name: '重庆合计测试一公司' });
    const orgD = await createOrganization(t, { name: '重庆合计测试二公司' });
    ownerC = await userSession(t, ['project_owner'], { organizationId: orgC.id });
    const ownerD = await userSession(t, ['project_owner'], { organizationId: orgD.id });
    const start = { plannedStart: `${year}-03-01` };
    p1 = await createProjectViaApi(t, ownerC.cookie, projectInput(orgC.id, { name: '合计一号', ...start }));
    p2 = await createProjectViaApi(t, ownerC.cookie, projectInput(orgC.id, { name: '合计二号', ...start }));
    const unplanned = await createProjectViaApi(
      t,
      ownerC.cookie,
      projectInput(orgC.id, { name: '合计三号', ...start }),
    );
    const p4 = await createProjectViaApi(
      t,
      ownerD.cookie,
      projectInput(orgD.id, { name: '合计四号', ...start }),
    );
    const plan = (cookie: string, id: string, body: Record<string, unknown>) =>
      inject('PUT', `/api/projects/${id}/annual-plans/${year}`, cookie, body);
    await plan(ownerC.cookie, p1.id, { plannedInvestment: 1200 });
    await plan(ownerC.cookie, p2.id, {
      plannedInvestment: 2400,
      monthlySchedule: [2, 5, 12, 20, 28, 36, 45, 55, 65, 76, 88, 100],
    });
    await plan(ownerD.cookie, p4.id, { plannedInvestment: 1000 });
    await report(ownerC.cookie, p1.id, `${year}-03`, 100);
    await report(ownerC.cookie, p1.id, `${year}-06`, 200.5);
    await report(ownerC.cookie, p2.id, `${year}-06`, 300);
    await report(ownerC.cookie, p2.id, `${year}-07`, 400);
    await report(ownerC.cookie, unplanned.id, `${year}-06`, 100);
    await report(ownerD.cookie, p4.id, `${year}-05`, 500);
  });

  it('adds up the plans the reader may see, each on its own schedule, as the projects’ own figures do', async () => {
    const res = await inject('GET', `/api/annual-plans/summary?year=${year}&asOfMonth=6`, ownerC.cookie);
    expect(res.statusCode).toBe(200);
    // 1200 × 6/12 + 2400 × 36% planned; 100 + 200.5 + 300 completed, 200.5 + 300 in June. 合计三号 has no plan.
    expect(res.json()).toEqual({
      year,
      projectCount: 2,
      yearToDate: {
        month: 6,
        annualPlan: 3600,
        plannedSharePct: 40.67,
        plannedCumulative: 1464,
        completedCumulative: 600.5,
        annualCompletionPct: 16.68,
        scheduleCompletionPct: 41.02,
        pointsBehind: 23.99,
      },
      completedInMonth: 500.5,
    });
    const own = await Promise.all(
      [p1, p2].map(async (p) => {
        const one = await inject(
          'GET',
          `/api/projects/${p.id}/annual-plans/${year}?asOfMonth=6`,
          ownerC.cookie,
        );
        return one.json().yearToDate as { plannedCumulative: number; completedCumulative: number };
      }),
    );
    const summary = res.json().yearToDate;
    expect(summary.plannedCumulative).toBe(own.reduce((s, y) => s + y.plannedCumulative, 0));
    expect(summary.completedCumulative).toBe(own.reduce((s, y) => s + y.completedCumulative, 0));
  });

  it('covers the whole zone for a leader', async () => {
    const res = await inject('GET', `/api/annual-plans/summary?year=${year}&asOfMonth=6`, leader.cookie);
    expect(res.json()).toMatchObject({
      projectCount: 3,
      yearToDate: { annualPlan: 4600, completedCumulative: 1100.5 },
    });
  });

  it('answers 400 naming the field for a month not begun or a year out of range', async () => {
    const future = await inject(
      'GET',
      `/api/annual-plans/summary?year=${currentYear + 1}&asOfMonth=1`,
      leader.cookie,
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().details[0].field).toBe('asOfMonth');
    const bad = await inject('GET', '/api/annual-plans/summary?year=1999', leader.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('year');
    const later = await inject('GET', `/api/annual-plans/summary?year=${currentYear + 1}`, leader.cookie);
    expect(later.json()).toMatchObject({ yearToDate: null, completedInMonth: null });
  });
});
