import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softwareCrypto } from '../core/crypto.ts';
import { createTestApp, login, type TestApp } from '../test/test-app.ts';
import { DEMO_PASSWORD } from './demo-data.ts';
import { seed } from './seed.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoMode: true });
  await seed(t.database.db, softwareCrypto, { demoMode: true, passwordIterations: 1_000 });
});
afterAll(async () => {
  await t.close();
});

describe('the demo data set', () => {
  it('holds at least 60 projects marked as demo data, and one login per role', async () => {
    const [row] = await t.database.query<{ n: number; demo: number }>(
      'select count(*)::int as n, count(*) filter (where is_demo)::int as demo from projects',
    );
    expect(row!.n).toBeGreaterThanOrEqual(60);
    expect(row!.demo).toBe(row!.n);
    for (const username of ['admin', 'auditor', 'leader', 'chief', 'chainchief', 'dept', 'invest', 'owner']) {
      expect(await login(t, username, DEMO_PASSWORD)).toContain('gj_session');
    }
  });

  it('shows a newcomer green, yellow and red projects and overdue coordination items', async () => {
    const cookie = await login(t, 'leader', DEMO_PASSWORD);
    const warnings = (
      await t.app.inject({ method: 'GET', url: '/api/warnings?pageSize=1', headers: { cookie } })
    ).json();
    expect(warnings.counts.red).toBeGreaterThan(0);
    expect(warnings.counts.yellow).toBeGreaterThan(0);
    expect(warnings.counts.green).toBeGreaterThan(0);
    const overdue = (
      await t.app.inject({ method: 'GET', url: '/api/coordination-items/overdue', headers: { cookie } })
    ).json();
    expect(overdue.total).toBeGreaterThan(0);
  });

  it('has about two years of monthly reports for the projects under construction', async () => {
    const [row] = await t.database.query<{ months: number }>(
      `select count(distinct month)::int as months from progress_reports`,
    );
    expect(row!.months).toBeGreaterThanOrEqual(13);
  });

  it('freezes baselines in the shape the plans API returns', async () => {
    const cookie = await login(t, 'leader', DEMO_PASSWORD);
    const [row] = await t.database.query<{ project_id: string }>(
      'select project_id from plan_baselines limit 1',
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${row!.project_id}/baselines`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0].snapshot.milestones).toHaveLength(4);
  });

  it('gives the 20 key projects chiefs with a year of inspections, missed months and four scored field reviews', async () => {
    const cookie = await login(t, 'chief', DEMO_PASSWORD);
    const workspace = (
      await t.app.inject({ method: 'GET', url: '/api/chief/workspace', headers: { cookie } })
    ).json();
    expect(workspace.projects.length).toBeGreaterThan(0);
    const [counts] = await t.database.query<{ chiefs: number; inspected: number; months: number }>(
      `select count(distinct p.id)::int as chiefs, count(distinct i.project_id)::int as inspected,
              count(distinct i.month)::int as months
         from projects p left join inspections i on i.project_id = p.id where p.chief_user_id is not null`,
    );
    expect(counts).toEqual({ chiefs: 20, inspected: 20, months: expect.any(Number) });
    expect(counts!.months).toBeGreaterThanOrEqual(12);
    const projectId = workspace.projects[0].projectId;
    // About one month in eleven is missed, so the flags have something to show.
    expect(
      workspace.projects.some(
        (p: { monthsWithoutInspection: string[] }) => p.monthsWithoutInspection.length > 0,
      ),
    ).toBe(true);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/projects/${projectId}/inspections`,
      headers: { cookie },
    });
    expect(history.statusCode).toBe(200);
    expect(JSON.stringify(history.json())).toContain('inspectedOn');

    const leader = await login(t, 'leader', DEMO_PASSWORD);
    const missing = (
      await t.app.inject({ method: 'GET', url: '/api/inspections/missing', headers: { cookie: leader } })
    ).json();
    expect(missing.chiefs.length).toBeGreaterThan(0);
    const reviews = (
      await t.app.inject({ method: 'GET', url: '/api/field-reviews', headers: { cookie: leader } })
    ).json();
    const closed = (reviews.items ?? reviews).filter((r: { status: string }) => r.status === 'closed');
    expect(closed).toHaveLength(4);
    const tour = (
      await t.app.inject({
        method: 'GET',
        url: `/api/field-reviews/${closed[0].id}`,
        headers: { cookie: leader },
      })
    ).json();
    expect(JSON.stringify(tour)).toContain('"rank":1');
  });

  it("gives the construction timeline the zone's milestones, the 9·11 mass start naming its demo projects", async () => {
    const leader = await login(t, 'leader', DEMO_PASSWORD);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/timeline?year=2020',
      headers: { cookie: leader },
    });
    const items = res.json().items as { date: string; kind: string; projects: unknown[] }[];
    const massStart = items.find((e) => e.date === '2020-09-11');
    expect(massStart).toMatchObject({ kind: 'mass_start' });
    expect(massStart!.projects.length).toBeGreaterThanOrEqual(3);
  });

  it('is written once: a second seed adds nothing', async () => {
    const before = await t.database.query<{ n: number }>('select count(*)::int as n from progress_reports');
    await seed(t.database.db, softwareCrypto, { demoMode: true, passwordIterations: 1_000 });
    const after = await t.database.query<{ n: number }>('select count(*)::int as n from progress_reports');
    expect(after).toEqual(before);
  });
});
