import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

// The service reads "today" from the context's clock: each test sets the day it is about.
let now = new Date();
const setToday = (date: string) => {
  now = new Date(`${date}T10:00:00+08:00`);
};

type Session = Awaited<ReturnType<typeof userSession>>;
let t: TestApp;
let ownerA: Session;
let ownerB: Session;
let chief: Session;
let leadDept: Session;
let handler: Session;
let handler2: Session;
let leader: Session;
let admin: Session;
let auditor: Session;
let leadDeptOrg: { id: string; name: string };
let handlerOrg: { id: string; name: string };
let enterpriseOrg: { id: string };
let projectA: { id: string };
let projectB: { id: string };

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const orgA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const orgB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  enterpriseOrg = orgA;
  leadDeptOrg = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  handlerOrg = await createOrganization(t, { name: '科学城管委会规划和自然资源局', type: 'department' });
  ownerA = await userSession(t, ['project_owner'], { organizationId: orgA.id });
  ownerB = await userSession(t, ['project_owner'], { organizationId: orgB.id });
  chief = await userSession(t, ['project_chief']);
  leadDept = await userSession(t, ['department'], { organizationId: leadDeptOrg.id });
  handler = await userSession(t, ['department'], { organizationId: handlerOrg.id });
  handler2 = await userSession(t, ['department'], { organizationId: handlerOrg.id });
  leader = await userSession(t, ['leader']);
  admin = await userSession(t, ['admin']);
  auditor = await userSession(t, ['auditor']);
  setToday('2026-09-30');
  projectA = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(orgA.id, { chiefUserId: chief.user.id, leadDepartmentId: leadDeptOrg.id }),
  );
  projectB = await createProjectViaApi(t, ownerB.cookie, projectInput(orgB.id, { name: '芯片厂房一期' }));
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => setToday('2026-09-30'));

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const itemInput = (values: Record<string, unknown> = {}) => ({
  title: '施工用电增容',
  description: '项目临时用电容量不足，需协调供电公司增容',
  category: 'utilities',
  departmentIds: [handlerOrg.id],
  deadlineWorkingDays: 5,
  priority: 'high',
  source: 'report',
  sourceRef: '2026-08 月报',
  ...values,
});

type Item = {
  id: string;
  status: string;
  version: number;
  deadline: string;
  answer: string | null;
  escalationLevel: number;
  overdue: boolean;
  overdueWorkingDays: number | null;
  departments: { id: string; name: string }[];
  events: { kind: string; fromStatus: string | null; toStatus: string | null; note: string | null }[];
};

async function raise(cookie = ownerA.cookie, projectId = projectA.id, values: Record<string, unknown> = {}) {
  const res = await inject(
    'POST',
    `/api/projects/${projectId}/coordination-items`,
    cookie,
    itemInput(values),
  );
  if (res.statusCode !== 201) throw new Error(`raise failed: ${res.statusCode} ${res.body}`);
  return res.json() as Item;
}

const act = (cookie: string, id: string, action: string, payload: Record<string, unknown>) =>
  inject('POST', `/api/coordination-items/${id}/${action}`, cookie, payload);

async function notificationsOf(itemId: string, kind: string) {
  const rows = await t.database.query<{ user_id: string }>(
    `select user_id from notifications where entity_id = $1 and kind = $2 order by user_id`,
    [itemId, kind],
  );
  return rows.map((r) => r.user_id).sort();
}

describe('POST /api/projects/:id/coordination-items', () => {
  it('raises an item due 3 working days later, skipping National Day and counting the 调休 Saturday 10-10', async () => {
    const item = await raise(ownerA.cookie, projectA.id, { deadlineWorkingDays: 3 });
    expect(item).toMatchObject({
      status: 'pending',
      version: 1,
      deadline: '2026-10-10',
      deadlineWorkingDays: 3,
      escalationLevel: 0,
      overdue: false,
      overdueWorkingDays: 0,
      projectName: '科学大道二期',
      raisedByName: ownerA.user.displayName,
      departments: [{ id: handlerOrg.id, name: '科学城管委会规划和自然资源局' }],
    });
    expect(item.events.map((e) => [e.kind, e.toStatus])).toEqual([['raised', 'pending']]);
    const audit = await t.database.query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where entity_id = $1`,
      [item.id],
    );
    expect(audit).toEqual([{ action: 'coordination.raise', actor_id: ownerA.user.id }]);
    // The assigned department's handlers hear of it in their inbox.
    expect(await notificationsOf(item.id, 'coordination.assigned')).toEqual(
      [handler.user.id, handler2.user.id].sort(),
    );
  });

  it('puts a 1-working-day item raised on 09-30 due on 10-08, the first working day after the holiday', async () => {
    expect((await raise(ownerA.cookie, projectA.id, { deadlineWorkingDays: 1 })).deadline).toBe('2026-10-08');
  });

  it('returns 400 naming each invalid field', async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/coordination-items`,
      ownerA.cookie,
      itemInput({ title: '', departmentIds: [], deadlineWorkingDays: 121, category: 'weather' }),
    );
    expect(res.statusCode).toBe(400);
    const fields = (res.json().details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['category', 'deadlineWorkingDays', 'departmentIds', 'title']);
    const limit = (res.json().details as { field: string; message: string }[]).find(
      (d) => d.field === 'deadlineWorkingDays',
    );
    expect(limit?.message).toBe('办理时限（工作日）：办理时限应为 1–120 个工作日');
    const category = (res.json().details as { field: string; message: string }[]).find(
      (d) => d.field === 'category',
    );
    expect(category?.message).toBe('问题类别：请选择问题类别');
  });

  it('returns 400 in English for a time limit of 0 working days', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${projectA.id}/coordination-items`,
      headers: { cookie: ownerA.cookie, 'accept-language': 'en' },
      payload: itemInput({ deadlineWorkingDays: 0 }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        field: 'deadlineWorkingDays',
        message: 'Time limit (working days): The time limit must be 1–120 working days',
      },
    ]);
  });

  it('returns 400 on departmentIds when an assigned organisation is an enterprise', async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/coordination-items`,
      ownerA.cookie,
      itemInput({ departmentIds: [handlerOrg.id, enterpriseOrg.id] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('departmentIds');
  });

  it("returns 404 when an owner raises an item on another owner's project", async () => {
    const res = await inject(
      'POST',
      `/api/projects/${projectA.id}/coordination-items`,
      ownerB.cookie,
      itemInput(),
    );
    expect(res.statusCode).toBe(404);
  });

  it('returns 403 without coordination.raise and 401 without a session', async () => {
    const url = `/api/projects/${projectA.id}/coordination-items`;
    expect((await inject('POST', url, auditor.cookie, itemInput())).statusCode).toBe(403);
    expect((await inject('POST', url, undefined, itemInput())).statusCode).toBe(401);
  });

  it('refuses a deadline in 2027 until an administrator enters its schedule and declares it covered', async () => {
    setToday('2026-12-25');
    const url = `/api/projects/${projectA.id}/coordination-items`;
    const refused = await inject('POST', url, ownerA.cookie, itemInput({ deadlineWorkingDays: 10 }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details[0].field).toBe('deadlineWorkingDays');
    expect(refused.json().details[0].message).toContain('2027');

    // Declaring the year covered before any of its holidays is entered would turn them into working days.
    const early = await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [2027] });
    expect(early.statusCode).toBe(400);
    expect(early.json().details[0].field).toBe('years');

    const put = { kind: 'holiday', name: '元旦' };
    expect((await inject('PUT', '/api/calendar/overrides/2027-01-01', admin.cookie, put)).statusCode).toBe(
      200,
    );
    expect(
      (await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [2027] })).statusCode,
    ).toBe(200);

    const allowed = await inject('POST', url, ownerA.cookie, itemInput({ deadlineWorkingDays: 10 }));
    expect(allowed.statusCode).toBe(201);
    // 12-28 … 12-31 are days 1–4; 2027-01-01 is off; 01-04 … 01-08 are days 5–9; 01-11 is day 10.
    expect(allowed.json().deadline).toBe('2027-01-11');

    // Leave the calendar as the other tests expect it.
    expect((await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [] })).statusCode).toBe(
      200,
    );
    expect((await inject('DELETE', '/api/calendar/overrides/2027-01-01', admin.cookie)).statusCode).toBe(204);
  });
});

describe('the closed loop', () => {
  it('goes 待受理 → 办理中 → 已办结 → 已确认, each step an event and an audit record', async () => {
    const item = await raise();
    const accepted = await act(handler.cookie, item.id, 'accept', { version: 1, note: '已联系供电公司' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'in_progress', version: 2 });

    const resolved = await act(handler.cookie, item.id, 'resolve', {
      version: 2,
      answer: '供电公司已完成增容，10 月 15 日送电',
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      version: 3,
      answer: '供电公司已完成增容，10 月 15 日送电',
    });
    expect(resolved.json().resolvedAt).not.toBeNull();
    expect(await notificationsOf(item.id, 'coordination.resolved')).toEqual([ownerA.user.id]);

    const confirmed = await act(ownerA.cookie, item.id, 'confirm', { version: 3 });
    expect(confirmed.statusCode).toBe(200);
    const body = confirmed.json() as Item & { confirmedAt: string | null };
    expect(body).toMatchObject({ status: 'confirmed', version: 4 });
    expect(body.confirmedAt).not.toBeNull();
    expect(body.events.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['raised', null, 'pending'],
      ['accepted', 'pending', 'in_progress'],
      ['resolved', 'in_progress', 'resolved'],
      ['confirmed', 'resolved', 'confirmed'],
    ]);
    expect(body.events[1]?.note).toBe('已联系供电公司');

    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1 order by id`,
      [item.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'coordination.raise',
      'coordination.accept',
      'coordination.resolve',
      'coordination.confirm',
    ]);
  });

  it('lets the raiser reopen a resolved item with a reason, back to 办理中 with the answer cleared', async () => {
    const item = await raise();
    await act(handler.cookie, item.id, 'accept', { version: 1 });
    await act(handler.cookie, item.id, 'resolve', { version: 2, answer: '已协调' });
    const reopened = await act(ownerA.cookie, item.id, 'reopen', {
      version: 3,
      reason: '现场仍未送电，请继续协调',
    });
    expect(reopened.statusCode).toBe(200);
    const body = reopened.json() as Item;
    expect(body).toMatchObject({ status: 'in_progress', version: 4, answer: null });
    expect(body.events.at(-1)).toMatchObject({
      kind: 'reopened',
      fromStatus: 'resolved',
      toStatus: 'in_progress',
      note: '现场仍未送电，请继续协调',
    });
    // The rejected answer stays in the history.
    expect(body.events.find((e) => e.kind === 'resolved')?.note).toBe('已协调');
    expect(await notificationsOf(item.id, 'coordination.reopened')).toEqual(
      [handler.user.id, handler2.user.id].sort(),
    );

    const again = await act(handler.cookie, item.id, 'resolve', { version: 4, answer: '10 月 9 日已送电' });
    expect(again.json()).toMatchObject({ status: 'resolved', answer: '10 月 9 日已送电' });
  });

  it('returns 400 naming the reason when a reopen gives none', async () => {
    const item = await raise();
    const res = await act(ownerA.cookie, item.id, 'reopen', { version: 1, reason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('reason');
  });

  it('answers 409 CONFLICT with a clear message to a step the status does not allow', async () => {
    const item = await raise();
    const confirm = await act(ownerA.cookie, item.id, 'confirm', { version: 1 });
    expect(confirm.statusCode).toBe(409);
    expect(confirm.json()).toMatchObject({
      code: 'CONFLICT',
      message: '事项当前为“待受理”，只有“已办结”的事项才能确认',
    });
    const resolve = await act(handler.cookie, item.id, 'resolve', { version: 1, answer: '已办' });
    expect(resolve.statusCode).toBe(409);
    const en = await t.app.inject({
      method: 'POST',
      url: `/api/coordination-items/${item.id}/reopen`,
      headers: { cookie: ownerA.cookie, 'accept-language': 'en' },
      payload: { version: 1, reason: '未解决' },
    });
    expect(en.json().message).toBe('The item is pending; only resolved items can be reopened');
    // Nothing was written by the refused steps.
    const detail = (await inject('GET', `/api/coordination-items/${item.id}`, ownerA.cookie)).json() as Item;
    expect(detail).toMatchObject({ status: 'pending', version: 1 });
    expect(detail.events).toHaveLength(1);
  });

  it('answers 409 VERSION_CONFLICT to a step based on a stale version', async () => {
    const item = await raise();
    expect((await act(handler.cookie, item.id, 'accept', { version: 1 })).statusCode).toBe(200);
    // The second handler still holds version 1.
    const stale = await act(handler2.cookie, item.id, 'resolve', { version: 1, answer: '已办' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('lets only an assigned department accept, and only the raiser confirm', async () => {
    const item = await raise();
    // The lead department sees the item on its project but was not assigned to it.
    expect((await inject('GET', `/api/coordination-items/${item.id}`, leadDept.cookie)).statusCode).toBe(200);
    const notAssigned = await act(leadDept.cookie, item.id, 'accept', { version: 1 });
    expect(notAssigned.statusCode).toBe(403);
    expect(notAssigned.json().message).toBe('只有被指派的责任部门才能受理此事项');
    // An owner has no coordination.handle at all.
    expect((await act(ownerA.cookie, item.id, 'accept', { version: 1 })).statusCode).toBe(403);
    await act(handler.cookie, item.id, 'accept', { version: 1 });
    await act(handler.cookie, item.id, 'resolve', { version: 2, answer: '已办' });
    const notRaiser = await act(handler.cookie, item.id, 'confirm', { version: 3 });
    expect(notRaiser.statusCode).toBe(403);
    expect(notRaiser.json().message).toBe('只有提出人才能确认此事项');
  });
});

describe('who sees which items', () => {
  it("answers 404 when an owner reads another owner's item, and lists none of them", async () => {
    const item = await raise(ownerA.cookie, projectA.id, { title: '甲项目用地红线调整' });
    const res = await inject('GET', `/api/coordination-items/${item.id}`, ownerB.cookie);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('甲项目用地红线调整');
    const list = (await inject('GET', '/api/coordination-items', ownerB.cookie)).json();
    expect(list.items.some((i: Item) => i.id === item.id)).toBe(false);
    expect(
      (await inject('GET', `/api/projects/${projectA.id}/coordination-items`, ownerB.cookie)).statusCode,
    ).toBe(404);
  });

  it("shows a department the items assigned to it, even on a project it does not lead, and only those as 'mine'", async () => {
    const assigned = await raise(ownerA.cookie, projectA.id, { title: '规划条件核实' });
    const toLead = await raise(ownerA.cookie, projectA.id, {
      title: '施工围挡审批',
      departmentIds: [leadDeptOrg.id],
    });
    const onB = await raise(ownerB.cookie, projectB.id, {
      title: '乙项目供水接入',
      departmentIds: [leadDeptOrg.id],
    });

    const mine = (
      await inject('GET', '/api/coordination-items?scope=mine&pageSize=200', handler.cookie)
    ).json();
    const ids = mine.items.map((i: Item) => i.id);
    expect(ids).toContain(assigned.id);
    expect(ids).not.toContain(toLead.id);
    expect(ids).not.toContain(onB.id);
    expect(mine.items.every((i: Item) => i.departments.some((d) => d.id === handlerOrg.id))).toBe(true);
    expect((await inject('GET', `/api/coordination-items/${assigned.id}`, handler.cookie)).statusCode).toBe(
      200,
    );
    expect((await inject('GET', `/api/coordination-items/${onB.id}`, handler.cookie)).statusCode).toBe(404);
    // Not the lead department of project A: the project's own list stays closed to it.
    expect(
      (await inject('GET', `/api/projects/${projectA.id}/coordination-items`, handler.cookie)).statusCode,
    ).toBe(404);

    // The lead department sees project A's items and the item assigned to it on project B.
    const dept = (
      await inject('GET', '/api/coordination-items?scope=department&pageSize=200', leadDept.cookie)
    ).json();
    const deptIds = dept.items.map((i: Item) => i.id);
    expect(deptIds).toEqual(expect.arrayContaining([toLead.id, onB.id]));
    expect(deptIds).not.toContain(assigned.id);
  });

  it("lists a raiser's own items as 'mine' and a project's items to the people of that project", async () => {
    const item = await raise(ownerB.cookie, projectB.id, { title: '乙项目施工许可' });
    const mine = (
      await inject('GET', '/api/coordination-items?scope=mine&pageSize=200', ownerB.cookie)
    ).json();
    expect(mine.items.map((i: Item) => i.id)).toContain(item.id);
    expect(mine.items.every((i: Item & { raisedBy: string }) => i.raisedBy === ownerB.user.id)).toBe(true);

    const perProject = await inject('GET', `/api/projects/${projectA.id}/coordination-items`, chief.cookie);
    expect(perProject.statusCode).toBe(200);
    expect(perProject.json().total).toBeGreaterThan(0);
    expect(
      perProject.json().items.every((i: Item & { projectId: string }) => i.projectId === projectA.id),
    ).toBe(true);
    const filtered = (
      await inject('GET', `/api/coordination-items?scope=project&projectId=${projectB.id}`, leader.cookie)
    ).json();
    expect(filtered.items.map((i: Item) => i.id)).toContain(item.id);
    expect(
      (await inject('GET', `/api/coordination-items?scope=project&projectId=${projectB.id}`, ownerA.cookie))
        .statusCode,
    ).toBe(404);
  });

  it('returns 400 naming the field for an unknown scope or status', async () => {
    const res = await inject('GET', '/api/coordination-items?scope=everything&status=lost', ownerA.cookie);
    expect(res.statusCode).toBe(400);
    expect((res.json().details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'scope',
      'status.0',
    ]);
  });

  it('keeps the zone-wide overdue list to leaders (project.scope.all)', async () => {
    expect((await inject('GET', '/api/coordination-items/overdue', ownerA.cookie)).statusCode).toBe(403);
    expect((await inject('GET', '/api/coordination-items/overdue', handler.cookie)).statusCode).toBe(403);
    expect((await inject('GET', '/api/coordination-items/overdue', leader.cookie)).statusCode).toBe(200);
    expect((await inject('GET', '/api/coordination-items/overdue')).statusCode).toBe(401);
  });
});

describe('escalation (督办)', () => {
  it('flags an overdue item, escalates it once per level and notifies the chief and the department', async () => {
    setToday('2026-09-28');
    const item = await raise(ownerA.cookie, projectA.id, { title: '督办测试事项', deadlineWorkingDays: 1 });
    expect(item.deadline).toBe('2026-09-29');

    // Listing overdue items brings escalation up to date.
    setToday('2026-09-30');
    const overdue = (
      await inject('GET', '/api/coordination-items/overdue?pageSize=200', leader.cookie)
    ).json();
    const flagged = overdue.items.find((i: Item) => i.id === item.id) as Item;
    expect(flagged).toMatchObject({ overdue: true, overdueWorkingDays: 1, escalationLevel: 1 });
    expect(await notificationsOf(item.id, 'coordination.escalated')).toEqual(
      [chief.user.id, handler.user.id, handler2.user.id].sort(),
    );

    // The same day again: nothing new.
    const rerun = await inject('POST', '/api/coordination-items/escalate', admin.cookie);
    expect(rerun.statusCode).toBe(200);
    expect(rerun.json().escalated.some((e: { itemId: string }) => e.itemId === item.id)).toBe(false);
    expect(await notificationsOf(item.id, 'coordination.escalated')).toHaveLength(3);

    // 10-13 is the 6th working day after 09-29 (09-30, 10-08, 10-09, 10-10 调休, 10-12, 10-13): level 2.
    setToday('2026-10-13');
    const run = await inject('POST', '/api/coordination-items/escalate', admin.cookie);
    expect(run.json().today).toBe('2026-10-13');
    expect(run.json().escalated).toContainEqual({
      itemId: item.id,
      fromLevel: 1,
      toLevel: 2,
      overdueWorkingDays: 6,
      notified: 3,
    });
    const detail = (await inject('GET', `/api/coordination-items/${item.id}`, ownerA.cookie)).json() as Item;
    expect(detail).toMatchObject({ escalationLevel: 2, overdue: true, overdueWorkingDays: 6, version: 1 });
    expect(detail.events.filter((e) => e.kind === 'escalated').map((e) => e.note)).toEqual([
      '1 级督办：期限 2026-09-29，逾期 1 个工作日',
      '2 级督办：期限 2026-09-29，逾期 6 个工作日',
    ]);
    expect(await notificationsOf(item.id, 'coordination.escalated')).toHaveLength(6);

    // Escalation does not make the department's copy stale: version 1 still accepts.
    expect((await act(handler.cookie, item.id, 'accept', { version: 1 })).statusCode).toBe(200);
    const mineOverdue = (
      await inject('GET', '/api/coordination-items?scope=mine&overdue=true&pageSize=200', handler.cookie)
    ).json();
    expect(mineOverdue.items.map((i: Item) => i.id)).toContain(item.id);
    expect(mineOverdue.items.every((i: Item) => i.overdue)).toBe(true);
  });

  it('does not escalate resolved items', async () => {
    setToday('2026-09-28');
    const item = await raise(ownerA.cookie, projectA.id, { deadlineWorkingDays: 1 });
    await act(handler.cookie, item.id, 'accept', { version: 1 });
    await act(handler.cookie, item.id, 'resolve', { version: 2, answer: '已办' });
    setToday('2026-10-13');
    await inject('POST', '/api/coordination-items/escalate', admin.cookie);
    const detail = (await inject('GET', `/api/coordination-items/${item.id}`, ownerA.cookie)).json() as Item;
    expect(detail).toMatchObject({ escalationLevel: 0, overdue: false });
  });

  it('keeps the manual escalation run to administrators (warning.configure)', async () => {
    expect((await inject('POST', '/api/coordination-items/escalate', leader.cookie)).statusCode).toBe(403);
    expect((await inject('POST', '/api/coordination-items/escalate')).statusCode).toBe(401);
  });
});

describe('GET /api/coordination-items/overdue?asOf', () => {
  it('lists the items overdue on a past day by their status at its end, whatever became of them since', async () => {
    const dept = await createOrganization(t, { name: '科学城管委会经济发展局', type: 'department' });
    const deptHandler = await userSession(t, ['department'], { organizationId: dept.id });
    const onDept = { departmentIds: [dept.id], deadlineWorkingDays: 5 };
    const step = async (id: string, action: string, cookie: string, payload: Record<string, unknown>) => {
      const version = ((await inject('GET', `/api/coordination-items/${id}`, leader.cookie)).json() as Item)
        .version;
      const res = await act(cookie, id, action, { version, ...payload });
      if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.statusCode} ${res.body}`);
    };
    const answer = async (id: string) => {
      await step(id, 'accept', deptHandler.cookie, {});
      await step(id, 'resolve', deptHandler.cookie, { answer: '已办理' });
    };
    setToday('2026-03-02');
    const answeredLate = await raise(ownerA.cookie, projectA.id, { ...onDept, title: '事项甲' });
    const answeredInTime = await raise(ownerA.cookie, projectA.id, { ...onDept, title: '事项乙' });
    const reopened = await raise(ownerA.cookie, projectA.id, { ...onDept, title: '事项丙' });
    await raise(ownerA.cookie, projectA.id, { ...onDept, title: '事项丁', deadlineWorkingDays: 20 });
    expect(answeredLate.deadline).toBe('2026-03-09');
    setToday('2026-03-05');
    await answer(reopened.id);
    setToday('2026-03-06');
    await answer(answeredInTime.id);
    setToday('2026-03-10');
    await step(reopened.id, 'reopen', ownerA.cookie, { reason: '问题仍未解决' });
    setToday('2026-03-18');
    await answer(answeredLate.id);
    setToday('2026-03-20');
    await raise(ownerA.cookie, projectA.id, { ...onDept, title: '事项戊', deadlineWorkingDays: 1 });

    setToday('2026-03-25');
    const list = async (query: string) => {
      const res = await inject(
        'GET',
        `/api/coordination-items/overdue?departmentId=${dept.id}&${query}`,
        leader.cookie,
      );
      expect(res.statusCode).toBe(200);
      return res.json() as { items: (Item & { title: string })[]; total: number };
    };
    const onTheSixteenth = await list('asOf=2026-03-16');
    expect(onTheSixteenth.items.map((i) => i.title).sort()).toEqual(['事项丙', '事项甲']);
    expect(onTheSixteenth.total).toBe(2);
    for (const item of onTheSixteenth.items) {
      // Counted to the day asked for: 10, 11, 12, 13 and 16 March are the working days after the deadline.
      expect(item).toMatchObject({ overdue: true, overdueWorkingDays: 5 });
    }
    // Today the late answer is in, and 事项戊 (raised on the 20th) has fallen due.
    expect((await list('')).items.map((i) => i.title).sort()).toEqual(['事项丙', '事项戊']);
    expect((await list('asOf=2026-03-25')).items.map((i) => i.title).sort()).toEqual(['事项丙', '事项戊']);
    expect((await list('asOf=2026-03-09')).items).toEqual([]);
  });

  it('answers 400 naming asOf for a day after today', async () => {
    const res = await inject('GET', '/api/coordination-items/overdue?asOf=2026-10-01', leader.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('asOf');
  });
});

describe('GET /api/coordination-items: the total kept between requests', () => {
  const total = async (query: string, cookie = handler.cookie) => {
    const res = await inject('GET', `/api/coordination-items?${query}`, cookie);
    expect(res.statusCode).toBe(200);
    return (res.json() as { total: number }).total;
  };
  const truth = async (sql: string, params: unknown[]) =>
    (await t.database.query<{ n: number }>(`select count(*)::int as n ${sql}`, params))[0]?.n;

  it('follows the closed loop, assignments and the project being deleted, at once', async () => {
    const pending = await total('scope=department&status=pending');
    const item = await raise();
    expect(await total('scope=department&status=pending')).toBe(pending + 1);

    const working = await total('scope=department&status=in_progress');
    expect((await act(handler.cookie, item.id, 'accept', { version: 1 })).statusCode).toBe(200);
    expect(await total('scope=department&status=pending')).toBe(pending);
    expect(await total('scope=department&status=in_progress')).toBe(working + 1);

    // Writes outside the API count as much: the department taken off the item, the project deleted.
    const assigned = await total('scope=department');
    await t.database.query('delete from coordination_item_departments where item_id = $1', [item.id]);
    expect(await total('scope=department')).toBe(assigned - 1);

    const everything = await total('', leader.cookie);
    const onProjectA = await truth(
      'from coordination_items c join projects p on p.id = c.project_id where p.deleted_at is null and c.project_id = $1',
      [projectA.id],
    );
    await t.database.query('update projects set deleted_at = now() where id = $1', [projectA.id]);
    try {
      expect(await total('', leader.cookie)).toBe(everything - (onProjectA ?? 0));
    } finally {
      await t.database.query('update projects set deleted_at = null where id = $1', [projectA.id]);
    }
    expect(await total('', leader.cookie)).toBe(everything);
  });

  it('counts overdue items by the day the request is made', async () => {
    const item = await raise(ownerA.cookie, projectA.id, { deadlineWorkingDays: 1 });
    const before = await total('overdue=true', leader.cookie);
    setToday('2026-12-31');
    const later = await total('overdue=true', leader.cookie);
    expect(later).toBeGreaterThan(before);
    expect(later).toBe(
      await truth(
        `from coordination_items c join projects p on p.id = c.project_id
         where p.deleted_at is null and c.status in ('pending', 'in_progress') and c.deadline < '2026-12-31'`,
        [],
      ),
    );
    expect(item.deadline < '2026-12-31').toBe(true);
  });
});
