import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cockpit, Figure, Pivot } from '#domain/schemas/analysis.ts';
import {
  annualPlans,
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  progressReports,
  projectStageHistory,
  projects,
  projectWarnings,
  rolePermissions,
} from '../../db/schema.ts';
import { createOrganization, createTestApp, type TestApp, userSession } from '../../test/test-app.ts';

/**
 * A small zone with known figures, on 15 June 2026 (China): four live projects in two districts and one deleted,
 * their plans, reports, stage history, lights and coordination items. Every expected number below is worked out
 * by hand in the comments.
 */
const now = new Date('2026-06-15T04:00:00Z');

let t: TestApp;
type Session = Awaited<ReturnType<typeof userSession>>;
let leader: Session;
let deptXUser: Session;
let deptYUser: Session;
let ownerAUser: Session;
let ownerBUser: Session;
let admin: Session;
let auditor: Session;
let chief: Session;
const ids: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5', string> = { p1: '', p2: '', p3: '', p4: '', p5: '' };
let deptX: { id: string };
let deptY: { id: string };

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const db = t.database.db;
  const ownerA = await createOrganization(t, { name: '重庆科学城建设集团' });
  const ownerB = await createOrganization(t, { name: '重庆西部医药公司' });
  deptX = await createOrganization(t, { name: '建设局', type: 'department' });
  deptY = await createOrganization(t, { name: '经信局', type: 'department' });
  leader = await userSession(t, ['leader']);
  chief = await userSession(t, ['project_chief'], { displayName: '张项目长' });
  deptXUser = await userSession(t, ['department'], { organizationId: deptX.id });
  deptYUser = await userSession(t, ['department'], { organizationId: deptY.id });
  ownerAUser = await userSession(t, ['project_owner'], { organizationId: ownerA.id });
  ownerBUser = await userSession(t, ['project_owner'], { organizationId: ownerB.id });
  admin = await userSession(t, ['admin']);
  auditor = await userSession(t, ['auditor']);

  const base = {
    namePinyin: '',
    nameInitials: '',
    keyLevel: 'general',
    plannedCompletion: '2027-12-31',
  };
  const rows = await db
    .insert(projects)
    .values([
      {
        ...base,
        name: '智能终端产业园',
        ownerOrgId: ownerA.id,
        leadDepartmentId: deptX.id,
        chiefUserId: chief.user.id,
        category: 'industrial',
        industryCode: '39',
        leadingIndustry: 'NGIT',
        keyLevel: 'municipal',
        divisionCode: '500106',
        totalInvestment: 80000,
        investmentGovernment: 0,
        investmentSocial: 80000,
        investmentForeign: 0,
        plannedStart: '2025-03-01',
        actualStart: '2025-04-10',
        stage: 'under_construction',
      },
      {
        ...base,
        name: '科学大道二期',
        ownerOrgId: ownerA.id,
        leadDepartmentId: deptY.id,
        category: 'infrastructure',
        industryCode: '48',
        keyLevel: 'district',
        divisionCode: '500106',
        totalInvestment: 200000,
        investmentGovernment: 120000,
        investmentSocial: 80000,
        investmentForeign: 0,
        plannedStart: '2026-02-01',
        actualStart: '2026-03-05',
        stage: 'under_construction',
      },
      {
        ...base,
        name: '生物医药中试基地',
        ownerOrgId: ownerB.id,
        leadDepartmentId: deptX.id,
        chiefUserId: chief.user.id,
        category: 'industrial',
        industryCode: '27',
        leadingIndustry: 'HLTH',
        divisionCode: '500107',
        totalInvestment: 6000,
        plannedStart: '2026-09-01',
        stage: 'construction_permit',
      },
      {
        ...base,
        name: '西永中学扩建',
        ownerOrgId: ownerB.id,
        category: 'social',
        industryCode: '83',
        divisionCode: '500107',
        totalInvestment: 30000,
        investmentGovernment: 30000,
        plannedStart: '2024-01-01',
        actualStart: '2024-02-01',
        plannedCompletion: '2026-06-30',
        actualCompletion: '2026-05-20',
        stage: 'in_operation',
      },
      {
        ...base,
        name: '已删除的重复项目',
        ownerOrgId: ownerA.id,
        leadDepartmentId: deptX.id,
        category: 'industrial',
        industryCode: '39',
        divisionCode: '500106',
        totalInvestment: 99999,
        plannedStart: '2026-01-01',
        actualStart: '2026-01-02',
        stage: 'under_construction',
        deletedAt: new Date('2026-04-01T00:00:00Z'),
      },
    ])
    .returning({ id: projects.id });
  [ids.p1, ids.p2, ids.p3, ids.p4, ids.p5] = rows.map((r) => r.id) as [
    string,
    string,
    string,
    string,
    string,
  ];

  await db.insert(annualPlans).values([
    { projectId: ids.p1, year: 2026, plannedInvestment: 24000 },
    {
      projectId: ids.p2,
      year: 2026,
      plannedInvestment: 60000,
      monthlySchedule: [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100],
    },
    { projectId: ids.p1, year: 2025, plannedInvestment: 30000 },
    { projectId: ids.p4, year: 2025, plannedInvestment: 10000 },
    { projectId: ids.p5, year: 2026, plannedInvestment: 50000 },
  ]);
  const report = (projectId: string, month: string, amount: number, status = 'accepted') => ({
    projectId,
    month: `${month}-01`,
    status: status as 'accepted' | 'submitted' | 'returned',
    investmentThisMonth: amount,
  });
  await db
    .insert(progressReports)
    .values([
      report(ids.p1, '2026-01', 2000),
      report(ids.p1, '2026-02', 1500),
      report(ids.p1, '2026-03', 2500, 'submitted'),
      report(ids.p1, '2026-04', 3000, 'returned'),
      report(ids.p1, '2026-05', 2000),
      report(ids.p1, '2025-05', 1800),
      report(ids.p1, '2025-06', 1000),
      report(ids.p2, '2026-03', 5000),
      report(ids.p2, '2026-04', 6000),
      report(ids.p2, '2026-06', 1000),
      report(ids.p4, '2026-01', 500),
      report(ids.p4, '2025-03', 1000),
      report(ids.p5, '2026-02', 7777),
    ]);
  const move = (projectId: string, from: string, to: string, movedOn: string) => ({
    projectId,
    fromStage: from,
    toStage: to,
    direction: 'forward' as const,
    movedOn,
  });
  await db
    .insert(projectStageHistory)
    .values([
      move(ids.p1, 'construction_permit', 'under_construction', '2025-04-10'),
      move(ids.p2, 'construction_permit', 'under_construction', '2026-03-05'),
      move(ids.p4, 'under_construction', 'in_operation', '2026-05-20'),
    ]);
  await db.insert(projectWarnings).values([
    { projectId: ids.p1, color: 'red', reasons: [], presetCode: 'yinchuan' },
    { projectId: ids.p2, color: 'yellow', reasons: [], presetCode: 'yinchuan' },
    { projectId: ids.p3, color: 'green', reasons: [], presetCode: 'yinchuan' },
  ]);

  // Coordination items: A (P1) overdue today; B (P1) not due yet; C (P1) overdue on 15 May, resolved on 20 May;
  // D (P3, assigned to 经信局) overdue today.
  const item = async (
    projectId: string,
    values: { deadline: string; status: 'pending' | 'in_progress' | 'resolved'; raisedAt: string },
    department: string,
    events: { at: string; to: string }[],
  ) => {
    const [row] = await db
      .insert(coordinationItems)
      .values({
        projectId,
        source: 'other',
        title: '用地协调',
        description: '说明',
        category: 'land',
        status: values.status,
        deadlineWorkingDays: 10,
        deadline: values.deadline,
        raisedAt: new Date(values.raisedAt),
        raisedBy: leader.user.id,
      })
      .returning({ id: coordinationItems.id });
    await db.insert(coordinationItemDepartments).values({ itemId: row!.id, organizationId: department });
    for (const e of events) {
      await db
        .insert(coordinationItemEvents)
        .values({ itemId: row!.id, kind: 'x', toStatus: e.to, createdAt: new Date(e.at) });
    }
  };
  await item(
    ids.p1,
    { deadline: '2026-06-01', status: 'pending', raisedAt: '2026-05-10T02:00:00Z' },
    deptX.id,
    [{ at: '2026-05-10T02:00:00Z', to: 'pending' }],
  );
  await item(
    ids.p1,
    { deadline: '2026-07-01', status: 'in_progress', raisedAt: '2026-06-10T02:00:00Z' },
    deptX.id,
    [
      { at: '2026-06-10T02:00:00Z', to: 'pending' },
      { at: '2026-06-11T02:00:00Z', to: 'in_progress' },
    ],
  );
  await item(
    ids.p1,
    { deadline: '2026-05-01', status: 'resolved', raisedAt: '2026-04-20T02:00:00Z' },
    deptX.id,
    [
      { at: '2026-04-20T02:00:00Z', to: 'pending' },
      { at: '2026-04-22T02:00:00Z', to: 'in_progress' },
      { at: '2026-05-20T02:00:00Z', to: 'resolved' },
    ],
  );
  await item(
    ids.p3,
    { deadline: '2026-06-10', status: 'pending', raisedAt: '2026-06-01T02:00:00Z' },
    deptY.id,
    [{ at: '2026-06-01T02:00:00Z', to: 'pending' }],
  );
});

afterAll(async () => {
  await t?.close();
});

const trio = (f: Figure) => [f.value, f.monthAgo, f.yearAgo];

describe('GET /api/cockpit', () => {
  let c: Cockpit;
  beforeAll(async () => {
    const res = await get('/api/cockpit?top=2', leader.cookie);
    expect(res.statusCode, res.body).toBe(200);
    c = res.json();
  });

  it('dates the comparisons a month and a year before asOf', () => {
    expect([c.asOf, c.monthAgo, c.yearAgo, c.year, c.month]).toEqual([
      '2026-06-15',
      '2026-05-15',
      '2025-06-15',
      2026,
      6,
    ]);
    expect(c.scope).toBe('all');
    expect(c.projectCount).toBe(4);
  });

  it('counts projects by stage: the ledger today, the stage history earlier', () => {
    const stage = (code: string) => trio(c.stages.find((s) => s.stage === code)!.figure);
    // 15 May: P4 had not yet moved into operation; 15 June 2025: P2 was still at the construction permit.
    expect(stage('under_construction')).toEqual([2, 3, 2]);
    expect(stage('construction_permit')).toEqual([1, 1, 2]);
    expect(stage('in_operation')).toEqual([1, 0, 0]);
    expect(stage('planning')).toEqual([0, 0, 0]);
    expect(c.stages.find((s) => s.stage === 'under_construction')!.figure.drill).toEqual({
      path: '/projects',
      query: { stage: 'under_construction' },
    });
  });

  it('gives investment totals, the annual plan and the investment completed this year', () => {
    expect(c.investment.total.value).toBe(316000);
    expect(c.investment.total.monthAgo).toBeNull();
    expect(c.investment.total.monthAgoNote?.code).toBe('no_history');
    expect(trio(c.investment.annualPlan)).toEqual([84000, null, 40000]);
    expect(c.investment.annualPlan.monthAgoNote?.code).toBe('annual_figure');
    // 2026 to June: P1 2000+1500+2500 (+ April returned, not counted) +2000, P2 5000+6000+1000, P4 500.
    expect(trio(c.investment.completedYtd)).toEqual([20500, 19500, 3800]);
  });

  it('gives the plan completion as the plans module does', async () => {
    const p = c.investment.planCompletion;
    // P1 24000 evenly (12000 by June), P2 60000 at 50 % by June (30000); completed by them 8000 + 12000.
    expect([p.projectCount, p.annualPlan, p.plannedCumulative, p.completedCumulative]).toEqual([
      2, 84000, 42000, 20000,
    ]);
    expect(trio(p.annualCompletionPct)).toEqual([23.81, 22.62, 9.5]);
    expect(trio(p.scheduleCompletionPct)).toEqual([47.62, 55.88, 19]);
    const summary = await get('/api/annual-plans/summary?year=2026&asOfMonth=6', leader.cookie);
    expect(summary.statusCode).toBe(200);
    expect(summary.json().yearToDate.annualCompletionPct).toBe(23.81);
    expect(summary.json().yearToDate.completedCumulative).toBe(20000);
  });

  it('counts starts and completions against the plan', () => {
    expect(trio(c.starts.actual)).toEqual([1, 1, 1]);
    expect(c.starts.actual.drill).toEqual({
      path: '/projects',
      query: { actualStartFrom: '2026-01-01', actualStartTo: '2026-06-15' },
    });
    expect(trio(c.starts.planned)).toEqual([2, null, 1]);
    expect(trio(c.completions.actual)).toEqual([1, 0, 0]);
    expect(trio(c.completions.planned)).toEqual([1, null, 0]);
  });

  it('counts lights now and says there is no history before the platform kept it', () => {
    expect(c.lights.red.value).toBe(1);
    expect(c.lights.yellow.value).toBe(1);
    expect(c.lights.green.value).toBe(1);
    expect(c.lights.none.value).toBe(1);
    expect(c.lights.red.monthAgo).toBeNull();
    expect(c.lights.red.monthAgoNote?.code).toBe('before_history');
    expect(c.lights.red.drill).toEqual({ path: '/warnings', query: { color: 'red' } });
  });

  it('counts overdue coordination items now and on past days from their status events', () => {
    // Today A and D; on 15 May only C (open, deadline 1 May); a year earlier none.
    expect(trio(c.overdueItems)).toEqual([2, 1, 0]);
  });

  it('gives the report submission of the month before, by the missing-reports rule', async () => {
    expect(c.reportSubmission.month).toBe('2026-05');
    expect(trio(c.reportSubmission.expected)).toEqual([2, 3, 2]);
    expect(trio(c.reportSubmission.submitted)).toEqual([1, 2, 1]);
    expect(trio(c.reportSubmission.rate)).toEqual([50, 66.67, 50]);
    const missing = await get('/api/progress-reports/missing?month=2026-05', leader.cookie);
    expect(missing.json().total).toBe(1);
  });

  it('leaves a marked place for signing figures', () => {
    expect(c.signing).toBeNull();
    expect(c.signingNote.zh).toContain('招商');
  });

  it('gives the monthly trend against the plans and last year', () => {
    const m = c.trend.months;
    expect(m.map((x) => x.planned)).toEqual([
      5000, 5000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 5000, 5000,
    ]);
    expect(m.map((x) => x.completed)).toEqual([
      2500,
      1500,
      7500,
      6000,
      2000,
      1000,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(m[5]!.completedCumulative).toBe(20500);
    expect(m[5]!.plannedCumulative).toBe(42000);
    expect(m.map((x) => x.lastYearCompleted).slice(0, 6)).toEqual([0, 0, 1000, 0, 1800, 1000]);
    expect(m[11]!.lastYearCompletedCumulative).toBe(3800);
  });

  it('ranks lead departments and sums up the rest', () => {
    const r = c.rankings.leadDepartment;
    expect(
      r.items.map((i) => [
        i.label.zh,
        i.projectCount,
        i.completedYtd,
        i.annualPlan,
        i.completionPct,
        i.redCount,
      ]),
    ).toEqual([
      ['经信局', 1, 12000, 60000, 20, 0],
      ['建设局', 2, 8000, 24000, 33.33, 1],
    ]);
    expect(r.items[0]!.drill).toEqual({ path: '/projects', query: { leadDepartmentId: deptY.id } });
    expect(r.rest).toEqual({
      groupCount: 1,
      projectCount: 1,
      completedYtd: 500,
      annualPlan: 0,
      completionPct: null,
      redCount: 0,
    });
    // Projects without a chief (P2, P4: 12500) completed more than the chief's (P1, P3: 8000).
    expect(c.rankings.chief.items.map((i) => [i.key, i.label.zh, i.completedYtd])).toEqual([
      [null, '未指定项目长', 12500],
      [chief.user.id, '张项目长', 8000],
    ]);
    expect(c.rankings.district.items.map((i) => i.label.zh)).toEqual(['沙坪坝区', '九龙坡区']);
  });

  it('gives the figures as of an earlier day', async () => {
    const res = await get('/api/cockpit?asOf=2026-05-15', leader.cookie);
    const past: Cockpit = res.json();
    expect(past.investment.completedYtd.value).toBe(19500);
    expect(past.stages.find((s) => s.stage === 'under_construction')!.figure.value).toBe(3);
    // The ledger cannot list projects by a past stage.
    expect(past.stages[0]!.figure.drill).toBeNull();
  });
});

describe('GET /api/cockpit data scope and permissions', () => {
  it("covers only a department's projects", async () => {
    const c: Cockpit = (await get('/api/cockpit', deptXUser.cookie)).json();
    expect(c.scope).toBe('own');
    expect(c.projectCount).toBe(2);
    expect(c.investment.total.value).toBe(86000);
    expect(c.investment.completedYtd.value).toBe(8000);
    // Items of its projects (A, D): D is also assigned to 经信局.
    expect(c.overdueItems.value).toBe(2);
    const y: Cockpit = (await get('/api/cockpit', deptYUser.cookie)).json();
    expect(y.projectCount).toBe(1);
    // 经信局 leads P2 (no items) and is assigned D on a project it does not lead: it sees D.
    expect(y.overdueItems.value).toBe(1);
  });

  it('covers only an owner’s own projects when an administrator grants owners the cockpit', async () => {
    expect((await get('/api/cockpit', ownerBUser.cookie)).statusCode).toBe(403);
    await t.database.db
      .insert(rolePermissions)
      .values({ roleCode: 'project_owner', permissionCode: 'cockpit.read' });
    const c: Cockpit = (await get('/api/cockpit', ownerBUser.cookie)).json();
    expect(c.projectCount).toBe(2);
    expect(c.investment.total.value).toBe(36000);
    const a: Cockpit = (await get('/api/cockpit', ownerAUser.cookie)).json();
    expect(a.investment.total.value).toBe(280000);
  });

  it('answers 403 without cockpit.read and 401 without a session', async () => {
    expect((await get('/api/cockpit', admin.cookie)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/cockpit' })).statusCode).toBe(401);
  });

  it('answers 400 naming asOf for a day after today', async () => {
    const res = await get('/api/cockpit?asOf=2026-06-16', leader.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('asOf');
  });
});

describe('GET /api/analysis/pivot', () => {
  const url =
    '/api/analysis/pivot?rows=district&cols=stage&measures=count,totalInvestment,annualPlan,completed,completionRate,share&from=2026-01&to=2026-06&year=2026&compare=yoy';
  let p: Pivot;
  beforeAll(async () => {
    const res = await get(url, leader.cookie);
    expect(res.statusCode, res.body).toBe(200);
    p = res.json();
  });

  it('lays out districts by stage with their labels', () => {
    expect(p.rows.values.map((v) => [v.key, v.label.zh, v.label.en])).toEqual([
      ['500106', '沙坪坝区', 'Shapingba District'],
      ['500107', '九龙坡区', 'Jiulongpo District'],
    ]);
    expect(p.cols!.values.map((v) => v.key)).toEqual([
      'construction_permit',
      'under_construction',
      'in_operation',
    ]);
    expect(p.rows.values[0]!.drill).toEqual({ divisionCode: '500106' });
  });

  it('gives each cell, the totals and the grand total', () => {
    expect(p.cells[0]![1]).toEqual({
      count: 2,
      totalInvestment: 280000,
      annualPlan: 84000,
      completed: 20000,
      completionRate: 23.81,
      share: 88.61,
    });
    expect(p.cells[0]![0]).toEqual({
      count: 0,
      totalInvestment: 0,
      annualPlan: 0,
      completed: 0,
      completionRate: null,
      share: 0,
    });
    expect(p.cells[1]![2]).toMatchObject({ count: 1, totalInvestment: 30000, completed: 500, share: 9.49 });
    expect(p.rowTotals[1]).toMatchObject({ count: 2, totalInvestment: 36000, completed: 500, share: 11.39 });
    expect(p.colTotals.map((x) => x.count)).toEqual([1, 2, 1]);
    expect(p.grandTotal).toEqual({
      count: 4,
      totalInvestment: 316000,
      annualPlan: 84000,
      completed: 20500,
      completionRate: 23.81,
      share: 100,
    });
  });

  it('compares with the same period a year earlier', () => {
    expect(p.comparison!.period).toEqual({ from: '2025-01', to: '2025-06', year: 2025 });
    expect(p.comparison!.cells[0]![1]).toMatchObject({
      annualPlan: 30000,
      completed: 2800,
      completionRate: 9.33,
    });
    expect(p.comparison!.grandTotal).toEqual({
      count: null,
      totalInvestment: null,
      annualPlan: 40000,
      completed: 3800,
      completionRate: 9.5,
      share: null,
    });
  });

  it('splits investment by funding source and counts projects with each source', async () => {
    const res = await get('/api/analysis/pivot?rows=fundingSource', leader.cookie);
    const f: Pivot = res.json();
    expect(f.rows.values.map((v) => v.key)).toEqual(['government', 'social', 'unspecified']);
    expect(f.rowTotals.map((x) => [x.count, x.totalInvestment])).toEqual([
      [2, 150000],
      [2, 160000],
      [1, 6000],
    ]);
    expect(f.grandTotal).toEqual({ count: 4, totalInvestment: 316000 });
  });

  it('groups by industry section, leading industry and start year', async () => {
    const s: Pivot = (
      await get('/api/analysis/pivot?rows=industrySection&measures=count', leader.cookie)
    ).json();
    expect(s.rows.values.map((v) => [v.key, v.label.zh])).toEqual([
      ['C', 'C 制造业'],
      ['E', 'E 建筑业'],
      ['P', 'P 教育'],
    ]);
    expect(s.rowTotals.map((x) => x.count)).toEqual([2, 1, 1]);
    const y: Pivot = (
      await get('/api/analysis/pivot?rows=startYear&cols=leadingIndustry&measures=count', leader.cookie)
    ).json();
    // P1 started 2025, P2 2026, P3 not yet (planned 2026), P4 2024.
    expect(y.rows.values.map((v) => v.key)).toEqual(['2024', '2025', '2026']);
    expect(y.cols!.values.map((v) => v.key)).toEqual(['HLTH', 'NGIT', '']);
    expect(y.rowTotals.map((x) => x.count)).toEqual([1, 1, 2]);
  });

  it('applies the ledger filters and the data scope', async () => {
    const f: Pivot = (
      await get(
        '/api/analysis/pivot?rows=category&measures=count,totalInvestment&keyLevel=general',
        leader.cookie,
      )
    ).json();
    expect(f.grandTotal).toEqual({ count: 2, totalInvestment: 36000 });
    const q: Pivot = (
      await get(`/api/analysis/pivot?rows=category&q=${encodeURIComponent('科学')}`, leader.cookie)
    ).json();
    expect(q.grandTotal.count).toBe(1);
    const d: Pivot = (await get('/api/analysis/pivot?rows=category', deptXUser.cookie)).json();
    expect(d.grandTotal).toEqual({ count: 2, totalInvestment: 86000 });
  });

  it('answers 400 naming the field for a bad dimension, measure or period', async () => {
    const field = async (query: string) => {
      const res = await get(`/api/analysis/pivot?${query}`, leader.cookie);
      expect(res.statusCode, query).toBe(400);
      return res.json().details[0].field as string;
    };
    expect(await field('rows=colour')).toBe('rows');
    expect(await field('rows=district&cols=district')).toBe('cols');
    expect(await field('rows=district&measures=count,profit')).toMatch(/^measures/);
    expect(await field('rows=district&from=2026-07&to=2026-03')).toBe('from');
    expect(await field('rows=district&from=2026-13')).toBe('from');
    expect(await field('rows=district&year=1800')).toBe('year');
    expect(await field('rows=district&from=2026-08')).toBe('from');
  });

  it('answers 403 without analysis.read', async () => {
    expect((await get('/api/analysis/pivot?rows=district', ownerAUser.cookie)).statusCode).toBe(403);
  });
});

describe('GET /api/analysis/pivot.xlsx', () => {
  it('exports the table with Chinese headers, number formats and frozen headers, and audits it', async () => {
    const res = await get(
      '/api/analysis/pivot.xlsx?rows=district&cols=stage&measures=count,totalInvestment&from=2026-01&to=2026-06',
      leader.cookie,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('投资结构分析')!;
    expect(sheet.getCell('A1').value).toBe('所在区县 \\ 当前阶段');
    expect(sheet.getCell('B1').value).toBe('施工许可');
    expect(sheet.getCell('B2').value).toBe('项目数');
    expect(sheet.getCell('C2').value).toBe('总投资（万元）');
    expect(sheet.getCell('H1').value).toBe('合计');
    expect(sheet.getCell('A3').value).toBe('沙坪坝区');
    expect(sheet.getCell('D3').value).toBe(2);
    expect(sheet.getCell('E3').value).toBe(280000);
    expect(sheet.getCell('E3').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('A5').value).toBe('合计');
    expect(sheet.getCell('H5').value).toBe(4);
    expect(sheet.getCell('I5').value).toBe(316000);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
    const audit = await t.database.query<{ action: string }>(
      "select action from audit_log where action = 'analysis.export' and actor_id = $1",
      [leader.user.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('needs project.export as well', async () => {
    expect((await get('/api/analysis/pivot.xlsx?rows=district', auditor.cookie)).statusCode).toBe(403);
  });
});

describe('/api/analysis/settings', () => {
  it('lets the administrator set the size bands, with a version check, and the pivot uses them', async () => {
    const before = await get('/api/analysis/settings', admin.cookie);
    expect(before.json()).toMatchObject({ sizeBands: [10000, 50000, 100000, 500000], version: 0 });
    expect(before.json().bandLabels.map((l: { zh: string }) => l.zh)).toEqual([
      '<1亿',
      '1–5亿',
      '5–10亿',
      '10–50亿',
      '≥50亿',
    ]);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/analysis/settings',
      headers: { cookie: admin.cookie },
      payload: { sizeBands: [5000, 100000], version: 0 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().version).toBe(1);
    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/analysis/settings',
      headers: { cookie: admin.cookie },
      payload: { sizeBands: [1000], version: 0 },
    });
    expect(stale.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/analysis/settings',
      headers: { cookie: admin.cookie },
      payload: { sizeBands: [5000, 5000], version: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('sizeBands.1');
    const p: Pivot = (await get('/api/analysis/pivot?rows=sizeBand&measures=count', leader.cookie)).json();
    expect(p.rows.values.map((v) => [v.label.zh, v.drill])).toEqual([
      ['5000万–10亿', { investmentMin: '5000', investmentMax: '99999.99' }],
      ['≥10亿', { investmentMin: '100000' }],
    ]);
    expect(p.rowTotals.map((x) => x.count)).toEqual([3, 1]);
    expect((await get('/api/analysis/settings', leader.cookie)).statusCode).toBe(403);
  });
});

describe('freshness', () => {
  it('shows a report submitted over the API in the very next cockpit', async () => {
    const before: Cockpit = (await get('/api/cockpit', leader.cookie)).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${ids.p1}/progress-reports`,
      headers: { cookie: ownerAUser.cookie },
      payload: { month: '2026-06', investmentThisMonth: 700, imageProgress: '主体结构施工' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const after: Cockpit = (await get('/api/cockpit', leader.cookie)).json();
    expect(after.investment.completedYtd.value).toBe((before.investment.completedYtd.value ?? 0) + 700);
    expect(after.reportSubmission.submitted.value).toBe(before.reportSubmission.submitted.value);
  });
});
