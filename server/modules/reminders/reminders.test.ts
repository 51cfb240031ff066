import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { ServiceContext } from '../../core/context.ts';
import { softwareCrypto } from '../../core/crypto.ts';
import { createScheduler } from '../../core/scheduler.ts';
import { backgroundJobs } from '../../jobs.ts';
import { openSecondNode } from '../../test/second-node.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  createUser,
  login,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';
import { createReminderService } from './reminders.service.ts';

const engine = process.env.DATABASE_URL ? 'PostgreSQL, two connection pools' : 'PGlite';

// Services and the scheduler read "now" from this clock; each test sets the moment it is about.
let now = new Date();
const setNow = (date: string, time = '10:00:00') => {
  now = new Date(`${date}T${time}+08:00`);
};
const clock = () => now;

/** A stand-in for the 企业微信 / 钉钉 robot: records every request and answers as told. */
type Hit = { query: URLSearchParams; body: Record<string, unknown> };
type Answer = { status: number; body: unknown } | 'hang';
const robot = {
  hits: [] as Hit[],
  answer: (): Answer => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }),
  server: undefined as http.Server | undefined,
  url: '',
};
const ok = (): Answer => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } });

type Session = Awaited<ReturnType<typeof userSession>>;
type User = Awaited<ReturnType<typeof createUser>>;
let t: TestApp;
let ctx: ServiceContext;
let service: ReturnType<typeof createReminderService>;
let admin: Session;
let leader: Session;
let chief: User;
let deputy: User;
let lateDeputy: User;
let retiredDeputy: User;
let owner: Session;
let ownerColleague: User;
let owner2: User;
let handler: User;
let handlerColleague: User;
let actionOwner: User;
let retiredOwner: User;
let ownerOrg: { id: string };
let deptOrg: { id: string; name: string };
let p1: { id: string };
let p2: { id: string };
let p3: { id: string };
let meetingId: string;
let cancelledMeetingId: string;

const inject = (method: 'GET' | 'PUT' | 'POST', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

type NotificationRow = { kind: string; title: string; body: string; link: string; entity_id: string };
async function remindersOf(userId: string, kind?: string): Promise<NotificationRow[]> {
  return t.database.query<NotificationRow>(
    `select kind, title, body, link, entity_id from notifications
     where user_id = $1 and kind like 'reminder.%' and ($2::text is null or kind = $2) order by title`,
    [userId, kind ?? null],
  );
}

async function saveSettings(values: Record<string, unknown>) {
  const current = (await inject('GET', '/api/reminder-settings', admin.cookie)).json();
  const res = await inject('PUT', '/api/reminder-settings', admin.cookie, {
    inspectionLeadWorkingDays: current.inspectionLeadWorkingDays,
    reportLeadDays: current.reportLeadDays,
    actionLeadWorkingDays: current.actionLeadWorkingDays,
    webhookEnabled: current.webhookEnabled,
    webhookUrl: current.webhookUrl,
    webhookFormat: current.webhookFormat,
    version: current.version,
    ...values,
  });
  if (res.statusCode !== 200) throw new Error(`save settings: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function addAction(values: {
  sequence: number;
  content: string;
  deadline: string;
  ownerUserId?: string | null;
  projectId?: string | null;
  status?: string;
  meeting?: string;
}) {
  const [row] = await t.database.query<{ id: string }>(
    `insert into dispatch_actions (meeting_id, sequence, project_id, content, owner_organization_id, owner_user_id,
       working_days, deadline, status, completed_at)
     values ($1, $2, $3, $4, $5, $6, 10, $7, $8, case when $8 = 'done' then now() end) returning id`,
    [
      values.meeting ?? meetingId,
      values.sequence,
      values.projectId ?? null,
      values.content,
      deptOrg.id,
      values.ownerUserId ?? null,
      values.deadline,
      values.status ?? 'open',
    ],
  );
  return row!.id;
}

/** Closes every open action, so that a test sees only the actions it adds. */
async function closeAllActions() {
  await t.database.query(
    `update dispatch_actions set status = 'done', completed_at = now() where status in ('open', 'in_progress')`,
  );
}

async function outbox() {
  return t.database.query<{
    id: string;
    kind: string;
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: Date;
    payload: { title: string; lines: string[] };
  }>(`select * from webhook_outbox order by id`);
}

/** Sends everything waiting (the robot answering ok) and forgets the requests. */
async function drain() {
  robot.answer = ok;
  while ((await service.deliverWebhooks(now)).sent > 0);
  robot.hits = [];
}

beforeAll(async () => {
  robot.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      robot.hits.push({
        query: new URL(req.url ?? '/', 'http://robot').searchParams,
        body: JSON.parse(body || '{}'),
      });
      const answer = robot.answer();
      if (answer === 'hang') return;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => robot.server!.listen(0, '127.0.0.1', resolve));
  robot.url = `http://127.0.0.1:${(robot.server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=robot-key-1`;

  setNow('2026-09-01');
  t = await createTestApp({ webhookTimeoutSeconds: 1 }, { clock });
  ctx = { db: t.database.db, config: t.config, crypto: softwareCrypto, clock };
  service = createReminderService(ctx);

  ownerOrg = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const ownerOrg2 = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  deptOrg = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  admin = await userSession(t, ['admin']);
  leader = await userSession(t, ['leader']);
  chief = await createUser(t, ['project_chief'], { displayName: '张项目长' });
  deputy = await createUser(t, ['project_chief'], { displayName: '王副项目长' });
  lateDeputy = await createUser(t, ['project_chief'], { displayName: '刘副项目长' });
  retiredDeputy = await createUser(t, ['project_chief'], { displayName: '停用副项目长', isActive: false });
  owner = await userSession(t, ['project_owner'], { organizationId: ownerOrg.id, displayName: '陈填报员' });
  // In the owner's organisation but without report.submit: not told about reports.
  ownerColleague = await createUser(t, [], { organizationId: ownerOrg.id, displayName: '陈同事' });
  owner2 = await createUser(t, ['project_owner'], { organizationId: ownerOrg2.id, displayName: '李填报员' });
  handler = await createUser(t, ['department'], { organizationId: deptOrg.id, displayName: '孙经办' });
  handlerColleague = await createUser(t, [], { organizationId: deptOrg.id, displayName: '孙同事' });
  // Named on actions; without dispatch.action.update, so not told of the organisation's unowned actions.
  actionOwner = await createUser(t, [], { organizationId: deptOrg.id, displayName: '周责任人' });
  retiredOwner = await createUser(t, ['department'], {
    organizationId: deptOrg.id,
    displayName: '停用责任人',
    isActive: false,
  });

  p1 = await createProjectViaApi(t, owner.cookie, projectInput(ownerOrg.id, { name: '科学大道二期' }));
  p2 = await createProjectViaApi(t, owner.cookie, projectInput(ownerOrg.id, { name: '科学会堂' }));
  const owner2Cookie = await login(t, owner2.username);
  p3 = await createProjectViaApi(t, owner2Cookie, projectInput(ownerOrg2.id, { name: '芯片厂房一期' }));
  // Under construction: the stage in which monthly reports are owed.
  await t.database.query(`update projects set stage = 'under_construction' where id = any($1::uuid[])`, [
    [p1.id, p2.id, p3.id],
  ]);
  // Chiefs of p1 (with deputies, one of them no longer active) and p2, since September.
  await t.database.query(`update projects set chief_user_id = $1 where id = any($2::uuid[])`, [
    chief.id,
    [p1.id, p2.id],
  ]);
  await t.database.query(`update project_chief_assignments set assigned_on = '2026-09-01'`);
  await t.database.query(
    `insert into project_chief_staff (project_id, user_id, role, assigned_on) values
     ($1, $2, 'deputy', '2026-09-01'), ($1, $3, 'deputy', '2026-09-01')`,
    [p1.id, deputy.id, retiredDeputy.id],
  );
  // p2 was inspected in October and reported on September.
  await t.database.query(
    `insert into inspections (project_id, month, inspected_on, method, summary)
     values ($1, '2026-10-01', '2026-10-12', 'onsite', '现场督查，进度正常')`,
    [p2.id],
  );
  await t.database.query(
    `insert into progress_reports (project_id, month, status, investment_this_month, image_progress)
     values ($1, '2026-09-01', 'submitted', 100, '主体施工')`,
    [p2.id],
  );
  const [meeting] = await t.database.query<{ id: string }>(
    `insert into dispatch_meetings (period, title, meeting_date, status, organiser_id)
     values ('2026-B5', '2026年第5期项目调度会', '2026-10-15', 'held', $1) returning id`,
    [leader.user.id],
  );
  meetingId = meeting!.id;
  const [cancelled] = await t.database.query<{ id: string }>(
    `insert into dispatch_meetings (period, title, meeting_date, status, cancel_reason, organiser_id)
     values ('2026-B5', '取消的调度会', '2026-10-16', 'cancelled', '改期', $1) returning id`,
    [leader.user.id],
  );
  cancelledMeetingId = cancelled!.id;
});

afterAll(async () => {
  robot.server?.closeAllConnections();
  await new Promise((resolve) => robot.server?.close(resolve));
  await t.close();
});

beforeEach(() => {
  robot.answer = ok;
  robot.hits = [];
});

describe('/api/reminder-settings', () => {
  it('answers 401 without a session and 403 to anyone without notification.configure', async () => {
    expect((await inject('GET', '/api/reminder-settings')).statusCode).toBe(401);
    expect((await inject('GET', '/api/reminder-settings', leader.cookie)).statusCode).toBe(403);
    expect((await inject('PUT', '/api/reminder-settings', leader.cookie, {})).statusCode).toBe(403);
    expect((await inject('POST', '/api/reminder-settings/test-message', leader.cookie)).statusCode).toBe(403);
    expect((await inject('GET', '/api/scheduled-jobs', owner.cookie)).statusCode).toBe(403);
  });

  it('shows the defaults to an administrator: 3 working days, 3 days, 2 working days, webhook off', async () => {
    const res = await inject('GET', '/api/reminder-settings', admin.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      inspectionLeadWorkingDays: 3,
      reportLeadDays: 3,
      actionLeadWorkingDays: 2,
      webhookEnabled: false,
      webhookUrl: null,
      webhookFormat: 'wecom',
      webhookHasSecret: false,
      version: 0,
      delivery: { pending: 0, failed: 0, lastSentAt: null, lastError: null, lastErrorAt: null },
    });
  });

  it('answers 400 naming the field for a URL that is not http(s), for enabling without a URL, and for a lead over 15', async () => {
    const base = {
      inspectionLeadWorkingDays: 3,
      reportLeadDays: 3,
      actionLeadWorkingDays: 2,
      webhookEnabled: true,
      webhookFormat: 'wecom',
      version: 0,
    };
    for (const webhookUrl of ['ftp://robot.example/send', 'qyapi.weixin.qq.com/cgi-bin/webhook/send']) {
      const res = await inject('PUT', '/api/reminder-settings', admin.cookie, { ...base, webhookUrl });
      expect(res.statusCode).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['webhookUrl']);
      expect(res.json().message).toContain('Webhook 地址');
    }
    const none = await inject('PUT', '/api/reminder-settings', admin.cookie, { ...base, webhookUrl: '' });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0]).toMatchObject({ field: 'webhookUrl' });
    expect(none.json().message).toContain('启用推送前请填写 Webhook 地址');
    const tooLong = await t.app.inject({
      method: 'PUT',
      url: '/api/reminder-settings',
      headers: { cookie: admin.cookie, 'accept-language': 'en' },
      payload: { ...base, webhookUrl: robot.url, reportLeadDays: 99 },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().details[0].field).toBe('reportLeadDays');
    expect(tooLong.json().message).toContain('Report lead must be a whole number from 0 to 15');
    expect((await inject('GET', '/api/reminder-settings', admin.cookie)).json().version).toBe(0);
  });

  it('saves the settings, keeps the signing secret to itself, masks the key in the audit log, and refuses a stale version', async () => {
    const saved = await saveSettings({
      webhookEnabled: true,
      webhookUrl: robot.url,
      webhookFormat: 'dingtalk',
      webhookSecret: 'SECsecret-1',
      inspectionLeadWorkingDays: 3,
    });
    expect(saved).toMatchObject({
      webhookEnabled: true,
      webhookUrl: robot.url,
      webhookHasSecret: true,
      version: 1,
    });
    expect(JSON.stringify(saved)).not.toContain('SECsecret-1');
    const [audit] = await t.database.query<{ after: Record<string, unknown>; actor_id: string }>(
      `select after, actor_id from audit_log where action = 'notification.configure' order by id desc limit 1`,
    );
    expect(audit!.actor_id).toBe(admin.user.id);
    expect(audit!.after).toMatchObject({
      webhookUrl: robot.url.replace('robot-key-1', '***'),
      webhookHasSecret: true,
    });
    expect(JSON.stringify(audit!.after)).not.toContain('SECsecret-1');
    expect(JSON.stringify(audit!.after)).not.toContain('robot-key-1');

    // Saving without the secret keeps it; a stale version is refused and changes nothing.
    expect((await saveSettings({ webhookFormat: 'wecom' })).webhookHasSecret).toBe(true);
    const stale = await inject('PUT', '/api/reminder-settings', admin.cookie, {
      inspectionLeadWorkingDays: 5,
      reportLeadDays: 3,
      actionLeadWorkingDays: 2,
      webhookEnabled: false,
      webhookUrl: null,
      webhookFormat: 'wecom',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    const after = (await inject('GET', '/api/reminder-settings', admin.cookie)).json();
    expect(after).toMatchObject({
      version: 2,
      inspectionLeadWorkingDays: 3,
      webhookEnabled: true,
      webhookFormat: 'wecom',
    });
    expect((await saveSettings({ webhookSecret: null })).webhookHasSecret).toBe(false);
  });

  it('sends a test message to the saved robot at once and says whether it was accepted', async () => {
    const res = await inject('POST', '/api/reminder-settings/test-message', admin.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ delivered: true, error: null });
    expect(robot.hits).toHaveLength(1);
    expect(robot.hits[0]!.body).toMatchObject({ msgtype: 'markdown' });
    expect((robot.hits[0]!.body.markdown as { content: string }).content).toContain('【数字管家】测试消息');

    robot.answer = () => ({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } });
    const refused = await inject('POST', '/api/reminder-settings/test-message', admin.cookie);
    expect(refused.json()).toEqual({ delivered: false, error: 'errcode 93000: invalid webhook url' });
    const audits = await t.database.query<{ outcome: string }>(
      `select outcome from audit_log where action = 'notification.test_webhook' order by id`,
    );
    expect(audits.map((a) => a.outcome)).toEqual(['success', 'failure']);
  });
});

describe('inspection due reminders', () => {
  it("tells the chief and the active deputies of each project without this month's inspection, once, near the month's end", async () => {
    setNow('2026-10-26');
    expect(await service.remindInspections()).toMatchObject({ reminders: 0 });
    setNow('2026-10-27');
    expect(await service.remindInspections()).toEqual({
      kind: 'inspection_due',
      reminders: 1,
      notifications: 2,
      webhookMessages: 1,
    });
    for (const user of [chief, deputy]) {
      expect(await remindersOf(user.id)).toEqual([
        {
          kind: 'reminder.inspection_due',
          title: '本月督查即将到期：科学大道二期',
          body: '一月一督查：2026年10月尚无督查记录，月底（2026-10-31）前还剩 3 个工作日。',
          link: `/projects/${p1.id}?tab=inspections`,
          entity_id: expect.any(String),
        },
      ]);
    }
    expect(await remindersOf(retiredDeputy.id)).toEqual([]);
    // A second run the same day, or the next, tells nobody again.
    expect(await service.remindInspections()).toMatchObject({ reminders: 0, notifications: 0 });
    setNow('2026-10-28');
    expect(await service.remindInspections()).toMatchObject({ reminders: 0, notifications: 0 });
    expect(await remindersOf(chief.id)).toHaveLength(1);
  });

  it('tells a deputy assigned after the reminder went out, without posting the project to the group again', async () => {
    setNow('2026-10-29');
    await t.database.query(
      `insert into project_chief_staff (project_id, user_id, role, assigned_on) values ($1, $2, 'deputy', '2026-10-29')`,
      [p1.id, lateDeputy.id],
    );
    expect(await service.remindInspections()).toEqual({
      kind: 'inspection_due',
      reminders: 0,
      notifications: 1,
      webhookMessages: 0,
    });
    expect((await remindersOf(lateDeputy.id)).map((n) => n.title)).toEqual([
      '本月督查即将到期：科学大道二期',
    ]);
    const messages = (await outbox()).filter((m) => m.kind === 'inspection_due');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.payload).toEqual({
      title: '【数字管家】本月督查即将到期',
      lines: [
        '**科学大道二期**：一月一督查：2026年10月尚无督查记录，月底（2026-10-31）前还剩 3 个工作日。提醒：张项目长、王副项目长。',
      ],
    });
  });

  it('shows the reminders in the inbox of the people told', async () => {
    const cookie = await login(t, deputy.username);
    const inbox = (await inject('GET', '/api/notifications', cookie)).json();
    expect(inbox.items[0]).toMatchObject({
      kind: 'reminder.inspection_due',
      title: '本月督查即将到期：科学大道二期',
      entityType: 'reminder',
      readAt: null,
    });
  });
});

describe('report deadline reminders', () => {
  it('follows the deadline day set with the warning settings', async () => {
    // With reports due on the 10th, nothing is reminded on 2 November; with the default 5th it is (next test).
    await t.database.query(`insert into app_settings (key, value) values ('report_deadline_day', '10')`);
    setNow('2026-11-02');
    expect(await service.remindReports()).toEqual([]);
    await t.database.query(`delete from app_settings where key = 'report_deadline_day'`);
  });

  it("tells the owner's reporters of last month's missing report from three days before the deadline day", async () => {
    // October reports are due on 5 November. p2 has reported October.
    await t.database.query(
      `insert into progress_reports (project_id, month, status, investment_this_month, image_progress)
       values ($1, '2026-10-01', 'submitted', 80, '主体施工')`,
      [p2.id],
    );
    setNow('2026-11-01');
    expect(await service.remindReports()).toEqual([]);
    setNow('2026-11-02');
    expect(await service.remindReports()).toEqual([
      { kind: 'report_due', reminders: 2, notifications: 2, webhookMessages: 1 },
    ]);
    expect(await remindersOf(owner.user.id, 'reminder.report_due')).toEqual([
      {
        kind: 'reminder.report_due',
        title: '月报即将截止：科学大道二期',
        body: '2026年10月月报应于 2026-11-05 前报送，目前尚未报送。',
        link: `/projects/${p1.id}?tab=reports`,
        entity_id: expect.any(String),
      },
    ]);
    expect((await remindersOf(owner2.id, 'reminder.report_due')).map((n) => n.title)).toEqual([
      '月报即将截止：芯片厂房一期',
    ]);
    expect(await remindersOf(ownerColleague.id)).toEqual([]);
    setNow('2026-11-05');
    expect(await service.remindReports()).toEqual([
      { kind: 'report_due', reminders: 0, notifications: 0, webhookMessages: 0 },
    ]);
  });

  it('tells them once more when the deadline has passed, about the projects still without a report', async () => {
    await t.database.query(
      `insert into progress_reports (project_id, month, status, investment_this_month, image_progress)
       values ($1, '2026-10-01', 'submitted', 50, '设备安装')`,
      [p3.id],
    );
    setNow('2026-11-06');
    expect(await service.remindReports()).toEqual([
      { kind: 'report_overdue', reminders: 1, notifications: 1, webhookMessages: 1 },
    ]);
    expect(await remindersOf(owner.user.id, 'reminder.report_overdue')).toMatchObject([
      {
        title: '月报逾期未报：科学大道二期',
        body: '2026年10月月报已过截止日 2026-11-05，尚未报送，请尽快补报。',
      },
    ]);
    expect(await remindersOf(owner2.id, 'reminder.report_overdue')).toEqual([]);
    setNow('2026-11-20');
    expect((await service.remindReports())[0]).toMatchObject({ reminders: 0, notifications: 0 });
  });
});

describe('dispatch action reminders', () => {
  let a1: string;
  let a2: string;
  beforeAll(async () => {
    a1 = await addAction({
      sequence: 1,
      content: '协调解决科学大道二期临时用电问题',
      deadline: '2026-10-29',
      ownerUserId: actionOwner.id,
      projectId: p1.id,
    });
    a2 = await addAction({
      sequence: 2,
      content: '完成芯片厂房一期规划方案审查',
      deadline: '2026-10-29',
      status: 'in_progress',
    });
    await addAction({ sequence: 3, content: '已办结的事项', deadline: '2026-10-29', status: 'done' });
    await addAction({
      sequence: 4,
      content: '责任人已停用的事项',
      deadline: '2026-10-29',
      ownerUserId: retiredOwner.id,
    });
    await addAction({
      sequence: 1,
      content: '取消会议的事项',
      deadline: '2026-10-29',
      meeting: cancelledMeetingId,
    });
  });
  afterAll(closeAllActions);

  it("tells the action's owner, or else the organisation's handlers, two working days before the deadline", async () => {
    setNow('2026-10-26');
    expect(await service.remindDispatchActions()).toMatchObject([{ reminders: 0 }, { reminders: 0 }]);
    setNow('2026-10-27');
    expect(await service.remindDispatchActions()).toEqual([
      { kind: 'action_due', reminders: 3, notifications: 3, webhookMessages: 1 },
      { kind: 'action_overdue', reminders: 0, notifications: 0, webhookMessages: 0 },
    ]);
    expect(await remindersOf(actionOwner.id)).toEqual([
      {
        kind: 'reminder.action_due',
        title: '议定事项即将到期：协调解决科学大道二期临时用电问题',
        body: '2026年第5期项目调度会 第 1 项（科学大道二期），科学城管委会建设局负责；期限 2026-10-29，还剩 2 个工作日。',
        link: '/dispatch-actions',
        entity_id: expect.any(String),
      },
    ]);
    // The unowned action and the one whose owner left go to the handlers (dispatch.action.update).
    expect((await remindersOf(handler.id)).map((n) => n.title)).toEqual([
      '议定事项即将到期：完成芯片厂房一期规划方案审查',
      '议定事项即将到期：责任人已停用的事项',
    ]);
    expect(await remindersOf(handlerColleague.id)).toEqual([]);
    const [reminder] = await t.database.query<{ subject_id: string; occasion: string }>(
      `select subject_id, occasion from reminders where kind = 'action_due' and subject_id = $1`,
      [a2],
    );
    expect(reminder).toEqual({ subject_id: a2, occasion: '2026-10-29' });
  });

  it('tells them again on the day after the deadline, once, and not about actions done in the meantime', async () => {
    await t.database.query(
      `update dispatch_actions set status = 'done', completed_at = now() where id = $1`,
      [a2],
    );
    setNow('2026-10-30');
    expect(await service.remindDispatchActions()).toEqual([
      { kind: 'action_due', reminders: 0, notifications: 0, webhookMessages: 0 },
      { kind: 'action_overdue', reminders: 2, notifications: 2, webhookMessages: 1 },
    ]);
    expect((await remindersOf(actionOwner.id, 'reminder.action_overdue'))[0]).toMatchObject({
      title: '议定事项已逾期：协调解决科学大道二期临时用电问题',
      body: '2026年第5期项目调度会 第 1 项（科学大道二期），科学城管委会建设局负责；期限 2026-10-29，已逾期 1 天，请尽快办理并反馈落实情况。',
    });
    setNow('2026-11-03');
    expect((await service.remindDispatchActions())[1]).toMatchObject({ reminders: 0, notifications: 0 });
    expect(a1).toBeTruthy();
  });

  it('reminds again when the deadline is moved', async () => {
    await t.database.query(`update dispatch_actions set deadline = '2026-11-10' where id = $1`, [a1]);
    setNow('2026-11-06');
    expect((await service.remindDispatchActions())[0]).toMatchObject({ kind: 'action_due', reminders: 1 });
    expect((await remindersOf(actionOwner.id, 'reminder.action_due')).map((n) => n.body)).toContain(
      '2026年第5期项目调度会 第 1 项（科学大道二期），科学城管委会建设局负责；期限 2026-11-10，还剩 2 个工作日。',
    );
  });
});

describe('webhook delivery', () => {
  beforeEach(closeAllActions);

  it('sends each waiting message to the robot once, in the 企业微信 format, and records it sent', async () => {
    const waiting = (await outbox()).filter((m) => m.status === 'pending');
    expect(waiting.length).toBeGreaterThanOrEqual(5);
    expect(await service.deliverWebhooks(now)).toEqual({
      sent: waiting.length,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(robot.hits).toHaveLength(waiting.length);
    expect(robot.hits[0]!.query.get('key')).toBe('robot-key-1');
    expect(robot.hits[0]!.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        content:
          '### 【数字管家】本月督查即将到期\n**科学大道二期**：一月一督查：2026年10月尚无督查记录，月底（2026-10-31）前还剩 3 个工作日。提醒：张项目长、王副项目长。',
      },
    });
    expect((await outbox()).every((m) => m.status === 'sent')).toBe(true);
    expect(await service.deliverWebhooks(now)).toMatchObject({ sent: 0 });
    expect(robot.hits).toHaveLength(waiting.length);
    const settings = (await inject('GET', '/api/reminder-settings', admin.cookie)).json();
    expect(settings.delivery).toMatchObject({ pending: 0, failed: 0, lastSentAt: now.toISOString() });
  });

  it('signs 钉钉 requests with the secret and posts the 钉钉 markdown format', async () => {
    await saveSettings({ webhookFormat: 'dingtalk', webhookSecret: 'SECdingtalk-secret' });
    await addAction({
      sequence: 5,
      content: '钉钉格式测试事项',
      deadline: '2026-11-10',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-06', '11:00:00');
    await service.remindDispatchActions();
    await service.deliverWebhooks(now);
    expect(robot.hits).toHaveLength(1);
    const { query, body } = robot.hits[0]!;
    expect(query.get('timestamp')).toBe(String(now.getTime()));
    const expected = crypto
      .createHmac('sha256', 'SECdingtalk-secret')
      .update(`${now.getTime()}\nSECdingtalk-secret`)
      .digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: '【数字管家】议定事项即将到期',
        text: '### 【数字管家】议定事项即将到期\n\n**钉钉格式测试事项**：2026年第5期项目调度会 第 5 项，科学城管委会建设局负责；期限 2026-11-10，还剩 2 个工作日。提醒：周责任人。',
      },
    });
    await saveSettings({ webhookFormat: 'wecom', webhookSecret: null });
  });

  it('retries a refused message with backoff, stops the run at the first failure, and sends it later', async () => {
    await addAction({
      sequence: 6,
      content: '重试测试事项甲',
      deadline: '2026-11-11',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-09');
    await service.remindDispatchActions();
    await addAction({
      sequence: 7,
      content: '重试测试事项乙',
      deadline: '2026-11-12',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-10');
    await service.remindDispatchActions();
    expect((await outbox()).filter((m) => m.status === 'pending')).toHaveLength(2);

    robot.answer = () => ({ status: 502, body: {} });
    expect(await service.deliverWebhooks(now)).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    expect(robot.hits).toHaveLength(1);
    const [first] = (await outbox()).filter((m) => m.status === 'pending');
    expect(first).toMatchObject({ attempts: 1, last_error: 'HTTP 502' });
    expect(new Date(first!.next_attempt_at).getTime()).toBe(now.getTime() + 30_000);

    // The robot answers again; the first message waits for its retry time, the second goes now.
    robot.answer = ok;
    expect(await service.deliverWebhooks(now)).toMatchObject({ sent: 1 });
    now = new Date(now.getTime() + 31_000);
    expect(await service.deliverWebhooks(now)).toMatchObject({ sent: 1 });
    expect(robot.hits.map((h) => (h.body.markdown as { content: string }).content.split('\n')[1])).toEqual([
      expect.stringContaining('重试测试事项甲'),
      expect.stringContaining('重试测试事项乙'),
      expect.stringContaining('重试测试事项甲'),
    ]);
    expect((await outbox()).every((m) => m.status === 'sent')).toBe(true);
  });

  it('gives a message up after eight failed attempts and shows the error to the administrator', async () => {
    await addAction({
      sequence: 8,
      content: '放弃测试事项',
      deadline: '2026-11-13',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-11');
    await service.remindDispatchActions();
    robot.answer = () => ({ status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } });
    const results = [];
    for (let i = 0; i < 8; i++) {
      results.push(await service.deliverWebhooks(now));
      now = new Date(now.getTime() + 2 * 3_600_000);
    }
    expect(results.slice(0, 7).every((r) => r.retrying === 1)).toBe(true);
    expect(results[7]).toEqual({ sent: 0, retrying: 0, failed: 1, cancelled: 0 });
    expect(robot.hits).toHaveLength(8);
    expect(await service.deliverWebhooks(now)).toMatchObject({ sent: 0, failed: 0, retrying: 0 });
    const settings = (await inject('GET', '/api/reminder-settings', admin.cookie)).json();
    expect(settings.delivery).toMatchObject({
      pending: 0,
      failed: 1,
      lastError: 'errcode 45009: api freq out of limit',
    });
  });

  it('never waits for the robot while reminding: an unreachable or silent robot only delays the message', async () => {
    // A closed port: the reminder job finishes and the inbox is told; only the delivery fails, later.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await saveSettings({ webhookUrl: `http://127.0.0.1:${port}/unreachable?key=x` });
    await addAction({
      sequence: 9,
      content: '不可达测试事项',
      deadline: '2026-11-16',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-12');
    expect((await service.remindDispatchActions())[0]).toMatchObject({
      reminders: 1,
      notifications: 1,
      webhookMessages: 1,
    });
    expect((await remindersOf(actionOwner.id)).map((n) => n.title)).toContain(
      '议定事项即将到期：不可达测试事项',
    );
    expect(await service.deliverWebhooks(now)).toMatchObject({ retrying: 1 });
    expect((await outbox()).at(-1)!.last_error).toMatch(/ECONNREFUSED/);

    // A robot that never answers: given up after WEBHOOK_TIMEOUT_SECONDS (1 s here), then retried.
    await saveSettings({ webhookUrl: robot.url });
    robot.answer = () => 'hang';
    now = new Date(now.getTime() + 60_000);
    const started = Date.now();
    expect(await service.deliverWebhooks(now)).toMatchObject({ retrying: 1 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await outbox()).at(-1)!.last_error).toBe('timeout');
    robot.server?.closeAllConnections();
  });

  it('drops the waiting messages when the webhook is switched off, so that switching it on does not flood the group', async () => {
    expect((await outbox()).filter((m) => m.status === 'pending')).toHaveLength(1);
    await saveSettings({ webhookEnabled: false });
    expect(await service.deliverWebhooks(now)).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 1 });
    // Reminders made while it is off go to the inbox only.
    await addAction({
      sequence: 10,
      content: '停用期间的事项',
      deadline: '2026-11-17',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-13');
    expect((await service.remindDispatchActions())[0]).toMatchObject({ reminders: 1, webhookMessages: 0 });
    await saveSettings({ webhookEnabled: true });
    expect(await service.deliverWebhooks(now)).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    expect(robot.hits).toHaveLength(0);
  });
});

describe(`two app nodes on one database (${engine})`, () => {
  let second: Awaited<ReturnType<typeof openSecondNode>>;
  let secondApp: FastifyInstance;
  let secondCtx: ServiceContext;
  beforeAll(async () => {
    second = await openSecondNode(t);
    secondApp = await buildApp(t.config, second.database, { clock });
    secondCtx = { db: second.database.db, config: t.config, crypto: softwareCrypto, clock };
    // What these tests rely on, whichever tests ran before: the robot on, and p1's team with the late deputy.
    await saveSettings({
      webhookEnabled: true,
      webhookUrl: robot.url,
      webhookFormat: 'wecom',
      webhookSecret: null,
    });
    await t.database.query(
      `insert into project_chief_staff (project_id, user_id, role, assigned_on) values ($1, $2, 'deputy', '2026-10-29')
       on conflict do nothing`,
      [p1.id, lateDeputy.id],
    );
  });
  afterAll(async () => {
    await secondApp.close();
    await second.close();
  });

  it('issues a reminder once when both nodes run the reminder concurrently (the unique key, without the scheduler)', async () => {
    await drain();
    await closeAllActions();
    await addAction({
      sequence: 11,
      content: '并发测试事项',
      deadline: '2026-11-20',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-11-18');
    const other = createReminderService(secondCtx);
    const runs = await Promise.all([service.remindDispatchActions(), other.remindDispatchActions()]);
    const due = runs.map((r) => r[0]!);
    expect(due.map((r) => r.reminders).sort()).toEqual([0, 1]);
    expect(due.reduce((n, r) => n + r.notifications, 0)).toBe(1);
    expect(due.reduce((n, r) => n + r.webhookMessages, 0)).toBe(1);
    const told = await remindersOf(actionOwner.id);
    expect(told.filter((n) => n.title === '议定事项即将到期：并发测试事项')).toHaveLength(1);
  });

  it('fires each due reminder once and posts each message once when two schedulers poll at the same moment', async () => {
    await drain();
    await closeAllActions();
    // December: this month's inspection (p1), November's reports (all three) are overdue, an action falls due.
    await addAction({
      sequence: 12,
      content: '年底调度事项',
      deadline: '2026-12-30',
      ownerUserId: actionOwner.id,
    });
    setNow('2026-12-28');
    const nodeA = createScheduler({ db: t.database.db, jobs: backgroundJobs(ctx), nodeId: 'A', clock });
    const nodeB = createScheduler({
      db: second.database.db,
      jobs: backgroundJobs(secondCtx),
      nodeId: 'B',
      clock,
    });
    const [ranA, ranB] = await Promise.all([nodeA.tick(), nodeB.tick()]);
    const ran = [...ranA, ...ranB];
    expect(ran.map((r) => r.name).sort()).toEqual([
      'reminders.dispatch-actions',
      'reminders.inspection-due',
      'reminders.report-deadline',
      'supervision.refresh',
      'webhook.deliver',
    ]);
    expect(ran.every((r) => r.outcome === 'succeeded')).toBe(true);
    // The webhook job may have run before the other node's reminders committed: poll again a minute later.
    now = new Date(now.getTime() + 61_000);
    await Promise.all([nodeA.tick(), nodeB.tick()]);

    const reminders = await t.database.query<{ kind: string; subject_id: string; recipients: number }>(
      `select r.kind, r.subject_id, count(rr.user_id)::int as recipients from reminders r
       join reminder_recipients rr on rr.reminder_id = r.id
       where r.created_at >= '2026-12-28T00:00:00+08:00' group by r.kind, r.subject_id order by r.kind, r.subject_id`,
    );
    // p1's chief and two active deputies, p2's chief; the owners of the three projects; the action's owner.
    expect(reminders.map((r) => `${r.kind}:${r.recipients}`).sort()).toEqual([
      'action_due:1',
      'inspection_due:1',
      'inspection_due:3',
      'report_overdue:1',
      'report_overdue:1',
      'report_overdue:1',
    ]);
    const duplicates = await t.database.query<{ n: number }>(
      `select count(*)::int as n from (select user_id, entity_id from notifications where entity_type = 'reminder'
       group by user_id, entity_id having count(*) > 1) d`,
    );
    expect(duplicates[0]!.n).toBe(0);
    const after = await t.database.query<{ n: number }>(
      `select count(*)::int as n from notifications where kind like 'reminder.%' and created_at >= '2026-12-28T00:00:00+08:00'`,
    );
    expect(after[0]!.n).toBe(8);

    // Three messages (inspections, reports, action), each received once.
    const titles = robot.hits.map((h) => (h.body.markdown as { content: string }).content.split('\n')[0]);
    expect(titles.sort()).toEqual(
      [
        '### 【数字管家】月报逾期未报',
        '### 【数字管家】本月督查即将到期',
        '### 【数字管家】议定事项即将到期',
      ].sort(),
    );
    const messages = await t.database.query<{ status: string }>(
      `select status from webhook_outbox where created_at >= '2026-12-28T00:00:00+08:00'`,
    );
    expect(messages.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);

    const jobs = (await inject('GET', '/api/scheduled-jobs', admin.cookie)).json();
    expect(jobs.items.map((j: { name: string; runCount: number }) => [j.name, j.runCount])).toEqual([
      ['reminders.dispatch-actions', 1],
      ['reminders.inspection-due', 1],
      ['reminders.report-deadline', 1],
      ['supervision.refresh', 1],
      ['webhook.deliver', 2],
    ]);
    // The second app node serves the same inbox.
    const cookie = await login(t, chief.username);
    const inbox = await secondApp.inject({ method: 'GET', url: '/api/notifications', headers: { cookie } });
    const december = inbox
      .json()
      .items.filter((n: { body: string }) => n.body.startsWith('一月一督查：2026年12月尚无督查记录'));
    expect(december.map((n: { title: string }) => n.title).sort()).toEqual([
      '本月督查即将到期：科学会堂',
      '本月督查即将到期：科学大道二期',
    ]);
  });
});
