import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseMapPresets, type ProjectMap } from '#domain/schemas/map.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

let t: TestApp;
let ownerA: { id: string; name: string };
let ownerB: { id: string; name: string };
let investment: Awaited<ReturnType<typeof userSession>>;
let ownerSession: Awaited<ReturnType<typeof userSession>>;
let admin: Awaited<ReturnType<typeof userSession>>;
let leader: Awaited<ReturnType<typeof userSession>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  ownerA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  ownerB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  investment = await userSession(t, ['investment']);
  ownerSession = await userSession(t, ['project_owner'], { organizationId: ownerA.id });
  admin = await userSession(t, ['admin']);
  leader = await userSession(t, ['leader']);
  const create = async (key: string, owner: string, values: Record<string, unknown>) => {
    const p = await createProjectViaApi(t, investment.cookie, projectInput(owner, values));
    ids[key] = p.id;
  };
  await create('road', ownerA.id, {
    name: '科学大道三期',
    stage: 'under_construction',
    divisionCode: '500106',
    longitude: 106.3052111,
    latitude: 29.5981222,
    totalInvestment: 300000,
    investmentGovernment: 300000,
    investmentSocial: 0,
  });
  await create('valley', ownerA.id, {
    name: '科学谷二期',
    stage: 'construction_permit',
    divisionCode: '500107',
    longitude: 106.3184,
    latitude: 29.5352,
    totalInvestment: 200000,
    investmentGovernment: 200000,
    investmentSocial: 0,
  });
  await create('unplacedA', ownerA.id, { name: '金凤隧道', stage: 'under_construction' });
  await create('chip', ownerB.id, {
    name: '芯片厂房一期',
    stage: 'under_construction',
    divisionCode: '500106',
    longitude: 106.3921,
    latitude: 29.6101,
    totalInvestment: 500000,
    investmentGovernment: 0,
    investmentSocial: 500000,
  });
  await create('unplacedB', ownerB.id, { name: '芯片厂房二期', stage: 'signed' });
});
afterAll(async () => {
  await t.close();
});

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { ...(cookie ? { cookie } : {}), ...headers } });
const mapOf = async (query: string, cookie: string) => {
  const res = await get(`/api/projects/map${query}`, cookie);
  expect(res.statusCode).toBe(200);
  return res.json() as ProjectMap;
};
const pointIds = (map: ProjectMap) => map.points.map((p) => p[0]).sort();

describe('GET /api/projects/map', () => {
  it('returns the placed projects as compact points, largest first, and counts those without coordinates', async () => {
    const map = await mapOf('', investment.cookie);
    expect(map).toMatchObject({ total: 5, withoutLocation: 2, truncated: false, lights: true });
    expect(map.points.map((p) => p[0])).toEqual([ids.chip, ids.road, ids.valley]);
    const [id, name, lng, lat, stage, color, totalInvestment, owner, divisionCode] = map.points[1]!;
    expect({ id, name, lng, lat, stage, totalInvestment, divisionCode }).toEqual({
      id: ids.road,
      name: '科学大道三期',
      lng: 106.305211,
      lat: 29.598122,
      stage: 'under_construction',
      totalInvestment: 300000,
      divisionCode: '500106',
    });
    // The light is brought up to date before it is read, as on the warning list.
    expect(['green', 'yellow', 'red']).toContain(color);
    expect(map.owners[owner]).toBe('重庆科学城城市建设集团有限公司');
    expect(map.districts).toEqual({ '500106': '沙坪坝区', '500107': '九龙坡区' });
  });

  it('applies the ledger filters exactly as the ledger does', async () => {
    for (const query of [
      'stage=under_construction',
      'divisionCode=500107',
      'q=科学',
      'q=kxdd',
      'investmentMin=250000',
      `ownerOrgId=${ownerB.id}`,
      'stage=under_construction,signed&category=infrastructure',
    ]) {
      const map = await mapOf(`?${query}`, investment.cookie);
      const ledger = (await get(`/api/projects?${query}&pageSize=200`, investment.cookie)).json();
      expect(map.total, query).toBe(ledger.total);
      const placed = ledger.items
        .filter((p: { longitude: number | null }) => p.longitude !== null)
        .map((p: { id: string }) => p.id)
        .sort();
      expect(pointIds(map), query).toEqual(placed);
      expect(map.withoutLocation, query).toBe(ledger.total - placed.length);
    }
    expect(pointIds(await mapOf('?stage=under_construction', investment.cookie))).toEqual(
      [ids.road, ids.chip].sort(),
    );
  });

  it("shows an owner his own organisation's projects only", async () => {
    const map = await mapOf('', ownerSession.cookie);
    expect(map).toMatchObject({ total: 3, withoutLocation: 1 });
    expect(pointIds(map)).toEqual([ids.road, ids.valley].sort());
    expect(map.owners).toEqual(['重庆科学城城市建设集团有限公司']);
    expect(JSON.stringify(map)).not.toContain('芯片');
  });

  it('leaves the lights out for a reader without warning.read', async () => {
    const map = await mapOf('', admin.cookie);
    expect(map.lights).toBe(false);
    expect(map.points).toHaveLength(3);
    expect(map.points.every((p) => p[5] === null)).toBe(true);
  });

  it('returns 400 naming the field for a bad filter', async () => {
    const res = await get('/api/projects/map?stage=bogus', investment.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toMatch(/^stage/);
    const district = await get('/api/projects/map?divisionCode=5001', investment.cookie);
    expect(district.statusCode).toBe(400);
    expect(district.json().details[0].message).toMatch(/^所在区县/);
  });

  it('returns 401 without a session and 403 without project.read', async () => {
    expect((await get('/api/projects/map')).statusCode).toBe(401);
    const nobody = await userSession(t, []);
    expect((await get('/api/projects/map', nobody.cookie)).statusCode).toBe(403);
  });
});

describe('GET /api/projects?hasLocation=', () => {
  it('lists the projects the map cannot place, and only those', async () => {
    const unplaced = (await get('/api/projects?hasLocation=false', investment.cookie)).json();
    expect(unplaced.items.map((p: { id: string }) => p.id).sort()).toEqual(
      [ids.unplacedA, ids.unplacedB].sort(),
    );
    const placed = (await get('/api/projects?hasLocation=true', investment.cookie)).json();
    expect(placed.total).toBe(3);
  });
});

describe('/api/map-settings', () => {
  const amap = baseMapPresets.find((p) => p.code === 'amap')!;
  const tianditu = baseMapPresets.find((p) => p.code === 'tianditu')!;
  const tiles = (values: Record<string, unknown> = {}) => ({
    mode: 'tiles',
    urlTemplate: amap.urlTemplate,
    overlayUrlTemplate: null,
    subdomains: amap.subdomains,
    attribution: amap.attribution,
    crs: amap.crs,
    maxZoom: amap.maxZoom,
    version: 0,
    ...values,
  });
  const put = (cookie: string, payload: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/map-settings',
      headers: { cookie },
      payload: payload as object,
    });

  it('starts with the offline base, readable by anyone signed in', async () => {
    const res = await get('/api/map-settings', ownerSession.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'offline', urlTemplate: null, crs: 'wgs84', version: 0 });
    expect((await get('/api/map-settings')).statusCode).toBe(401);
  });

  it('refuses a tile base without a usable template, naming the field', async () => {
    const missing = await put(admin.cookie, tiles({ urlTemplate: '' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0].field).toBe('urlTemplate');
    // The 天地图 example still has its <key> placeholder.
    const placeholder = await put(
      admin.cookie,
      tiles({ urlTemplate: tianditu.urlTemplate, subdomains: tianditu.subdomains }),
    );
    expect(placeholder.statusCode).toBe(400);
    expect(placeholder.json().details.map((d: { field: string }) => d.field)).toContain('urlTemplate');
    expect(placeholder.json().message).toContain('<key>');
    const noSubdomains = await put(admin.cookie, tiles({ subdomains: '' }));
    expect(noSubdomains.statusCode).toBe(400);
    expect(noSubdomains.json().details[0].field).toBe('subdomains');
    const unknown = await put(
      admin.cookie,
      tiles({ urlTemplate: 'https://example.org/{z}/{x}/{y}.png?k={key}' }),
    );
    expect(unknown.statusCode).toBe(400);
    expect((await get('/api/map-settings', admin.cookie)).json().version).toBe(0);
  });

  it('returns 403 to a role without map.configure', async () => {
    expect((await put(leader.cookie, tiles())).statusCode).toBe(403);
  });

  it('saves a GCJ-02 tile base, audits it, and refuses a stale version with 409', async () => {
    const res = await put(admin.cookie, tiles());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'tiles', crs: 'gcj02', subdomains: '1234', version: 1 });
    expect((await get('/api/map-settings', ownerSession.cookie)).json()).toMatchObject({
      mode: 'tiles',
      urlTemplate: amap.urlTemplate,
    });
    const audit = await t.database.query<{ action: string; after: { crs: string } }>(
      `select action, after from audit_log where actor_id = $1 and action = 'map.configure' and outcome = 'success'`,
      [admin.user.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after.crs).toBe('gcj02');

    const stale = await put(admin.cookie, tiles({ mode: 'offline' }));
    expect(stale.statusCode).toBe(409);
    const back = await put(admin.cookie, tiles({ mode: 'offline', version: 1 }));
    expect(back.json()).toMatchObject({ mode: 'offline', urlTemplate: amap.urlTemplate, version: 2 });
  });
});
