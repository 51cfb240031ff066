import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../core/context.ts';
import { softwareCrypto } from '../../core/crypto.ts';
import { annualPlans, milestones, notifications, progressReports } from '../../db/schema.ts';
import { backgroundJobs } from '../../jobs.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';
import { createWarningService, evaluationMonth } from './warnings.service.ts';

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
function projectWithProgress(name: string, monthly: number[], physicalProgress: number | null = null) {
  return projectIn(t, owner.cookie, org.id, name, monthly, physicalProgress);
}

async function projectIn(
  t: TestApp,
  cookie: string,
  orgId: string,
  name: string,
  monthly: number[],
  physicalProgress: number | null = null,
) {
  const p = await createProjectViaApi(
    t,
    cookie,
    projectInput(orgId, {
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

describe('lights in bulk (issue #5: a province has 100,000 projects)', () => {
  // A clock the tests move: the lights of a new day are the job's, not the first reader's.
  let now = new Date('2026-11-10T02:00:00Z');
  let b: TestApp;
  let ctx: ServiceContext;
  let bLeader: Awaited<ReturnType<typeof userSession>>;
  const ids: string[] = [];

  type Light = {
    project_id: string;
    color: string;
    reasons: unknown;
    earned_value: unknown;
    computed_at: Date;
  };
  const lights = async () =>
    (
      await b.database.query<Light>(
        'select project_id, color, reasons, earned_value, computed_at from project_warnings where project_id = any($1::uuid[]) order by project_id',
        [ids],
      )
    ).map((l) => ({ ...l, computed_at: new Date(l.computed_at).toISOString() }));
  const computedAt = async () => new Map((await lights()).map((l) => [l.project_id, l.computed_at]));
  const list = async (query: string) => {
    const res = await b.app.inject({
      method: 'GET',
      url: `/api/warnings${query}`,
      headers: { cookie: bLeader.cookie },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      items: { projectId: string; projectName: string; color: string; reasons: { code: string }[] }[];
      total: number;
      counts: { red: number; yellow: number; green: number };
    };
  };

  beforeAll(async () => {
    b = await createTestApp({}, { clock: () => now });
    ctx = { db: b.database.db, config: b.config, crypto: softwareCrypto, clock: () => now };
    const bOrg = await createOrganization(b, { name: '批量预警企业' });
    const bOwner = await userSession(b, ['project_owner'], { organizationId: bOrg.id });
    bLeader = await userSession(b, ['leader']);
    // Seven projects, January to October reported: 100 a month is on schedule (green), 80 is 20 points behind
    // (yellow), 58 is 35 points behind (red) — in turn, so that every batch holds several colours.
    const amounts = [100, 80, 58];
    for (let i = 0; i < 7; i++) {
      const p = await projectIn(
        b,
        bOwner.cookie,
        bOrg.id,
        `批量项目${'丁甲丙戊乙己庚'[i]}`,
        Array(10).fill(amounts[i % 3]),
      );
      ids.push(p.id);
    }
  });
  afterAll(async () => {
    await b?.close();
  });

  it('computes the same lights in batches smaller than the number of projects as one at a time', async () => {
    const inBatchesOf = async (batchSize: number) => {
      expect(await createWarningService(ctx, { batchSize }).recompute(ids)).toBe(7);
      return (await lights()).map(({ computed_at, ...l }) => l);
    };
    const oneByOne = await inBatchesOf(1);
    expect(new Set(oneByOne.map((l) => l.color))).toEqual(new Set(['red', 'yellow', 'green']));
    expect(await inBatchesOf(3)).toEqual(oneByOne);
    expect(await inBatchesOf(1000)).toEqual(oneByOne);
    // Each light that turned worse was announced once, however the projects were batched.
    const told = await b.database.db.select().from(notifications);
    const lit = oneByOne.filter((l) => l.color !== 'green').map((l) => l.project_id);
    expect(told.map((n) => n.entityId).sort()).toEqual([...lit].sort());
  });

  it('takes 70,000 project ids in one batch: one array parameter, not one parameter each (limit 65,535)', async () => {
    const unknown = Array.from(
      { length: 70_000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const service = createWarningService(ctx, { batchSize: 100_000 });
    expect(await service.recompute([...unknown, ...ids])).toBe(7);
  });

  it('clears the change marks it consumed; a later change marks the project again', async () => {
    const marked = async () =>
      (
        await b.database.query<{ project_id: string }>(
          'select project_id from warning_inputs_changed where project_id = any($1::uuid[])',
          [ids],
        )
      ).map((r) => r.project_id);
    await createWarningService(ctx).recompute(ids);
    expect(await marked()).toEqual([]);
    await b.database.db
      .insert(milestones)
      .values({ projectId: ids[0]!, name: '桩基完成', plannedDate: '2026-12-01' });
    expect(await marked()).toEqual([ids[0]]);
    await createWarningService(ctx).recompute(ids);
    expect(await marked()).toEqual([]);
  });

  it('recomputes on read only the lights whose inputs changed', async () => {
    await createWarningService(ctx).recompute(ids);
    const before = await computedAt();
    now = new Date('2026-11-10T03:00:00Z');
    // A milestone of the green project falls 40 days overdue: red.
    await b.database.db
      .insert(milestones)
      .values({ projectId: ids[0]!, name: '主体封顶', plannedDate: '2026-10-01' });
    const body = await list('?pageSize=200');
    const changed = body.items.find((i) => i.projectId === ids[0])!;
    expect(changed.color).toBe('red');
    expect(changed.reasons.map((r) => r.code)).toContain('milestone_overdue');
    const after = await computedAt();
    expect(after.get(ids[0]!)).toBe(now.toISOString());
    for (const id of ids.slice(1)) expect(after.get(id)).toBe(before.get(id));
  });

  it('leaves a new day to the job: a read recomputes only the page it returns, the job all the rest', async () => {
    now = new Date('2026-11-11T02:00:00Z');
    const page = await list('?pageSize=2');
    expect(page.items).toHaveLength(2);
    const afterRead = await computedAt();
    const today = now.toISOString();
    expect(
      [...afterRead]
        .filter(([, at]) => at === today)
        .map(([id]) => id)
        .sort(),
    ).toEqual(page.items.map((i) => i.projectId).sort());
    const job = backgroundJobs(ctx).find((j) => j.name === 'supervision.refresh')!;
    await job.run(now);
    expect([...(await computedAt()).values()].every((at) => at === today)).toBe(true);
    expect(await createWarningService(ctx).recomputeDue()).toBe(0);
    // A pass that rewrote many lights vacuums them (here from the first light on), outside any transaction.
    now = new Date('2026-11-12T02:00:00Z');
    expect(await createWarningService(ctx, { vacuumAfter: 1 }).recomputeDue()).toBe(7);
    // The overdue milestone is a day older in every recomputed light.
    const red = (await list('?color=red&pageSize=200')).items.find((i) => i.projectId === ids[0])!;
    expect(red.reasons.map((r) => r.code)).toContain('milestone_overdue');
  });

  it('lists red, then yellow, then green, each by name, with counts; a renamed project moves', async () => {
    const rank = { red: 0, yellow: 1, green: 2 } as Record<string, number>;
    const inOrder = (items: { color: string; projectName: string }[]) =>
      [...items].sort((x, y) => rank[x.color]! - rank[y.color]! || (x.projectName < y.projectName ? -1 : 1));
    const body = await list('?pageSize=200');
    expect(body.items).toEqual(inOrder(body.items));
    expect(body.counts.red + body.counts.yellow + body.counts.green).toBe(body.total);
    const firstGreen = body.items.find((i) => i.color === 'green')!;
    await b.database.query(`update projects set name = '0号批量项目' where id = $1`, [firstGreen.projectId]);
    const renamed = await list('?color=green&pageSize=200');
    expect(renamed.items.map((i) => i.projectName)).toEqual(inOrder(renamed.items).map((i) => i.projectName));
    expect(renamed.items[0]).toMatchObject({ projectId: firstGreen.projectId, projectName: '0号批量项目' });
    const pageTwo = await list('?color=green&pageSize=1&page=2');
    expect(pageTwo.items[0]?.projectId).toBe(renamed.items[1]?.projectId);
  });

  it('filters by colour, red and green together too, and leaves deleted projects out of list and counts', async () => {
    const all = await list('?pageSize=200');
    const redGreen = await list('?color=red,green&pageSize=200');
    expect(redGreen.items.map((i) => i.projectId)).toEqual(
      all.items.filter((i) => i.color !== 'yellow').map((i) => i.projectId),
    );
    expect(redGreen.total).toBe(all.counts.red + all.counts.green);
    const gone = all.items.find((i) => i.color === 'yellow')!;
    await b.database.query('update projects set deleted_at = now() where id = $1', [gone.projectId]);
    const after = await list('?pageSize=200');
    expect(after.items.map((i) => i.projectId)).not.toContain(gone.projectId);
    expect(after.counts).toEqual({ ...all.counts, yellow: all.counts.yellow - 1 });
    expect(after.total).toBe(all.total - 1);
    await b.database.query('update projects set deleted_at = null where id = $1', [gone.projectId]);
  });
});
