import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, userSession } from './test/test-app.ts';

let t: TestApp;
type Operation = { method: string; url: string };
let operations: Operation[];

const PUBLIC = new Set(['POST /api/auth/login']);
const ANY_USER = new Set([
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/change-password',
  // The inbox: every user has one, and it only ever shows the caller's own notifications.
  'GET /api/notifications',
  'POST /api/notifications/read-all',
  'POST /api/notifications/00000000-0000-4000-8000-000000000000/read',
  // The base map: every page with a map (the map, the project form's location picker) needs it.
  'GET /api/map-settings',
]);
const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => ({
      method: m.toUpperCase(),
      url: path.replace('{id}', SAMPLE_ID).replace('{code}', 'leader').replace(/\/$/, '') || '/',
    })),
  );
});
afterAll(async () => {
  await t.close();
});

describe('route protection', () => {
  it('documents every module in the OpenAPI description', () => {
    const prefixes = new Set(operations.map((o) => o.url.split('/')[2]));
    // Each module adds its prefix; the list grows with the platform, the core ones must stay documented.
    expect([...prefixes]).toEqual(
      expect.arrayContaining([
        'audit',
        'auth',
        'organizations',
        'projects',
        'reference',
        'roles',
        'users',
        'stage-templates',
        'warnings',
        'progress-reports',
        'coordination-items',
        'calendar',
        'notifications',
      ]),
    );
    expect(operations.length).toBeGreaterThan(25);
  });

  it('answers 401 to an anonymous caller on every route but login', async () => {
    for (const op of operations) {
      if (PUBLIC.has(`${op.method} ${op.url}`)) continue;
      const res = await t.app.inject({
        method: op.method as 'GET',
        url: op.url,
        payload: op.method === 'GET' ? undefined : {},
      });
      expect(`${op.method} ${op.url} → ${res.statusCode}`).toBe(`${op.method} ${op.url} → 401`);
    }
  });

  it('answers 403 on every permission-guarded route to a user who has no role', async () => {
    const nobody = await userSession(t, []);
    for (const op of operations) {
      const key = `${op.method} ${op.url}`;
      if (PUBLIC.has(key) || ANY_USER.has(key)) continue;
      const res = await t.app.inject({
        method: op.method as 'GET',
        url: op.url,
        headers: { cookie: nobody.cookie },
        payload: op.method === 'GET' ? undefined : {},
      });
      expect(`${key} → ${res.statusCode}`).toBe(`${key} → 403`);
    }
  });
});
