import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookieOf,
  createTestApp,
  createUser,
  login,
  TEST_PASSWORD,
  type TestApp,
} from '../../test/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/auth/login', () => {
  it('opens a session in an httpOnly SameSite cookie and returns the user with permissions', async () => {
    const user = await createUser(t, ['leader']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gj_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(res.json().user.permissions).toContain('project.scope.all');
    expect(res.json().user.roles).toEqual(['leader']);
  });

  it('returns 401 with a zh-CN message for a wrong password, and records the failure in the audit log', async () => {
    const user = await createUser(t, ['leader']);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: 'wrong-Pass1' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const rows = await t.database.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'auth.login' and entity_id = $1`,
      [user.id],
    );
    expect(rows.map((r) => r.outcome)).toContain('failure');
  });

  it('answers in English when the client asks for it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'nobody', password: 'x' },
    });
    expect(res.json().message).toBe('Wrong username or password');
  });

  it('returns 400 naming the field when the username is missing', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details[0].field).toBe('username');
    expect(res.json().message).toContain('用户名');
  });

  it('locks the account for 15 minutes after 5 failed logins, even for the right password', async () => {
    const user = await createUser(t, ['leader']);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'Wrong-pass1' },
      });
      statuses.push(r.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(423);
    expect(res.json().code).toBe('ACCOUNT_LOCKED');
    const [row] = await t.database.query<{ minutes: number }>(
      `select round(extract(epoch from locked_until - now()) / 60)::int as minutes from users where id = $1`,
      [user.id],
    );
    expect(row?.minutes).toBe(15);
  });
});

describe('sessions', () => {
  it('returns 401 on /api/auth/me without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
  });

  it('ends the session after the idle timeout', async () => {
    const user = await createUser(t, ['leader']);
    const cookie = await login(t, user.username);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
      200,
    );
    await t.database.db.execute(
      sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${user.id}`,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('ends the session after the absolute timeout even when active', async () => {
    const user = await createUser(t, ['leader']);
    const cookie = await login(t, user.username);
    await t.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${user.id}`,
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });

  it('logs out: the cookie no longer works', async () => {
    const user = await createUser(t, ['leader']);
    const cookie = await login(t, user.username);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });
});

describe('POST /api/auth/change-password', () => {
  it('forces a password change first: other routes answer 403 PASSWORD_CHANGE_REQUIRED until it is done', async () => {
    const user = await createUser(t, ['leader'], { mustChangePassword: true });
    const cookie = await login(t, user.username);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'New-pass-2026' },
    });
    expect(changed.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/projects', headers: { cookie } });
    expect(after.statusCode).toBe(200);
    expect(
      cookieOf(
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: user.username, password: 'New-pass-2026' },
        }),
      ),
    ).toContain('gj_session');
  });

  it('rejects a weak password with the policy named on the field', async () => {
    const user = await createUser(t, ['leader']);
    const cookie = await login(t, user.username);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/change-password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'alllowercase' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('newPassword');
    expect(res.json().details[0].message).toContain('至少三类');
  });

  it('makes demo accounts change their password when the app is not in demo mode', async () => {
    const user = await createUser(t, ['leader'], { isDemo: true });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.json().user.mustChangePassword).toBe(true);
  });
});
