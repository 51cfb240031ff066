import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, userSession } from '../../test/test-app.ts';

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = await createTestApp();
  cookie = (await userSession(t, ['project_owner'])).cookie;
});
afterAll(async () => {
  await t.close();
});

describe('/api/reference', () => {
  it('lists the 20 sections and 97 divisions of GB/T 4754-2017', async () => {
    const items = (
      await t.app.inject({ method: 'GET', url: '/api/reference/industries', headers: { cookie } })
    ).json();
    expect(items.filter((i: { level: number }) => i.level === 1)).toHaveLength(20);
    expect(items.filter((i: { level: number }) => i.level === 2)).toHaveLength(97);
    expect(items.find((i: { code: string }) => i.code === '39')).toMatchObject({
      parentCode: 'C',
      name: '计算机、通信和其他电子设备制造业',
    });
  });

  it("lists Chongqing's districts and the science city's towns", async () => {
    const items = (
      await t.app.inject({ method: 'GET', url: '/api/reference/divisions', headers: { cookie } })
    ).json();
    const byCode = new Map(items.map((i: { code: string; name: string }) => [i.code, i.name]));
    expect(byCode.get('500106')).toBe('沙坪坝区');
    expect(byCode.get('500107')).toBe('九龙坡区');
    expect(byCode.get('500109')).toBe('北碚区');
    expect(byCode.get('500116')).toBe('江津区');
    expect(byCode.get('500120')).toBe('璧山区');
    expect(items.find((i: { name: string }) => i.name === '虎溪街道')).toMatchObject({
      level: 3,
      parentCode: '500106',
    });
  });

  it('lists the four leading industries', async () => {
    const items = (
      await t.app.inject({ method: 'GET', url: '/api/reference/leading-industries', headers: { cookie } })
    ).json();
    expect(items.map((i: { code: string }) => i.code).sort()).toEqual(['GLIM', 'HLTH', 'HTSV', 'NGIT']);
  });

  it('lists people by role for pickers', async () => {
    const chief = await userSession(t, ['project_chief']);
    const items = (
      await t.app.inject({
        method: 'GET',
        url: '/api/reference/user-options?role=project_chief',
        headers: { cookie },
      })
    ).json();
    expect(items).toEqual([
      { id: chief.user.id, displayName: chief.user.displayName, username: chief.user.username },
    ]);
  });

  it('returns 401 without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/reference/divisions' })).statusCode).toBe(401);
  });
});

describe('the API description', () => {
  it('serves an OpenAPI document generated from the zod schemas, and the browsable docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(
      doc.paths['/api/projects/'].post.requestBody.content['application/json'].schema.properties.name,
    ).toBeDefined();
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API routes with a 404 JSON error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here', headers: { cookie } });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
