import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp, userSession } from '../../test/test-app.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof userSession>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await userSession(t, ['admin']);
});
afterAll(async () => {
  await t.close();
});

describe('/api/users', () => {
  it('creates a user who must change the initial password at first login', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: {
        username: 'zhangsan',
        displayName: '张三',
        roles: ['department'],
        password: 'Init-pass-2026',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username: 'zhangsan',
      roles: ['department'],
      mustChangePassword: true,
    });
    const me = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'zhangsan', password: 'Init-pass-2026' },
    });
    expect(me.json().user.mustChangePassword).toBe(true);
  });

  it('returns 400 for a weak initial password and 409 for a taken username', async () => {
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: { username: 'lisi', displayName: '李四', roles: ['leader'], password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().details[0].field).toBe('password');
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: { username: 'ZhangSan', displayName: '张三', roles: ['leader'], password: 'Init-pass-2026' },
    });
    expect(taken.statusCode).toBe(409);
  });

  it('refuses to combine the administrator and auditor roles in one account', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie },
      payload: {
        username: 'wangwu',
        displayName: '王五',
        roles: ['admin', 'auditor'],
        password: 'Init-pass-2026',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('roles');
  });

  it('unlocks a locked account', async () => {
    const locked = await userSession(t, ['leader']);
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: locked.user.username, password: 'Wrong-pass1' },
      });
    }
    const list = (
      await t.app.inject({
        method: 'GET',
        url: `/api/users?q=${locked.user.username}`,
        headers: { cookie: admin.cookie },
      })
    ).json();
    expect(list.items[0].lockedUntil).not.toBeNull();
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/users/${locked.user.id}/unlock`,
          headers: { cookie: admin.cookie },
        })
      ).statusCode,
    ).toBe(204);
    expect(await login(t, locked.user.username)).toContain('gj_session');
  });

  it("disabling a user ends the user's sessions", async () => {
    const target = await userSession(t, ['leader']);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.user.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: 1, isActive: false },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: target.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('resets a password: the old one stops working, the new one must be changed at next login', async () => {
    const target = await userSession(t, ['leader']);
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/users/${target.user.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(one.json()).toMatchObject({ username: target.user.username, roles: ['leader'] });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/users/${target.user.id}/reset-password`,
      headers: { cookie: admin.cookie },
      payload: { password: 'Reset-pass-2026' },
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: target.cookie } }))
        .statusCode,
    ).toBe(401);
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: target.user.username, password: 'Reset-pass-2026' },
    });
    expect(relogin.json().user.mustChangePassword).toBe(true);
  });

  it('returns 404 for an unknown user and 409 for a stale version', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/users/00000000-0000-4000-8000-000000000000',
      headers: { cookie: admin.cookie },
    });
    expect(missing.statusCode).toBe(404);
    const target = await userSession(t, ['leader']);
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.user.id}`,
      headers: { cookie: admin.cookie },
      payload: { version: 7, displayName: '新名字' },
    });
    expect(stale.statusCode).toBe(409);
  });

  it('returns 403 for everyone but administrators', async () => {
    const leader = await userSession(t, ['leader']);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie: leader.cookie } }))
        .statusCode,
    ).toBe(403);
    const auditor = await userSession(t, ['auditor']);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: { cookie: auditor.cookie },
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('/api/roles', () => {
  it('lists the eight seeded roles with their permissions', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/roles', headers: { cookie: admin.cookie } });
    expect(res.json().map((r: { code: string }) => r.code)).toEqual([
      'admin',
      'auditor',
      'leader',
      'project_chief',
      'chain_chief',
      'department',
      'investment',
      'project_owner',
    ]);
    const auditor = res.json().find((r: { code: string }) => r.code === 'auditor');
    expect(auditor.permissions).toContain('audit.read');
  });

  it("changes a role's permissions as data: the change applies to its users at once", async () => {
    const leader = await userSession(t, ['leader']);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/projects/import-template.xlsx',
          headers: { cookie: leader.cookie },
        })
      ).statusCode,
    ).toBe(403);
    const roles = (
      await t.app.inject({ method: 'GET', url: '/api/roles', headers: { cookie: admin.cookie } })
    ).json();
    const current = roles.find((r: { code: string }) => r.code === 'leader').permissions;
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/roles/leader/permissions',
      headers: { cookie: admin.cookie },
      payload: { permissions: [...current, 'project.import'] },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/projects/import-template.xlsx',
          headers: { cookie: leader.cookie },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses to give the administrator role the audit log', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/roles/admin/permissions',
      headers: { cookie: admin.cookie },
      payload: { permissions: ['user.manage', 'audit.read'] },
    });
    expect(res.statusCode).toBe(400);
  });

  it('returns 400 for an unknown permission', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/roles/leader/permissions',
      headers: { cookie: admin.cookie },
      payload: { permissions: ['everything'] },
    });
    expect(res.statusCode).toBe(400);
  });
});
