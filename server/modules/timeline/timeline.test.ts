import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timeline, TimelineEntry } from '#domain/schemas/timeline.ts';
import { projectStageHistory } from '../../db/schema.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

let t: TestApp;
let investment: Awaited<ReturnType<typeof userSession>>;
let leader: Awaited<ReturnType<typeof userSession>>;
let admin: Awaited<ReturnType<typeof userSession>>;
let ownerA: Awaited<ReturnType<typeof userSession>>;
const ids: Record<string, string> = {};

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const inject = (method: Method, url: string, cookie?: string, payload?: unknown, locale = 'zh-CN') =>
  t.app.inject({
    method,
    url,
    headers: { ...(cookie ? { cookie } : {}), 'accept-language': locale },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

beforeAll(async () => {
  t = await createTestApp();
  const orgA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const orgB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  investment = await userSession(t, ['investment']);
  leader = await userSession(t, ['leader']);
  admin = await userSession(t, ['admin']);
  ownerA = await userSession(t, ['project_owner'], { organizationId: orgA.id });
  const create = async (key: string, org: string, name: string, totalInvestment: number) => {
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(org, {
        name,
        totalInvestment,
        investmentGovernment: totalInvestment,
        investmentSocial: 0,
        stage: 'under_construction',
      }),
    );
    ids[key] = p.id;
  };
  await create('a1', orgA.id, '科学大道三期', 300000);
  await create('a2', orgA.id, '科学谷二期', 200000);
  await create('b1', orgB.id, '芯片厂房一期', 500000);
  await create('a3', orgA.id, '金凤隧道', 80000);
  await create('b2', orgB.id, '芯片厂房二期', 120000);
  const report = async (key: string, kind: string, eventDate: string) => {
    const res = await inject('POST', `/api/projects/${ids[key]}/events`, investment.cookie, {
      kind,
      eventDate,
    });
    expect(res.statusCode).toBe(200);
  };
  // Three starts on one day make a 集中开工; two on another day do not.
  for (const key of ['a1', 'a2', 'b1']) await report(key, 'start_report', '2024-04-15');
  for (const key of ['a3', 'b2']) await report(key, 'start_report', '2024-05-20');
  await report('a1', 'completion_report', '2025-06-30');
  // 投产 comes from the stage history (the move into operation needs records this test is not about).
  await t.database.db.insert(projectStageHistory).values({
    projectId: ids.b2!,
    fromStage: 'completion_acceptance',
    toStage: 'in_operation',
    direction: 'forward',
    movedOn: '2025-08-01',
  });
});
afterAll(async () => {
  await t.close();
});

const timeline = async (cookie: string, query = '', locale?: string) => {
  const res = await inject('GET', `/api/timeline${query}`, cookie, undefined, locale);
  expect(res.statusCode).toBe(200);
  return res.json() as Timeline;
};
const summary = (items: TimelineEntry[]) => items.map((e) => [e.date, e.kind, e.title]);

describe('GET /api/timeline', () => {
  it("merges recorded events with the projects' starts, completions and operations, oldest first", async () => {
    const signing = await inject('POST', '/api/timeline-events', leader.cookie, {
      eventDate: '2024-01-10',
      kind: 'signing',
      title: '科学谷产业项目集中签约',
      description: '签约 12 个项目',
    });
    expect(signing.statusCode).toBe(201);
    const { items, years } = await timeline(leader.cookie);
    expect(summary(items)).toEqual([
      ['2024-01-10', 'signing', '科学谷产业项目集中签约'],
      ['2024-04-15', 'mass_start', '3 个项目集中开工'],
      ['2024-05-20', 'start', '芯片厂房二期开工'],
      ['2024-05-20', 'start', '金凤隧道开工'],
      ['2025-06-30', 'completion', '科学大道三期竣工'],
      ['2025-08-01', 'operation', '芯片厂房二期投产运营'],
    ]);
    expect(years).toEqual([2025, 2024]);
    const group = items[1]!;
    expect(group).toMatchObject({ source: 'projects', totalInvestment: 1_000_000, event: null });
    expect(group.projects.map((p) => p.id)).toEqual([ids.b1, ids.a1, ids.a2]);
    expect(items[0]).toMatchObject({ source: 'event', description: '签约 12 个项目' });
    expect(items[0]!.event).toMatchObject({ kind: 'signing', version: 1, isDemo: false });
  });

  it('titles the entries in the reader’s language', async () => {
    const { items } = await timeline(leader.cookie, '?kind=mass_start', 'en');
    expect(items.map((e) => e.title)).toEqual(['3 projects started construction together']);
  });

  it('lets a recorded 集中开工 take in the projects that started that day', async () => {
    const res = await inject('POST', '/api/timeline-events', leader.cookie, {
      eventDate: '2024-05-20',
      kind: 'mass_start',
      title: '第二批重点项目集中开工',
    });
    expect(res.statusCode).toBe(201);
    const { items } = await timeline(leader.cookie, '?year=2024');
    expect(summary(items)).toEqual([
      ['2024-01-10', 'signing', '科学谷产业项目集中签约'],
      ['2024-04-15', 'mass_start', '3 个项目集中开工'],
      ['2024-05-20', 'mass_start', '第二批重点项目集中开工'],
    ]);
    expect(items[2]!.projects.map((p) => p.id)).toEqual([ids.b2, ids.a3]);
  });

  it("shows an owner only his projects' dates, and only his projects on recorded events", async () => {
    const { items } = await timeline(ownerA.cookie);
    expect(summary(items)).toEqual([
      ['2024-01-10', 'signing', '科学谷产业项目集中签约'],
      // Two of his projects started on 15 April: below the three a 集中开工 needs.
      ['2024-04-15', 'start', '科学大道三期开工'],
      ['2024-04-15', 'start', '科学谷二期开工'],
      ['2024-05-20', 'mass_start', '第二批重点项目集中开工'],
      ['2025-06-30', 'completion', '科学大道三期竣工'],
    ]);
    expect(items[3]!.projects.map((p) => p.id)).toEqual([ids.a3]);
    expect(JSON.stringify(items)).not.toContain('芯片');
  });

  it('filters by year and kind', async () => {
    expect(summary((await timeline(leader.cookie, '?year=2025')).items).map((e) => e[1])).toEqual([
      'completion',
      'operation',
    ]);
    const starts = await timeline(leader.cookie, '?kind=mass_start,completion');
    expect(starts.items.map((e) => e.kind)).toEqual(['mass_start', 'mass_start', 'completion']);
    expect(starts.years).toEqual([2025, 2024]);
  });

  it('returns 400 naming the field for a bad year or kind, and 401 without a session', async () => {
    const year = await inject('GET', '/api/timeline?year=24', leader.cookie);
    expect(year.statusCode).toBe(400);
    expect(year.json().details[0]).toMatchObject({ field: 'year', message: '年份：年份应为四位数字' });
    const kind = await inject('GET', '/api/timeline?kind=party', leader.cookie);
    expect(kind.statusCode).toBe(400);
    expect(kind.json().details[0].field).toMatch(/^kind/);
    expect((await inject('GET', '/api/timeline')).statusCode).toBe(401);
  });
});

describe('/api/timeline-events', () => {
  const input = {
    eventDate: '2021-04-15',
    kind: 'mass_start',
    title: '2021 年重点项目集中开工',
    description: '107 个重点项目集中开工',
  };

  it('lets an administrator record a milestone with related projects, audited', async () => {
    const res = await inject('POST', '/api/timeline-events', admin.cookie, {
      ...input,
      projectIds: [ids.a1, ids.b1, ids.a1],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ title: input.title, version: 1 });
    expect([...created.projectIds].sort()).toEqual([ids.a1, ids.b1].sort());
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1`,
      [created.id],
    );
    expect(audit).toEqual([{ action: 'timeline.create' }]);
  });

  it('returns 400 naming the field for a short title or an unknown project, and writes nothing', async () => {
    const short = await inject('POST', '/api/timeline-events', leader.cookie, { ...input, title: '开' });
    expect(short.statusCode).toBe(400);
    expect(short.json().details[0]).toMatchObject({ field: 'title', message: '标题：标题至少 2 个字' });
    const unknown = await inject('POST', '/api/timeline-events', leader.cookie, {
      ...input,
      title: '未知项目',
      projectIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].field).toBe('projectIds');
    const rows = await t.database.query(`select 1 from timeline_events where title in ('开', '未知项目')`);
    expect(rows).toHaveLength(0);
  });

  it('returns 403 to an owner, who may read the timeline but not change it', async () => {
    const res = await inject('POST', '/api/timeline-events', ownerA.cookie, input);
    expect(res.statusCode).toBe(403);
  });

  it('corrects a milestone with its version, and answers 409 to a stale one', async () => {
    const created = (await inject('POST', '/api/timeline-events', leader.cookie, input)).json();
    const res = await inject('PATCH', `/api/timeline-events/${created.id}`, leader.cookie, {
      title: '2021 年重点项目集中开工暨中电软件园开工',
      projectIds: [ids.a2],
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, projectIds: [ids.a2], kind: 'mass_start' });
    const stale = await inject('PATCH', `/api/timeline-events/${created.id}`, leader.cookie, {
      title: '旧版本的修改',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    const audit = await t.database.query<{ action: string; before: { title: string } }>(
      `select action, before from audit_log where entity_id = $1 and action = 'timeline.update'`,
      [created.id],
    );
    expect(audit).toEqual([
      { action: 'timeline.update', before: expect.objectContaining({ title: input.title }) },
    ]);
  });

  it('removes a milestone with its version, audited; 404 for one that does not exist', async () => {
    const created = (await inject('POST', '/api/timeline-events', leader.cookie, input)).json();
    const stale = await inject('DELETE', `/api/timeline-events/${created.id}`, leader.cookie, { version: 2 });
    expect(stale.statusCode).toBe(409);
    const res = await inject('DELETE', `/api/timeline-events/${created.id}`, leader.cookie, { version: 1 });
    expect(res.statusCode).toBe(204);
    const again = await inject('DELETE', `/api/timeline-events/${created.id}`, leader.cookie, { version: 1 });
    expect(again.statusCode).toBe(404);
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1 and outcome = 'success' order by id`,
      [created.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['timeline.create', 'timeline.delete']);
  });
});
