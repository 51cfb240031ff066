import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatChineseDate, formatYiYuan } from '#domain/bulletin-number.ts';
import { lifecycleStages } from '#domain/codelists.ts';
import { officialFonts } from '../../core/official-document.ts';
import { readDocxText } from '../../test/docx-text.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

// Services read "today" from the context's clock: each step of the story sets the day it happens on.
let now = new Date();
const setToday = (date: string) => {
  now = new Date(`${date}T10:00:00+08:00`);
};
/** The day the bulletins are generated: October 2026 has ended, and its reports were due on the 5th. */
const GENERATION_DAY = '2026-11-10';

type Session = Awaited<ReturnType<typeof userSession>>;
type Project = { id: string; name: string };
type Bulletin = {
  id: string;
  month: string;
  number: string;
  title: string;
  revision: number;
  current: boolean;
  supersedesId: string | null;
  supersededById: string | null;
  note: string | null;
  generatedBy: string;
  generatedByName: string | null;
  generatedAt: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
};
type BulletinDetail = Bulletin & {
  issuer: string;
  figures: { investment: { completedCumulative: number }; overdueItems: { total: number } };
};

let t: TestApp;
let leader: Session;
let leader2: Session;
let chiefZhang: Session;
let chiefLi: Session;
let owner: Session;
let planningHandler: Session;
let ownerOrg: { id: string };
let planning: { id: string; name: string };
let building: { id: string; name: string };
let economy: { id: string; name: string };
let road: Project;
let hall: Project;
let university: Project;
let plant: Project;
let q3Tour: string;
let q4Tour: string;

const inject = (method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** A request that must succeed: the story below builds on each step. */
async function ok(method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: unknown) {
  const res = await inject(method, url, cookie, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url} failed: ${res.statusCode} ${res.body}`);
  return res;
}

const query = <T>(sql: string, params: unknown[] = []) => t.database.query<T>(sql, params);

/** The .docx files kept in this test app's storage. */
async function storedFiles(): Promise<string[]> {
  const dir = path.join(t.config.dataDir, 'files', 'bulletins');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

async function projectVersion(id: string): Promise<number> {
  const [row] = await query<{ version: number }>('select version from projects where id = $1', [id]);
  return row!.version;
}

async function assignChief(project: Project, chiefId: string) {
  await ok('PUT', `/api/projects/${project.id}/chiefs`, leader.cookie, {
    chiefUserId: chiefId,
    deputyUserIds: [],
    liaisonUserIds: [],
    version: await projectVersion(project.id),
  });
}

async function report(project: Project, month: string, investmentThisMonth: number) {
  await ok('POST', `/api/projects/${project.id}/progress-reports`, owner.cookie, {
    month,
    investmentThisMonth,
    imageProgress: '按计划推进',
  });
}

async function raise(project: Project, departmentIds: string[], deadlineWorkingDays: number, title: string) {
  const res = await ok('POST', `/api/projects/${project.id}/coordination-items`, leader.cookie, {
    title,
    description: `${title}，请责任部门协调解决`,
    category: 'utilities',
    departmentIds,
    deadlineWorkingDays,
    source: 'chief',
  });
  return res.json() as { id: string; version: number; deadline: string };
}

async function tour(quarter: string, title: string, visitDate: string, projects: Project[]) {
  const res = await ok('POST', '/api/field-reviews', leader.cookie, {
    quarter,
    title,
    vanguardCount: 1,
    route: projects.map((p) => ({ projectId: p.id, visitDate })),
    scorerIds: [leader2.user.id, chiefLi.user.id],
  });
  return (res.json() as { id: string }).id;
}

async function score(cookie: string, tourId: string, project: Project, marks: number) {
  await ok('PUT', `/api/field-reviews/${tourId}/sheets/${project.id}`, cookie, {
    scores: { quality: marks, safety: marks, progress: marks },
  });
}

/**
 * The data set: four projects of one owner, two chiefs, three departments, a year of reports and plans, items
 * raised and answered around the end of October, October's inspections, a tour closed in October and one in
 * November, and decisions of a dispatch meeting. Several things change after October on purpose (a stage move,
 * an item answered, a tour closed), so that figures "as of October" differ from today's.
 */
beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  ownerOrg = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  planning = await createOrganization(t, { name: '规划和自然资源局', type: 'department' });
  building = await createOrganization(t, { name: '建设局', type: 'department' });
  economy = await createOrganization(t, { name: '经济发展局', type: 'department' });
  leader = await userSession(t, ['leader'], { displayName: '王主任' });
  leader2 = await userSession(t, ['leader'], { displayName: '刘副主任' });
  chiefZhang = await userSession(t, ['project_chief'], { displayName: '张项目长' });
  chiefLi = await userSession(t, ['project_chief'], { displayName: '李项目长' });
  owner = await userSession(t, ['project_owner'], { organizationId: ownerOrg.id });
  planningHandler = await userSession(t, ['department'], { organizationId: planning.id });

  setToday('2026-01-05');
  const create = async (name: string, values: Record<string, unknown>) =>
    createProjectViaApi(t, owner.cookie, projectInput(ownerOrg.id, { name, ...values }));
  road = await create('科学大道二期', { plannedStart: '2026-03-01' });
  hall = await create('科学会堂', { stage: 'under_construction', plannedStart: '2026-04-01' });
  university = await create('西部科学城大学', { plannedStart: '2026-03-01' });
  plant = await create('芯片厂房一期', { stage: 'completion_acceptance', plannedStart: '2025-05-01' });

  // Started and completed: 科学会堂 entered construction in April; 芯片厂房 was completed in October; 西部科学城大学
  // moved into construction only in November (stage history, as the lifecycle module records it).
  await query(
    `insert into project_stage_history (project_id, from_stage, to_stage, direction, moved_on)
     values ($1, 'construction_permit', 'under_construction', 'forward', '2026-04-10'),
            ($2, 'construction_permit', 'under_construction', 'forward', '2026-11-03')`,
    [hall.id, university.id],
  );
  await query(`update projects set actual_start = '2026-04-10' where id = $1`, [hall.id]);
  await query(`update projects set stage = 'under_construction', actual_start = '2026-11-03' where id = $1`, [
    university.id,
  ]);
  await query(
    `update projects set actual_start = '2025-05-01', actual_completion = '2026-10-15' where id = $1`,
    [plant.id],
  );

  setToday('2026-02-01');
  await ok('PUT', `/api/projects/${road.id}/annual-plans/2026`, owner.cookie, { plannedInvestment: 20_000 });
  await ok('PUT', `/api/projects/${hall.id}/annual-plans/2026`, owner.cookie, {
    plannedInvestment: 60_000,
    monthlySchedule: [2, 5, 12, 20, 28, 36, 45, 55, 65, 76, 88, 100],
  });
  await ok('PUT', `/api/projects/${plant.id}/annual-plans/2026`, owner.cookie, { plannedInvestment: 10_050 });

  setToday('2026-11-04');
  for (const [month, amount] of [
    ['2026-04', 5_000],
    ['2026-07', 12_000.5],
    ['2026-09', 8_000],
    ['2026-10', 6_025],
  ] as const) {
    await report(hall, month, amount);
  }
  await report(plant, '2026-08', 4_000);
  await report(plant, '2026-10', 5_025);

  // Chiefs from September: 张 answers for 科学大道 and 科学会堂, 李 for 西部科学城大学.
  setToday('2026-09-01');
  await assignChief(road, chiefZhang.user.id);
  await assignChief(hall, chiefZhang.user.id);
  await assignChief(university, chiefLi.user.id);
  // October's inspections: 科学大道 and 西部科学城大学; 科学会堂 went without.
  for (const [project, chief, day] of [
    [road, chiefZhang, '2026-10-15'],
    [university, chiefLi, '2026-10-20'],
  ] as const) {
    setToday(day);
    await ok('POST', `/api/projects/${project.id}/inspections`, chief.cookie, {
      month: '2026-10',
      inspectedOn: day,
      method: 'onsite',
      participants: ['施工单位项目经理'],
      summary: '现场督查进度、质量和安全',
    });
  }

  // Items: two overdue at the end of October (one answered in November), one due in November, one raised in
  // November.
  setToday('2026-10-09');
  await raise(road, [planning.id, building.id], 3, '红线内管线迁改');
  setToday('2026-10-12');
  const answered = await raise(hall, [planning.id], 5, '临时用地审批');
  setToday('2026-10-28');
  await raise(hall, [economy.id], 10, '施工用电增容');
  setToday('2026-11-02');
  await raise(plant, [building.id], 1, '竣工验收资料补正');
  setToday('2026-11-03');
  await ok('POST', `/api/coordination-items/${answered.id}/accept`, planningHandler.cookie, {
    version: answered.version,
  });
  setToday('2026-11-04');
  await ok('POST', `/api/coordination-items/${answered.id}/resolve`, planningHandler.cookie, {
    version: answered.version + 1,
    answer: '临时用地已批复',
  });

  // 一季一拉练: the third quarter's tour closed on 20 October, the fourth quarter's on 5 November.
  setToday('2026-09-18');
  q3Tour = await tour('2026-Q3', '三季度重点项目拉练', '2026-09-25', [road, hall, university]);
  setToday('2026-09-26');
  for (const [project, a, b] of [
    [road, 80, 84],
    [hall, 92, 90],
    [university, 85, 87],
  ] as const) {
    await score(leader2.cookie, q3Tour, project, a);
    await score(chiefLi.cookie, q3Tour, project, b);
  }
  setToday('2026-10-20');
  await ok('POST', `/api/field-reviews/${q3Tour}/close`, leader.cookie, {});
  setToday('2026-11-01');
  q4Tour = await tour('2026-Q4', '四季度重点项目拉练', '2026-11-03', [road, plant]);
  setToday('2026-11-04');
  for (const project of [road, plant]) {
    await score(leader2.cookie, q4Tour, project, 88);
    await score(chiefLi.cookie, q4Tour, project, 88);
  }
  setToday('2026-11-05');
  await ok('POST', `/api/field-reviews/${q4Tour}/close`, leader.cookie, {});

  // 双月一调度: three decisions of September's meeting; one overdue and open, one done in time, one not yet due.
  const [meeting] = await query<{ id: string }>(
    `insert into dispatch_meetings (period, title, meeting_date, status, organiser_id)
     values ('2026-B5', '2026年第5次双月调度会', '2026-09-15', 'held', $1) returning id`,
    [leader.user.id],
  );
  await query(
    `insert into dispatch_actions
       (meeting_id, sequence, project_id, content, owner_organization_id, working_days, deadline, status, completed_at)
     values ($1, 1, $2, '协调解决施工用电', $3, 20, '2026-10-20', 'open', null),
            ($1, 2, $4, '完成临时用地手续', $5, 20, '2026-10-25', 'done', '2026-10-24T09:00:00+08'),
            ($1, 3, null, '研究出台项目长考核办法', $6, 60, '2026-12-10', 'in_progress', null)`,
    [meeting!.id, road.id, economy.id, hall.id, planning.id, building.id],
  );
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => setToday(GENERATION_DAY));

const stageName = (code: string) => lifecycleStages.list.find((s) => s.code === code)?.label.zh ?? code;

async function generate(month?: string, cookie = leader.cookie): Promise<BulletinDetail> {
  const res = await inject('POST', '/api/bulletins', cookie, month ? { month } : {});
  if (res.statusCode !== 201) throw new Error(`generate failed: ${res.statusCode} ${res.body}`);
  return res.json() as BulletinDetail;
}

async function download(id: string, cookie = leader.cookie) {
  const res = await ok('GET', `/api/bulletins/${id}/file`, cookie);
  return { res, doc: await readDocxText(res.rawPayload) };
}

async function apiJson<T>(url: string, cookie = leader.cookie): Promise<T> {
  return (await ok('GET', url, cookie)).json() as T;
}

describe('PUT /api/bulletin-settings', () => {
  it('answers 400 naming the short name when it could not stand in a 文号, and 409 on a stale version', async () => {
    const bad = await inject('PUT', '/api/bulletin-settings', leader.cookie, {
      issuer: '西部（重庆）科学城管委会',
      issuerShort: '科学城〔管委〕',
      recipients: '各职能部门、各项目长',
      version: 0,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(['issuerShort']);
    const chief = await inject('PUT', '/api/bulletin-settings', chiefZhang.cookie, {});
    expect(chief.statusCode).toBe(403);
  });

  it('sets the masthead the following bulletins are generated with', async () => {
    const input = {
      issuer: '西部（重庆）科学城管委会',
      issuerShort: '科学城管委',
      recipients: '各职能部门、各项目长',
      copyTo: '区委办公室',
    };
    const saved = await ok('PUT', '/api/bulletin-settings', leader.cookie, { ...input, version: 0 });
    expect(saved.json()).toEqual({ ...input, version: 1 });
    const stale = await inject('PUT', '/api/bulletin-settings', leader2.cookie, { ...input, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect((await apiJson('/api/bulletin-settings', chiefZhang.cookie)) as object).toEqual({
      ...input,
      version: 1,
    });
  });
});

describe('POST /api/bulletins', () => {
  it('answers 401 without a session and 403 without bulletin.generate, auditing the denial', async () => {
    expect((await inject('POST', '/api/bulletins', undefined, {})).statusCode).toBe(401);
    const res = await inject('POST', '/api/bulletins', chiefZhang.cookie, { month: '2026-10' });
    expect(res.statusCode).toBe(403);
    const denied = await query<{ action: string }>(
      `select action from audit_log where actor_id = $1 and outcome = 'denied'`,
      [chiefZhang.user.id],
    );
    expect(denied.map((d) => d.action)).toContain('bulletin.generate');
  });

  it('answers 403 to a holder of bulletin.generate who does not see the whole zone', async () => {
    await query(
      `insert into role_permissions (role_code, permission_code) values ('department', 'bulletin.generate')`,
    );
    try {
      const res = await inject('POST', '/api/bulletins', planningHandler.cookie, { month: '2026-10' });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toContain('全部项目');
    } finally {
      await query(
        `delete from role_permissions where role_code = 'department' and permission_code = 'bulletin.generate'`,
      );
    }
  });

  it('answers 400 naming the month for a malformed month and for one that has not ended, writing nothing', async () => {
    for (const month of ['2026-13', '2026/10', '2026-11', '2027-01']) {
      const res = await inject('POST', '/api/bulletins', leader.cookie, { month });
      expect(res.statusCode, month).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['month']);
    }
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/bulletins',
      headers: { cookie: leader.cookie, 'accept-language': 'en' },
      payload: { month: '2026-11' },
    });
    expect(english.json().details[0].message).toContain('has not ended');
    expect(await query('select id from bulletins')).toEqual([]);
  });

  it("generates October's bulletin whose every figure equals the platform's own figures for October", async () => {
    const bulletin = await generate('2026-10');
    expect(bulletin).toMatchObject({
      month: '2026-10',
      number: '科学城管委〔2026〕1号',
      title: '关于2026年10月重点项目推进情况的通报',
      revision: 1,
      current: true,
      generatedBy: leader.user.id,
      generatedByName: '王主任',
      generatedAt: now.toISOString(),
      issuer: '西部（重庆）科学城管委会',
    });
    const { res, doc } = await download(bulletin.id);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.rawPayload.length).toBe(bulletin.sizeBytes);
    const text = doc.paragraphs.join('\n');
    expect(doc.paragraphs.slice(0, 2)).toEqual(['西部（重庆）科学城管委会', '科学城管委〔2026〕1号']);
    expect(doc.paragraphs).toContain('关于2026年10月重点项目推进情况的通报');
    expect(doc.paragraphs).toContain('各职能部门、各项目长：');
    expect(doc.paragraphs).toContain('2026年11月10日');
    expect(doc.paragraphs).toContain('抄送：区委办公室。');
    const [stageTable, warningTable, departmentTable, chiefTable, rankingTable, actionTable, ...more] =
      doc.tables;
    expect(more).toEqual([]);

    // 一、总体情况: stages as of 31 October (西部科学城大学 was still at 施工许可), which differ from today's.
    const stages = await apiJson<{ stage: string; count: number }[]>(
      '/api/projects/stage-counts?asOf=2026-10-31',
    );
    const countOf = (list: { stage: string; count: number }[], stage: string) =>
      list.find((s) => s.stage === stage)?.count ?? 0;
    const total = stages.reduce((a, s) => a + s.count, 0);
    expect(stageTable).toEqual([
      ['项目阶段', '项目数（个）'],
      ...lifecycleStages.codes.map((stage) => [stageName(stage), String(countOf(stages, stage))]),
      ['合计', String(total)],
    ]);
    expect(countOf(stages, 'construction_permit')).toBe(2);
    const today = await apiJson<{ stage: string; count: number }[]>('/api/projects/stage-counts');
    expect(countOf(today, 'construction_permit')).toBe(1);
    expect(text).toContain(
      `全区纳入监测的项目共${total}个，其中在建项目${countOf(stages, 'under_construction')}个`,
    );

    // Annual plan and investment completed to October.
    const summary = await apiJson<{
      projectCount: number;
      completedInMonth: number;
      yearToDate: {
        annualPlan: number;
        completedCumulative: number;
        annualCompletionPct: number;
        plannedSharePct: number;
      };
    }>('/api/annual-plans/summary?year=2026&asOfMonth=10');
    const ytd = summary.yearToDate;
    expect(summary.projectCount).toBe(3);
    expect(ytd.completedCumulative).toBe(40_050.5);
    expect(text).toContain(
      `2026年，全区${summary.projectCount}个项目纳入年度投资计划，年度计划投资${formatYiYuan(ytd.annualPlan)}亿元。` +
        `截至10月底，累计完成投资${formatYiYuan(ytd.completedCumulative)}亿元，完成年度计划的${ytd.annualCompletionPct.toFixed(2)}%` +
        `（序时进度${ytd.plannedSharePct.toFixed(2)}%）；其中10月完成投资${formatYiYuan(summary.completedInMonth)}亿元。`,
    );

    // Starts and completions: the ledger filtered by actual dates.
    const totalOf = async (filter: string) =>
      (await apiJson<{ total: number }>(`/api/projects?pageSize=1&${filter}`)).total;
    const started = await totalOf('actualStartFrom=2026-01-01&actualStartTo=2026-10-31');
    const startedInMonth = await totalOf('actualStartFrom=2026-10-01&actualStartTo=2026-10-31');
    const completed = await totalOf('actualCompletionFrom=2026-01-01&actualCompletionTo=2026-10-31');
    const completedInMonth = await totalOf('actualCompletionFrom=2026-10-01&actualCompletionTo=2026-10-31');
    expect([started, startedInMonth, completed, completedInMonth]).toEqual([1, 0, 1, 1]);
    expect(text).toContain(
      `2026年1—10月，全区新开工项目${started}个、竣工项目${completed}个；其中10月新开工${startedInMonth}个、竣工${completedInMonth}个。`,
    );

    // 二、红黄灯项目: the lights as the warning list shows them, with their reasons.
    const lights = await apiJson<{
      items: {
        projectName: string;
        color: 'red' | 'yellow';
        chiefName: string | null;
        evaluatedMonth: string;
        reasons: { color: string; zh: string }[];
      }[];
      counts: { red: number; yellow: number };
    }>('/api/warnings?color=red,yellow&pageSize=200');
    expect(lights.items.length).toBeGreaterThan(0);
    expect(lights.items[0]?.evaluatedMonth).toBe('2026-10');
    expect(text).toContain(
      `按2026年10月数据研判，截至2026年11月10日，全区有红灯项目${lights.counts.red}个、黄灯项目${lights.counts.yellow}个`,
    );
    expect(warningTable).toEqual([
      ['序号', '项目名称', '预警', '项目长', '预警原因'],
      ...lights.items.map((w, i) => [
        String(i + 1),
        w.projectName,
        w.color === 'red' ? '红灯' : '黄灯',
        w.chiefName ?? '—',
        w.reasons
          .filter((r) => r.color !== 'green')
          .map((r) => r.zh)
          .join('；') || '—',
      ]),
    ]);

    // 三、问题协调: the overdue list as it stood on 31 October, counted per department.
    const overdue = await apiJson<{
      total: number;
      items: { title: string; departments: { name: string }[]; overdueWorkingDays: number | null }[];
    }>('/api/coordination-items/overdue?asOf=2026-10-31&pageSize=200');
    expect(overdue.items.map((i) => i.title).sort()).toEqual(['临时用地审批', '红线内管线迁改']);
    const perDepartment = new Map<string, { n: number; max: number }>();
    for (const item of overdue.items) {
      for (const d of item.departments) {
        const row = perDepartment.get(d.name) ?? { n: 0, max: 0 };
        perDepartment.set(d.name, { n: row.n + 1, max: Math.max(row.max, item.overdueWorkingDays ?? 0) });
      }
    }
    expect(text).toContain(
      `截至2026年10月31日，逾期未办结的协调事项共${overdue.total}件，涉及${perDepartment.size}个责任部门`,
    );
    expect(departmentTable?.[0]).toEqual(['序号', '责任部门', '逾期事项（件）', '最长逾期（工作日）']);
    expect(departmentTable?.slice(1).map(([, name, n, max]) => [name, n, max])).toEqual(
      [...perDepartment.entries()]
        .sort((a, b) => b[1].n - a[1].n || b[1].max - a[1].max)
        .map(([name, { n, max }]) => [name, String(n), String(max)]),
    );
    expect(departmentTable?.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['规划和自然资源局', '2'],
      ['建设局', '1'],
    ]);

    // 四、项目长督查: October's coverage per chief.
    const missing = await apiJson<{
      chiefs: { chiefName: string; projectCount: number; inspectedCount: number }[];
    }>('/api/inspections/missing?month=2026-10');
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(2)}%`;
    expect(chiefTable).toEqual([
      ['序号', '项目长', '负责项目（个）', '已督查（个）', '督查覆盖率'],
      ...missing.chiefs.map((c, i) => [
        String(i + 1),
        c.chiefName,
        String(c.projectCount),
        String(c.inspectedCount),
        pct(c.inspectedCount, c.projectCount),
      ]),
    ]);
    expect(chiefTable?.slice(1).map((r) => [r[1], r[4]])).toEqual(
      expect.arrayContaining([
        ['张项目长', '50.00%'],
        ['李项目长', '100.00%'],
      ]),
    );
    expect(text).toContain(
      '2026年10月，2名项目长负责的3个项目中，2个开展了月度督查，督查覆盖率66.67%；1个项目未开展督查。',
    );

    // 五、一季一拉练: the tour closed last by the end of October (the third quarter's, not November's).
    const review = await apiJson<{
      title: string;
      result: {
        projects: {
          projectName: string;
          rankLabel: { zh: string };
          score: number | null;
          vanguard: boolean;
        }[];
      };
    }>(`/api/field-reviews/${q3Tour}`);
    expect(text).toContain(
      `2026年第三季度拉练“${review.title}”于2026年10月20日结束，${review.result.projects.length}个项目参加评比`,
    );
    expect(text).not.toContain('四季度重点项目拉练');
    expect(rankingTable).toEqual([
      ['名次', '项目名称', '得分', '争先锋'],
      ...review.result.projects.map((p) => [
        p.rankLabel.zh,
        p.projectName,
        p.score === null ? '—' : p.score.toFixed(2),
        p.vanguard ? '★' : '',
      ]),
    ]);
    expect(rankingTable?.[1]).toEqual(['第1名', '科学会堂', '91.00', '★']);

    // 六、调度议定事项: the decisions the dispatch list shows overdue.
    const actions = await apiJson<{
      items: {
        projectName: string | null;
        content: string;
        ownerOrganizationName: string;
        deadline: string;
        meetingTitle: string;
        sequence: number;
      }[];
    }>('/api/dispatch-actions?overdue=true&pageSize=200');
    expect(actions.items.map((a) => a.content)).toEqual(['协调解决施工用电']);
    expect(text).toContain(`截至2026年11月10日，调度会议定事项逾期未完成${actions.items.length}项`);
    expect(actionTable).toEqual([
      ['序号', '议定事项', '责任单位', '完成期限', '会议'],
      ...actions.items.map((a, i) => [
        String(i + 1),
        a.projectName ? `${a.projectName}：${a.content}` : a.content,
        a.ownerOrganizationName,
        formatChineseDate(a.deadline),
        `${a.meetingTitle}（第${a.sequence}项）`,
      ]),
    ]);

    // The snapshot kept with the bulletin says what the document says.
    const detail = await apiJson<BulletinDetail>(`/api/bulletins/${bulletin.id}`, chiefZhang.cookie);
    expect(detail.figures.investment.completedCumulative).toBe(ytd.completedCumulative);
    expect(detail.figures.overdueItems.total).toBe(overdue.total);
  });

  it('writes the title in 小标宋, level-1 headings in 黑体 and the body in 仿宋', async () => {
    const [row] = await query<{ id: string }>(`select id from bulletins where data_month = '2026-10'`);
    const { doc } = await download(row!.id);
    const runOf = (text: string) => {
      const at = doc.documentXml.indexOf(`>${text}<`);
      expect(at, text).toBeGreaterThan(0);
      return doc.documentXml.slice(doc.documentXml.lastIndexOf('<w:r>', at), at);
    };
    expect(runOf('关于2026年10月重点项目推进情况的通报')).toContain(`w:eastAsia="${officialFonts.title}"`);
    for (const heading of [
      '一、总体情况',
      '二、红黄灯项目',
      '三、问题协调',
      '四、项目长督查',
      '五、一季一拉练',
      '六、调度议定事项',
    ]) {
      expect(runOf(heading)).toContain('w:eastAsia="黑体"');
    }
    const body = doc.paragraphs.find((p) => p.startsWith('截至2026年10月底，全区纳入监测的项目'))!;
    expect(runOf(body)).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc.stylesXml).toContain('仿宋');
  });

  it('answers 409 for a month that has its bulletin already, leaving no file behind', async () => {
    const res = await inject('POST', '/api/bulletins', leader2.cookie, { month: '2026-10' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('科学城管委〔2026〕1号');
    expect(await storedFiles()).toHaveLength((await query('select id from bulletins')).length);
  });

  it('defaults to the last month that has ended and numbers bulletins in sequence within the year of issue', async () => {
    setToday('2026-10-03');
    const september = await generate(undefined, leader2.cookie);
    expect(september).toMatchObject({
      month: '2026-09',
      number: '科学城管委〔2026〕2号',
      generatedByName: '刘副主任',
    });
    setToday('2027-01-04');
    const december = await generate(undefined);
    expect(december).toMatchObject({ month: '2026-12', number: '科学城管委〔2027〕1号' });
  });
});

describe('bulletins generated at the same moment', () => {
  it('give two months two numbers', async () => {
    const [july, august] = await Promise.all([generate('2026-07'), generate('2026-08', leader2.cookie)]);
    expect([july.number, august.number].sort()).toEqual(['科学城管委〔2026〕3号', '科学城管委〔2026〕4号']);
  });
});

describe('POST /api/bulletins/:id/regenerate', () => {
  it('generates the month again from current data under the same number, keeping every earlier version', async () => {
    const [first] = await query<{ id: string }>(`select id from bulletins where data_month = '2026-10'`);
    const before = await apiJson<BulletinDetail>(`/api/bulletins/${first!.id}`);
    // A late October report for 科学大道 arrives after the bulletin was issued.
    setToday('2026-11-12');
    await report(road, '2026-10', 2_000);
    const res = await inject('POST', `/api/bulletins/${first!.id}/regenerate`, leader2.cookie, {
      note: '科学大道二期10月月报补报',
    });
    expect(res.statusCode).toBe(201);
    const second = res.json() as BulletinDetail;
    expect(second).toMatchObject({
      month: '2026-10',
      number: before.number,
      revision: 2,
      current: true,
      supersedesId: first!.id,
      note: '科学大道二期10月月报补报',
      generatedBy: leader2.user.id,
    });
    expect(second.fileName).toBe(`${before.number}${before.title}（第2版）.docx`);
    expect(second.figures.investment.completedCumulative).toBe(
      before.figures.investment.completedCumulative + 2_000,
    );
    const summary = await apiJson<{ yearToDate: { completedCumulative: number } }>(
      '/api/annual-plans/summary?year=2026&asOfMonth=10',
    );
    const { doc } = await download(second.id);
    expect(doc.paragraphs.join('\n')).toContain(
      `累计完成投资${formatYiYuan(summary.yearToDate.completedCumulative)}亿元`,
    );
    expect(doc.paragraphs).toContain('2026年11月12日');

    // The first version stays, superseded, with its own file.
    const old = await apiJson<BulletinDetail>(`/api/bulletins/${first!.id}`);
    expect(old).toMatchObject({ current: false, supersededById: second.id, sha256: before.sha256 });
    const { res: oldFile } = await download(first!.id);
    expect(oldFile.rawPayload.length).toBe(before.sizeBytes);
    const audit = await query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where entity_type = 'bulletin' and entity_id = $1`,
      [second.id],
    );
    expect(audit).toContainEqual({ action: 'bulletin.regenerate', actor_id: leader2.user.id });
  });

  it('lets only one of two regenerations of the same version through', async () => {
    const [current] = await query<{ id: string }>(
      `select id from bulletins where data_month = '2026-10' order by revision desc limit 1`,
    );
    const answers = await Promise.all(
      [leader, leader2].map((s) => inject('POST', `/api/bulletins/${current!.id}/regenerate`, s.cookie, {})),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(await storedFiles()).toHaveLength((await query('select id from bulletins')).length);
  });

  it('answers 409 for a version that has been superseded, 403 without bulletin.generate, 404 for none', async () => {
    const [first] = await query<{ id: string }>(
      `select id from bulletins where data_month = '2026-10' and revision = 1`,
    );
    const stale = await inject('POST', `/api/bulletins/${first!.id}/regenerate`, leader.cookie, {});
    expect(stale.statusCode).toBe(409);
    const chief = await inject('POST', `/api/bulletins/${first!.id}/regenerate`, chiefZhang.cookie, {});
    expect(chief.statusCode).toBe(403);
    const none = await inject(
      'POST',
      '/api/bulletins/00000000-0000-4000-8000-000000000000/regenerate',
      leader.cookie,
      {},
    );
    expect(none.statusCode).toBe(404);
    expect(
      await query(`select id from bulletins where data_month = '2026-10' order by revision`),
    ).toHaveLength(3);
  });
});

describe('GET /api/bulletins', () => {
  it('lists every generation with who generated it, when and for which month, newest month first', async () => {
    const page = await apiJson<{ items: Bulletin[]; total: number }>('/api/bulletins', chiefZhang.cookie);
    expect(page.total).toBe(7);
    expect(page.items.map((b) => [b.month, b.revision, b.current])).toEqual([
      ['2026-12', 1, true],
      ['2026-10', 3, true],
      ['2026-10', 2, false],
      ['2026-10', 1, false],
      ['2026-09', 1, true],
      ['2026-08', 1, true],
      ['2026-07', 1, true],
    ]);
    const byRevision = (month: string, revision: number) =>
      page.items.find((b) => b.month === month && b.revision === revision)!;
    expect(byRevision('2026-10', 1)).toMatchObject({
      generatedByName: '王主任',
      generatedAt: '2026-11-10T02:00:00.000Z',
    });
    expect(byRevision('2026-10', 2)).toMatchObject({
      generatedByName: '刘副主任',
      generatedAt: '2026-11-12T02:00:00.000Z',
    });
    expect(byRevision('2026-09', 1)).toMatchObject({
      generatedByName: '刘副主任',
      generatedAt: '2026-10-03T02:00:00.000Z',
    });
    expect(byRevision('2026-10', 3).supersedesId).toBe(byRevision('2026-10', 2).id);
    const current = await apiJson<{ items: Bulletin[]; total: number }>(
      '/api/bulletins?current=true&year=2026&pageSize=3',
    );
    expect(current.total).toBe(5);
    expect(current.items.map((b) => [b.month, b.revision])).toEqual([
      ['2026-12', 1],
      ['2026-10', 3],
      ['2026-09', 1],
    ]);
    const october = await apiJson<{ items: Bulletin[] }>('/api/bulletins?month=2026-10&pageSize=1&page=3');
    expect(october.items.map((b) => b.revision)).toEqual([1]);
  });

  it('answers 403 without bulletin.read and 400 naming the field for a bad filter', async () => {
    expect((await inject('GET', '/api/bulletins', owner.cookie)).statusCode).toBe(403);
    const bad = await inject('GET', '/api/bulletins?month=2026-1', leader.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('month');
  });
});

describe('GET /api/bulletins/:id/file', () => {
  it('sends the stored .docx under its number and title and audits the download as an export', async () => {
    const [row] = await query<{ id: string; sha256: string }>(
      `select id, sha256 from bulletins where data_month = '2026-09'`,
    );
    const { res } = await download(row!.id, chiefLi.cookie);
    expect(res.headers['content-disposition']).toContain(
      encodeURIComponent('科学城管委〔2026〕2号关于2026年9月重点项目推进情况的通报.docx'),
    );
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(row!.sha256);
    const audit = await query<{ action: string; outcome: string }>(
      `select action, outcome from audit_log where actor_id = $1 and entity_id = $2`,
      [chiefLi.user.id, row!.id],
    );
    expect(audit).toEqual([{ action: 'bulletin.export', outcome: 'success' }]);
  });

  it('answers 404 for an unknown bulletin and 403 without bulletin.read', async () => {
    const none = await inject(
      'GET',
      '/api/bulletins/00000000-0000-4000-8000-000000000000/file',
      leader.cookie,
    );
    expect(none.statusCode).toBe(404);
    const [row] = await query<{ id: string }>(`select id from bulletins limit 1`);
    expect((await inject('GET', `/api/bulletins/${row!.id}/file`, owner.cookie)).statusCode).toBe(403);
  });
});
