import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, userSession } from '../../test/test-app.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof userSession>>;
let investment: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await userSession(t, ['admin']);
  investment = await userSession(t, ['investment']);
});
afterAll(async () => {
  await t.close();
});

const post = (cookie: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/organizations', headers: { cookie }, payload });

describe('POST /api/organizations', () => {
  it('registers an enterprise with a valid unified social credit code', async () => {
    const res = await post(investment.cookie, {
      name: '深圳示例企业',
      type: 'enterprise',
      creditCode: '914403001922038216',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      creditCode: '914403001922038216',
      creditCodeOverride: false,
      version: 1,
    });
  });

  it('accepts a valid code ending in a letter, typed in lower case', async () => {
    const res = await post(investment.cookie, {
      name: '另一示例企业',
      type: 'enterprise',
      creditCode: '91440300708461136t',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().creditCode).toBe('91440300708461136T');
  });

  it('returns 400 saying which character is wrong when the check character fails', async () => {
    const res = await post(investment.cookie, {
      name: '校验失败企业',
      type: 'enterprise',
      creditCode: '914403001922038217',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('creditCode');
    expect(res.json().message).toContain('第18位');
  });

  it('lets an admin accept a failing code with a reason, and audits the override', async () => {
    const res = await post(admin.cookie, {
      name: '历史执照企业',
      type: 'enterprise',
      creditCode: '914403001922038217',
      creditCodeOverrideReason: '营业执照原件如此，已与市场监管部门核实',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().creditCodeOverride).toBe(true);
    const [row] = await t.database.query<{ action: string; detail: string }>(
      `select action, detail from audit_log where entity_id = $1`,
      [res.json().id],
    );
    expect(row).toEqual({
      action: 'organization.create_with_override',
      detail: '营业执照原件如此，已与市场监管部门核实',
    });
  });

  it('ignores an override reason from a user without the override permission', async () => {
    const res = await post(investment.cookie, {
      name: '无权例外企业',
      type: 'enterprise',
      creditCode: '914403001922038217',
      creditCodeOverrideReason: '我说可以',
    });
    expect(res.statusCode).toBe(400);
  });

  it('never accepts a code with characters outside the GB 32100 set, even with a reason', async () => {
    const res = await post(admin.cookie, {
      name: '非法字符企业',
      type: 'enterprise',
      creditCode: '91440300192203821I',
      creditCodeOverrideReason: '理由充分的说明',
    });
    expect(res.statusCode).toBe(400);
  });

  it('returns 409 for a credit code already registered', async () => {
    const res = await post(investment.cookie, {
      name: '重复代码企业',
      type: 'enterprise',
      creditCode: '914403001922038216',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().details[0].field).toBe('creditCode');
  });

  it('requires a credit code for an enterprise but not for a department', async () => {
    expect((await post(admin.cookie, { name: '无代码企业', type: 'enterprise' })).statusCode).toBe(400);
    expect(
      (await post(admin.cookie, { name: '科学城管委会科技创新局', type: 'department' })).statusCode,
    ).toBe(201);
  });

  it('returns 403 for a project owner', async () => {
    const owner = await userSession(t, ['project_owner']);
    expect((await post(owner.cookie, { name: '业主新增单位', type: 'department' })).statusCode).toBe(403);
  });
});

describe('GET and PATCH /api/organizations', () => {
  it('lists and filters by type and name', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/organizations?type=department&q=科技',
      headers: { cookie: investment.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((o: { name: string }) => o.name)).toEqual(['科学城管委会科技创新局']);
  });

  it('updates with the version and returns 409 on a stale one', async () => {
    const created = (await post(admin.cookie, { name: '待改名部门', type: 'department' })).json();
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${created.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: 1, name: '已改名部门' },
    });
    expect(ok.statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${created.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: 1, name: '再改名' },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('returns one organisation by id', async () => {
    const created = (await post(admin.cookie, { name: '单个查询部门', type: 'department' })).json();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/organizations/${created.id}`,
      headers: { cookie: investment.cookie },
    });
    expect(res.json()).toMatchObject({ id: created.id, name: '单个查询部门', type: 'department' });
  });

  it('returns 404 for an unknown id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/organizations/00000000-0000-4000-8000-000000000000',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(404);
  });
});
