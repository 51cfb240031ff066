import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualPlans, milestones, notifications, progressReports } from '../../db/schema.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';
import { evaluationMonth } from './warnings.service.ts';

// 10 November 2026 in Beijing: October's reports were due on the 5th, so October is judged.
const NOW = new Date('2026-11-10T02:00:00Z');

let t: TestApp;
let org: { id: string };
let owner: Awaited<ReturnType<typeof userSession>>;
let leader: Awaited<ReturnType<typeof userSession>>;
let admin: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => NOW });
  org = await createOrganization(t, { name: '预警测试企业' });
  owner = await userSession(t, ['project_owner'], { organizationId: org.id });
  leader = await userSession(t, ['leader']);
  admin = await userSession(t, ['admin']);
});
afterAll(async () => {
  await t.close();
});

/** A project under construction with an annual plan of 1200 万元 for 2026 and the given monthly amounts. */
async function projectWithProgress(name: string, monthly: number[], physicalProgress: number | null = null) {
  const p = await createProjectViaApi(
    t,
    owner.cookie,
    projectInput(org.id, {
      name,
      stage: 'under_construction',
      code: null,
      totalInvestment: 10000,
      investmentGovernment: null,
      investmentSocial: null,
      investmentForeign: null,
      plannedStart: '2026-01-01',
      plannedCompletion: '2027-12-31',
    }),
  );
  await t.database.db.insert(annualPlans).values({ projectId: p.id, year: 2026, plannedInvestment: 1200 });
  await t.database.db.insert(progressReports).values(
    monthly.map((amount, i) => ({
      projectId: p.id,
      month: `2026-${String(i + 1).padStart(2, '0')}-01`,
      status: 'accepted' as const,
      investmentThisMonth: amount,
      physicalProgress,
    })),
  );
  return p;
}

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('evaluationMonth', () => {
  it('judges the latest month whose report deadline has passed', () => {
    expect(evaluationMonth('2026-11-06', 5)).toBe('2026-10');
    expect(evaluationMonth('2026-11-05', 5)).toBe('2026-09');
    expect(evaluationMonth('2026-01-10', 5)).toBe('2025-12');
  });
});

describe('GET /api/projects/:id/warning', () => {
  it('turns red when completion trails the 序时进度 by more than 30 points (银川), saying so in words', async () => {
    // Planned by October: 10/12 of 1200 = 1000; completed 10 × 58 = 580 → 420 of 1200 = 35 points behind.
    const p = await projectWithProgress('落后项目', Array(10).fill(58), 40);
    const res = await get(`/api/projects/${p.id}/warning`, owner.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.color).toBe('red');
    expect(body.presetCode).toBe('yinchuan');
    expect(body.evaluatedMonth).toBe('2026-10');
    expect(body.reasons[0].zh).toContain('落后序时进度 35 个百分点');
    expect(body.earnedValue.physicalProgressPct).toBe(40);
    expect(body.earnedValue.ac).toBe(580);
  });

  it('stays green on schedule and explains the green light too', async () => {
    const p = await projectWithProgress('正常项目', Array(10).fill(100));
    const body = (await get(`/api/projects/${p.id}/warning`, owner.cookie)).json();
    expect(body.color).toBe('green');
    expect(body.reasons.length).toBeGreaterThan(0);
  });

  it('counts an overdue milestone', async () => {
    const p = await projectWithProgress('节点逾期项目', Array(10).fill(100));
    await t.database.db
      .insert(milestones)
      .values({ projectId: p.id, name: '主体结构封顶', plannedDate: '2026-10-01' });
    const body = (await get(`/api/projects/${p.id}/warning`, owner.cookie)).json();
    expect(body.color).toBe('red');
    expect(body.reasons.map((r: { code: string }) => r.code)).toContain('milestone_overdue');
  });

  it('flags missing monthly reports of a project under construction', async () => {
    const p = await projectWithProgress('月报缺失项目', Array(8).fill(125));
    const body = (await get(`/api/projects/${p.id}/warning`, owner.cookie)).json();
    const reason = body.reasons.find((r: { code: string }) => r.code === 'report_missing');
    expect(reason.color).toBe('red');
  });

  it('notifies the responsible people when a light turns worse', async () => {
    const p = await projectWithProgress('通知项目', Array(10).fill(10));
    await get(`/api/projects/${p.id}/warning`, owner.cookie);
    const rows = await t.database.db.select().from(notifications);
    expect(
      rows.some((n) => n.userId === owner.user.id && n.entityId === p.id && n.title.includes('红灯')),
    ).toBe(true);
  });

  it("returns 404 to an owner for another owner's project", async () => {
    const other = await userSession(t, ['project_owner'], {
      organizationId: (await createOrganization(t)).id,
    });
    const p = await projectWithProgress('他人预警项目', [100]);
    expect((await get(`/api/projects/${p.id}/warning`, other.cookie)).statusCode).toBe(404);
  });
});

describe('GET /api/warnings', () => {
  it('lists red and yellow projects first with counts, filtered by colour', async () => {
    const res = await get('/api/warnings?color=red', leader.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.every((i: { color: string }) => i.color === 'red')).toBe(true);
    expect(body.counts.red).toBe(body.total);
    expect(body.items.map((i: { projectName: string }) => i.projectName)).toContain('落后项目');
  });

  it('returns 401 without a session and 403 without warning.read', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/warnings' })).statusCode).toBe(401);
    expect((await get('/api/warnings', admin.cookie)).statusCode).toBe(403);
  });
});

describe('judgements', () => {
  it('records a dated judgement with a reason beside the computed light', async () => {
    const p = await projectWithProgress('研判项目', Array(10).fill(58));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/judgements`,
      headers: { cookie: leader.cookie },
      payload: { confidence: 'medium', reason: '征地拆迁已完成，四季度可追回进度' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ confidence: 'medium', judgedOn: '2026-11-10' });
    const detail = (await get(`/api/projects/${p.id}/warning`, leader.cookie)).json();
    expect(detail.color).toBe('red');
    expect(detail.latestJudgement.reason).toBe('征地拆迁已完成，四季度可追回进度');
  });

  it('returns 400 without a reason and 403 for a project owner', async () => {
    const p = await projectWithProgress('研判校验项目', [100]);
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/judgements`,
      headers: { cookie: leader.cookie },
      payload: { confidence: 'low', reason: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('reason');
    const denied = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/judgements`,
      headers: { cookie: owner.cookie },
      payload: { confidence: 'low', reason: '业主自评理由' },
    });
    expect(denied.statusCode).toBe(403);
  });
});

describe('/api/warning-settings', () => {
  it('switches the active preset and re-judges every project (620 of 1000: 银川 red, 武汉 yellow)', async () => {
    const p = await projectWithProgress('武汉规则项目', Array(10).fill(62));
    expect((await get(`/api/projects/${p.id}/warning`, owner.cookie)).json().color).toBe('red');
    const current = (await get('/api/warning-settings', admin.cookie)).json();
    expect(current.activePreset).toBe('yinchuan');
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/warning-settings',
      headers: { cookie: admin.cookie },
      payload: { activePreset: 'wuhan', version: current.version },
    });
    expect(res.statusCode).toBe(200);
    const after = (await get(`/api/projects/${p.id}/warning`, owner.cookie)).json();
    expect(after.presetCode).toBe('wuhan');
    expect(after.reasons.find((r: { code: string }) => r.code.startsWith('investment')).color).toBe('yellow');
    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/warning-settings',
      headers: { cookie: admin.cookie },
      payload: { activePreset: 'sanya', version: current.version },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('sets the monthly report deadline day, which moves the judged month', async () => {
    const current = (await get('/api/warning-settings', admin.cookie)).json();
    expect(current.reportDeadlineDay).toBe(5);
    const put = (reportDeadlineDay: number) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/warning-settings',
        headers: { cookie: admin.cookie },
        payload: { activePreset: current.activePreset, reportDeadlineDay, version: current.version },
      });
    const bad = await put(31);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('reportDeadlineDay');
    const res = await put(15);
    expect(res.json().reportDeadlineDay).toBe(15);
  });

  it('returns 403 to a leader', async () => {
    expect((await get('/api/warning-settings', leader.cookie)).statusCode).toBe(403);
  });
});
