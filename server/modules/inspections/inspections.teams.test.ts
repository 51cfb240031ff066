import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChiefCandidates, ChiefTeamPage, MissingInspectionReport } from '#domain/schemas/inspections.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  createUser,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

// The service reads "today" from the context's clock: each step sets the day it is about.
let now = new Date();
const setToday = (date: string) => {
  now = new Date(`${date}T10:00:00+08:00`);
};

type Session = Awaited<ReturnType<typeof userSession>>;
type Project = { id: string; name: string };
let t: TestApp;
let leader: Session;
let chief: Session;
let chief2: Session;
let liaison: Session;
let owner: Session;
let admin: Session;
let inactiveChiefId: string;
let enterprise: { id: string };
let projectA: Project;
let projectB: Project;
let projectC: Project;
let general: Project;
let district: Project;
let otherOwners: Project;

const inject = (method: 'GET' | 'PUT' | 'POST', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function projectVersion(id: string): Promise<number> {
  const [row] = await t.database.query<{ version: number }>(`select version from projects where id = $1`, [
    id,
  ]);
  return row!.version;
}

async function assign(
  project: Project,
  chiefId: string,
  staff: { deputyUserIds?: string[]; liaisonUserIds?: string[] } = {},
) {
  const res = await inject('PUT', `/api/projects/${project.id}/chiefs`, leader.cookie, {
    chiefUserId: chiefId,
    deputyUserIds: [],
    liaisonUserIds: [],
    ...staff,
    version: await projectVersion(project.id),
  });
  expect(res.statusCode).toBe(200);
}

async function inspect(project: Project, inspectedOn: string) {
  setToday(inspectedOn);
  const res = await inject('POST', `/api/projects/${project.id}/inspections`, leader.cookie, {
    month: inspectedOn.slice(0, 7),
    inspectedOn,
    method: 'onsite',
    participants: ['王建国'],
    summary: '现场查看施工进度与安全文明施工情况。',
  });
  expect(res.statusCode).toBe(201);
}

const fields = (res: { json(): unknown }) =>
  (res.json() as { details: { field: string }[] }).details.map((d) => d.field);

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  enterprise = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const enterpriseB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  const liaisonOrg = await createOrganization(t, { name: '科学城管委会经济发展局', type: 'department' });
  leader = await userSession(t, ['leader']);
  chief = await userSession(t, ['project_chief'], { displayName: '张项目长' });
  chief2 = await userSession(t, ['project_chief'], { displayName: '李项目长' });
  liaison = await userSession(t, ['department'], { organizationId: liaisonOrg.id, displayName: '赵联络员' });
  owner = await userSession(t, ['project_owner'], { organizationId: enterprise.id });
  const ownerB = await userSession(t, ['project_owner'], { organizationId: enterpriseB.id });
  admin = await userSession(t, ['admin']);
  inactiveChiefId = (await createUser(t, ['project_chief'], { displayName: '离任项目长', isActive: false }))
    .id;
  setToday('2026-05-20');
  projectA = await createProjectViaApi(
    t,
    owner.cookie,
    projectInput(enterprise.id, { name: '科学大道二期' }),
  );
  projectB = await createProjectViaApi(t, owner.cookie, projectInput(enterprise.id, { name: '科学会堂' }));
  projectC = await createProjectViaApi(
    t,
    owner.cookie,
    projectInput(enterprise.id, { name: '西部科学城大学' }),
  );
  general = await createProjectViaApi(
    t,
    owner.cookie,
    projectInput(enterprise.id, { name: '配套公园', keyLevel: 'general' }),
  );
  district = await createProjectViaApi(
    t,
    owner.cookie,
    projectInput(enterprise.id, { name: '人才公寓', keyLevel: 'district' }),
  );
  otherOwners = await createProjectViaApi(
    t,
    ownerB.cookie,
    projectInput(enterpriseB.id, { name: '芯片厂房一期' }),
  );
  // June: A and B get their chiefs; C gets one in August.
  setToday('2026-06-10');
  await assign(projectA, chief.user.id, { liaisonUserIds: [liaison.user.id] });
  await assign(projectB, chief2.user.id);
  setToday('2026-08-05');
  await assign(projectC, chief.user.id);
  await inspect(projectA, '2026-06-15');
  await inspect(projectA, '2026-08-20');
  await inspect(projectC, '2026-09-03');
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => setToday('2026-10-08'));

describe('GET /api/chief-teams', () => {
  it('answers 401 without a session and 403 without chief.assign', async () => {
    expect((await inject('GET', '/api/chief-teams')).statusCode).toBe(401);
    expect((await inject('GET', '/api/chief-teams', chief.cookie)).statusCode).toBe(403);
  });

  it('lists the key projects with their teams, those without a chief first, and counts the unassigned', async () => {
    const res = await inject('GET', '/api/chief-teams', leader.cookie);
    expect(res.statusCode).toBe(200);
    const page = res.json() as ChiefTeamPage;
    // The general project is not a key project; the rest are, whoever owns them.
    expect(page.counts).toEqual({ projects: 5, unassigned: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.projectId)).not.toContain(general.id);
    // Without a chief first (municipal before district), then by key level and name.
    expect(page.items.slice(0, 2).map((i) => i.projectId)).toEqual([otherOwners.id, district.id]);
    const a = page.items.find((i) => i.projectId === projectA.id)!;
    expect(a).toMatchObject({
      keyLevel: 'municipal',
      chief: { userId: chief.user.id, displayName: '张项目长', assignedOn: '2026-06-10' },
      deputies: [],
      liaisons: [
        { userId: liaison.user.id, organizationName: '科学城管委会经济发展局', assignedOn: '2026-06-10' },
      ],
    });
    expect(a.version).toBe(await projectVersion(projectA.id));
  });

  it('filters to the unassigned, to a key level and by name, and pages', async () => {
    const unassigned = (await inject('GET', '/api/chief-teams?unassigned=true', leader.cookie)).json();
    expect(unassigned.total).toBe(2);
    expect(unassigned.items.every((i: { chief: unknown }) => i.chief === null)).toBe(true);
    const generals = (await inject('GET', '/api/chief-teams?keyLevel=general', leader.cookie)).json();
    expect(generals.items.map((i: { projectId: string }) => i.projectId)).toEqual([general.id]);
    const byName = (
      await inject('GET', `/api/chief-teams?q=${encodeURIComponent('会堂')}`, leader.cookie)
    ).json();
    expect(byName.items.map((i: { projectId: string }) => i.projectId)).toEqual([projectB.id]);
    const second = (await inject('GET', '/api/chief-teams?pageSize=2&page=2', leader.cookie)).json();
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(second.items).toHaveLength(2);
  });

  it('answers 400 naming the field for an unknown key level or page size', async () => {
    const level = await inject('GET', '/api/chief-teams?keyLevel=provincial', leader.cookie);
    expect(level.statusCode).toBe(400);
    expect(fields(level)[0]).toMatch(/^keyLevel/);
    const size = await inject('GET', '/api/chief-teams?pageSize=500', leader.cookie);
    expect(size.statusCode).toBe(400);
    expect(fields(size)).toEqual(['pageSize']);
  });
});

describe('GET /api/chief-teams/candidates', () => {
  it('answers 403 without chief.assign', async () => {
    expect((await inject('GET', '/api/chief-teams/candidates', chief.cookie)).statusCode).toBe(403);
    expect((await inject('GET', '/api/chief-teams/candidates', owner.cookie)).statusCode).toBe(403);
  });

  it('offers active chiefs as chiefs, and active holders of inspection.record as deputies and liaisons', async () => {
    const res = await inject('GET', '/api/chief-teams/candidates', leader.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as ChiefCandidates;
    const chiefIds = body.chiefs.map((c) => c.id);
    expect(chiefIds).toEqual(expect.arrayContaining([chief.user.id, chief2.user.id]));
    expect(chiefIds).not.toContain(inactiveChiefId);
    expect(chiefIds).not.toContain(liaison.user.id);
    const staffIds = body.staff.map((c) => c.id);
    expect(staffIds).toEqual(expect.arrayContaining([chief.user.id, liaison.user.id, leader.user.id]));
    expect(staffIds).not.toContain(owner.user.id);
    expect(staffIds).not.toContain(inactiveChiefId);
    expect(body.staff.find((c) => c.id === liaison.user.id)?.organizationName).toBe('科学城管委会经济发展局');
  });

  it('offers only people the assignment accepts', async () => {
    const { chiefs, staff } = (
      await inject('GET', '/api/chief-teams/candidates', leader.cookie)
    ).json() as ChiefCandidates;
    const deputy = staff.find((s) => s.id !== chief2.user.id)!;
    const res = await inject('PUT', `/api/projects/${district.id}/chiefs`, leader.cookie, {
      chiefUserId: chiefs.find((c) => c.id === chief2.user.id)!.id,
      deputyUserIds: [deputy.id],
      liaisonUserIds: [],
      version: await projectVersion(district.id),
    });
    expect(res.statusCode).toBe(200);
    const page = (
      await inject('GET', '/api/chief-teams?unassigned=true', leader.cookie)
    ).json() as ChiefTeamPage;
    expect(page.counts.unassigned).toBe(1);
  });
});

describe('GET /api/inspections/missing-report', () => {
  it('counts, per chief, the project-months owed, inspected and missed over the range, and lists the missed ones', async () => {
    const res = await inject('GET', '/api/inspections/missing-report?from=2026-06&to=2026-09', leader.cookie);
    expect(res.statusCode).toBe(200);
    const report = res.json() as MissingInspectionReport;
    expect(report.months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09']);
    // A: inspected in June and August; B: never; C: owed from August (assigned then), inspected in September.
    expect(report.chiefs).toEqual([
      { chiefUserId: chief2.user.id, chiefName: '李项目长', owed: 4, inspected: 0, missing: 4 },
      { chiefUserId: chief.user.id, chiefName: '张项目长', owed: 6, inspected: 3, missing: 3 },
    ]);
    expect(report.total).toBe(7);
    const missed = report.rows.map((r) => `${r.month} ${r.projectName}`);
    expect(missed).toEqual([
      '2026-06 科学会堂',
      '2026-07 科学会堂',
      '2026-07 科学大道二期',
      '2026-08 科学会堂',
      '2026-08 西部科学城大学',
      '2026-09 科学会堂',
      '2026-09 科学大道二期',
    ]);
  });

  it('defaults to the six months up to the last ended one, and narrows to one chief', async () => {
    const report = (await inject('GET', '/api/inspections/missing-report', leader.cookie)).json();
    expect(report).toMatchObject({ from: '2026-04', to: '2026-09' });
    expect(report.months).toHaveLength(6);
    const one = (
      await inject('GET', `/api/inspections/missing-report?chiefUserId=${chief2.user.id}`, leader.cookie)
    ).json() as MissingInspectionReport;
    expect(one.chiefs.map((c) => c.chiefUserId)).toEqual([chief2.user.id]);
    expect(new Set(one.rows.map((r) => r.projectId))).toEqual(new Set([projectB.id]));
  });

  it('shows a chief and his liaison only their projects, and an owner nothing', async () => {
    const mine = (await inject('GET', '/api/inspections/missing-report', chief.cookie)).json();
    expect(mine.chiefs.map((c: { chiefUserId: string }) => c.chiefUserId)).toEqual([chief.user.id]);
    const theirs = (await inject('GET', '/api/inspections/missing-report', liaison.cookie)).json();
    expect(new Set(theirs.rows.map((r: { projectId: string }) => r.projectId))).toEqual(
      new Set([projectA.id]),
    );
    const none = (await inject('GET', '/api/inspections/missing-report', owner.cookie)).json();
    expect(none).toMatchObject({ total: 0, chiefs: [], rows: [] });
  });

  it('answers 400 naming the field: a month not ended, a range reversed or too long, a malformed value', async () => {
    const cases: [string, string][] = [
      ['to=2026-10', 'to'],
      ['from=2026-09&to=2026-06', 'from'],
      ['from=2024-01&to=2026-09', 'from'],
      ['to=2026-13', 'to'],
      ['chiefUserId=abc', 'chiefUserId'],
    ];
    for (const [query, field] of cases) {
      const res = await inject('GET', `/api/inspections/missing-report?${query}`, leader.cookie);
      expect(res.statusCode, query).toBe(400);
      expect(fields(res), query).toEqual([field]);
    }
    expect((await inject('GET', '/api/inspections/missing-report')).statusCode).toBe(401);
  });
});

describe('GET /api/inspections/missing-report.xlsx', () => {
  it('exports the report as a workbook of missed project-months and a sheet per chief, audited', async () => {
    const res = await inject(
      'GET',
      '/api/inspections/missing-report.xlsx?from=2026-06&to=2026-09',
      leader.cookie,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(
      encodeURIComponent('未督查项目-2026-06至2026-09.xlsx'),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('未督查项目')!;
    expect(rows.rowCount).toBe(8);
    expect(rows.getRow(2).values).toEqual([
      undefined,
      '2026-06',
      '李项目长',
      '科学会堂',
      '',
      '施工许可',
      '2026-06-10',
    ]);
    const byChief = wb.getWorksheet('按项目长')!;
    expect(byChief.getRow(3).values).toEqual([undefined, '张项目长', 6, 3, 3, 0.5]);
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where actor_id = $1 and action = 'inspection.missing.export'`,
      [leader.user.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('answers 403 without project.export and 400 naming the field', async () => {
    expect((await inject('GET', '/api/inspections/missing-report.xlsx', admin.cookie)).statusCode).toBe(403);
    const bad = await inject('GET', '/api/inspections/missing-report.xlsx?to=2026-10', leader.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['to']);
  });
});

describe('the chief-team list keeps to the reader’s scope', () => {
  it('shows a holder of chief.assign without project.scope.all only the projects he sees in the ledger', async () => {
    // Roles are data: an administration may let owners propose their own projects' teams.
    await t.database.query(
      `insert into role_permissions (role_code, permission_code) values ('project_owner', 'chief.assign')`,
    );
    const page = (await inject('GET', '/api/chief-teams', owner.cookie)).json() as ChiefTeamPage;
    expect(page.items.map((i) => i.projectId)).not.toContain(otherOwners.id);
    expect(page.counts.projects).toBe(4);
    const notHis = await inject('PUT', `/api/projects/${otherOwners.id}/chiefs`, owner.cookie, {
      chiefUserId: chief.user.id,
      deputyUserIds: [],
      liaisonUserIds: [],
      version: await projectVersion(otherOwners.id),
    });
    expect(notHis.statusCode).toBe(404);
  });
});
