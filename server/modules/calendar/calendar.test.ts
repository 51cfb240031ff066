import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '#domain/iso-date.ts';
import { createTestApp, type TestApp, userSession } from '../../test/test-app.ts';
import { loadWorkingCalendar } from './calendar.service.ts';

type Session = Awaited<ReturnType<typeof userSession>>;
let t: TestApp;
let admin: Session;
let owner: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await userSession(t, ['admin']);
  owner = await userSession(t, ['project_owner']);
});
afterAll(async () => {
  await t.close();
});

const inject = (method: 'GET' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const deadline = async (start: string, days: number) =>
  inject('GET', `/api/calendar/deadline?start=${start}&days=${days}`, owner.cookie);

describe('todayInChina', () => {
  it('turns the evening of 09-30 UTC into 10-01 in China', () => {
    expect(todayInChina(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(todayInChina(new Date('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
  });
});

describe('GET /api/calendar/working-days', () => {
  it('classifies each day around National Day 2026, 调休 Saturday included', async () => {
    const res = await inject('GET', '/api/calendar/working-days?from=2026-09-30&to=2026-10-11', owner.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { workingDays: number; days: { date: string; kind: string }[] };
    const kinds = Object.fromEntries(body.days.map((d) => [d.date, d.kind]));
    expect(kinds).toMatchObject({
      '2026-09-30': 'workday',
      '2026-10-01': 'holiday',
      '2026-10-07': 'holiday',
      '2026-10-08': 'workday',
      '2026-10-10': 'adjusted_workday',
      '2026-10-11': 'weekend',
    });
    // 09-30, 10-08, 10-09, 10-10.
    expect(body.workingDays).toBe(4);
    expect(body.days.find((d) => d.date === '2026-10-01')).toMatchObject({
      working: false,
      name: { zh: '国庆节', en: 'National Day' },
      source: 'package',
    });
  });

  it('marks days of a year without data instead of guessing', async () => {
    const res = await inject('GET', '/api/calendar/working-days?from=2026-12-31&to=2027-01-01', owner.cookie);
    expect(res.json().days).toEqual([
      { date: '2026-12-31', kind: 'workday', working: true, name: null, source: 'weekday' },
      { date: '2027-01-01', kind: 'not_covered', working: null, name: null, source: null },
    ]);
  });

  it('returns 400 naming the field for a reversed or malformed range', async () => {
    const reversed = await inject(
      'GET',
      '/api/calendar/working-days?from=2026-10-11&to=2026-10-01',
      owner.cookie,
    );
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().details[0]).toMatchObject({ field: 'to' });
    const malformed = await inject(
      'GET',
      '/api/calendar/working-days?from=2026-13-01&to=2026-10-01',
      owner.cookie,
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details[0].field).toBe('from');
  });

  it('returns 401 without a session and 403 without reference.read', async () => {
    const url = '/api/calendar/working-days?from=2026-10-01&to=2026-10-02';
    expect((await inject('GET', url)).statusCode).toBe(401);
    const nobody = await userSession(t, []);
    expect((await inject('GET', url, nobody.cookie)).statusCode).toBe(403);
  });
});

describe('GET /api/calendar/deadline', () => {
  it('counts working days from the day after the start, across National Day', async () => {
    expect((await deadline('2026-09-30', 1)).json()).toEqual({
      start: '2026-09-30',
      days: 1,
      deadline: '2026-10-08',
    });
    expect((await deadline('2026-09-30', 3)).json().deadline).toBe('2026-10-10');
    expect((await deadline('2026-09-28', 7)).json().deadline).toBe('2026-10-13');
  });

  it('refuses, naming the field, a deadline that runs into a year without data', async () => {
    const intoNextYear = await deadline('2026-12-25', 10);
    expect(intoNextYear.statusCode).toBe(400);
    expect(intoNextYear.json().details[0].field).toBe('days');
    expect(intoNextYear.json().message).toContain('2027');
    const startingThere = await deadline('2027-03-01', 1);
    expect(startingThere.json().details[0].field).toBe('start');
  });

  it('returns 400 for more than 365 working days', async () => {
    const res = await deadline('2026-01-05', 366);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('days');
  });
});

describe('calendar overrides (calendar.manage)', () => {
  it('adds a local holiday that moves deadlines, lists it, audits it and removes it', async () => {
    const put = await inject('PUT', '/api/calendar/overrides/2026-10-09', admin.cookie, {
      kind: 'holiday',
      name: '地方调休',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      date: '2026-10-09',
      kind: 'holiday',
      name: '地方调休',
      updatedBy: admin.user.id,
      updatedByName: admin.user.displayName,
    });
    // Day 2 after 09-30 was 10-09; now 10-09 is off, so day 2 is the 调休 Saturday 10-10.
    expect((await deadline('2026-09-30', 2)).json().deadline).toBe('2026-10-10');

    const list = (await inject('GET', '/api/calendar/overrides?year=2026', admin.cookie)).json();
    expect(list.overrides.map((o: { date: string }) => o.date)).toEqual(['2026-10-09']);
    expect(list.builtInYears).toContain(2026);
    expect(list.builtInYears).not.toContain(2027);
    expect(list.coveredYears).toEqual([]);

    // Changing it again is an update of the same day.
    const changed = await inject('PUT', '/api/calendar/overrides/2026-10-09', admin.cookie, {
      kind: 'workday',
    });
    expect(changed.json()).toMatchObject({ kind: 'workday', name: null });

    expect((await inject('DELETE', '/api/calendar/overrides/2026-10-09', admin.cookie)).statusCode).toBe(204);
    expect((await deadline('2026-09-30', 2)).json().deadline).toBe('2026-10-09');
    expect((await inject('DELETE', '/api/calendar/overrides/2026-10-09', admin.cookie)).statusCode).toBe(404);

    const audit = await t.database.query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where entity_id = '2026-10-09' order by id`,
    );
    expect(audit).toEqual([
      { action: 'calendar.override.set', actor_id: admin.user.id },
      { action: 'calendar.override.set', actor_id: admin.user.id },
      { action: 'calendar.override.delete', actor_id: admin.user.id },
    ]);
  });

  it('returns 400 naming the field for an invalid date or kind', async () => {
    const badDate = await inject('PUT', '/api/calendar/overrides/2026-02-30', admin.cookie, {
      kind: 'holiday',
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().details[0].field).toBe('date');
    const badKind = await inject('PUT', '/api/calendar/overrides/2026-10-09', admin.cookie, {
      kind: 'festival',
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().details[0].field).toBe('kind');
  });

  it('returns 403 to a user without calendar.manage and 401 without a session', async () => {
    const body = { kind: 'holiday' };
    expect((await inject('PUT', '/api/calendar/overrides/2026-10-09', owner.cookie, body)).statusCode).toBe(
      403,
    );
    expect((await inject('GET', '/api/calendar/overrides', owner.cookie)).statusCode).toBe(403);
    expect((await inject('PUT', '/api/calendar/covered-years', owner.cookie, { years: [] })).statusCode).toBe(
      403,
    );
    expect((await inject('DELETE', '/api/calendar/overrides/2026-10-09')).statusCode).toBe(401);
  });
});

describe('covered years', () => {
  it('covers 2027 once its holidays are entered, and protects the last of them while it is covered', async () => {
    const early = await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [2027] });
    expect(early.statusCode).toBe(400);
    expect(early.json().details[0]).toMatchObject({ field: 'years' });
    expect(early.json().message).toContain('2027');

    for (const [date, kind, name] of [
      ['2027-01-01', 'holiday', '元旦'],
      ['2027-02-06', 'holiday', '春节'],
      ['2027-02-07', 'workday', '春节'],
    ] as const) {
      expect(
        (await inject('PUT', `/api/calendar/overrides/${date}`, admin.cookie, { kind, name })).statusCode,
      ).toBe(200);
    }
    const covered = await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [2027, 2027] });
    expect(covered.json()).toEqual({ coveredYears: [2027] });

    // 12-28 … 12-31 are days 1–4; 2027-01-01 is off; 01-04 … 01-08 are days 5–9; 01-11 is day 10.
    expect((await deadline('2026-12-25', 10)).json().deadline).toBe('2027-01-11');
    const days = (
      await inject('GET', '/api/calendar/working-days?from=2027-02-06&to=2027-02-07', owner.cookie)
    ).json().days;
    expect(days.map((d: { kind: string }) => d.kind)).toEqual(['holiday', 'adjusted_workday']);

    const calendar = await loadWorkingCalendar(t.database.db);
    expect(calendar.coversYear(2027)).toBe(true);

    // Removing a holiday while another remains is fine; removing the last one would empty the year.
    expect((await inject('DELETE', '/api/calendar/overrides/2027-02-06', admin.cookie)).statusCode).toBe(204);
    const last = await inject('DELETE', '/api/calendar/overrides/2027-01-01', admin.cookie);
    expect(last.statusCode).toBe(409);
    expect(last.json().message).toContain('2027');
    const turned = await inject('PUT', '/api/calendar/overrides/2027-01-01', admin.cookie, {
      kind: 'workday',
    });
    expect(turned.statusCode).toBe(409);

    expect((await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [] })).statusCode).toBe(
      200,
    );
    expect((await inject('DELETE', '/api/calendar/overrides/2027-01-01', admin.cookie)).statusCode).toBe(204);
    expect((await deadline('2026-12-25', 10)).statusCode).toBe(400);

    const audit = await t.database.query<{ before: unknown; after: unknown }>(
      `select before, after from audit_log where action = 'calendar.covered_years.set' order by id`,
    );
    expect(audit).toEqual([
      { before: [], after: [2027] },
      { before: [2027], after: [] },
    ]);
  });

  it('returns 400 naming the field for a year out of range', async () => {
    const res = await inject('PUT', '/api/calendar/covered-years', admin.cookie, { years: [1999] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('years.0');
  });
});
