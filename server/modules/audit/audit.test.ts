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
let auditor: Awaited<ReturnType<typeof userSession>>;
let owner: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp();
  auditor = await userSession(t, ['auditor']);
  const org = await createOrganization(t);
  owner = await userSession(t, ['project_owner'], { organizationId: org.id });
  await createProjectViaApi(t, owner.cookie, projectInput(org.id, { name: '审计测试项目' }));
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/audit', () => {
  it('lets an auditor search by actor and action', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?actor=${owner.user.username}&action=project.`,
      headers: { cookie: auditor.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { action: string }) => i.action)).toEqual(['project.create']);
    expect(res.json().items[0].after.name).toBe('审计测试项目');
  });

  it('filters by outcome and date range', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/audit?outcome=success&from=${today}&to=${today}`,
      headers: { cookie: auditor.cookie },
    });
    expect(res.json().total).toBeGreaterThan(0);
    const none = await t.app.inject({
      method: 'GET',
      url: '/api/audit?from=2000-01-01&to=2000-01-02',
      headers: { cookie: auditor.cookie },
    });
    expect(none.json().total).toBe(0);
  });

  it('returns 403 for the administrator (separation of duties)', async () => {
    const admin = await userSession(t, ['admin']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: admin.cookie } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('the audit chain', () => {
  it('verifies an intact chain', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: auditor.cookie },
    });
    expect(res.json()).toMatchObject({ ok: true, firstBrokenId: null });
    expect(res.json().checked).toBeGreaterThan(3);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table itself', async () => {
    await expect(t.database.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(t.database.query('truncate audit_log')).rejects.toThrow(/append-only/);
  });

  it("detects a record altered behind the trigger's back", async () => {
    const [target] = await t.database.query<{ id: number }>(
      `select id::int as id from audit_log where action = 'project.create' limit 1`,
    );
    // Someone with database superuser rights disables the trigger and edits a record.
    await t.database.execScript(`
      alter table audit_log disable trigger audit_log_no_update;
      update audit_log set actor_name = '他人' where id = ${target!.id};
      alter table audit_log enable trigger audit_log_no_update;`);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/audit/verify',
      headers: { cookie: auditor.cookie },
    });
    expect(res.json()).toMatchObject({ ok: false, firstBrokenId: target!.id });
  });
});
