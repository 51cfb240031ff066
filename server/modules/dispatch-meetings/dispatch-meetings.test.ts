import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCX_MIME } from '../../core/official-document.ts';
import { readDocxText } from '../../test/docx-text.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

type Session = Awaited<ReturnType<typeof userSession>>;
type AgendaItem = {
  id: string;
  kind: string;
  projectId: string | null;
  refs: { projectId?: string; itemId?: string; actionId?: string };
  title: string;
  titleEn: string | null;
  reasons: { code: string; zh: string; en: string }[];
  minutes: string | null;
};
type Action = {
  id: string;
  meetingId: string;
  sequence: number;
  projectId: string | null;
  content: string;
  ownerOrganizationId: string;
  deadline: string;
  workingDays: number;
  status: string;
  progressNote: string | null;
  completedAt: string | null;
  overdue: boolean;
  overdueWorkingDays: number | null;
  version: number;
  viewer: { canEdit: boolean; canReport: boolean };
};
type Meeting = {
  id: string;
  title: string;
  period: string;
  meetingDate: string;
  status: string;
  version: number;
  agenda: AgendaItem[];
  attendees: {
    name: string;
    organizationName: string | null;
    present: boolean;
    absenceReason: string | null;
  }[];
  actions: Action[];
  hiddenAgendaItems: number;
  hiddenActions: number;
  actionCount: number;
  viewer: { canEdit: boolean };
};

let t: TestApp;
// Items are raised in September so that they are overdue by the time of the meetings (20 November 2026).
let now = new Date('2026-09-15T10:00:00+08:00');
let leader: Session;
let chiefA: Session;
let chiefB: Session;
let dept: Session;
let deptPlanningUser: Session;
let ownerA: Session;
let auditor: Session;
let investor: Session;
let deptConstruction: { id: string; name: string };
let deptPlanning: { id: string; name: string };
let p1: { id: string };
let p2: { id: string };
let p3: { id: string };
let item1: { id: string; version: number };
let item2: { id: string; version: number };
let item3: { id: string; version: number };

const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

async function ok<T>(res: Awaited<ReturnType<typeof inject>>, status = 200): Promise<T> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

const fieldsOf = (res: Awaited<ReturnType<typeof inject>>) =>
  (res.json().details as { field: string }[]).map((d) => d.field).sort();

async function raise(cookie: string, projectId: string, title: string, departmentId: string, days: number) {
  return ok<{ id: string; version: number }>(
    await inject('POST', `/api/projects/${projectId}/coordination-items`, cookie, {
      title,
      description: `${title}，需协调解决`,
      category: 'land',
      departmentIds: [departmentId],
      deadlineWorkingDays: days,
      source: 'chief',
    }),
    201,
  );
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const orgA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const orgB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  deptConstruction = await createOrganization(t, { name: '建设局', type: 'department' });
  deptPlanning = await createOrganization(t, { name: '规划和自然资源局', type: 'department' });
  leader = await userSession(t, ['leader'], { displayName: '王建国' });
  chiefA = await userSession(t, ['project_chief'], { displayName: '李明华' });
  chiefB = await userSession(t, ['project_chief'], { displayName: '刘志强' });
  dept = await userSession(t, ['department'], { organizationId: deptConstruction.id, displayName: '杨帆' });
  deptPlanningUser = await userSession(t, ['department'], { organizationId: deptPlanning.id });
  ownerA = await userSession(t, ['project_owner'], { organizationId: orgA.id });
  const ownerB = await userSession(t, ['project_owner'], { organizationId: orgB.id });
  auditor = await userSession(t, ['auditor']);
  investor = await userSession(t, ['investment']);
  // Not started although planned for March (8 months late by October, the month judged): red lights.
  p1 = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(orgA.id, {
      name: '科学大道二期',
      totalInvestment: 200000,
      investmentGovernment: 120000,
      investmentSocial: 80000,
      chiefUserId: chiefA.user.id,
    }),
  );
  p2 = await createProjectViaApi(
    t,
    ownerB.cookie,
    projectInput(orgB.id, { name: '芯片厂房一期', chiefUserId: chiefB.user.id }),
  );
  // Planned for September: two months late, yellow.
  p3 = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(orgA.id, {
      name: '科学城隧道',
      plannedStart: '2026-09-01',
      totalInvestment: 50000,
      investmentGovernment: 30000,
      investmentSocial: 20000,
      chiefUserId: chiefA.user.id,
    }),
  );
  item1 = await raise(chiefA.cookie, p1.id, '施工临时用地协调', deptConstruction.id, 5);
  item2 = await raise(chiefB.cookie, p2.id, '规划方案调整审批', deptPlanning.id, 10);
  now = new Date('2026-11-20T10:00:00+08:00');
  item3 = await raise(chiefA.cookie, p1.id, '专项债资金拨付', deptConstruction.id, 20);
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/coordination-items/:id/decision', () => {
  it('lets the project chief put an item to a leader’s decision, recorded as an event and audited', async () => {
    const res = await inject('POST', `/api/coordination-items/${item3.id}/decision`, chiefA.cookie, {
      version: item3.version,
      needsDecision: true,
      note: '需管委会研究资金安排',
    });
    const item = await ok<{
      needsDecision: boolean;
      decisionNote: string;
      version: number;
      events: { kind: string }[];
    }>(res);
    expect(item).toMatchObject({ needsDecision: true, decisionNote: '需管委会研究资金安排' });
    expect(item.events.map((e) => e.kind)).toEqual(['raised', 'decision_requested']);
    item3.version = item.version;
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1 and action = 'coordination.decision'`,
      [item3.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('lets an assigned department flag its item; refuses the owner (403), answers 409 on a stale version', async () => {
    const forbidden = await inject('POST', `/api/coordination-items/${item3.id}/decision`, ownerA.cookie, {
      version: item3.version,
      needsDecision: false,
    });
    expect(forbidden.statusCode).toBe(403);
    const flagged = await ok<{ version: number }>(
      await inject('POST', `/api/coordination-items/${item2.id}/decision`, deptPlanningUser.cookie, {
        version: item2.version,
        needsDecision: true,
      }),
    );
    const stale = await inject('POST', `/api/coordination-items/${item2.id}/decision`, chiefB.cookie, {
      version: item2.version,
      needsDecision: false,
    });
    expect(stale.statusCode).toBe(409);
    item2.version = flagged.version;
    const bad = await inject('POST', `/api/coordination-items/${item2.id}/decision`, chiefB.cookie, {
      version: item2.version,
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['needsDecision']);
  });
});

let m1: Meeting;

describe('POST /api/dispatch-meetings', () => {
  it('schedules a meeting numbered in its year, with the agenda Guanjia proposes', async () => {
    m1 = await ok<Meeting>(
      await inject('POST', '/api/dispatch-meetings', leader.cookie, {
        period: '2026-B5',
        meetingDate: '2026-09-30',
        startTime: '09:30',
        place: '科学城管委会 3 楼会议室',
        chair: '管委会副主任 王建国',
      }),
      201,
    );
    expect(m1).toMatchObject({
      title: '2026年第1期项目调度会议',
      period: '2026-B5',
      status: 'scheduled',
      version: 1,
      viewer: { canEdit: true },
    });
    // Red projects by investment, then yellow; overdue items (the one also flagged for a decision carries that
    // reason); then the item flagged only for a decision. Late starts are merged into the lights' reasons.
    expect(m1.agenda.map((a) => [a.kind, a.refs.projectId ?? null, a.refs.itemId ?? null])).toEqual([
      ['red_project', p1.id, null],
      ['red_project', p2.id, null],
      ['yellow_project', p3.id, null],
      ['overdue_item', p1.id, item1.id],
      ['overdue_item', p2.id, item2.id],
      ['decision', p1.id, item3.id],
    ]);
    const red = m1.agenda[0]!;
    expect(red.title).toBe('科学大道二期（红灯）');
    expect(red.titleEn).toBe('科学大道二期 (red)');
    expect(red.reasons.map((r) => r.code)).toContain('start_delayed');
    const overdue = m1.agenda.find((a) => a.refs.itemId === item1.id)!;
    expect(overdue.reasons[0]?.zh).toMatch(/^建设局逾期 \d+ 个工作日未办结$/);
    const both = m1.agenda.find((a) => a.refs.itemId === item2.id)!;
    expect(both.reasons.map((r) => r.code)).toContain('decision_needed');
    expect(m1.agenda.at(-1)?.reasons).toEqual([
      {
        code: 'decision_needed',
        zh: '需领导决策：需管委会研究资金安排',
        en: "Needs a leader's decision: 需管委会研究资金安排",
      },
    ]);
    const audit = await t.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where entity_id = $1',
      [m1.id],
    );
    expect(audit).toEqual([{ action: 'dispatch.create', actor_id: leader.user.id }]);
  });

  it('returns 400 naming each invalid field', async () => {
    const res = await inject('POST', '/api/dispatch-meetings', leader.cookie, {
      period: '2026-B7',
      meetingDate: '2026-09-31',
      startTime: '9:30',
    });
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res)).toEqual(['meetingDate', 'period', 'startTime']);
    const outside = await inject('POST', '/api/dispatch-meetings', leader.cookie, {
      period: '2026-B6',
      meetingDate: '2026-10-20',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details).toEqual([
      {
        field: 'meetingDate',
        message: '会议日期：会议日期应在调度周期2026年11—12月内（2026-11-01 至 2026-12-31）',
      },
    ]);
  });

  it('answers 401 without a session and 403 without dispatch.organise or dispatch.read', async () => {
    const body = { period: '2026-B6', meetingDate: '2026-11-25' };
    expect((await inject('POST', '/api/dispatch-meetings', undefined, body)).statusCode).toBe(401);
    expect((await inject('POST', '/api/dispatch-meetings', dept.cookie, body)).statusCode).toBe(403);
    expect((await inject('POST', '/api/dispatch-meetings', auditor.cookie, body)).statusCode).toBe(403);
    expect((await inject('GET', '/api/dispatch-meetings', dept.cookie)).statusCode).toBe(403);
    expect((await inject('GET', `/api/dispatch-meetings/${m1.id}`, investor.cookie)).statusCode).toBe(403);
    expect((await inject('GET', '/api/dispatch-actions', investor.cookie)).statusCode).toBe(403);
  });
});

let a1: Action;
let a2: Action;
let a3: Action;

describe('POST /api/dispatch-meetings/:id/actions', () => {
  it('counts the deadline in working days from the meeting day, skipping National Day and counting the 调休 Saturday', async () => {
    const agendaItem = m1.agenda.find((a) => a.refs.projectId === p1.id && a.kind === 'red_project')!;
    a1 = await ok<Action>(
      await inject('POST', `/api/dispatch-meetings/${m1.id}/actions`, leader.cookie, {
        agendaItemId: agendaItem.id,
        content: '建设局牵头协调施工临时用地，确保科学大道二期 10 月开工',
        ownerOrganizationId: deptConstruction.id,
        ownerUserId: dept.user.id,
        workingDays: 3,
      }),
      201,
    );
    // 30 September + 3 working days: 1–7 October are the National Day holiday, then Thursday 8 (1), Friday 9 (2)
    // and Saturday 10 October, a working day under 调休 (3).
    expect(a1).toMatchObject({
      sequence: 1,
      projectId: p1.id,
      deadline: '2026-10-10',
      workingDays: 3,
      status: 'open',
      overdue: true,
      viewer: { canEdit: true, canReport: true },
    });
    expect(a1.overdueWorkingDays).toBeGreaterThan(20);
  });

  it('numbers the decisions of a meeting in order and notifies the responsible department', async () => {
    a2 = await ok<Action>(
      await inject('POST', `/api/dispatch-meetings/${m1.id}/actions`, leader.cookie, {
        projectId: p2.id,
        content: '规划和自然资源局加快芯片厂房一期规划方案审批',
        ownerOrganizationId: deptPlanning.id,
        workingDays: 10,
      }),
      201,
    );
    a3 = await ok<Action>(
      await inject('POST', `/api/dispatch-meetings/${m1.id}/actions`, leader.cookie, {
        content: '各责任部门每周报送重点项目要素保障情况',
        ownerOrganizationId: deptConstruction.id,
        workingDays: 20,
      }),
      201,
    );
    expect([a2.sequence, a3.sequence]).toEqual([2, 3]);
    expect(a3.projectId).toBeNull();
    // 20 working days from 30 September: 8–30 October give 18 (with Saturday 10 October), then 2 and 3 November.
    expect(a3.deadline).toBe('2026-11-03');
    const told = await t.database.query<{ user_id: string; kind: string }>(
      `select user_id, kind from notifications where entity_id = $1`,
      [a2.id],
    );
    expect(told).toEqual([{ user_id: deptPlanningUser.user.id, kind: 'dispatch.assigned' }]);
  });

  it('returns 400 naming the field: unknown agenda item, a person outside the organisation, a bad time limit', async () => {
    const url = `/api/dispatch-meetings/${m1.id}/actions`;
    const base = { content: '测试议定事项内容', ownerOrganizationId: deptConstruction.id, workingDays: 5 };
    const foreign = await inject('POST', url, leader.cookie, { ...base, agendaItemId: a1.id });
    expect(fieldsOf(foreign)).toEqual(['agendaItemId']);
    const person = await inject('POST', url, leader.cookie, {
      ...base,
      ownerUserId: deptPlanningUser.user.id,
    });
    expect(fieldsOf(person)).toEqual(['ownerUserId']);
    const days = await inject('POST', url, leader.cookie, { ...base, workingDays: 0, content: '短' });
    expect(fieldsOf(days)).toEqual(['content', 'workingDays']);
    expect((await inject('POST', url, chiefB.cookie, base)).statusCode).toBe(403);
  });

  it('refuses a deadline in a year without holiday data with a 400 naming the time limit', async () => {
    const m = await ok<Meeting>(
      await inject('POST', '/api/dispatch-meetings', leader.cookie, {
        period: '2027-B1',
        meetingDate: '2027-01-20',
        proposeAgenda: false,
      }),
      201,
    );
    expect(m.agenda).toEqual([]);
    const res = await inject('POST', `/api/dispatch-meetings/${m.id}/actions`, leader.cookie, {
      content: '明年的议定事项',
      ownerOrganizationId: deptConstruction.id,
      workingDays: 5,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('workingDays');
    expect(res.json().message).toContain('2027');
  });
});

describe('PATCH /api/dispatch-actions/:id', () => {
  it('lets the responsible department report progress, then completion (audited as a report)', async () => {
    const going = await ok<Action>(
      await inject('PATCH', `/api/dispatch-actions/${a3.id}`, dept.cookie, {
        version: a3.version,
        status: 'in_progress',
        progressNote: '已建立周报制度',
      }),
    );
    expect(going).toMatchObject({ status: 'in_progress', progressNote: '已建立周报制度', completedAt: null });
    a3 = await ok<Action>(
      await inject('PATCH', `/api/dispatch-actions/${a3.id}`, dept.cookie, {
        version: going.version,
        status: 'done',
      }),
    );
    expect(a3.status).toBe('done');
    expect(a3.completedAt).toBe(now.toISOString());
    const audit = await t.database.query<{ action: string }>(
      'select action from audit_log where entity_id = $1 order by id',
      [a3.id],
    );
    expect(audit.map((r) => r.action)).toEqual([
      'dispatch.action.create',
      'dispatch.action.report',
      'dispatch.action.report',
    ]);
  });

  it('keeps done final for the department (409), refuses it the content (403), and 409 on a stale version', async () => {
    const back = await inject('PATCH', `/api/dispatch-actions/${a3.id}`, dept.cookie, {
      version: a3.version,
      status: 'open',
    });
    expect(back.statusCode).toBe(409);
    const content = await inject('PATCH', `/api/dispatch-actions/${a1.id}`, dept.cookie, {
      version: a1.version,
      content: '改写议定事项内容',
    });
    expect(content.statusCode).toBe(403);
    const stale = await inject('PATCH', `/api/dispatch-actions/${a1.id}`, dept.cookie, {
      version: a1.version + 5,
      status: 'in_progress',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('lets the organiser change the time limit, counted again from the meeting day', async () => {
    const changed = await ok<Action>(
      await inject('PATCH', `/api/dispatch-actions/${a1.id}`, leader.cookie, {
        version: a1.version,
        workingDays: 5,
      }),
    );
    // Two more working days after Saturday 10 October: Monday 12 and Tuesday 13.
    expect(changed).toMatchObject({ workingDays: 5, deadline: '2026-10-13', status: 'open' });
    a1 = changed;
  });

  it('answers 404 to another department, for reading and for writing', async () => {
    expect((await inject('GET', `/api/dispatch-actions/${a2.id}`, dept.cookie)).statusCode).toBe(404);
    const write = await inject('PATCH', `/api/dispatch-actions/${a2.id}`, dept.cookie, {
      version: a2.version,
      status: 'done',
    });
    expect(write.statusCode).toBe(404);
    expect((await inject('GET', `/api/dispatch-actions/${a2.id}`, deptPlanningUser.cookie)).statusCode).toBe(
      200,
    );
  });
});

describe('GET /api/dispatch-actions', () => {
  type Page = { items: Action[]; total: number };

  it('shows a department only its own actions, whatever the scope asked', async () => {
    for (const query of ['', '?scope=mine', '?scope=all']) {
      const page = await ok<Page>(await inject('GET', `/api/dispatch-actions${query}`, dept.cookie));
      expect(page.items.map((a) => a.id).sort()).toEqual([a1.id, a3.id].sort());
    }
    const owner = await ok<Page>(await inject('GET', '/api/dispatch-actions', ownerA.cookie));
    expect(owner.total).toBe(0);
  });

  it('lists every action for a leader, unfinished first; filters overdue and by status', async () => {
    const all = await ok<Page>(
      await inject('GET', `/api/dispatch-actions?meetingId=${m1.id}`, leader.cookie),
    );
    expect(all.items.map((a) => a.id)).toEqual([a1.id, a2.id, a3.id]);
    const overdue = await ok<Page>(await inject('GET', '/api/dispatch-actions?overdue=true', leader.cookie));
    expect(overdue.items.map((a) => a.id)).toEqual([a1.id, a2.id]);
    const done = await ok<Page>(await inject('GET', '/api/dispatch-actions?status=done', leader.cookie));
    expect(done.items.map((a) => a.id)).toEqual([a3.id]);
    const bad = await inject('GET', '/api/dispatch-actions?status=finished', leader.cookie);
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['status.0']);
  });
});

describe('PUT /api/dispatch-meetings/:id/attendance and /minutes', () => {
  it('records who attended, guests by name, and absences with their reason', async () => {
    const res = await inject('PUT', `/api/dispatch-meetings/${m1.id}/attendance`, leader.cookie, {
      version: m1.version,
      attendees: [
        { userId: leader.user.id, position: '副主任', present: true },
        { userId: dept.user.id, position: '局长', present: true },
        { name: '陈工', organizationName: '中建八局西南公司', present: true },
        { userId: deptPlanningUser.user.id, present: false, absenceReason: '参加市级会议' },
      ],
    });
    m1 = await ok<Meeting>(res);
    expect(m1.attendees.map((a) => [a.name, a.organizationName, a.present, a.absenceReason])).toEqual([
      ['王建国', null, true, null],
      ['杨帆', '建设局', true, null],
      ['陈工', '中建八局西南公司', true, null],
      [expect.any(String), '规划和自然资源局', false, '参加市级会议'],
    ]);
  });

  it('returns 400 for an absence without a reason or an unknown user, and 409 on a stale version', async () => {
    const missing = await inject('PUT', `/api/dispatch-meetings/${m1.id}/attendance`, leader.cookie, {
      version: m1.version,
      attendees: [
        { userId: leader.user.id, present: true },
        { name: '张三', present: false },
      ],
    });
    expect(fieldsOf(missing)).toEqual(['attendees.1.absenceReason']);
    const unknown = await inject('PUT', `/api/dispatch-meetings/${m1.id}/attendance`, leader.cookie, {
      version: m1.version,
      attendees: [{ userId: '00000000-0000-4000-8000-000000000000', present: true }],
    });
    expect(fieldsOf(unknown)).toEqual(['attendees.0.userId']);
    const stale = await inject('PUT', `/api/dispatch-meetings/${m1.id}/attendance`, leader.cookie, {
      version: m1.version - 1,
      attendees: [],
    });
    expect(stale.statusCode).toBe(409);
  });

  it('records the minutes per agenda item and the summary', async () => {
    const red = m1.agenda[0]!;
    m1 = await ok<Meeting>(
      await inject('PUT', `/api/dispatch-meetings/${m1.id}/minutes`, leader.cookie, {
        version: m1.version,
        summary: '会议听取了重点项目推进情况汇报，研究了存在的困难和问题。',
        items: [
          { id: red.id, minutes: '项目单位汇报：临时用地未落实，开工推迟。\n建设局表示本周内完成协调。' },
        ],
      }),
    );
    expect(m1.agenda[0]?.minutes).toBe(
      '项目单位汇报：临时用地未落实，开工推迟。\n建设局表示本周内完成协调。',
    );
    const foreign = await inject('PUT', `/api/dispatch-meetings/${m1.id}/minutes`, leader.cookie, {
      version: m1.version,
      items: [{ id: a1.id, minutes: 'x' }],
    });
    expect(fieldsOf(foreign)).toEqual(['items.0.id']);
  });
});

describe('PATCH /api/dispatch-meetings/:id', () => {
  it('marks a meeting held; a stale version is a 409 and nothing is written', async () => {
    const held = await ok<Meeting>(
      await inject('PATCH', `/api/dispatch-meetings/${m1.id}`, leader.cookie, {
        version: m1.version,
        status: 'held',
      }),
    );
    expect(held).toMatchObject({ status: 'held', version: m1.version + 1 });
    const stale = await inject('PATCH', `/api/dispatch-meetings/${m1.id}`, leader.cookie, {
      version: m1.version,
      place: '另一会议室',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    m1 = await ok<Meeting>(await inject('GET', `/api/dispatch-meetings/${m1.id}`, leader.cookie));
    expect(m1.version).toBe(held.version);
  });

  it('refuses a held meeting to go back (409) and other organisers to change it (403)', async () => {
    const back = await inject('PATCH', `/api/dispatch-meetings/${m1.id}`, leader.cookie, {
      version: m1.version,
      status: 'scheduled',
    });
    expect(back.statusCode).toBe(409);
    const other = await inject('PATCH', `/api/dispatch-meetings/${m1.id}`, chiefB.cookie, {
      version: m1.version,
      place: '别处',
    });
    expect(other.statusCode).toBe(403);
  });

  it('moves the decisions’ deadlines with the meeting day; refuses held in the future and cancelling without a reason', async () => {
    const m = await ok<Meeting>(
      await inject('POST', '/api/dispatch-meetings', chiefA.cookie, {
        period: '2026-B6',
        meetingDate: '2026-11-23',
        proposeAgenda: false,
      }),
      201,
    );
    const action = await ok<Action>(
      await inject('POST', `/api/dispatch-meetings/${m.id}/actions`, chiefA.cookie, {
        projectId: p1.id,
        content: '项目单位完善开工条件',
        ownerOrganizationId: deptConstruction.id,
        workingDays: 2,
      }),
      201,
    );
    expect(action.deadline).toBe('2026-11-25');
    const moved = await ok<Meeting>(
      await inject('PATCH', `/api/dispatch-meetings/${m.id}`, chiefA.cookie, {
        version: m.version,
        meetingDate: '2026-11-26',
      }),
    );
    // Thursday 26 November + 2 working days: Friday 27 and Monday 30.
    expect(moved.actions[0]?.deadline).toBe('2026-11-30');
    const future = await inject('PATCH', `/api/dispatch-meetings/${m.id}`, chiefA.cookie, {
      version: moved.version,
      status: 'held',
    });
    expect(fieldsOf(future)).toEqual(['status']);
    const noReason = await inject('PATCH', `/api/dispatch-meetings/${m.id}`, chiefA.cookie, {
      version: moved.version,
      status: 'cancelled',
    });
    expect(fieldsOf(noReason)).toEqual(['cancelReason']);
    const withDecisions = await inject('PATCH', `/api/dispatch-meetings/${m.id}`, chiefA.cookie, {
      version: moved.version,
      status: 'cancelled',
      cancelReason: '领导出差',
    });
    expect(withDecisions.statusCode).toBe(409);
    // A chief's meeting proposes from his scope only; his project outside another chief's scope is refused.
    const foreign = await inject('POST', `/api/dispatch-meetings/${m.id}/actions`, chiefA.cookie, {
      projectId: p2.id,
      content: '不属于本项目长的项目',
      ownerOrganizationId: deptConstruction.id,
      workingDays: 2,
    });
    expect(fieldsOf(foreign)).toEqual(['projectId']);
  });
});

let m2: Meeting;

describe('agenda of the next meeting', () => {
  it('opens with the previous meetings’ unfinished actions, oldest first; a done action is not carried over', async () => {
    m2 = await ok<Meeting>(
      await inject('POST', '/api/dispatch-meetings', leader.cookie, {
        period: '2026-B6',
        meetingDate: '2026-11-27',
      }),
      201,
    );
    // One meeting of the year was scheduled before it (the chief's on 26 November) besides the September one.
    expect(m2.title).toBe('2026年第3期项目调度会议');
    const carried = m2.agenda.filter((a) => a.kind === 'unfinished_action');
    expect(m2.agenda.slice(0, carried.length)).toEqual(carried);
    expect(carried.map((a) => a.refs.actionId)).toEqual([a1.id, a2.id, expect.any(String)]);
    expect(carried.map((a) => a.refs.actionId)).not.toContain(a3.id);
    expect(carried[0]?.title).toBe(
      '2026-09-30 会议议定事项：建设局牵头协调施工临时用地，确保科学大道二期 10 月开工',
    );
    expect(carried[0]?.reasons[0]).toMatchObject({ code: 'action_overdue' });
    expect(carried[0]?.reasons[0]?.zh).toMatch(/^责任人建设局杨帆，期限 2026-10-13，已逾期 \d+ 个工作日$/);
    expect(carried[0]?.projectId).toBe(p1.id);
  });

  it('lets the organiser reorder, retitle, remove and add items (400 for an item of another meeting)', async () => {
    const [first, second, ...rest] = m2.agenda;
    const res = await inject('PUT', `/api/dispatch-meetings/${m2.id}/agenda`, leader.cookie, {
      version: m2.version,
      items: [
        { id: second!.id, title: second!.title },
        { id: first!.id, title: '科学大道二期用地协调落实情况' },
        ...rest.slice(1).map((a) => ({ id: a.id, title: a.title })),
        { title: '研究 2027 年重点项目计划', projectId: null },
        { title: '科学城隧道交通组织方案', projectId: p3.id },
      ],
    });
    const saved = await ok<Meeting>(res);
    expect(saved.agenda.map((a) => a.id).slice(0, 2)).toEqual([second!.id, first!.id]);
    expect(saved.agenda[1]).toMatchObject({
      title: '科学大道二期用地协调落实情况',
      titleEn: null,
      kind: 'unfinished_action',
    });
    expect(saved.agenda.map((a) => a.id)).not.toContain(rest[0]!.id);
    expect(saved.agenda.slice(-2).map((a) => [a.kind, a.projectId, a.title])).toEqual([
      ['other', null, '研究 2027 年重点项目计划'],
      ['other', p3.id, '科学城隧道交通组织方案'],
    ]);
    expect(saved.version).toBe(m2.version + 1);
    m2 = saved;
    const foreign = await inject('PUT', `/api/dispatch-meetings/${m2.id}/agenda`, leader.cookie, {
      version: m2.version,
      items: [{ id: m1.agenda[0]!.id, title: '别的会议的议题' }],
    });
    expect(fieldsOf(foreign)).toEqual(['items.0.id']);
  });

  it('proposes again keeping the minutes and the items added by hand; not once the meeting is held', async () => {
    const kept = m2.agenda.find((a) => a.refs.actionId === a2.id)!;
    m2 = await ok<Meeting>(
      await inject('PUT', `/api/dispatch-meetings/${m2.id}/minutes`, leader.cookie, {
        version: m2.version,
        items: [{ id: kept.id, minutes: '规划局：已完成技术审查。' }],
      }),
    );
    const again = await ok<Meeting>(
      await inject('POST', `/api/dispatch-meetings/${m2.id}/agenda/propose`, leader.cookie, {
        version: m2.version,
      }),
    );
    const same = again.agenda.find((a) => a.refs.actionId === a2.id)!;
    expect(same).toMatchObject({ id: kept.id, minutes: '规划局：已完成技术审查。' });
    expect(again.agenda.slice(-2).map((a) => a.kind)).toEqual(['other', 'other']);
    expect(again.agenda[0]?.kind).toBe('unfinished_action');
    m2 = again;
    const held = await inject('POST', `/api/dispatch-meetings/${m1.id}/agenda/propose`, leader.cookie, {
      version: m1.version,
    });
    expect(held.statusCode).toBe(409);
  });
});

describe('data scope of meetings', () => {
  it('shows a chief only the agenda items and actions about his projects, and general decisions', async () => {
    const seen = await ok<Meeting>(await inject('GET', `/api/dispatch-meetings/${m1.id}`, chiefB.cookie));
    expect(seen.viewer.canEdit).toBe(false);
    expect(new Set(seen.agenda.map((a) => a.projectId))).toEqual(new Set([p2.id]));
    expect(seen.hiddenAgendaItems).toBe(m1.agenda.length - seen.agenda.length);
    expect(seen.actions.map((a) => a.id)).toEqual([a2.id, a3.id]);
    expect(seen.hiddenActions).toBe(1);
    expect((await inject('GET', `/api/dispatch-actions/${a1.id}`, chiefB.cookie)).statusCode).toBe(404);
    const own = await ok<Meeting>(await inject('GET', `/api/dispatch-meetings/${m1.id}`, chiefA.cookie));
    expect(own.actions.map((a) => a.id)).toEqual([a1.id, a3.id]);
  });

  it('lists the zone’s meetings to every reader, counting what each may see', async () => {
    type Page = { items: { id: string; actionCount: number; status: string }[]; total: number };
    const forLeader = await ok<Page>(
      await inject('GET', '/api/dispatch-meetings?period=2026-B5', leader.cookie),
    );
    const forChief = await ok<Page>(
      await inject('GET', '/api/dispatch-meetings?period=2026-B5', chiefB.cookie),
    );
    expect(forLeader.items.map((m) => [m.id, m.actionCount])).toEqual([[m1.id, 3]]);
    expect(forChief.items.map((m) => [m.id, m.actionCount])).toEqual([[m1.id, 2]]);
    const held = await ok<Page>(
      await inject('GET', '/api/dispatch-meetings?status=held&year=2026', auditor.cookie),
    );
    expect(held.items.map((m) => m.id)).toEqual([m1.id]);
    expect((await inject('GET', '/api/dispatch-meetings?period=2026-7', leader.cookie)).statusCode).toBe(400);
  });

  it('lets an auditor read every part but change nothing', async () => {
    const seen = await ok<Meeting>(await inject('GET', `/api/dispatch-meetings/${m1.id}`, auditor.cookie));
    expect(seen.actions).toHaveLength(3);
    expect(seen.hiddenAgendaItems).toBe(0);
    const write = await inject('PATCH', `/api/dispatch-meetings/${m1.id}`, auditor.cookie, {
      version: seen.version,
      place: '别处',
    });
    expect(write.statusCode).toBe(403);
  });
});

describe('GET /api/chief/workspace — 双月一调度', () => {
  type Workspace = {
    dispatch: {
      period: string;
      status: string;
      daysLeft: number | null;
      meeting: { id: string } | null;
      openActions: number;
      overdueActions: number;
    };
  };

  it('is done for the period of a held meeting about the chief’s projects, and due in the running period', async () => {
    const october = await ok<Workspace>(
      await inject('GET', '/api/chief/workspace?month=2026-10', chiefB.cookie),
    );
    expect(october.dispatch).toMatchObject({ period: '2026-B5', status: 'done', meeting: { id: m1.id } });
    const november = await ok<Workspace>(
      await inject('GET', '/api/chief/workspace?month=2026-11', chiefA.cookie),
    );
    // 41 days from 20 November to 31 December; the next meeting shown is the chief's own, the earliest scheduled.
    expect(november.dispatch).toMatchObject({ period: '2026-B6', status: 'due', daysLeft: 41 });
    expect(november.dispatch.meeting).not.toBeNull();
    // a1 on 科学大道二期 is overdue; the chief's own meeting's action is not yet due.
    expect(november.dispatch).toMatchObject({ openActions: 2, overdueActions: 1 });
  });
});

describe('cancelling and bringing back a meeting', () => {
  it('cancels a meeting without decisions with its reason, refuses its record (409), and brings it back', async () => {
    const m = await ok<Meeting>(
      await inject('POST', '/api/dispatch-meetings', leader.cookie, {
        period: '2026-B6',
        meetingDate: '2026-12-10',
        proposeAgenda: false,
      }),
      201,
    );
    const cancelled = await ok<Meeting & { cancelReason: string }>(
      await inject('PATCH', `/api/dispatch-meetings/${m.id}`, leader.cookie, {
        version: m.version,
        status: 'cancelled',
        cancelReason: '与市级会议冲突',
      }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '与市级会议冲突' });
    expect(
      (await inject('GET', `/api/dispatch-meetings/${m.id}/record.docx`, leader.cookie)).statusCode,
    ).toBe(409);
    const action = await inject('POST', `/api/dispatch-meetings/${m.id}/actions`, leader.cookie, {
      content: '已取消会议的议定事项',
      ownerOrganizationId: deptConstruction.id,
      workingDays: 3,
    });
    expect(action.statusCode).toBe(409);
    const back = await ok<Meeting & { cancelReason: string | null }>(
      await inject('PATCH', `/api/dispatch-meetings/${m.id}`, leader.cookie, {
        version: cancelled.version,
        status: 'scheduled',
      }),
    );
    expect(back).toMatchObject({ status: 'scheduled', cancelReason: null });
  });

  it('answers 404 for an unknown meeting and 400 for a malformed id or a missing version', async () => {
    const unknown = await inject(
      'GET',
      '/api/dispatch-meetings/00000000-0000-4000-8000-000000000000',
      leader.cookie,
    );
    expect(unknown.statusCode).toBe(404);
    const malformed = await inject('GET', '/api/dispatch-meetings/42', leader.cookie);
    expect(malformed.statusCode).toBe(400);
    expect(fieldsOf(malformed)).toEqual(['id']);
    const noVersion = await inject(
      'POST',
      `/api/dispatch-meetings/${m1.id}/agenda/propose`,
      leader.cookie,
      {},
    );
    expect(fieldsOf(noVersion)).toEqual(['version']);
  });
});

describe('GET /api/dispatch-meetings/:id/record.docx', () => {
  it('writes a 会议纪要: time, place, chair, attendance, minutes per item and the numbered decisions', async () => {
    const res = await inject('GET', `/api/dispatch-meetings/${m1.id}/record.docx`, leader.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX_MIME);
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('2026年第1期项目调度会议纪要.docx'),
    );
    const doc = await readDocxText(res.rawPayload);
    expect(doc.paragraphs).toEqual(
      expect.arrayContaining([
        '西部（重庆）科学城管委会',
        '2026年第1期项目调度会议纪要',
        '时间：2026年9月30日 09:30',
        '地点：科学城管委会 3 楼会议室',
        '主持：管委会副主任 王建国',
        '参会：副主任王建国，建设局局长杨帆，中建八局西南公司陈工',
        '会议听取了重点项目推进情况汇报，研究了存在的困难和问题。',
        '一、会议研究事项',
        '（一）红灯项目',
        '1.科学大道二期（红灯）',
        '项目单位汇报：临时用地未落实，开工推迟。',
        '建设局表示本周内完成协调。',
        '二、议定事项',
        '1.建设局牵头协调施工临时用地，确保科学大道二期 10 月开工（责任单位：建设局，责任人：杨帆；完成时限：2026年10月13日前，5个工作日）',
        '3.各责任部门每周报送重点项目要素保障情况（责任单位：建设局；完成时限：2026年11月3日前，20个工作日）',
      ]),
    );
    expect(doc.paragraphs.some((p) => p.startsWith('请假：') && p.endsWith('（参加市级会议）'))).toBe(true);
  });

  it('gives a chief the part about his projects, saying what was left out', async () => {
    const res = await inject('GET', `/api/dispatch-meetings/${m1.id}/record.docx`, chiefB.cookie);
    const doc = await readDocxText(res.rawPayload);
    expect(doc.paragraphs).toContain('（按数据权限，本纪要略去其他项目的议题 4 项、议定事项 1 项。）');
    expect(doc.paragraphs).not.toContain('项目单位汇报：临时用地未落实，开工推迟。');
    expect(doc.paragraphs.some((p) => p.startsWith('2.规划和自然资源局加快芯片厂房一期'))).toBe(true);
    expect(doc.paragraphs.some((p) => p.startsWith('1.建设局牵头'))).toBe(false);
  });
});
