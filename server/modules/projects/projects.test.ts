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
let ownerA: { id: string };
let ownerB: { id: string };
let department: { id: string };
let a: Awaited<ReturnType<typeof userSession>>;
let b: Awaited<ReturnType<typeof userSession>>;
let investment: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp();
  ownerA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  ownerB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  department = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  a = await userSession(t, ['project_owner'], { organizationId: ownerA.id });
  b = await userSession(t, ['project_owner'], { organizationId: ownerB.id });
  investment = await userSession(t, ['investment']);
});
afterAll(async () => {
  await t.close();
});

const inject = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  cookie?: string,
  payload?: unknown,
) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('POST /api/projects', () => {
  it('creates a project for the owner organisation and records it in the audit log', async () => {
    const res = await inject(
      'POST',
      '/api/projects',
      a.cookie,
      projectInput(ownerA.id, { code: '2103-500106-04-01-123456' }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: '科学大道二期',
      ownerOrgName: '重庆科学城城市建设集团有限公司',
      codeFormat: 'current',
      version: 1,
      divisionName: '沙坪坝区',
    });
    const audit = await t.database.query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where entity_id = $1`,
      [body.id],
    );
    expect(audit).toEqual([{ action: 'project.create', actor_id: a.user.id }]);
  });

  it('detects a legacy project code by its first segment', async () => {
    const p = await createProjectViaApi(
      t,
      a.cookie,
      projectInput(ownerA.id, { name: '科学谷一期', code: '2017-500106-47-03-012345' }),
    );
    expect((p as unknown as { codeFormat: string }).codeFormat).toBe('legacy');
  });

  it('returns 400 naming the field when the name is too short', async () => {
    const res = await inject('POST', '/api/projects', a.cookie, projectInput(ownerA.id, { name: '科' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ field: 'name', message: '项目名称：项目名称至少 2 个字' }]);
  });

  it('returns 400 in English when asked, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie: a.cookie, 'accept-language': 'en-US,en;q=0.9' },
      payload: projectInput(ownerA.id, { name: '科' }),
    });
    expect(res.json().details[0].message).toBe('Project name: Name must have at least 2 characters');
  });

  it('returns 400 for a malformed project code', async () => {
    const res = await inject(
      'POST',
      '/api/projects',
      a.cookie,
      projectInput(ownerA.id, { code: '2103-500106-04-01-12345' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('code');
  });

  it('returns 400 when the code names a division that is not in the division table', async () => {
    const res = await inject(
      'POST',
      '/api/projects',
      a.cookie,
      projectInput(ownerA.id, { code: '2103-999999-04-01-123456' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ field: 'code' });
    expect(res.json().details[0].message).toContain('999999');
  });

  it('returns 400 when the funding sources do not add up to the total', async () => {
    const res = await inject(
      'POST',
      '/api/projects',
      a.cookie,
      projectInput(ownerA.id, { investmentGovernment: 1 }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('totalInvestment');
  });

  it('returns 400 for an industry code that is not in GB/T 4754', async () => {
    const res = await inject(
      'POST',
      '/api/projects',
      a.cookie,
      projectInput(ownerA.id, { industryCode: '99' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('industryCode');
  });

  it('returns 400 when an owner registers a project for another organisation', async () => {
    const res = await inject('POST', '/api/projects', a.cookie, projectInput(ownerB.id));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('ownerOrgId');
  });

  it('returns 409 for a code another live project uses', async () => {
    const input = projectInput(ownerA.id, { name: '重复代码项目', code: '2104-500107-04-01-654321' });
    await createProjectViaApi(t, a.cookie, input);
    const res = await inject('POST', '/api/projects', a.cookie, input);
    expect(res.statusCode).toBe(409);
    expect(res.json().details[0].field).toBe('code');
  });

  it('returns 401 without a session', async () => {
    expect((await inject('POST', '/api/projects', undefined, projectInput(ownerA.id))).statusCode).toBe(401);
  });

  it('returns 403 for a role without project.create and audits the denial', async () => {
    const leader = await userSession(t, ['leader']);
    const res = await inject('POST', '/api/projects', leader.cookie, projectInput(ownerA.id));
    expect(res.statusCode).toBe(403);
    const rows = await t.database.query<{ outcome: string }>(
      `select outcome from audit_log where actor_id = $1 and action = 'project.create'`,
      [leader.user.id],
    );
    expect(rows).toEqual([{ outcome: 'denied' }]);
  });
});

describe('GET /api/projects/:id', () => {
  it("returns 404, never the data, when an owner reads another owner's project, and audits the denial", async () => {
    const p = await createProjectViaApi(t, b.cookie, projectInput(ownerB.id, { name: '芯片厂房一期' }));
    const res = await inject('GET', `/api/projects/${p.id}`, a.cookie);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('芯片厂房一期');
    const rows = await t.database.query<{ outcome: string }>(
      `select outcome from audit_log where entity_id = $1 and actor_id = $2`,
      [p.id, a.user.id],
    );
    expect(rows).toEqual([{ outcome: 'denied' }]);
  });

  it('lets a department read the projects it leads and no others', async () => {
    const dept = await userSession(t, ['department'], { organizationId: department.id });
    const led = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(ownerB.id, { name: '牵头部门项目', leadDepartmentId: department.id }),
    );
    const other = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(ownerB.id, { name: '其他部门项目' }),
    );
    expect((await inject('GET', `/api/projects/${led.id}`, dept.cookie)).statusCode).toBe(200);
    expect((await inject('GET', `/api/projects/${other.id}`, dept.cookie)).statusCode).toBe(404);
  });

  it('lets a project chief read the projects he is chief of', async () => {
    const chief = await userSession(t, ['project_chief']);
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(ownerB.id, { name: '项目长的项目', chiefUserId: chief.user.id }),
    );
    expect((await inject('GET', `/api/projects/${p.id}`, chief.cookie)).json().chiefName).toBe(
      chief.user.displayName,
    );
    const list = (await inject('GET', '/api/projects?pageSize=200', chief.cookie)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
  });

  it('returns 400 for an id that is not a UUID', async () => {
    const res = await inject('GET', '/api/projects/not-a-uuid', a.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('id');
  });
});

describe('GET /api/projects', () => {
  let session: Awaited<ReturnType<typeof userSession>>;
  beforeAll(async () => {
    const org = await createOrganization(t, { name: '搜索测试单位' });
    session = await userSession(t, ['project_owner'], { organizationId: org.id });
    const make = (name: string, extra: Record<string, unknown> = {}) =>
      createProjectViaApi(
        t,
        session.cookie,
        projectInput(org.id, {
          name,
          investmentGovernment: null,
          investmentSocial: null,
          investmentForeign: null,
          ...extra,
        }),
      );
    await make('科学大道', {
      totalInvestment: 500000,
      stage: 'under_construction',
      divisionCode: '500107',
      plannedStart: '2021-04-15',
    });
    await make('科学谷二期', {
      totalInvestment: 200000,
      category: 'industrial',
      industryCode: '65',
      leadingIndustry: 'NGIT',
    });
    await make('金凤隧道', { totalInvestment: 300000, keyLevel: 'district', tags: ['一季一拉练'] });
    await make('重庆巴蜀科学城中学', {
      totalInvestment: 80000,
      category: 'social',
      industryCode: '83',
      code: '2105-500106-04-01-222222',
    });
  });
  const list = async (query: string) => {
    const res = await inject('GET', `/api/projects?${query}`, session.cookie);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: string; name: string }[]; total: number };
  };
  const names = async (query: string) => (await list(query)).items.map((i) => i.name);

  it('finds by a one-character Chinese substring', async () => {
    expect((await names('q=谷')).sort()).toEqual(['科学谷二期']);
  });
  it('finds by a two-character Chinese word', async () => {
    expect((await names('q=科学&sort=name&order=asc')).sort()).toEqual(
      ['科学大道', '科学谷二期', '重庆巴蜀科学城中学'].sort(),
    );
  });
  it('finds by three or more characters in order only', async () => {
    expect(await names('q=科学大道')).toEqual(['科学大道']);
    expect(await names('q=道大学科')).toEqual([]);
  });
  it('finds by pinyin initials and by full pinyin', async () => {
    expect(await names('q=kxdd')).toEqual(['科学大道']);
    expect(await names('q=KXDD')).toEqual(['科学大道']);
    expect(await names('q=jinfeng')).toEqual(['金凤隧道']);
  });
  it('finds by part of the project code', async () => {
    expect(await names('q=222222')).toEqual(['重庆巴蜀科学城中学']);
  });
  it('filters by coded fields, investment range, tag and dates', async () => {
    expect(await names('category=social')).toEqual(['重庆巴蜀科学城中学']);
    expect(await names('stage=under_construction')).toEqual(['科学大道']);
    expect(await names('divisionCode=500107')).toEqual(['科学大道']);
    expect(await names('keyLevel=district')).toEqual(['金凤隧道']);
    expect(await names('leadingIndustry=NGIT')).toEqual(['科学谷二期']);
    expect(await names('industryCode=I')).toEqual(['科学谷二期']);
    expect(await names('tag=一季一拉练')).toEqual(['金凤隧道']);
    expect((await names('investmentMin=200000&investmentMax=300000')).sort()).toEqual(
      ['科学谷二期', '金凤隧道'].sort(),
    );
    expect(await names('plannedStartFrom=2021-01-01&plannedStartTo=2021-12-31')).toEqual(['科学大道']);
    expect(await names('hasCode=true')).toEqual(['重庆巴蜀科学城中学']);
  });
  it('sorts by any column in both directions', async () => {
    expect(await names('sort=totalInvestment&order=desc')).toEqual([
      '科学大道',
      '金凤隧道',
      '科学谷二期',
      '重庆巴蜀科学城中学',
    ]);
    expect(await names('sort=totalInvestment&order=asc')).toEqual([
      '重庆巴蜀科学城中学',
      '科学谷二期',
      '金凤隧道',
      '科学大道',
    ]);
  });
  it('paginates with the total count', async () => {
    const page2 = await list('sort=totalInvestment&order=desc&page=2&pageSize=3');
    expect(page2.total).toBe(4);
    expect(page2.items.map((i) => i.name)).toEqual(['重庆巴蜀科学城中学']);
  });
  it('returns 400 naming the parameter for an unknown sort column', async () => {
    const res = await inject('GET', '/api/projects?sort=password', session.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('sort');
  });
  it('counts projects per stage with the same filters', async () => {
    const res = await inject('GET', '/api/projects/stage-counts?q=科学', session.cookie);
    expect(res.statusCode).toBe(200);
    const counts = Object.fromEntries(
      res.json().map((r: { stage: string; count: number }) => [r.stage, r.count]),
    );
    expect(counts).toEqual({ under_construction: 1, construction_permit: 2 });
  });

  it('returns 403 for the recycle bin without project.restore', async () => {
    expect((await inject('GET', '/api/projects?deleted=true', session.cookie)).statusCode).toBe(403);
  });
});

describe('PATCH /api/projects/:id', () => {
  it('updates with the current version, bumps it and audits before/after of the changed fields', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '待修改项目' }));
    const res = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, {
      version: 1,
      name: '已修改项目',
      keyLevel: 'district',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '已修改项目', version: 2, keyLevel: 'district' });
    const [row] = await t.database.query<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `select before, after from audit_log where entity_id = $1 and action = 'project.update'`,
      [p.id],
    );
    expect(row?.before).toEqual({ name: '待修改项目', keyLevel: 'municipal', version: 1 });
    expect(row?.after).toEqual({ name: '已修改项目', keyLevel: 'district', version: 2 });
  });

  it('returns 400 when an edit tries to change the stage, which only a stage transition may do', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '阶段不能直接改' }));
    const res = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, {
      version: 1,
      stage: 'in_operation',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('stage');
  });

  it('returns 409 on a stale version and changes nothing', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '并发修改项目' }));
    expect(
      (await inject('PATCH', `/api/projects/${p.id}`, a.cookie, { version: 1, name: '第一次修改' }))
        .statusCode,
    ).toBe(200);
    const stale = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, {
      version: 1,
      name: '第二次修改',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    expect((await inject('GET', `/api/projects/${p.id}`, a.cookie)).json().name).toBe('第一次修改');
  });

  it('returns 400 when a partial update breaks the funding split of the stored record', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '资金来源项目' }));
    const res = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, {
      version: 1,
      totalInvestment: 120000,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('totalInvestment');
  });

  it("returns 404 when an owner edits another owner's project", async () => {
    const p = await createProjectViaApi(t, b.cookie, projectInput(ownerB.id, { name: '别人的项目' }));
    const res = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, { version: 1, name: '篡改' });
    expect(res.statusCode).toBe(404);
  });

  it('returns 403 for a leader, who reads but does not edit', async () => {
    const leader = await userSession(t, ['leader']);
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '领导只读项目' }));
    expect((await inject('GET', `/api/projects/${p.id}`, leader.cookie)).statusCode).toBe(200);
    expect(
      (await inject('PATCH', `/api/projects/${p.id}`, leader.cookie, { version: 1, name: '改' })).statusCode,
    ).toBe(403);
  });

  it('returns 400 without a version', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '无版本项目' }));
    const res = await inject('PATCH', `/api/projects/${p.id}`, a.cookie, { name: '改名' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('version');
  });
});

describe('DELETE /api/projects/:id and restore', () => {
  it('soft-deletes with a reason, hides the project, and lets an admin restore it', async () => {
    const admin = await userSession(t, ['admin']);
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(ownerA.id, { name: '待删除项目', code: '2106-500109-04-01-333333' }),
    );
    const del = await inject('DELETE', `/api/projects/${p.id}`, investment.cookie, { reason: '重复录入' });
    expect(del.statusCode).toBe(204);
    expect((await inject('GET', `/api/projects/${p.id}`, investment.cookie)).statusCode).toBe(404);
    const bin = (await inject('GET', '/api/projects?deleted=true', admin.cookie)).json();
    expect(bin.items.find((i: { id: string }) => i.id === p.id)?.deleteReason).toBe('重复录入');
    const restored = await inject('POST', `/api/projects/${p.id}/restore`, admin.cookie);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    const actions = await t.database.query<{ action: string; detail: string | null }>(
      `select action, detail from audit_log where entity_id = $1 order by id`,
      [p.id],
    );
    expect(actions.map((x) => x.action)).toEqual(['project.create', 'project.delete', 'project.restore']);
    expect(actions[1]?.detail).toBe('重复录入');
  });

  it('returns 400 without a reason', async () => {
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(ownerA.id, { name: '无理由删除' }),
    );
    const res = await inject('DELETE', `/api/projects/${p.id}`, investment.cookie, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('reason');
  });

  it('returns 403 when an owner deletes, and 403 when a non-admin restores', async () => {
    const p = await createProjectViaApi(t, a.cookie, projectInput(ownerA.id, { name: '业主不能删' }));
    expect((await inject('DELETE', `/api/projects/${p.id}`, a.cookie, { reason: '不要了' })).statusCode).toBe(
      403,
    );
    expect((await inject('POST', `/api/projects/${p.id}/restore`, investment.cookie)).statusCode).toBe(403);
  });
});

describe('GET /api/projects/stage-counts?asOf and the actual-date filters', () => {
  let org: { id: string };
  let owner: Awaited<ReturnType<typeof userSession>>;
  let moved: { id: string };
  let twice: { id: string };

  beforeAll(async () => {
    org = await createOrganization(t, { name: '重庆阶段历史测试有限公司' });
    owner = await userSession(t, ['project_owner'], { organizationId: org.id });
    const create = (name: string, stage: string) =>
      createProjectViaApi(t, owner.cookie, projectInput(org.id, { name, stage }));
    moved = await create('阶段一号', 'under_construction');
    twice = await create('阶段二号', 'completion_acceptance');
    const never = await create('阶段三号', 'signed');
    // As the lifecycle module records moves; a 'same' row (exit records only) does not change the stage.
    await t.database.query(
      `insert into project_stage_history (project_id, from_stage, to_stage, direction, moved_on) values
         ($1, 'construction_permit', 'under_construction', 'forward', '2024-05-10'),
         ($2, 'construction_permit', 'under_construction', 'forward', '2024-03-01'),
         ($2, 'under_construction', 'completion_acceptance', 'forward', '2024-09-01'),
         ($3, 'signed', 'signed', 'same', '2024-04-01')`,
      [moved.id, twice.id, never.id],
    );
    await t.database.query(`update projects set actual_start = '2024-05-10' where id = $1`, [moved.id]);
    await t.database.query(
      `update projects set actual_start = '2024-03-01', actual_completion = '2024-09-01' where id = $1`,
      [twice.id],
    );
  });

  const counts = async (query: string) => {
    const res = await inject('GET', `/api/projects/stage-counts?ownerOrgId=${org.id}&${query}`, owner.cookie);
    expect(res.statusCode).toBe(200);
    return Object.fromEntries(
      (res.json() as { stage: string; count: number }[]).map((r) => [r.stage, r.count]),
    );
  };

  it('counts each project at the stage its history gives for the end of that day', async () => {
    expect(await counts('asOf=2024-02-29')).toEqual({ construction_permit: 2, signed: 1 });
    expect(await counts('asOf=2024-05-09')).toEqual({
      construction_permit: 1,
      under_construction: 1,
      signed: 1,
    });
    expect(await counts('asOf=2024-05-10')).toEqual({ under_construction: 2, signed: 1 });
    expect(await counts('asOf=2024-12-31')).toEqual(await counts(''));
    expect(await counts('asOf=2024-06-30&stage=under_construction')).toEqual({ under_construction: 2 });
    expect(await counts('stage=under_construction')).toEqual({ under_construction: 1 });
  });

  it('answers 400 naming asOf for a malformed day and for a day after today', async () => {
    for (const asOf of ['2024-13-01', '2999-01-01']) {
      const res = await inject('GET', `/api/projects/stage-counts?asOf=${asOf}`, owner.cookie);
      expect(res.statusCode, asOf).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['asOf']);
    }
  });

  it('filters the ledger by actual start and completion dates, both ends included', async () => {
    const total = async (query: string) => {
      const res = await inject('GET', `/api/projects?ownerOrgId=${org.id}&${query}`, owner.cookie);
      return (res.json() as { total: number }).total;
    };
    expect(await total('actualStartFrom=2024-03-01&actualStartTo=2024-05-09')).toBe(1);
    expect(await total('actualStartFrom=2024-03-01&actualStartTo=2024-05-10')).toBe(2);
    expect(await total('actualStartFrom=2024-05-11')).toBe(0);
    expect(await total('actualCompletionFrom=2024-09-01&actualCompletionTo=2024-09-01')).toBe(1);
  });
});
