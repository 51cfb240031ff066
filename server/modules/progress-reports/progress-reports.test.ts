import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from '../../core/s3-storage.ts';
import { startS3Server, type TestS3Server } from '../../test/s3-server.ts';
import {
  createOrganization,
  createProjectViaApi,
  createTestApp,
  multipartFile,
  projectInput,
  type TestApp,
  userSession,
} from '../../test/test-app.ts';
import { chinaMonth, reportDeadline, shiftMonth } from './progress-reports.service.ts';

type Session = Awaited<ReturnType<typeof userSession>>;

let t: TestApp;
let ownerOrg: { id: string };
let otherOrg: { id: string };
let dept: { id: string };
let otherDept: { id: string };
let owner: Session;
let otherOwner: Session;
let reviewer: Session;
let chief: Session;
let outsider: Session;

const thisMonth = chinaMonth(new Date());
const lastMonth = shiftMonth(thisMonth, -1);
const year = Number(thisMonth.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  ownerOrg = await createOrganization(t, { name: '重庆科学城建设投资有限公司' });
  otherOrg = await createOrganization(t, { name: '重庆西部科学城发展有限公司' });
  dept = await createOrganization(t, { name: '科学城管委会建设局', type: 'department' });
  otherDept = await createOrganization(t, { name: '科学城管委会规划局', type: 'department' });
  owner = await userSession(t, ['project_owner'], { organizationId: ownerOrg.id });
  otherOwner = await userSession(t, ['project_owner'], { organizationId: otherOrg.id });
  reviewer = await userSession(t, ['department'], { organizationId: dept.id });
  chief = await userSession(t, ['project_chief']);
  // Sees every project (leader) and may review (department), but is neither this lead department nor the chief.
  outsider = await userSession(t, ['department', 'leader'], { organizationId: otherDept.id });
});
afterAll(async () => {
  await t.close();
});

/** A project under construction, led by `dept`, with `chief` as its chief; 1 000 万元 in total. */
async function project(values: Record<string, unknown> = {}, cookie = owner.cookie, org = ownerOrg.id) {
  return createProjectViaApi(
    t,
    cookie,
    projectInput(org, {
      name: `月报测试项目${crypto.randomBytes(3).toString('hex')}`,
      totalInvestment: 1000,
      investmentGovernment: 600,
      investmentSocial: 400,
      investmentForeign: 0,
      plannedStart: `${year}-06-01`,
      plannedCompletion: `${year + 2}-12-31`,
      stage: 'under_construction',
      leadDepartmentId: dept.id,
      chiefUserId: chief.user.id,
      ...values,
    }),
  );
}

const report = (values: Record<string, unknown> = {}) => ({
  month: lastMonth,
  investmentThisMonth: 120.5,
  physicalProgress: 35,
  imageProgress: '主体结构施工至第 6 层',
  problems: null,
  ...values,
});

function submit(projectId: string, payload: unknown, cookie = owner.cookie, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/projects/${projectId}/progress-reports`,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: payload as object,
  });
}

function reviewReq(reportId: string, payload: unknown, cookie = reviewer.cookie) {
  return t.app.inject({
    method: 'POST',
    url: `/api/progress-reports/${reportId}/review`,
    headers: { cookie },
    payload: payload as object,
  });
}

const get = (url: string, cookie = owner.cookie) => t.app.inject({ method: 'GET', url, headers: { cookie } });

const count = async (sqlText: string, params: unknown[]) =>
  (await t.database.query<{ n: number }>(sqlText, params))[0]?.n ?? 0;

function storedFiles(): string[] {
  const root = path.join(t.config.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(root, f)).isFile(),
  );
}

/** A multipart body with several files in the field `file` (or another field name). */
function multipartFiles(files: { name: string; content: Buffer; type: string; field?: string }[]) {
  const boundary = `----guanjia${crypto.randomBytes(8).toString('hex')}`;
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`,
    ),
    f.content,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  reportId: string,
  body: { payload: Buffer; headers: Record<string, string> },
  cookie = owner.cookie,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/progress-reports/${reportId}/photos`,
    headers: { ...body.headers, cookie },
    payload: body.payload,
  });
}

/** A site photo as a phone writes it: taken 2026-03-15 10:20:30 local time, at 29°35′N 106°30′E (重庆). */
function photoWithExif(width = 1200, height = 900) {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 140, b: 90 } } })
    .withExif({
      IFD0: { Make: 'Guanjia', Model: 'Test camera' },
      IFD2: { DateTimeOriginal: '2026:03:15 10:20:30' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '29/1 35/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 30/1 0/1',
      },
    })
    .jpeg()
    .toBuffer();
}

/**
 * A real HEIC as a phone writes a portrait shot: 800 × 600 coded, turned upright (600 × 800, red quarter on top)
 * by its irot property, with EXIF time, GPS and Orientation 6. See fixtures/README.md for how it was made.
 */
const portraitHeic = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'site-portrait.heic'));

/**
 * A minimal HEIC container (ftyp heic + meta/iinf/iloc + mdat) holding an Exif item but no HEVC image: it passes
 * the format check and exifr reads it, yet there is nothing to decode.
 */
async function heicWithoutImage(): Promise<Buffer> {
  const jpeg = await photoWithExif(64, 48);
  const app1 = jpeg.indexOf(Buffer.from('Exif\0\0'));
  const tiff = jpeg.subarray(app1 + 6, app1 - 2 + jpeg.readUInt16BE(app1 - 2));
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  const box = (kind: string, ...parts: Buffer[]) => {
    const body = Buffer.concat(parts);
    return Buffer.concat([u32(8 + body.length), Buffer.from(kind, 'latin1'), body]);
  };
  const fullBox = (kind: string, version: number, ...parts: Buffer[]) =>
    box(kind, Buffer.from([version, 0, 0, 0]), ...parts);
  const ftyp = box('ftyp', Buffer.from('heic'), u32(0), Buffer.from('mif1heic'));
  const iinf = fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('Exif\0')));
  const payload = Buffer.concat([u32(0), tiff]);
  // iloc v0: 4-byte offsets and lengths, one item (id 1) with one extent pointing into mdat.
  const iloc = (offset: number) =>
    fullBox(
      'iloc',
      0,
      Buffer.from([0x44, 0x00]),
      u16(1),
      u16(1),
      u16(0),
      u16(1),
      u32(offset),
      u32(payload.length),
    );
  const metaLength = fullBox('meta', 0, iinf, iloc(0)).length;
  const meta = fullBox('meta', 0, iinf, iloc(ftyp.length + metaLength + 8));
  return Buffer.concat([ftyp, meta, box('mdat', payload)]);
}

describe('POST /api/projects/:id/progress-reports', () => {
  it('creates the month’s report as version 1, derives the cumulative figure and audits it', async () => {
    const p = await project();
    const res = await submit(p.id, report());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      projectId: p.id,
      month: lastMonth,
      status: 'submitted',
      currentVersion: 1,
      investmentThisMonth: 120.5,
      cumulativeInvestment: 120.5,
      physicalProgress: 35,
      versionsCount: 1,
      submittedBy: owner.user.id,
    });
    const audit = await t.database.query<{ action: string; actor_id: string }>(
      'select action, actor_id from audit_log where entity_id = $1',
      [body.id],
    );
    expect(audit).toEqual([{ action: 'report.submit', actor_id: owner.user.id }]);
  });

  it('answers a retry with the same Idempotency-Key with the same report and creates one version', async () => {
    const p = await project();
    const key = crypto.randomUUID();
    const first = await submit(p.id, report(), owner.cookie, key);
    const second = await submit(p.id, report(), owner.cookie, key);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    expect(await count('select count(*)::int as n from progress_reports where project_id = $1', [p.id])).toBe(
      1,
    );
    expect(
      await count('select count(*)::int as n from progress_report_versions where report_id = $1', [
        first.json().id,
      ]),
    ).toBe(1);
    expect(
      await count(
        "select count(*)::int as n from audit_log where entity_id = $1 and action = 'report.submit'",
        [first.json().id],
      ),
    ).toBe(1);
  });

  it('creates one report when a retry with the same key arrives while the first is still being written', async () => {
    const p = await project();
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([
      submit(p.id, report(), owner.cookie, key),
      submit(p.id, report(), owner.cookie, key),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(
      await count('select count(*)::int as n from progress_report_versions where report_id = $1', [
        a.json().id,
      ]),
    ).toBe(1);
  });

  it('refuses the same Idempotency-Key with different content (409)', async () => {
    const p = await project();
    const key = crypto.randomUUID();
    expect((await submit(p.id, report(), owner.cookie, key)).statusCode).toBe(201);
    const res = await submit(p.id, report({ investmentThisMonth: 99 }), owner.cookie, key);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
  });

  it('replaces the values of a report not yet reviewed and keeps the first as version 1', async () => {
    const p = await project();
    const first = (await submit(p.id, report(), owner.cookie, 'k-1')).json();
    const res = await submit(
      p.id,
      report({ investmentThisMonth: 150, imageProgress: '主体结构施工至第 7 层' }),
      owner.cookie,
      'k-2',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: first.id,
      currentVersion: 2,
      investmentThisMonth: 150,
      cumulativeInvestment: 150,
      versionsCount: 2,
      version: 2,
    });
    const detail = (await get(`/api/progress-reports/${first.id}`)).json();
    expect(
      detail.versions.map((v: { version: number; investmentThisMonth: number }) => [
        v.version,
        v.investmentThisMonth,
      ]),
    ).toEqual([
      [1, 120.5],
      [2, 150],
    ]);
  });

  it('returns 400 naming the field for a negative amount and writes nothing', async () => {
    const p = await project();
    const res = await submit(p.id, report({ investmentThisMonth: -1 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('investmentThisMonth');
    expect(res.json().message).toContain('金额不能为负数');
    expect(await count('select count(*)::int as n from progress_reports where project_id = $1', [p.id])).toBe(
      0,
    );
  });

  it('returns 400 for a month in the future, in English when asked', async () => {
    const p = await project();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/progress-reports`,
      headers: { cookie: owner.cookie, 'accept-language': 'en' },
      payload: report({ month: shiftMonth(thisMonth, 1) }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ field: 'month' });
    expect(res.json().message).toContain('future month');
  });

  it('accepts the current month but not a month before the year preceding the planned start', async () => {
    const p = await project();
    expect((await submit(p.id, report({ month: thisMonth }))).statusCode).toBe(201);
    const res = await submit(p.id, report({ month: `${year - 2}-12` }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('month');
  });

  it('returns 400 for a malformed month', async () => {
    const p = await project();
    const res = await submit(p.id, report({ month: '2026-13' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('month');
  });

  it('refuses a cumulative total above the total investment without an explanation (400 naming it)', async () => {
    const p = await project();
    expect(
      (await submit(p.id, report({ month: shiftMonth(thisMonth, -2), investmentThisMonth: 900 }))).statusCode,
    ).toBe(201);
    const over = await submit(p.id, report({ investmentThisMonth: 100.01 }));
    expect(over.statusCode).toBe(400);
    expect(over.json().details[0].field).toBe('overTotalExplanation');
    expect(over.json().message).toContain('1000.01');
    // Exactly the total is allowed; over it, an explanation is enough.
    expect((await submit(p.id, report({ investmentThisMonth: 100 }))).statusCode).toBe(201);
    const explained = await submit(
      p.id,
      report({ investmentThisMonth: 150, overTotalExplanation: '设计变更增加地下室' }),
    );
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({
      cumulativeInvestment: 1050,
      overTotalExplanation: '设计变更增加地下室',
    });
  });
});

describe('POST /api/progress-reports/:id/review', () => {
  it('goes round the loop: return with a reason, correct and resubmit, accept; then 409 on resubmission', async () => {
    const p = await project();
    const v1 = (await submit(p.id, report())).json();

    const noReason = await reviewReq(v1.id, { decision: 'return', version: v1.version });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details[0].field).toBe('reason');

    const returned = await reviewReq(v1.id, {
      decision: 'return',
      reason: '投资额与监理月报不符',
      version: v1.version,
    });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({
      status: 'returned',
      reviewReason: '投资额与监理月报不符',
      reviewedBy: reviewer.user.id,
    });

    const corrected = await submit(p.id, report({ investmentThisMonth: 110 }));
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ status: 'submitted', currentVersion: 2, reviewReason: null });

    const accepted = await reviewReq(v1.id, { decision: 'accept', version: corrected.json().version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', cumulativeAcceptedInvestment: 110 });

    const detail = (await get(`/api/progress-reports/${v1.id}`, reviewer.cookie)).json();
    expect(
      detail.versions.map(
        (v: { version: number; status: string; review: { reason: string | null } | null }) => [
          v.version,
          v.status,
          v.review?.reason ?? null,
        ],
      ),
    ).toEqual([
      [1, 'returned', '投资额与监理月报不符'],
      [2, 'accepted', null],
    ]);

    const again = await submit(p.id, report({ investmentThisMonth: 111 }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
    const actions = await t.database.query<{ action: string }>(
      "select action from audit_log where entity_id = $1 and outcome = 'success' order by id",
      [v1.id],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'report.submit',
      'report.review',
      'report.submit',
      'report.review',
    ]);
  });

  it('returns 409 on a stale version and when the report no longer awaits review', async () => {
    const p = await project();
    const v1 = (await submit(p.id, report())).json();
    const v2 = (await submit(p.id, report({ investmentThisMonth: 130 }))).json();
    const stale = await reviewReq(v1.id, { decision: 'accept', version: v1.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const ok = await reviewReq(v1.id, { decision: 'accept', version: v2.version });
    expect(ok.statusCode).toBe(200);
    const twice = await reviewReq(v1.id, {
      decision: 'return',
      reason: '重复审核',
      version: ok.json().version,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('CONFLICT');
  });

  it('lets the project chief review', async () => {
    const p = await project();
    const r = (await submit(p.id, report())).json();
    const res = await reviewReq(r.id, { decision: 'accept', version: r.version }, chief.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().reviewedByName).toBeTruthy();
  });

  it('returns 403 to a reviewer who is neither the lead department nor the chief, and audits the denial', async () => {
    const p = await project();
    const r = (await submit(p.id, report())).json();
    const res = await reviewReq(r.id, { decision: 'accept', version: r.version }, outsider.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('牵头部门或项目长');
    expect(
      await count("select count(*)::int as n from audit_log where entity_id = $1 and outcome = 'denied'", [
        r.id,
      ]),
    ).toBe(1);
    expect((await get(`/api/progress-reports/${r.id}`)).json().status).toBe('submitted');
  });

  it('returns 403 to a chief reviewing a report they submitted themselves', async () => {
    const p = await project();
    const r = (await submit(p.id, report(), chief.cookie)).json();
    const res = await reviewReq(r.id, { decision: 'accept', version: r.version }, chief.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('自己提交');
  });

  it('returns 403 to the owner, who may submit but not review', async () => {
    const p = await project();
    const r = (await submit(p.id, report())).json();
    expect((await reviewReq(r.id, { decision: 'accept', version: r.version }, owner.cookie)).statusCode).toBe(
      403,
    );
  });
});

describe('permissions and data scope', () => {
  it('returns 401 without a session', async () => {
    const p = await project();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/projects/${p.id}/progress-reports`,
      payload: report(),
    });
    expect(res.statusCode).toBe(401);
  });

  it('returns 403 to a department user submitting (no report.submit)', async () => {
    const p = await project();
    expect((await submit(p.id, report(), reviewer.cookie)).statusCode).toBe(403);
  });

  it('answers 404 for another owner’s project and its reports, photos included', async () => {
    const p = await project();
    const r = (await submit(p.id, report())).json();
    const jpeg = await photoWithExif(64, 48);
    const photo = (await upload(r.id, multipartFile('file', 'site.jpg', jpeg, 'image/jpeg'))).json().items[0];
    expect((await submit(p.id, report(), otherOwner.cookie)).statusCode).toBe(404);
    expect((await get(`/api/projects/${p.id}/progress-reports`, otherOwner.cookie)).statusCode).toBe(404);
    expect((await get(`/api/progress-reports/${r.id}`, otherOwner.cookie)).statusCode).toBe(404);
    expect((await get(photo.url, otherOwner.cookie)).statusCode).toBe(404);
    expect(
      (await upload(r.id, multipartFile('file', 'x.jpg', jpeg, 'image/jpeg'), otherOwner.cookie)).statusCode,
    ).toBe(404);
    const otherReviewer = await userSession(t, ['department'], { organizationId: otherDept.id });
    expect(
      (await reviewReq(r.id, { decision: 'accept', version: r.version }, otherReviewer.cookie)).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/projects/:id/progress-reports', () => {
  it('lists months in order with the derived cumulative figure and the number of versions', async () => {
    const p = await project();
    const m1 = shiftMonth(thisMonth, -3);
    const m2 = shiftMonth(thisMonth, -2);
    await submit(p.id, report({ month: m1, investmentThisMonth: 100 }));
    await submit(p.id, report({ month: m2, investmentThisMonth: 50.25 }));
    await submit(p.id, report({ month: m2, investmentThisMonth: 60.25 }));
    await submit(p.id, report({ month: lastMonth, investmentThisMonth: 0 }));
    const res = await get(`/api/projects/${p.id}/progress-reports`, reviewer.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ projectId: p.id, totalInvestment: 1000, cumulativeInvestment: 160.25 });
    expect(
      body.items.map((i: { month: string; cumulativeInvestment: number; versionsCount: number }) => [
        i.month,
        i.cumulativeInvestment,
        i.versionsCount,
      ]),
    ).toEqual([
      [m1, 100, 1],
      [m2, 160.25, 2],
      [lastMonth, 160.25, 1],
    ]);
  });
});

describe('photos', () => {
  async function freshReport() {
    const p = await project();
    return (await submit(p.id, report())).json() as { id: string; version: number; projectId: string };
  }

  it('stores a JPEG with its EXIF time and GPS, keeps the original intact and makes a thumbnail', async () => {
    const r = await freshReport();
    const jpeg = await photoWithExif();
    // Browsers send the file name as raw UTF-8 (multipartFile percent-encodes it, so the body is built here).
    const res = await upload(
      r.id,
      multipartFiles([{ name: '现场照片.jpg', content: jpeg, type: 'image/jpeg' }]),
    );
    expect(res.statusCode).toBe(201);
    const [photo] = res.json().items;
    expect(photo).toMatchObject({
      originalName: '现场照片.jpg',
      mimeType: 'image/jpeg',
      sizeBytes: jpeg.length,
      width: 1200,
      height: 900,
      // 10:20:30 on a site in China, with no offset tag, is 02:20:30 UTC.
      takenAt: '2026-03-15T02:20:30.000Z',
    });
    expect(photo.latitude).toBeCloseTo(29.5833, 4);
    expect(photo.longitude).toBeCloseTo(106.5, 4);

    const original = await get(photo.url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.rawPayload.equals(jpeg)).toBe(true);
    expect(await exifr.gps(original.rawPayload)).toMatchObject({ longitude: 106.5 });

    const thumb = await get(photo.thumbnailUrl, reviewer.cookie);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([400, 300]);
    // The thumbnail carries no location.
    expect(await exifr.gps(thumb.rawPayload)).toBeUndefined();

    const detail = (await get(`/api/progress-reports/${r.id}`)).json();
    expect(detail.photos.map((p: { id: string }) => p.id)).toEqual([photo.id]);
    expect(detail.photosCount).toBe(1);
    const audit = await t.database.query<{ action: string }>(
      "select action from audit_log where entity_id = $1 and action = 'report.photo.add'",
      [r.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('stores several files of one request, PNG included', async () => {
    const r = await freshReport();
    const png = await sharp({ create: { width: 800, height: 200, channels: 4, background: '#3366ff' } })
      .png()
      .toBuffer();
    const res = await upload(
      r.id,
      multipartFiles([
        { name: 'a.png', content: png, type: 'image/png' },
        { name: 'b.jpg', content: await photoWithExif(320, 240), type: 'image/jpeg' },
      ]),
    );
    expect(res.statusCode).toBe(201);
    const items = res.json().items as { mimeType: string; takenAt: string | null; thumbnailUrl: string }[];
    expect(items.map((i) => i.mimeType)).toEqual(['image/png', 'image/jpeg']);
    expect(items[0]?.takenAt).toBeNull();
    const thumb = await get(items[0]!.thumbnailUrl);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
  });

  it('keeps a HEIC photo as it is with its EXIF, and makes an upright thumbnail without metadata', async () => {
    const r = await freshReport();
    const res = await upload(r.id, multipartFile('file', 'IMG_0001.HEIC', portraitHeic, 'image/heic'));
    expect(res.statusCode).toBe(201);
    const [photo] = res.json().items;
    expect(photo).toMatchObject({
      mimeType: 'image/heic',
      takenAt: '2026-03-15T02:20:30.000Z',
      // As shown, after the irot turn: not the coded 800 × 600.
      width: 600,
      height: 800,
    });
    expect(photo.latitude).toBeCloseTo(29.5833, 4);
    expect(photo.longitude).toBeCloseTo(106.5, 4);
    expect((await get(photo.url)).rawPayload.equals(portraitHeic)).toBe(true);

    const thumb = await get(photo.thumbnailUrl);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const { data, info } = await sharp(thumb.rawPayload).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([300, 400]);
    // Upright: the red quarter is on top, so EXIF Orientation 6 was not applied a second time over irot.
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    expect(pixel(150, 20)[0]).toBeGreaterThan(180);
    expect(pixel(150, 380)[2]).toBeGreaterThan(160);
    expect(pixel(20, 200)[2]).toBeGreaterThan(160);
    expect(await exifr.parse(thumb.rawPayload)).toBeUndefined();
  });

  it('returns 400 for a HEIC that does not decode, and stores nothing', async () => {
    const r = await freshReport();
    const before = storedFiles().length;
    const truncated = portraitHeic.subarray(0, portraitHeic.length - 200);
    for (const heic of [await heicWithoutImage(), truncated]) {
      const res = await upload(r.id, multipartFile('file', 'IMG_0002.HEIC', heic, 'image/heic'));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('已损坏或不完整');
      expect(res.json().details[0].field).toBe('file');
    }
    expect(await count('select count(*)::int as n from report_photos where report_id = $1', [r.id])).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  it('refuses a file that is not a photo by its bytes, whatever its name and type say (415)', async () => {
    const r = await freshReport();
    const before = storedFiles().length;
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    const res = await upload(r.id, multipartFile('file', 'photo.jpg', gif, 'image/jpeg'));
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(res.json().message).toContain('JPEG、PNG 或 HEIC');
    expect(res.json().details[0].field).toBe('file');
    expect(await count('select count(*)::int as n from report_photos where report_id = $1', [r.id])).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  it('leaves no row and no file when one file of a request is refused after another was stored', async () => {
    const r = await freshReport();
    const before = storedFiles().length;
    const res = await upload(
      r.id,
      multipartFiles([
        { name: 'good.jpg', content: await photoWithExif(320, 240), type: 'image/jpeg' },
        { name: 'bad.pdf', content: Buffer.from('%PDF-1.7\n'), type: 'application/pdf' },
      ]),
    );
    expect(res.statusCode).toBe(415);
    expect(res.json().message).toContain('bad.pdf');
    expect(await count('select count(*)::int as n from report_photos where report_id = $1', [r.id])).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  it('returns 400 for a file with a photo’s first bytes that does not decode', async () => {
    const r = await freshReport();
    const forged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(2000)]);
    const res = await upload(r.id, multipartFile('file', 'forged.jpg', forged, 'image/jpeg'));
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('file');
  });

  it('returns 413 for a photo over 20 MB and stores nothing', async () => {
    const r = await freshReport();
    const before = storedFiles().length;
    const big = Buffer.alloc(21 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const res = await upload(r.id, multipartFile('file', 'huge.jpg', big, 'image/jpeg'));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.json().message).toContain('20 MB');
    expect(await count('select count(*)::int as n from report_photos where report_id = $1', [r.id])).toBe(0);
    expect(storedFiles().length).toBe(before);
  });

  it('returns 400 for a request with no file or a body that is not multipart', async () => {
    const r = await freshReport();
    const empty = multipartFiles([]);
    expect((await upload(r.id, empty)).statusCode).toBe(400);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/progress-reports/${r.id}/photos`,
      headers: { cookie: owner.cookie },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(400);
  });

  it('withdraws a photo before acceptance, and refuses to add or withdraw after it (409)', async () => {
    const r = await freshReport();
    const jpeg = await photoWithExif(64, 48);
    const [first, second] = (
      await upload(
        r.id,
        multipartFiles([
          { name: '1.jpg', content: jpeg, type: 'image/jpeg' },
          { name: '2.jpg', content: jpeg, type: 'image/jpeg' },
        ]),
      )
    ).json().items;
    const del = await t.app.inject({ method: 'DELETE', url: first.url, headers: { cookie: owner.cookie } });
    expect(del.statusCode).toBe(204);
    expect((await get(first.url)).statusCode).toBe(404);
    expect((await get(`/api/progress-reports/${r.id}`)).json().photos).toHaveLength(1);

    const current = (await get(`/api/progress-reports/${r.id}`)).json();
    expect((await reviewReq(r.id, { decision: 'accept', version: current.version })).statusCode).toBe(200);
    expect((await upload(r.id, multipartFile('file', '3.jpg', jpeg, 'image/jpeg'))).statusCode).toBe(409);
    const late = await t.app.inject({ method: 'DELETE', url: second.url, headers: { cookie: owner.cookie } });
    expect(late.statusCode).toBe(409);
  });
});

describe('GET /api/progress-reports/missing', () => {
  it('lists projects under construction in scope without the month’s report, per owner, with the deadline', async () => {
    const month = shiftMonth(thisMonth, -1);
    const reported = await project({ name: '已报月报项目' });
    const missingA = await project({ name: '未报月报项目甲' });
    const missingB = await project({ name: '未报月报项目乙', stage: 'completion_acceptance' });
    await project({ name: '尚未开工项目', stage: 'construction_permit' });
    const otherMissing = await project({ name: '其他单位未报项目' }, otherOwner.cookie, otherOrg.id);
    await submit(reported.id, report({ month }));

    const res = await get(`/api/progress-reports/missing?month=${month}`, reviewer.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.month).toBe(month);
    expect(body.deadline).toBe(`${shiftMonth(month, 1)}-05`);
    const byOwner = new Map<string, string[]>(
      body.groups.map((g: { ownerOrgId: string; projects: { id: string }[] }) => [
        g.ownerOrgId,
        g.projects.map((p) => p.id),
      ]),
    );
    expect(byOwner.get(ownerOrg.id)).toEqual(expect.arrayContaining([missingA.id, missingB.id]));
    expect(byOwner.get(ownerOrg.id)).not.toContain(reported.id);
    expect(byOwner.get(otherOrg.id)).toEqual(expect.arrayContaining([otherMissing.id]));
    expect(
      body.groups.flatMap((g: { projects: { name: string }[] }) => g.projects.map((p) => p.name)),
    ).not.toContain('尚未开工项目');

    // An owner sees only its own projects.
    const own = (await get(`/api/progress-reports/missing?month=${month}`, otherOwner.cookie)).json();
    expect(own.groups.map((g: { ownerOrgId: string }) => g.ownerOrgId)).toEqual([otherOrg.id]);
  });

  it('reads the deadline day from the settings, and defaults to the previous month', async () => {
    await t.database.query(
      `insert into app_settings (key, value) values ('report_deadline_day', '10'::jsonb)
       on conflict (key) do update set value = excluded.value`,
    );
    const res = await get('/api/progress-reports/missing', reviewer.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ month: lastMonth, deadline: `${thisMonth}-10` });
    await t.database.query(`delete from app_settings where key = 'report_deadline_day'`);
  });

  it('returns 400 for a future month', async () => {
    const res = await get(`/api/progress-reports/missing?month=${shiftMonth(thisMonth, 1)}`, reviewer.cookie);
    expect(res.statusCode).toBe(400);
  });
});

describe('reportDeadline', () => {
  it('is the given day of the following month, pulled back to the month’s last day', () => {
    expect(reportDeadline('2026-01', 5)).toBe('2026-02-05');
    expect(reportDeadline('2026-12', 5)).toBe('2027-01-05');
    expect(reportDeadline('2026-01', 31)).toBe('2026-02-28');
    expect(reportDeadline('2027-01', 30)).toBe('2027-02-28');
    expect(reportDeadline('2028-01', 31)).toBe('2028-02-29');
  });
});

describe('calendar decisions on China time (fixed clock)', () => {
  let clocked: TestApp;
  let at = new Date('2026-05-06T01:00:00Z');

  beforeAll(async () => {
    clocked = await createTestApp({}, { clock: () => at });
  });
  afterAll(async () => {
    await clocked.close();
  });

  it('flags the month as overdue only once the deadline day has passed in Beijing', async () => {
    const u = await userSession(clocked, ['department']);
    const ask = async () =>
      (
        await clocked.app.inject({
          method: 'GET',
          url: '/api/progress-reports/missing',
          headers: { cookie: u.cookie },
        })
      ).json();
    at = new Date('2026-05-05T15:59:59Z'); // 23:59:59 on 5 May in Beijing
    expect(await ask()).toMatchObject({ month: '2026-04', deadline: '2026-05-05', overdue: false });
    at = new Date('2026-05-05T16:00:00Z'); // 00:00 on 6 May in Beijing
    expect(await ask()).toMatchObject({ month: '2026-04', deadline: '2026-05-05', overdue: true });
  });

  it('takes May as the current month from midnight in Beijing, while UTC is still in April', async () => {
    const org = await createOrganization(clocked);
    const o = await userSession(clocked, ['project_owner'], { organizationId: org.id });
    const p = await createProjectViaApi(
      clocked,
      o.cookie,
      projectInput(org.id, { stage: 'under_construction', plannedStart: '2026-03-01' }),
    );
    const send = (month: string) =>
      clocked.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/progress-reports`,
        headers: { cookie: o.cookie },
        payload: report({ month }),
      });
    at = new Date('2026-04-30T16:30:00Z');
    expect((await send('2026-05')).statusCode).toBe(201);
    expect((await send('2026-06')).statusCode).toBe(400);
  });
});

describe('photos in S3-compatible storage (STORAGE=s3)', () => {
  let s3: TestS3Server;
  let onS3: TestApp;

  beforeAll(async () => {
    s3 = await startS3Server();
    onS3 = await createTestApp({ storage: { kind: 's3', ...s3.options } });
  });
  afterAll(async () => {
    await onS3.close();
    await s3.close();
  });

  it('stores originals and thumbnails in the bucket and serves them back', async () => {
    const org = await createOrganization(onS3);
    const o = await userSession(onS3, ['project_owner'], { organizationId: org.id });
    const p = await createProjectViaApi(
      onS3,
      o.cookie,
      projectInput(org.id, { stage: 'under_construction', plannedStart: `${year}-01-01` }),
    );
    const r = (
      await onS3.app.inject({
        method: 'POST',
        url: `/api/projects/${p.id}/progress-reports`,
        headers: { cookie: o.cookie },
        payload: report(),
      })
    ).json() as { id: string };
    const jpeg = await photoWithExif();
    const body = multipartFiles([
      { name: 'site.jpg', content: jpeg, type: 'image/jpeg' },
      { name: 'IMG_0001.HEIC', content: portraitHeic, type: 'image/heic' },
    ]);
    const res = await onS3.app.inject({
      method: 'POST',
      url: `/api/progress-reports/${r.id}/photos`,
      headers: { ...body.headers, cookie: o.cookie },
      payload: body.payload,
    });
    expect(res.statusCode).toBe(201);
    const [fromJpeg, fromHeic] = res.json().items as { id: string; url: string; thumbnailUrl: string }[];
    const fetch = (url: string) => onS3.app.inject({ method: 'GET', url, headers: { cookie: o.cookie } });

    const original = await fetch(fromJpeg!.url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.headers['content-length']).toBe(String(jpeg.length));
    expect(original.rawPayload.equals(jpeg)).toBe(true);
    const thumb = await fetch(fromJpeg!.thumbnailUrl);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
    expect((await fetch(fromHeic!.url)).rawPayload.equals(portraitHeic)).toBe(true);
    expect((await sharp((await fetch(fromHeic!.thumbnailUrl)).rawPayload).metadata()).height).toBe(400);

    // The bytes are in the bucket under the usual keys, and nothing went to DATA_DIR.
    const bucket = createS3Storage(s3.options);
    const key = `progress-reports/${r.id}/${fromJpeg!.id}`;
    expect((await bucket.get(`${key}.jpg`)).size).toBe(jpeg.length);
    expect((await bucket.get(`${key}.thumb.jpg`)).size).toBe(thumb.rawPayload.length);
    expect(fs.existsSync(path.join(onS3.config.dataDir, 'files'))).toBe(false);
  });
});
