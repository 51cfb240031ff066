import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';

type Session = Awaited<ReturnType<typeof userSession>>;
let t: TestApp;
let organiser: Session;
let leader2: Session;
let deptScorer: Session;
let deptOther: Session;
let chiefA: Session;
let chiefB: Session;
let ownerA: Session;
let ownerC: Session;
let auditor: Session;
let p1: { id: string };
let p2: { id: string };
let p3: { id: string };

const now = new Date('2026-11-20T10:00:00+08:00');

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => now });
  const orgA = await createOrganization(t, { name: '重庆科学城城市建设集团有限公司' });
  const orgB = await createOrganization(t, { name: '重庆芯片制造有限公司' });
  const orgC = await createOrganization(t, { name: '无关企业有限公司' });
  const deptOrg = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  organiser = await userSession(t, ['leader'], { displayName: '王主任' });
  leader2 = await userSession(t, ['leader'], { displayName: '李副主任' });
  deptScorer = await userSession(t, ['department'], { organizationId: deptOrg.id, displayName: '张科长' });
  deptOther = await userSession(t, ['department'], { organizationId: deptOrg.id });
  chiefA = await userSession(t, ['project_chief'], { displayName: '赵项目长' });
  chiefB = await userSession(t, ['project_chief'], { displayName: '钱项目长' });
  ownerA = await userSession(t, ['project_owner'], { organizationId: orgA.id });
  const ownerB = await userSession(t, ['project_owner'], { organizationId: orgB.id });
  ownerC = await userSession(t, ['project_owner'], { organizationId: orgC.id });
  auditor = await userSession(t, ['auditor']);
  p1 = await createProjectViaApi(
    t,
    ownerA.cookie,
    projectInput(orgA.id, { name: '科学大道二期', chiefUserId: chiefA.user.id }),
  );
  p2 = await createProjectViaApi(
    t,
    ownerB.cookie,
    projectInput(orgB.id, { name: '科学城隧道', chiefUserId: chiefA.user.id }),
  );
  p3 = await createProjectViaApi(
    t,
    ownerB.cookie,
    projectInput(orgB.id, { name: '芯片厂房一期', category: 'industrial', chiefUserId: chiefB.user.id }),
  );
});
afterAll(async () => {
  await t.close();
});

const inject = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  cookie?: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(cookie ? { cookie } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

type ProjectResult = {
  projectId: string;
  status: string;
  score: number | null;
  rank: number | null;
  tied: boolean;
  rankLabel: { zh: string };
  categoryRank: number | null;
  categoryTied: boolean;
  vanguard: boolean;
  criterionMeans: Record<string, number | null>;
  scorers: { scorerId: string; total: number | null; missingCriteria: string[]; amended: boolean }[];
};
type Tour = {
  id: string;
  status: string;
  version: number;
  quarter: string;
  config: { criteria: { code: string; weight: number }[]; vanguardCount: number };
  route: { projectId: string; projectName: string; category: string; visitDate: string; sort: number }[];
  scorers: { userId: string; displayName: string }[];
  sheets: {
    projectId: string;
    scorerId: string;
    scores: Record<string, number | null> | null;
    complete: boolean;
  }[];
  amendments: {
    projectId: string;
    scorerId: string;
    scores: Record<string, number | null> | null;
    reason: string;
  }[];
  result: { projects: ProjectResult[]; complete: boolean } | null;
  viewer: { organiser: boolean; scorer: boolean };
  sheetsSubmitted: number;
  sheetsExpected: number;
};

const tourInput = (values: Record<string, unknown> = {}) => ({
  quarter: '2026-Q4',
  title: '2026 年第四季度重点项目拉练',
  vanguardCount: 2,
  route: [
    { projectId: p1.id, visitDate: '2026-11-18' },
    { projectId: p2.id, visitDate: '2026-11-18' },
    { projectId: p3.id, visitDate: '2026-11-19' },
  ],
  scorerIds: [leader2.user.id, deptScorer.user.id],
  ...values,
});

async function createTour(values: Record<string, unknown> = {}): Promise<Tour> {
  const res = await inject('POST', '/api/field-reviews', organiser.cookie, tourInput(values));
  if (res.statusCode !== 201) throw new Error(`create tour failed: ${res.statusCode} ${res.body}`);
  return res.json() as Tour;
}

const sheetUrl = (tourId: string, projectId: string) => `/api/field-reviews/${tourId}/sheets/${projectId}`;

async function score(
  cookie: string,
  tourId: string,
  projectId: string,
  q: number | null,
  s: number | null,
  p: number | null,
) {
  const res = await inject('PUT', sheetUrl(tourId, projectId), cookie, {
    scores: { quality: q, safety: s, progress: p },
  });
  if (res.statusCode !== 200) throw new Error(`score failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Both scorers score every stop: 科学大道 85, 科学城隧道 85, 芯片厂房 80. */
async function scoreAll(tourId: string) {
  await score(leader2.cookie, tourId, p1.id, 90, 90, 90);
  await score(deptScorer.cookie, tourId, p1.id, 80, 80, 80);
  await score(leader2.cookie, tourId, p2.id, 80, 85, 90);
  await score(deptScorer.cookie, tourId, p2.id, 85, 85, 85);
  await score(leader2.cookie, tourId, p3.id, 70, 80, 90);
  await score(deptScorer.cookie, tourId, p3.id, 80, 80, 80);
}

async function read(tourId: string, cookie = organiser.cookie): Promise<Tour> {
  const res = await inject('GET', `/api/field-reviews/${tourId}`, cookie);
  if (res.statusCode !== 200) throw new Error(`read failed: ${res.statusCode} ${res.body}`);
  return res.json() as Tour;
}

const resultOf = (tour: Tour, projectId: string) => {
  const found = tour.result?.projects.find((p) => p.projectId === projectId);
  if (!found) throw new Error(`no result for ${projectId}`);
  return found;
};

async function close(tourId: string, cookie = organiser.cookie) {
  return inject('POST', `/api/field-reviews/${tourId}/close`, cookie, {});
}

describe('POST /api/field-reviews', () => {
  it('sets up a tour with the default 比质量/比安全/比进度 criteria, the route in order and the panel', async () => {
    const tour = await createTour();
    expect(tour).toMatchObject({
      status: 'open',
      version: 1,
      quarter: '2026-Q4',
      config: {
        criteria: [
          { code: 'quality', weight: 1 },
          { code: 'safety', weight: 1 },
          { code: 'progress', weight: 1 },
        ],
        vanguardCount: 2,
      },
      viewer: { organiser: true, scorer: false },
      sheetsSubmitted: 0,
      sheetsExpected: 6,
    });
    expect(tour.route.map((s) => [s.projectName, s.category, s.visitDate, s.sort])).toEqual([
      ['科学大道二期', 'infrastructure', '2026-11-18', 0],
      ['科学城隧道', 'infrastructure', '2026-11-18', 1],
      ['芯片厂房一期', 'industrial', '2026-11-19', 2],
    ]);
    expect(tour.scorers.map((s) => s.displayName)).toEqual(['李副主任', '张科长']);
    expect(tour.result?.projects.every((p) => p.status === 'unscored')).toBe(true);
    const audit = await t.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where entity_id = $1',
      [tour.id],
    );
    expect(audit).toEqual([{ action: 'field_review.create', actor_id: organiser.user.id }]);
  });

  it('takes configured criteria and weights', async () => {
    const tour = await createTour({
      criteria: [
        { code: 'quality', label: { zh: '比质量', en: 'Quality' }, weight: 40 },
        { code: 'safety', label: { zh: '比安全', en: 'Safety' }, weight: 30 },
        { code: 'progress', label: { zh: '比进度', en: 'Progress' }, weight: 30 },
      ],
    });
    await score(leader2.cookie, tour.id, p1.id, 100, 50, 50);
    // 100 × 0.4 + 50 × 0.3 + 50 × 0.3 = 70.
    expect(resultOf(await read(tour.id), p1.id).scorers[0]?.total).toBe(70);
  });

  it('returns 400 naming each invalid field', async () => {
    const res = await inject(
      'POST',
      '/api/field-reviews',
      organiser.cookie,
      tourInput({
        quarter: '2026-Q5',
        title: '',
        route: [
          { projectId: p1.id, visitDate: '2026-11-18' },
          { projectId: p1.id, visitDate: '2026-11-19' },
        ],
        scorerIds: [],
      }),
    );
    expect(res.statusCode).toBe(400);
    const fields = (res.json().details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['quarter', 'route.1.projectId', 'scorerIds', 'title']);
    const quarter = (res.json().details as { field: string; message: string }[]).find(
      (d) => d.field === 'quarter',
    );
    expect(quarter?.message).toBe('季度：拉练周期应为季度，如 2026-Q4');
  });

  it('returns 400 on a visit date outside the quarter', async () => {
    const res = await inject(
      'POST',
      '/api/field-reviews',
      organiser.cookie,
      tourInput({ route: [{ projectId: p1.id, visitDate: '2027-01-05' }] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      {
        field: 'route.0.visitDate',
        message: '拉练路线[0.visitDate]：第 1 站的考察日期应在2026年第四季度内（2026-10-01 至 2026-12-31）',
      },
    ]);
  });

  it('returns 400 on scorerIds when a chosen user may not score', async () => {
    const res = await inject(
      'POST',
      '/api/field-reviews',
      organiser.cookie,
      tourInput({ scorerIds: [leader2.user.id, ownerA.user.id] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toEqual({
      field: 'scorerIds',
      message: '评分人：第 2 位评分人不存在、已停用或没有评分权限',
    });
  });

  it("returns 400 on route when a chief organises a tour of another chief's project", async () => {
    const res = await inject('POST', '/api/field-reviews', chiefA.cookie, tourInput());
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('route');
    expect(res.json().details[0].message).toContain('第 3 站');
    // His own projects he may take on tour.
    const own = await inject(
      'POST',
      '/api/field-reviews',
      chiefA.cookie,
      tourInput({ route: [{ projectId: p1.id, visitDate: '2026-11-18' }] }),
    );
    expect(own.statusCode).toBe(201);
  });

  it('returns 401 without a session and 403 without field_review.organise', async () => {
    expect((await inject('POST', '/api/field-reviews', undefined, tourInput())).statusCode).toBe(401);
    expect((await inject('POST', '/api/field-reviews', deptScorer.cookie, tourInput())).statusCode).toBe(403);
    expect((await inject('POST', '/api/field-reviews', auditor.cookie, tourInput())).statusCode).toBe(403);
  });
});

describe('PUT /api/field-reviews/:id/sheets/:projectId', () => {
  it('averages the scorers, ranks the tour with shared ranks, ranks per category and marks 争先锋', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    const read1 = await read(tour.id);
    expect(read1.sheetsSubmitted).toBe(6);
    expect(read1.result?.complete).toBe(true);
    expect(
      read1.result?.projects.map((p) => [p.projectId, p.score, p.rank, p.tied, p.categoryRank, p.vanguard]),
    ).toEqual([
      [p1.id, 85, 1, true, 1, true],
      [p2.id, 85, 1, true, 1, true],
      [p3.id, 80, 3, false, 1, false],
    ]);
    expect(resultOf(read1, p1.id).rankLabel.zh).toBe('并列第1名');
    expect(resultOf(read1, p2.id).criterionMeans).toEqual({ quality: 82.5, safety: 85, progress: 87.5 });
    expect(resultOf(read1, p3.id).scorers.map((s) => s.total)).toEqual([80, 80]);
  });

  it('flags a project incomplete when a scorer leaves a criterion out, and counts only complete sheets', async () => {
    const tour = await createTour();
    await score(leader2.cookie, tour.id, p3.id, 70, 80, 90);
    await score(deptScorer.cookie, tour.id, p3.id, 60, null, 60);
    const p = resultOf(await read(tour.id), p3.id);
    expect(p).toMatchObject({ status: 'incomplete', score: 80, rank: 1 });
    expect(p.scorers[1]).toMatchObject({ total: null, missingCriteria: ['safety'] });
    const sheet = (await read(tour.id)).sheets.find((s) => s.scorerId === deptScorer.user.id);
    expect(sheet).toMatchObject({ complete: false });
  });

  it('replaces the sheet when the scorer sends it again, and audits each submission', async () => {
    const tour = await createTour();
    await score(leader2.cookie, tour.id, p1.id, 60, 60, 60);
    const again = await score(leader2.cookie, tour.id, p1.id, 90, 90, 90);
    expect(again).toMatchObject({ scores: { quality: 90, safety: 90, progress: 90 }, complete: true });
    const rows = await t.database.query<{ n: string }>(
      'select count(*)::text as n from field_review_sheets where review_id = $1',
      [tour.id],
    );
    expect(rows[0]?.n).toBe('1');
    const audit = await t.database.query<{ action: string }>(
      `select action from audit_log where entity_id = $1 and action = 'field_review.score'`,
      [tour.id],
    );
    expect(audit).toHaveLength(2);
  });

  it('returns 403 to a reader of the tour who is not on its panel, even with field_review.score', async () => {
    const tour = await createTour();
    const body = { scores: { quality: 90 } };
    // The chief of 科学大道 sees the tour through his project and may score tours, but not this one.
    const chief = await inject('PUT', sheetUrl(tour.id, p1.id), chiefA.cookie, body);
    expect(chief.statusCode).toBe(403);
    expect(chief.json().message).toBe('您不是本次拉练的评分人');
    expect((await inject('PUT', sheetUrl(tour.id, p1.id), organiser.cookie, body)).statusCode).toBe(403);
    // Without field_review.score the route refuses before anything else.
    expect((await inject('PUT', sheetUrl(tour.id, p1.id), ownerA.cookie, body)).statusCode).toBe(403);
    expect((await inject('PUT', sheetUrl(tour.id, p1.id), undefined, body)).statusCode).toBe(401);
    // A department that neither scores nor sees any of its projects does not learn the tour exists.
    expect((await inject('PUT', sheetUrl(tour.id, p1.id), deptOther.cookie, body)).statusCode).toBe(404);
  });

  it('returns 400 naming the criterion for a score out of range or a criterion the tour does not have', async () => {
    const tour = await createTour();
    const high = await inject('PUT', sheetUrl(tour.id, p1.id), leader2.cookie, {
      scores: { quality: 101, safety: 90, progress: -1 },
    });
    expect(high.statusCode).toBe(400);
    expect(high.json().details).toEqual([
      { field: 'scores.quality', message: '评分[quality]：分数应在 0–100 之间' },
      { field: 'scores.progress', message: '评分[progress]：分数应在 0–100 之间' },
    ]);
    const unknown = await inject(
      'PUT',
      sheetUrl(tour.id, p1.id),
      leader2.cookie,
      { scores: { quality: 90, beauty: 80 } },
      { 'accept-language': 'en' },
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details).toEqual([
      { field: 'scores.beauty', message: 'scores.beauty: This tour has no criterion beauty' },
    ]);
    const text = await inject('PUT', sheetUrl(tour.id, p1.id), leader2.cookie, {
      scores: { quality: '九十' },
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().details[0].field).toBe('scores.quality');
  });

  it('returns 404 for a project that is not on the route', async () => {
    const tour = await createTour({ route: [{ projectId: p1.id, visitDate: '2026-11-18' }] });
    const res = await inject('PUT', sheetUrl(tour.id, p2.id), leader2.cookie, { scores: { quality: 90 } });
    expect(res.statusCode).toBe(404);
  });

  it('keeps scorers independent while the tour is open: own marks only, no live result', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    const asScorer = await read(tour.id, deptScorer.cookie);
    expect(asScorer.viewer).toEqual({ organiser: false, scorer: true });
    expect(asScorer.result).toBeNull();
    const own = asScorer.sheets.filter((s) => s.scorerId === deptScorer.user.id);
    const others = asScorer.sheets.filter((s) => s.scorerId !== deptScorer.user.id);
    expect(own.every((s) => s.scores !== null)).toBe(true);
    expect(others).toHaveLength(3);
    expect(others.every((s) => s.scores === null && s.complete)).toBe(true);
    // A reader of the whole zone who is not the organiser waits for the close as well.
    expect((await read(tour.id, auditor.cookie)).result).toBeNull();
  });
});

describe('closing and amendments', () => {
  it('lets only the organiser close; a second close and a late sheet answer 409', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    const byOther = await close(tour.id, leader2.cookie);
    expect(byOther.statusCode).toBe(403);
    expect((await close(tour.id, deptScorer.cookie)).statusCode).toBe(403);
    // A close needs no body: the version check is optional.
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/field-reviews/${tour.id}/close`,
      headers: { cookie: organiser.cookie },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', version: 2, closedByName: '王主任' });
    const again = await close(tour.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    const late = await inject('PUT', sheetUrl(tour.id, p1.id), leader2.cookie, { scores: { quality: 10 } });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toContain('评分已锁定');
    const audit = await t.database.query<{ after: { result: { projectId: string; rank: number }[] } }>(
      `select after from audit_log where entity_id = $1 and action = 'field_review.close'`,
      [tour.id],
    );
    expect(audit[0]?.after.result.map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it('answers 409 VERSION_CONFLICT to a close based on a stale version', async () => {
    const tour = await createTour();
    const renamed = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      title: '第四季度拉练（调整）',
    });
    expect(renamed.statusCode).toBe(200);
    const stale = await inject('POST', `/api/field-reviews/${tour.id}/close`, organiser.cookie, {
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('applies the latest amendment per scorer and project and keeps every one, with the original sheet', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    expect((await close(tour.id)).statusCode).toBe(200);

    // The scorer corrects his own mark on 芯片厂房: 80 → 90, which lifts it to 85 = a three-way tie.
    const first = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, deptScorer.cookie, {
      projectId: p3.id,
      scorerId: deptScorer.user.id,
      scores: { quality: 90, safety: 90, progress: 90 },
      reason: '现场安全分录入错误',
    });
    expect(first.statusCode).toBe(201);
    const p3After = resultOf(first.json() as Tour, p3.id);
    expect(p3After).toMatchObject({ score: 85, rank: 1, tied: true, vanguard: true });
    expect(p3After.scorers.find((s) => s.scorerId === deptScorer.user.id)).toMatchObject({
      amended: true,
      total: 90,
    });

    // The organiser amends the same sheet again: the latest counts.
    const second = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, organiser.cookie, {
      projectId: p3.id,
      scorerId: deptScorer.user.id,
      scores: { quality: 84, safety: 84, progress: 84 },
      reason: '复核后按评分表原件更正',
    });
    expect(second.statusCode).toBe(201);
    const tourAfter = second.json() as Tour;
    expect(resultOf(tourAfter, p3.id)).toMatchObject({ score: 82, rank: 3, vanguard: false });
    expect(tourAfter.amendments.map((a) => a.reason)).toEqual([
      '现场安全分录入错误',
      '复核后按评分表原件更正',
    ]);
    // The original sheet stays as it was submitted.
    expect(
      tourAfter.sheets.find((s) => s.projectId === p3.id && s.scorerId === deptScorer.user.id)?.scores,
    ).toEqual({ quality: 80, safety: 80, progress: 80 });
    const audit = await t.database.query<{ actor_id: string; detail: string }>(
      `select actor_id, detail from audit_log where entity_id = $1 and action = 'field_review.amend' order by id`,
      [tour.id],
    );
    expect(audit).toEqual([
      { actor_id: deptScorer.user.id, detail: '现场安全分录入错误' },
      { actor_id: organiser.user.id, detail: '复核后按评分表原件更正' },
    ]);
    // Amendments are append-only in the database too.
    await expect(
      t.database.query(`update field_review_amendments set reason = 'x' where review_id = $1`, [tour.id]),
    ).rejects.toThrow(/append-only/);
  });

  it("refuses an amendment by another scorer for someone else's sheet (403), a short reason (400) and one while open (409)", async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    const amendment = {
      projectId: p1.id,
      scorerId: deptScorer.user.id,
      scores: { quality: 100, safety: 100, progress: 100 },
      reason: '录入错误需更正',
    };
    const open = await inject(
      'POST',
      `/api/field-reviews/${tour.id}/amendments`,
      organiser.cookie,
      amendment,
    );
    expect(open.statusCode).toBe(409);
    expect((await close(tour.id)).statusCode).toBe(200);
    const other = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, leader2.cookie, amendment);
    expect(other.statusCode).toBe(403);
    const short = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, organiser.cookie, {
      ...amendment,
      reason: '错误',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().details[0].field).toBe('reason');
    const unknown = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, organiser.cookie, {
      ...amendment,
      scores: { beauty: 90 },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details[0].field).toBe('scores.beauty');
    const offPanel = await inject('POST', `/api/field-reviews/${tour.id}/amendments`, organiser.cookie, {
      ...amendment,
      scorerId: chiefA.user.id,
    });
    expect(offPanel.statusCode).toBe(400);
    expect(offPanel.json().details[0].field).toBe('scorerId');
  });

  it('publishes the result on closing; individual marks stay with the organiser, the zone and each scorer', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    expect((await close(tour.id)).statusCode).toBe(200);
    const asOwner = await read(tour.id, ownerA.cookie);
    expect(resultOf(asOwner, p1.id)).toMatchObject({ score: 85, rank: 1 });
    expect(resultOf(asOwner, p1.id).scorers.map((s) => s.total)).toEqual([null, null]);
    expect(asOwner.sheets.every((s) => s.scores === null)).toBe(true);
    const asScorer = await read(tour.id, deptScorer.cookie);
    expect(resultOf(asScorer, p1.id).scorers.map((s) => s.total)).toEqual([null, 80]);
    const asAuditor = await read(tour.id, auditor.cookie);
    expect(resultOf(asAuditor, p1.id).scorers.map((s) => s.total)).toEqual([90, 80]);
  });
});

describe('PATCH /api/field-reviews/:id', () => {
  it('changes an open tour under optimistic locking and answers 409 to a stale version', async () => {
    const tour = await createTour();
    const ok = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      title: '第四季度拉练',
      vanguardCount: 1,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, title: '第四季度拉练', config: { vanguardCount: 1 } });
    const stale = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      title: '过期的修改',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });

  it('takes the sheets of a scorer or stop off with them, and records them in the audit log', async () => {
    const tour = await createTour();
    await scoreAll(tour.id);
    const res = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      scorerIds: [leader2.user.id],
      route: [
        { projectId: p3.id, visitDate: '2026-11-17' },
        { projectId: p1.id, visitDate: '2026-11-18' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const changed = res.json() as Tour;
    expect(changed.route.map((s) => s.projectId)).toEqual([p3.id, p1.id]);
    expect(changed.sheets.map((s) => [s.projectId, s.scorerId]).sort()).toEqual(
      [
        [p1.id, leader2.user.id],
        [p3.id, leader2.user.id],
      ].sort(),
    );
    const audit = await t.database.query<{ before: { removedSheets: unknown[] } }>(
      `select before from audit_log where entity_id = $1 and action = 'field_review.update'`,
      [tour.id],
    );
    expect(audit[0]?.before.removedSheets).toHaveLength(4);
  });

  it('refuses to remove a criterion that has been scored (409) and a visit date outside a new quarter (400)', async () => {
    const tour = await createTour();
    await score(leader2.cookie, tour.id, p1.id, 90, 90, 90);
    const res = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      criteria: [{ code: 'quality', label: { zh: '比质量', en: 'Quality' }, weight: 1 }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('评分项“比安全、比进度”已有评分，不能删除');
    const quarter = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      quarter: '2026-Q3',
    });
    expect(quarter.statusCode).toBe(400);
    expect(quarter.json().details[0].field).toBe('quarter');
    // A criterion added later leaves the sheets incomplete until they score it.
    const added = await inject('PATCH', `/api/field-reviews/${tour.id}`, organiser.cookie, {
      version: 1,
      criteria: [
        { code: 'quality', label: { zh: '比质量', en: 'Quality' }, weight: 1 },
        { code: 'safety', label: { zh: '比安全', en: 'Safety' }, weight: 1 },
        { code: 'progress', label: { zh: '比进度', en: 'Progress' }, weight: 1 },
        { code: 'civility', label: { zh: '比文明施工', en: 'Civil construction' }, weight: 1 },
      ],
    });
    expect(added.statusCode).toBe(200);
    expect(resultOf(added.json() as Tour, p1.id).scorers[0]?.missingCriteria).toEqual(['civility']);
  });

  it('answers 403 to another organiser, 409 once closed, 401 without a session', async () => {
    const tour = await createTour();
    const url = `/api/field-reviews/${tour.id}`;
    expect((await inject('PATCH', url, leader2.cookie, { version: 1, title: '别人的拉练' })).statusCode).toBe(
      403,
    );
    expect(
      (await inject('PATCH', url, deptScorer.cookie, { version: 1, title: '无权修改' })).statusCode,
    ).toBe(403);
    expect((await inject('PATCH', url, undefined, { version: 1, title: '未登录' })).statusCode).toBe(401);
    expect((await close(tour.id)).statusCode).toBe(200);
    const closed = await inject('PATCH', url, organiser.cookie, { version: 2, title: '结束后修改' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('CONFLICT');
  });
});

describe('GET /api/field-reviews (data scope)', () => {
  it("lists tours visiting a project in the reader's scope, or that he organises or scores", async () => {
    const tour = await createTour({
      quarter: '2026-Q1',
      route: [{ projectId: p1.id, visitDate: '2026-03-10' }],
      scorerIds: [leader2.user.id],
    });
    const ids = async (cookie: string, query = 'quarter=2026-Q1') =>
      ((await inject('GET', `/api/field-reviews?${query}`, cookie)).json().items as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids(organiser.cookie)).toEqual([tour.id]);
    expect(await ids(ownerA.cookie)).toEqual([tour.id]);
    expect(await ids(chiefA.cookie)).toEqual([tour.id]);
    expect(await ids(chiefB.cookie)).toEqual([]);
    expect(await ids(ownerC.cookie)).toEqual([]);
    expect((await inject('GET', `/api/field-reviews/${tour.id}`, ownerC.cookie)).statusCode).toBe(404);
    expect((await inject('GET', `/api/field-reviews/${tour.id}`, chiefA.cookie)).statusCode).toBe(200);
    expect(await ids(organiser.cookie, 'quarter=2026-Q1&status=closed')).toEqual([]);
    const page = (await inject('GET', '/api/field-reviews?quarter=2026-Q1', organiser.cookie)).json();
    expect(page.items[0]).toMatchObject({
      projectCount: 1,
      scorerCount: 1,
      sheetsExpected: 1,
      firstVisit: '2026-03-10',
      quarterLabel: { zh: '2026年第一季度' },
    });
  });

  it('returns 400 for a bad filter, 401 without a session and 403 without project.read', async () => {
    expect((await inject('GET', '/api/field-reviews?status=done', organiser.cookie)).statusCode).toBe(400);
    expect((await inject('GET', '/api/field-reviews')).statusCode).toBe(401);
    const nobody = await userSession(t, []);
    expect((await inject('GET', '/api/field-reviews', nobody.cookie)).statusCode).toBe(403);
  });
});

describe('history and the chiefs comparison', () => {
  let q2: Tour;
  let q3: Tour;

  beforeAll(async () => {
    // Q2: 科学大道 85 (1), 科学城隧道 85 (=1), 芯片厂房 80 (3); vanguardCount 2.
    q2 = await createTour({
      quarter: '2026-Q2',
      route: [
        { projectId: p1.id, visitDate: '2026-06-10' },
        { projectId: p2.id, visitDate: '2026-06-10' },
        { projectId: p3.id, visitDate: '2026-06-11' },
      ],
    });
    await scoreAll(q2.id);
    await close(q2.id);
    // Q3: 科学大道 70, 芯片厂房 95; 科学城隧道 left unscored.
    q3 = await createTour({
      quarter: '2026-Q3',
      vanguardCount: 1,
      route: [
        { projectId: p1.id, visitDate: '2026-09-10' },
        { projectId: p2.id, visitDate: '2026-09-10' },
        { projectId: p3.id, visitDate: '2026-09-11' },
      ],
    });
    await score(leader2.cookie, q3.id, p1.id, 70, 70, 70);
    await score(deptScorer.cookie, q3.id, p1.id, 70, 70, 70);
    await score(leader2.cookie, q3.id, p3.id, 95, 95, 95);
    await score(deptScorer.cookie, q3.id, p3.id, 95, 95, 95);
    await close(q3.id);
  });

  it("gives a project's results across quarters, closed tours only, oldest first", async () => {
    // An open tour in another quarter does not publish anything yet.
    await createTour({ quarter: '2026-Q1', route: [{ projectId: p1.id, visitDate: '2026-02-02' }] });
    const res = await inject('GET', `/api/projects/${p1.id}/field-review-history`, ownerA.cookie);
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as {
      reviewId: string;
      quarter: string;
      score: number;
      rank: number;
      vanguard: boolean;
    }[];
    // The Q4 tours of the other tests are closed too; this test is about Q1–Q3.
    const early = entries.filter((e) => e.quarter < '2026-Q4');
    expect(early.map((e) => [e.reviewId, e.quarter, e.score, e.rank, e.vanguard])).toEqual([
      [q2.id, '2026-Q2', 85, 1, true],
      [q3.id, '2026-Q3', 70, 2, false],
    ]);
  });

  it("returns 404 for a project outside the reader's scope and 401 without a session", async () => {
    expect(
      (await inject('GET', `/api/projects/${p1.id}/field-review-history`, ownerC.cookie)).statusCode,
    ).toBe(404);
    expect((await inject('GET', `/api/projects/${p1.id}/field-review-history`)).statusCode).toBe(401);
  });

  it('compares the chiefs by the mean of their projects’ means, with counts and 争先锋', async () => {
    const res = await inject('GET', '/api/field-reviews/chiefs-comparison?quarter=2026-Q3', organiser.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      reviewCount: number;
      chiefs: {
        chiefUserId: string;
        chiefName: string;
        meanScore: number | null;
        scoredCount: number;
        unscoredCount: number;
        vanguards: number;
      }[];
    };
    expect(body.reviewCount).toBe(1);
    expect(
      body.chiefs.map((c) => [c.chiefName, c.meanScore, c.scoredCount, c.unscoredCount, c.vanguards]),
    ).toEqual([
      ['钱项目长', 95, 1, 0, 1],
      ['赵项目长', 70, 1, 1, 0],
    ]);

    const both = await inject('GET', '/api/field-reviews/chiefs-comparison', organiser.cookie);
    const rows = both.json().chiefs as {
      chiefName: string;
      meanScore: number;
      scoredCount: number;
      vanguards: number;
    }[];
    // Over Q2 and Q3 (and the closed Q4 tours of the other tests): the Q2/Q3 part is checked through the quarter filter.
    expect(rows.map((r) => r.chiefName).sort()).toEqual(['赵项目长', '钱项目长'].sort());
    const q2Only = await inject(
      'GET',
      '/api/field-reviews/chiefs-comparison?quarter=2026-Q2',
      organiser.cookie,
    );
    expect(
      (
        q2Only.json().chiefs as {
          chiefName: string;
          meanScore: number;
          scoredCount: number;
          vanguards: number;
        }[]
      ).map((c) => [c.chiefName, c.meanScore, c.scoredCount, c.vanguards]),
    ).toEqual([
      ['赵项目长', 85, 2, 2],
      ['钱项目长', 80, 1, 0],
    ]);
  });

  it('answers 403 to the comparison without project.scope.all and 400 on a bad quarter', async () => {
    expect((await inject('GET', '/api/field-reviews/chiefs-comparison', chiefA.cookie)).statusCode).toBe(403);
    const bad = await inject('GET', '/api/field-reviews/chiefs-comparison?quarter=2026-13', organiser.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].field).toBe('quarter');
  });
});
