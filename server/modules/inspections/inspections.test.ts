import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { softwareCrypto } from '../../core/crypto.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  multipartFile,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';
import { createInspectionService } from './inspections.service.ts';

// The service reads "today" from the context's clock: each test sets the day it is about.
let now = new Date();
const setToday = (date: string) => {
  now = new Date(`${date}T10:00:00+08:00`);
};

type Session = Awaited<ReturnType<typeof userSession>>;
type Project = { id: string; version: number };
let t: TestApp;
let leader: Session;
let chief: Session;
let chief2: Session;
let deputy: Session;
let liaison: Session;
let ownerA: Session;
let leadDept: Session;
let outsider: Session;
let handler: Session;
let enterprise: { id: string };
let handlerOrg: { id: string; name: string };
let projectA: Project;
let projectB: Project;
let projectC: Project;
let projectD: Project;

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  cookie?: string,
  payload?: unknown,
) =>
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
  cookie = leader.cookie,
) {
  return inject('PUT', `/api/projects/${project.id}/chiefs`, cookie, {
    chiefUserId: chiefId,
    deputyUserIds: [],
    liaisonUserIds: [],
    ...staff,
    version: await projectVersion(project.id),
  });
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  enterprise = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const enterpriseB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  const leadDeptOrg = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  handlerOrg = await createOrganization(t, { name: '科学城管委会规划和自然资源局', type: 'department' });
  const liaisonOrg = await createOrganization(t, { name: '科学城管委会经济发展局', type: 'department' });
  leader = await userSession(t, ['leader']);
  chief = await userSession(t, ['project_chief'], { displayName: '张项目长' });
  chief2 = await userSession(t, ['project_chief'], { displayName: '李项目长' });
  deputy = await userSession(t, ['project_chief'], { displayName: '王副项目长' });
  liaison = await userSession(t, ['department'], { organizationId: liaisonOrg.id, displayName: '赵联络员' });
  ownerA = await userSession(t, ['project_owner'], { organizationId: enterprise.id });
  const ownerB = await userSession(t, ['project_owner'], { organizationId: enterpriseB.id });
  leadDept = await userSession(t, ['department'], { organizationId: leadDeptOrg.id });
  outsider = await userSession(t, ['department'], { organizationId: handlerOrg.id });
  handler = outsider;
  setToday('2026-08-20');
  projectA = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(enterprise.id, { leadDepartmentId: leadDeptOrg.id }),
  );
  projectB = await createProjectViaApi(
    t,
    ownerB.cookie,
    projectInput(enterpriseB.id, { name: '芯片厂房一期' }),
  );
  projectC = await createProjectViaApi(t, ownerA.cookie, projectInput(enterprise.id, { name: '科学会堂' }));
  projectD = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(enterprise.id, { name: '西部科学城大学' }),
  );
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => setToday('2026-09-15'));

describe('PUT /api/projects/:id/chiefs', () => {
  it('answers 401 without a session and 403 to a chief (only leaders assign), auditing the denial', async () => {
    expect((await inject('PUT', `/api/projects/${projectA.id}/chiefs`, undefined, {})).statusCode).toBe(401);
    const res = await assign(projectA, chief.user.id, {}, chief.cookie);
    expect(res.statusCode).toBe(403);
    const denied = await t.database.query<{ action: string }>(
      `select action from audit_log where actor_id = $1 and outcome = 'denied'`,
      [chief.user.id],
    );
    expect(denied.map((d) => d.action)).toContain('chief.assign');
  });

  it('answers 400 naming the field for a chief without the chief role, a deputy who may not inspect, a person twice', async () => {
    const notChief = await assign(projectA, liaison.user.id);
    expect(notChief.statusCode).toBe(400);
    expect(notChief.json().details.map((d: { field: string }) => d.field)).toEqual(['chiefUserId']);
    const ownerAsDeputy = await assign(projectA, chief.user.id, { deputyUserIds: [ownerA.user.id] });
    expect(ownerAsDeputy.statusCode).toBe(400);
    expect(ownerAsDeputy.json().details[0].field).toBe('deputyUserIds.0');
    const twice = await assign(projectA, chief.user.id, { liaisonUserIds: [chief.user.id] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().details[0].field).toBe('liaisonUserIds.0');
  });

  it('assigns the chief team on the day, bumps the project version and audits the change', async () => {
    setToday('2026-08-20');
    const version = await projectVersion(projectA.id);
    const res = await assign(projectA, chief.user.id, {
      deputyUserIds: [deputy.user.id],
      liaisonUserIds: [liaison.user.id],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      projectId: projectA.id,
      version: version + 1,
      chief: { userId: chief.user.id, displayName: '张项目长', assignedOn: '2026-08-20' },
      deputies: [{ userId: deputy.user.id, assignedOn: '2026-08-20' }],
      liaisons: [{ userId: liaison.user.id, organizationName: '科学城管委会经济发展局' }],
    });
    const project = (await inject('GET', `/api/projects/${projectA.id}`, leader.cookie)).json();
    expect(project).toMatchObject({ chiefUserId: chief.user.id, version: version + 1 });
    const audit = await t.database.query<{ action: string; after: { deputyUserIds: string[] } }>(
      `select action, after from audit_log where entity_id = $1 and action = 'chief.assign'`,
      [projectA.id],
    );
    expect(audit).toEqual([
      { action: 'chief.assign', after: expect.objectContaining({ deputyUserIds: [deputy.user.id] }) },
    ]);
    for (const [project, who] of [
      [projectB, chief2],
      [projectC, chief],
    ] as const) {
      expect((await assign(project, who.user.id)).statusCode).toBe(200);
    }
  });

  it('answers 409 on a stale project version', async () => {
    const res = await inject('PUT', `/api/projects/${projectA.id}/chiefs`, leader.cookie, {
      chiefUserId: chief.user.id,
      deputyUserIds: [deputy.user.id],
      liaisonUserIds: [liaison.user.id],
      version: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('VERSION_CONFLICT');
  });

  it('keeps the dates of people who keep their role; a newcomer is dated on his day', async () => {
    const res = await assign(projectA, chief.user.id, {
      deputyUserIds: [deputy.user.id],
      liaisonUserIds: [liaison.user.id, leadDept.user.id],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.chief.assignedOn).toBe('2026-08-20');
    expect(
      body.liaisons.map((l: { userId: string; assignedOn: string }) => [l.userId, l.assignedOn]),
    ).toEqual([
      [liaison.user.id, '2026-08-20'],
      [leadDept.user.id, '2026-09-15'],
    ]);
    // Back to the team the rest of the file relies on.
    expect(
      (
        await assign(projectA, chief.user.id, {
          deputyUserIds: [deputy.user.id],
          liaisonUserIds: [liaison.user.id],
        })
      ).statusCode,
    ).toBe(200);
  });
});

const inspectionInput = (values: Record<string, unknown> = {}) => ({
  month: '2026-09',
  inspectedOn: '2026-09-10',
  method: 'onsite',
  participants: ['张项目长', '建设局 刘工', '施工单位项目经理 陈某'],
  summary: '主体结构施工至 12 层，现场总体有序。',
  findings: [
    { category: 'safety', text: '临边防护不到位' },
    { category: 'resource_support', text: '施工用电容量不足' },
  ],
  rectifications: [
    {
      kind: 'coordination',
      title: '施工用电增容',
      description: '临时用电容量不足，需协调供电公司增容',
      category: 'utilities',
      departmentIds: [handlerOrg.id],
      deadlineWorkingDays: 5,
    },
    { kind: 'task', title: '完善临边防护', ownerOrgId: enterprise.id, deadline: '2026-09-25' },
  ],
  ...values,
});

type Detail = {
  id: string;
  version: number;
  month: string;
  findings: { category: string; text: string }[];
  coordinationItems: { id: string; status: string; deadline: string; departments: { id: string }[] }[];
  tasks: { id: string; status: string; version: number; sourceRef: string; overdue: boolean }[];
  photosCount: number;
};
let inspectionA: Detail;

describe('POST /api/projects/:id/inspections', () => {
  it('records the inspection; demands become a coordination item and a project task, all audited', async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/inspections`,
      chief.cookie,
      inspectionInput(),
    );
    expect(res.statusCode).toBe(201);
    inspectionA = res.json();
    expect(inspectionA).toMatchObject({
      projectId: projectA.id,
      month: '2026-09',
      inspectedOn: '2026-09-10',
      method: 'onsite',
      version: 1,
      findingsCount: 2,
      coordinationItemsCount: 1,
      tasksCount: 1,
      createdBy: chief.user.id,
      findings: [
        { category: 'safety', text: '临边防护不到位' },
        { category: 'resource_support', text: '施工用电容量不足' },
      ],
      // Five working days from Tuesday 15 September, counting Sunday 20 September, a 调休 working day.
      coordinationItems: [
        { status: 'pending', deadline: '2026-09-21', departments: [{ id: handlerOrg.id }] },
      ],
      tasks: [
        { status: 'open', ownerOrgId: enterprise.id, deadline: '2026-09-25', sourceRef: inspectionA?.id },
      ],
    });
    const [item] = await t.database.query<{ source: string; source_ref: string; raised_by: string }>(
      `select source, source_ref, raised_by from coordination_items where id = $1`,
      [inspectionA.coordinationItems[0]!.id],
    );
    expect(item).toEqual({ source: 'inspection', source_ref: inspectionA.id, raised_by: chief.user.id });
    const [task] = await t.database.query<{ source: string; source_ref: string; project_id: string }>(
      `select source, source_ref, project_id from project_tasks where id = $1`,
      [inspectionA.tasks[0]!.id],
    );
    expect(task).toEqual({ source: 'inspection', source_ref: inspectionA.id, project_id: projectA.id });
    const audit = await t.database.query<{ action: string; entity_id: string }>(
      `select action, entity_id from audit_log where entity_id in ($1, $2, $3) order by id`,
      [inspectionA.id, inspectionA.coordinationItems[0]!.id, inspectionA.tasks[0]!.id],
    );
    expect(audit).toEqual([
      { action: 'coordination.raise', entity_id: inspectionA.coordinationItems[0]!.id },
      { action: 'task.create', entity_id: inspectionA.tasks[0]!.id },
      { action: 'inspection.record', entity_id: inspectionA.id },
    ]);
    // The assigned department hears of its item as for any other.
    const told = await t.database.query<{ user_id: string }>(
      `select user_id from notifications where entity_id = $1 and kind = 'coordination.assigned'`,
      [inspectionA.coordinationItems[0]!.id],
    );
    expect(told).toEqual([{ user_id: handler.user.id }]);
  });

  it('answers 409 to a second inspection of the same month', async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/inspections`,
      deputy.cookie,
      inspectionInput({ inspectedOn: '2026-09-14', rectifications: [] }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
  });

  it('answers 400 on a date after today, a date outside the month and a malformed month', async () => {
    const url = `/api/projects/${projectC.id}/inspections`;
    const future = await inject('POST', url, chief.cookie, inspectionInput({ inspectedOn: '2026-09-16' }));
    expect(future.statusCode).toBe(400);
    expect(future.json().details[0].field).toBe('inspectedOn');
    const outside = await inject('POST', url, chief.cookie, inspectionInput({ inspectedOn: '2026-08-31' }));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details[0].field).toBe('inspectedOn');
    const month = await inject('POST', url, chief.cookie, inspectionInput({ month: '2026-13' }));
    expect(month.statusCode).toBe(400);
    expect(month.json().details.map((d: { field: string }) => d.field)).toContain('month');
  });

  it('answers 400 naming the demand whose department is not a department, and writes nothing', async () => {
    const bad = inspectionInput();
    (bad.rectifications[0] as { departmentIds: string[] }).departmentIds = [enterprise.id];
    const res = await inject('POST', `/api/projects/${projectC.id}/inspections`, chief.cookie, bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('rectifications.0.departmentIds');
    const missingOwner = await inject(
      'POST',
      `/api/projects/${projectC.id}/inspections`,
      chief.cookie,
      inspectionInput({ rectifications: [{ kind: 'task', title: '完善临边防护', deadline: '2026-09-25' }] }),
    );
    expect(missingOwner.statusCode).toBe(400);
    expect(missingOwner.json().details[0].field).toBe('rectifications.0.ownerOrgId');
    expect(await t.database.query(`select id from inspections where project_id = $1`, [projectC.id])).toEqual(
      [],
    );
  });

  it('rolls everything back when a write fails halfway: no inspection, no item, no audit', async () => {
    const before = await t.database.query<{ n: number }>(
      `select (select count(*) from coordination_items)::int + (select count(*) from audit_log)::int as n`,
    );
    // A failure on the last write of the transaction (the task), after the inspection and the item were written.
    await t.database.execScript(`
      CREATE FUNCTION test_refuse_task() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER test_refuse_task BEFORE INSERT ON project_tasks FOR EACH ROW EXECUTE FUNCTION test_refuse_task();`);
    try {
      const res = await inject(
        'POST',
        `/api/projects/${projectC.id}/inspections`,
        chief.cookie,
        inspectionInput(),
      );
      expect(res.statusCode).toBe(500);
    } finally {
      await t.database.execScript(
        `DROP TRIGGER test_refuse_task ON project_tasks; DROP FUNCTION test_refuse_task();`,
      );
    }
    expect(await t.database.query(`select id from inspections where project_id = $1`, [projectC.id])).toEqual(
      [],
    );
    const after = await t.database.query<{ n: number }>(
      `select (select count(*) from coordination_items)::int + (select count(*) from audit_log)::int as n`,
    );
    expect(after).toEqual(before);
  });

  it('answers 403 to an owner (no inspection.record) and to a department that sees the project but is not on its team', async () => {
    const url = `/api/projects/${projectC.id}/inspections`;
    expect((await inject('POST', url, ownerA.cookie, inspectionInput())).statusCode).toBe(403);
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/inspections`,
      leadDept.cookie,
      inspectionInput({ month: '2026-08', inspectedOn: '2026-08-28', rectifications: [] }),
    );
    expect(res.statusCode).toBe(403);
    const denied = await t.database.query<{ action: string; entity_id: string }>(
      `select action, entity_id from audit_log where actor_id = $1 and outcome = 'denied'`,
      [leadDept.user.id],
    );
    expect(denied).toEqual([{ action: 'inspection.record', entity_id: projectA.id }]);
    // A department that does not even see the project learns nothing of it.
    const hidden = await inject(
      'POST',
      `/api/projects/${projectB.id}/inspections`,
      outsider.cookie,
      inspectionInput(),
    );
    expect(hidden.statusCode).toBe(404);
  });

  it('lets a liaison record and read back an inspection of a project the ledger does not show him', async () => {
    expect((await inject('GET', `/api/projects/${projectA.id}`, liaison.cookie)).statusCode).toBe(404);
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/inspections`,
      liaison.cookie,
      inspectionInput({ month: '2026-08', inspectedOn: '2026-08-28', method: 'video', rectifications: [] }),
    );
    expect(res.statusCode).toBe(201);
    const list = await inject('GET', `/api/projects/${projectA.id}/inspections`, liaison.cookie);
    expect(list.json().items.map((i: { month: string }) => i.month)).toEqual(['2026-09', '2026-08']);
  });
});

describe('reading inspections', () => {
  it('shows a project’s inspections to whoever sees the project, and 404 to a chief of another project', async () => {
    for (const who of [chief, deputy, leader, ownerA]) {
      const res = await inject('GET', `/api/inspections/${inspectionA.id}`, who.cookie);
      expect(res.statusCode).toBe(200);
    }
    expect((await inject('GET', `/api/inspections/${inspectionA.id}`, chief2.cookie)).statusCode).toBe(404);
    expect((await inject('GET', `/api/projects/${projectA.id}/inspections`, chief2.cookie)).statusCode).toBe(
      404,
    );
    expect((await inject('GET', `/api/projects/${projectA.id}/tasks`, chief2.cookie)).statusCode).toBe(404);
    expect((await inject('GET', `/api/inspections/${inspectionA.id}`)).statusCode).toBe(401);
  });
});

describe('PATCH /api/inspections/:id', () => {
  it('corrects the record with its version, replaces the findings, audits; 409 when stale; 400 out of the month', async () => {
    const url = `/api/inspections/${inspectionA.id}`;
    const res = await inject('PATCH', url, deputy.cookie, {
      version: 1,
      inspectedOn: '2026-09-11',
      findings: [{ category: 'quality', text: '混凝土试块养护不规范' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      inspectedOn: '2026-09-11',
      findings: [{ category: 'quality', text: '混凝土试块养护不规范' }],
      coordinationItemsCount: 1,
    });
    const stale = await inject('PATCH', url, chief.cookie, { version: 1, summary: '再次修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const outside = await inject('PATCH', url, chief.cookie, { version: 2, inspectedOn: '2026-10-01' });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details[0].field).toBe('inspectedOn');
    const audit = await t.database.query<{ before: { inspectedOn: string }; after: { inspectedOn: string } }>(
      `select before, after from audit_log where entity_id = $1 and action = 'inspection.update'`,
      [inspectionA.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      before: { inspectedOn: '2026-09-10' },
      after: { inspectedOn: '2026-09-11' },
    });
    expect((await inject('PATCH', url, ownerA.cookie, { version: 2, summary: '改' })).statusCode).toBe(403);
  });
});

describe('POST /api/inspections/:id/photos', () => {
  it('stores a site photo with its thumbnail, as report photos are stored; refuses what is not a photo', async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#669933' } })
      .png()
      .toBuffer();
    const upload = (file: ReturnType<typeof multipartFile>, cookie = chief.cookie) =>
      t.app.inject({
        method: 'POST',
        url: `/api/inspections/${inspectionA.id}/photos`,
        headers: { cookie, ...file.headers },
        payload: file.payload,
      });
    const res = await upload(multipartFile('file', 'site.png', png, 'image/png'));
    expect(res.statusCode).toBe(201);
    const [photo] = res.json().items;
    expect(photo).toMatchObject({
      inspectionId: inspectionA.id,
      mimeType: 'image/png',
      width: 800,
      height: 600,
    });
    const original = await inject('GET', photo.url, ownerA.cookie);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    const thumbnail = await inject('GET', photo.thumbnailUrl, chief.cookie);
    expect((await sharp(thumbnail.rawPayload).metadata()).width).toBe(400);
    expect((await inject('GET', photo.url, chief2.cookie)).statusCode).toBe(404);
    const text = await upload(multipartFile('file', 'notes.png', Buffer.from('not a photo'), 'image/png'));
    expect(text.statusCode).toBe(415);
    expect(
      (await upload(multipartFile('file', 'site.png', png, 'image/png'), ownerA.cookie)).statusCode,
    ).toBe(403);
    const detail = (await inject('GET', `/api/inspections/${inspectionA.id}`, chief.cookie)).json();
    expect(detail.photosCount).toBe(1);
    expect(detail.photos).toHaveLength(1);
  });
});

describe('project tasks', () => {
  it('lists the project’s tasks and lets the chief team close one with its version (403 owner, 409 stale)', async () => {
    const list = await inject('GET', `/api/projects/${projectA.id}/tasks`, ownerA.cookie);
    expect(list.statusCode).toBe(200);
    const [task] = list.json().items;
    expect(task).toMatchObject({ title: '完善临边防护', status: 'open', overdue: false, version: 1 });
    const url = `/api/tasks/${task.id}`;
    expect((await inject('PATCH', url, ownerA.cookie, { status: 'done', version: 1 })).statusCode).toBe(403);
    expect((await inject('PATCH', url, chief2.cookie, { status: 'done', version: 1 })).statusCode).toBe(404);
    const bad = await inject('PATCH', url, chief.cookie, { status: 'finished', version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('status');
    const done = await inject('PATCH', url, liaison.cookie, { status: 'done', version: 1 });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', version: 2, closedAt: expect.any(String) });
    const stale = await inject('PATCH', url, chief.cookie, { status: 'cancelled', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const same = await inject('PATCH', url, chief.cookie, { status: 'done', version: 2 });
    expect(same.statusCode).toBe(409);
    expect(same.json().code).toBe('CONFLICT');
    const reopened = await inject('PATCH', url, chief.cookie, { status: 'open', version: 2 });
    expect(reopened.json()).toMatchObject({ status: 'open', version: 3, closedAt: null });
  });
});

type Workspace = {
  month: string;
  user: { id: string };
  projects: {
    projectId: string;
    role: string;
    color: string | null;
    chiefAssignedOn: string | null;
    overdueCoordinationItems: number;
    openTasks: number;
    overdueTasks: number;
    inspection: {
      status: string;
      dueBy: string;
      inspectedOn: string | null;
      daysLeft: number | null;
      daysOverdue: number | null;
    };
    monthsWithoutInspection: string[];
  }[];
  counts: { done: number; due: number; overdue: number };
  calendar: { date: string; kind: string; status: string; projectId: string }[];
};

describe('GET /api/chief/workspace', () => {
  const workspace = async (cookie: string, query = '') => {
    const res = await inject('GET', `/api/chief/workspace${query}`, cookie);
    expect(res.statusCode).toBe(200);
    return res.json() as Workspace;
  };

  it('lists the chief’s projects with light, cadence (done and due) and the calendar of the month', async () => {
    const w = await workspace(chief.cookie);
    expect(w.month).toBe('2026-09');
    expect(w.projects.map((p) => [p.projectId, p.role])).toEqual([
      [projectC.id, 'chief'],
      [projectA.id, 'chief'],
    ]);
    const [c, a] = w.projects;
    expect(a).toMatchObject({
      chiefAssignedOn: '2026-08-20',
      openTasks: 1,
      overdueTasks: 0,
      overdueCoordinationItems: 0,
      inspection: { status: 'done', inspectedOn: '2026-09-11', dueBy: '2026-09-30', daysLeft: null },
      monthsWithoutInspection: [],
    });
    expect(['green', 'yellow', 'red']).toContain(a!.color);
    // No inspection yet this month: due, with the days left to its end; August went without one.
    expect(c).toMatchObject({
      inspection: { status: 'due', dueBy: '2026-09-30', daysLeft: 15, daysOverdue: null },
      monthsWithoutInspection: ['2026-08'],
    });
    expect(w.counts).toEqual({ done: 1, due: 1, overdue: 0 });
    expect(w.calendar.map((e) => [e.date, e.kind, e.status, e.projectId])).toEqual([
      ['2026-09-11', 'inspection', 'done', projectA.id],
      ['2026-09-25', 'task', 'due', projectA.id],
      ['2026-09-30', 'inspection', 'due', projectC.id],
    ]);
  });

  it('shows an ended month without an inspection as overdue, and overdue items and tasks later on', async () => {
    setToday('2026-10-09');
    const w = await workspace(chief.cookie, '?month=2026-09');
    const c = w.projects.find((p) => p.projectId === projectC.id)!;
    expect(c.inspection).toMatchObject({ status: 'overdue', daysOverdue: 9, daysLeft: null });
    expect(c.monthsWithoutInspection).toEqual(['2026-08', '2026-09']);
    const a = w.projects.find((p) => p.projectId === projectA.id)!;
    expect(a).toMatchObject({ overdueCoordinationItems: 1, overdueTasks: 1, inspection: { status: 'done' } });
    expect(w.counts).toEqual({ done: 1, due: 0, overdue: 1 });
    expect(w.calendar.find((e) => e.kind === 'task')?.status).toBe('overdue');
  });

  it('shows a deputy his role; lets a leader open a chief’s workspace; refuses it to anyone else', async () => {
    expect((await workspace(deputy.cookie)).projects.map((p) => [p.projectId, p.role])).toEqual([
      [projectA.id, 'deputy'],
    ]);
    expect((await workspace(liaison.cookie)).projects.map((p) => p.role)).toEqual(['liaison']);
    const seen = await workspace(leader.cookie, `?chiefUserId=${chief2.user.id}`);
    expect(seen.user.id).toBe(chief2.user.id);
    expect(seen.projects.map((p) => p.projectId)).toEqual([projectB.id]);
    expect(
      (await inject('GET', `/api/chief/workspace?chiefUserId=${chief.user.id}`, chief2.cookie)).statusCode,
    ).toBe(403);
    expect((await inject('GET', '/api/chief/workspace', ownerA.cookie)).statusCode).toBe(403);
    const bad = await inject('GET', '/api/chief/workspace?month=2026-9', chief.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('month');
  });
});

describe('missing inspections', () => {
  type Missing = {
    month: string;
    total: number;
    chiefs: {
      chiefUserId: string;
      projectCount: number;
      inspectedCount: number;
      missing: { projectId: string }[];
    }[];
  };

  it('lists, per chief, the projects that went through an ended month without an inspection', async () => {
    // A chief assigned after September ended owed nothing for it.
    setToday('2026-10-02');
    expect((await assign(projectD, chief2.user.id)).statusCode).toBe(200);
    setToday('2026-10-08');
    const res = await inject('GET', '/api/inspections/missing', leader.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Missing;
    expect(body.month).toBe('2026-09');
    expect(body.total).toBe(2);
    const byChief = Object.fromEntries(body.chiefs.map((c) => [c.chiefUserId, c]));
    expect(byChief[chief.user.id]).toMatchObject({
      projectCount: 2,
      inspectedCount: 1,
      missing: [{ projectId: projectC.id }],
    });
    expect(byChief[chief2.user.id]).toMatchObject({
      projectCount: 1,
      inspectedCount: 0,
      missing: [{ projectId: projectB.id }],
    });
    // August: project A was inspected (by the liaison), C was not.
    const august = (
      await inject('GET', '/api/inspections/missing?month=2026-08', leader.cookie)
    ).json() as Missing;
    expect(august.chiefs.find((c) => c.chiefUserId === chief.user.id)?.missing).toEqual([
      expect.objectContaining({ projectId: projectC.id }),
    ]);
  });

  it('shows a chief only his own projects and an owner nothing; refuses a month not yet ended', async () => {
    setToday('2026-10-08');
    const mine = (
      await inject('GET', '/api/inspections/missing?month=2026-09', chief.cookie)
    ).json() as Missing;
    expect(mine.chiefs.map((c) => c.chiefUserId)).toEqual([chief.user.id]);
    const owner = (
      await inject('GET', '/api/inspections/missing?month=2026-09', ownerA.cookie)
    ).json() as Missing;
    expect(owner).toMatchObject({ total: 0, chiefs: [] });
    const running = await inject('GET', '/api/inspections/missing?month=2026-10', leader.cookie);
    expect(running.statusCode).toBe(400);
    expect(running.json().details[0].field).toBe('month');
  });

  it('flags each project-month once to its chief and the leaders, however many runs (concurrent ones too)', async () => {
    const service = createInspectionService({
      db: t.database.db,
      config: t.config,
      crypto: softwareCrypto,
      clock: () => now,
    });
    const at = new Date('2026-10-08T10:00:00+08:00');
    const [first, second] = await Promise.all([
      service.flagMissingInspections(at),
      service.flagMissingInspections(at),
    ]);
    expect(first!.flagged + second!.flagged).toBe(2);
    expect(first!.month).toBe('2026-09');
    const again = await service.flagMissingInspections(new Date('2026-10-09T10:00:00+08:00'));
    expect(again).toEqual({ month: '2026-09', flagged: 0, notified: 0 });
    const rows = await t.database.query<{ user_id: string; entity_id: string }>(
      `select user_id, entity_id from notifications where entity_type = 'inspection_missing' order by entity_id, user_id`,
    );
    const expected = [
      [chief.user.id, `${projectC.id}:2026-09`],
      [leader.user.id, `${projectC.id}:2026-09`],
      [chief2.user.id, `${projectB.id}:2026-09`],
      [leader.user.id, `${projectB.id}:2026-09`],
    ];
    expect(rows.map((r) => [r.user_id, r.entity_id]).sort()).toEqual(expected.sort());
    const inbox = (await inject('GET', '/api/notifications', chief.cookie)).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('inspection.missing');
  });
});
