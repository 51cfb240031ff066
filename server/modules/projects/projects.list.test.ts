import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

/**
 * The ledger at a scale where its ways of finding a page differ (issue #5, docs/PERFORMANCE.md): a name search
 * with many matches walks the sort order, a rarer one, a deep page or a sort without an index takes the plain
 * query, and a walk that does not fill its page falls back to it. Whichever way, the page and the total must be
 * those of plain SQL. The total is kept between requests, so it must follow every write at once, including
 * writes made outside the API.
 */

const N = 12_000;
let t: TestApp;
let leader: Awaited<ReturnType<typeof userSession>>;
let investment: Awaited<ReturnType<typeof userSession>>;
let owner: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  owner = await createOrganization(t, { name: '规模测试企业' });
  leader = await userSession(t, ['leader']);
  investment = await userSession(t, ['investment']);
  // Project g invests (N + 1 - g) × 10: g = 1 is the largest. 科学 stands in every tenth name, spread over the
  // whole range; 隧道 in five names near the top and 1,080 among the 1,200 smallest investments, so that walking
  // by investment downwards finds a few and the rest only after more than 10,000 rows, upwards a page at once.
  await t.database.query(
    `insert into projects (name, name_pinyin, name_initials, owner_org_id, category, industry_code, key_level,
       division_code, total_investment, stage, updated_at, created_at)
     select k.name || g, k.pinyin || g, k.initials || g, $1, 'infrastructure', '48',
       (array['municipal', 'district', 'general'])[1 + g % 3], '500106', ($2::int + 1 - g) * 10,
       (array['under_construction', 'construction_permit'])[1 + g % 2],
       now() - g * interval '1 second', now() - (g % 997) * interval '1 minute'
     from generate_series(1, $2::int) g
     join (values (0, '规模科学项目', 'guimokexuexiangmu', 'gmkxxm'), (1, '规模隧道工程', 'guimosuidaogongcheng', 'gmsdgc'),
       (2, '规模项目', 'guimoxiangmu', 'gmxm')) k (kind, name, pinyin, initials)
       on k.kind = case when g % 10 = 0 then 0 when g > $2::int - 1200 or (g < 50 and g % 10 = 7) then 1 else 2 end`,
    [owner.id, N],
  );
});
afterAll(async () => {
  await t.close();
});

const list = async (query: string, cookie = leader.cookie) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/projects?${query}`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const body = res.json() as { items: { name: string }[]; total: number };
  return { names: body.items.map((i) => i.name), total: body.total };
};

/** The page and total by plain SQL over the base table. */
const truth = async (where: string, params: unknown[], order: string, page: number, pageSize: number) => {
  const rows = await t.database.query<{ name: string }>(
    `select name from projects where deleted_at is null and ${where} order by ${order}
     limit ${pageSize} offset ${(page - 1) * pageSize}`,
    params,
  );
  const [count] = await t.database.query<{ n: number }>(
    `select count(*)::int as n from projects where deleted_at is null and ${where}`,
    params,
  );
  return { names: rows.map((r) => r.name), total: count?.n ?? 0 };
};

describe('GET /api/projects: a name search with many matches', () => {
  const cases: [string, string, string, unknown[], string][] = [
    // [query, description, SQL condition, parameters, SQL order]
    [
      'q=科学&sort=totalInvestment&order=desc',
      'common term, by investment downwards',
      "lower(name) like '%科学%'",
      [],
      'total_investment desc, id desc',
    ],
    [
      'q=科学&sort=totalInvestment&order=asc',
      'upwards',
      "lower(name) like '%科学%'",
      [],
      'total_investment asc, id asc',
    ],
    [
      'q=科学',
      'default order (last updated first)',
      "lower(name) like '%科学%'",
      [],
      'updated_at desc, id desc',
    ],
    ['q=科学&sort=name&order=asc', 'by name', "lower(name) like '%科学%'", [], 'name asc, id asc'],
    [
      'q=科学&sort=createdAt&order=desc',
      'by creation, with ties',
      "lower(name) like '%科学%'",
      [],
      'created_at desc, id desc',
    ],
    [
      'q=科学&keyLevel=district&sort=totalInvestment&order=desc',
      'with another filter',
      "lower(name) like '%科学%' and key_level = 'district'",
      [],
      'total_investment desc, id desc',
    ],
    [
      'q=科学&sort=stage&order=asc',
      'by a column without an index',
      "lower(name) like '%科学%'",
      [],
      'stage asc, id asc',
    ],
    [
      'q=隧道&sort=totalInvestment&order=desc',
      'matches only far down the order (the walk gives up)',
      "lower(name) like '%隧道%'",
      [],
      'total_investment desc, id desc',
    ],
    [
      'q=隧道&sort=totalInvestment&order=asc',
      'the same matches first in the order',
      "lower(name) like '%隧道%'",
      [],
      'total_investment asc, id asc',
    ],
    [
      'q=kexue&sort=totalInvestment&order=desc',
      'pinyin',
      "(name_initials like '%kexue%' or name_pinyin like '%kexue%' or lower(name) like '%kexue%')",
      [],
      'total_investment desc, id desc',
    ],
  ];

  for (const [query, description, where, params, order] of cases) {
    it(`gives the pages and total of plain SQL: ${description}`, async () => {
      for (const [page, pageSize] of [
        [1, 20],
        [3, 20],
        [2, 100],
        [20, 20],
        [60, 20],
      ] as const) {
        const api = await list(`${query}&page=${page}&pageSize=${pageSize}`);
        expect(api).toEqual(await truth(where, params, order, page, pageSize));
      }
    });
  }
});

describe('GET /api/projects: the total kept between requests', () => {
  it('follows a project created, renamed out of the search, deleted and restored, at once', async () => {
    const admin = await userSession(t, ['admin']);
    const before = (await list('q=科学')).total;
    const p = await createProjectViaApi(
      t,
      investment.cookie,
      projectInput(owner.id, { name: '科学新城一期' }),
    );
    expect((await list('q=科学')).total).toBe(before + 1);

    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/projects/${p.id}`,
      headers: { cookie: investment.cookie },
      payload: { version: p.version, name: '新城一期' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await list('q=科学')).total).toBe(before);

    const all = (await list('')).total;
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/projects/${p.id}`,
      headers: { cookie: investment.cookie },
      payload: { reason: '重复录入' },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await list('')).total).toBe(all - 1);
    expect((await list('deleted=true', admin.cookie)).total).toBe(1);
    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/restore`,
      headers: { cookie: admin.cookie },
    });
    expect(restored.statusCode).toBe(200);
    expect((await list('')).total).toBe(all);
    expect((await list('deleted=true', admin.cookie)).total).toBe(0);
  });

  it('follows a write made in the database outside the API', async () => {
    const query = 'stage=in_operation&keyLevel=municipal';
    expect((await list(query)).total).toBe(0);
    await t.database.query(
      `update projects set stage = 'in_operation' where name like '规模科学项目%' and key_level = 'municipal'`,
    );
    const expected = await truth("stage = 'in_operation' and key_level = 'municipal'", [], 'id', 1, 1);
    expect(expected.total).toBeGreaterThan(0);
    expect((await list(query)).total).toBe(expected.total);
  });

  it('is never shared between users who see different projects', async () => {
    const other = await createOrganization(t, { name: '另一规模测试企业' });
    const ownerSession = await userSession(t, ['project_owner'], { organizationId: other.id });
    await createProjectViaApi(t, ownerSession.cookie, projectInput(other.id, { name: '科学另一项目' }));
    const everyone = (await list('q=科学')).total;
    expect((await list('q=科学', ownerSession.cookie)).total).toBe(1);
    expect((await list('q=科学')).total).toBe(everyone);
    expect(everyone).toBeGreaterThan(1);
  });
});
