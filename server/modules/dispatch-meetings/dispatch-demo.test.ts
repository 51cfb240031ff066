import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softwareCrypto } from '../../core/crypto.ts';
import { DEMO_PASSWORD } from '../../db/demo-data.ts';
import { seed } from '../../db/seed.ts';
import { readDocxText } from '../../test/docx-text.ts';
import { createTestApp, login, type TestApp } from '../../test/test-app.ts';

type Action = {
  id: string;
  status: string;
  overdue: boolean;
  deadline: string;
  ownerOrganizationName: string;
};
type Meeting = {
  id: string;
  title: string;
  status: string;
  period: string;
  meetingDate: string;
  attendees: { present: boolean; absenceReason: string | null }[];
  agenda: { kind: string; minutes: string | null; refs: { actionId?: string } }[];
  actions: Action[];
};

let t: TestApp;
let leader: string;
beforeAll(async () => {
  t = await createTestApp({ demoMode: true });
  await seed(t.database.db, softwareCrypto, { demoMode: true, passwordIterations: 1_000 });
  leader = await login(t, 'leader', DEMO_PASSWORD);
}, 120_000);
afterAll(async () => {
  await t.close();
});

const get = async <T>(url: string, cookie = leader): Promise<T> => {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
};

describe('the 双月一调度 demo data', () => {
  it('holds six meetings, one per two-month period of the past year, held ones with attendance and minutes', async () => {
    const page = await get<{ items: { id: string; period: string; status: string }[] }>(
      '/api/dispatch-meetings?pageSize=50',
    );
    expect(page.items).toHaveLength(6);
    expect(new Set(page.items.map((m) => m.period)).size).toBe(6);
    const held = page.items.filter((m) => m.status === 'held');
    expect(held.length).toBeGreaterThanOrEqual(5);
    for (const { id } of held) {
      const m = await get<Meeting>(`/api/dispatch-meetings/${id}`);
      expect(m.attendees.some((a) => a.present)).toBe(true);
      expect(m.agenda.every((a) => a.minutes)).toBe(true);
      expect(m.actions.length).toBeGreaterThanOrEqual(3);
    }
    const absences = await t.database.query<{ n: number }>(
      'select count(*)::int as n from dispatch_attendees where not present and absence_reason is not null',
    );
    expect(absences[0]!.n).toBeGreaterThan(0);
  });

  it('has actions done, still open and overdue, and later agendas open with the unfinished ones', async () => {
    const all = await get<{ items: Action[]; total: number }>('/api/dispatch-actions?pageSize=200');
    const statuses = new Set(all.items.map((a) => a.status));
    expect(statuses.has('done')).toBe(true);
    expect(all.items.some((a) => a.status !== 'done' && !a.overdue)).toBe(true);
    expect(all.items.some((a) => a.overdue)).toBe(true);
    const page = await get<{ items: { id: string; meetingDate: string }[] }>(
      '/api/dispatch-meetings?pageSize=50',
    );
    const latest = await get<Meeting>(`/api/dispatch-meetings/${page.items[0]!.id}`);
    expect(latest.agenda[0]?.kind).toBe('unfinished_action');
    const carried = latest.agenda.filter((a) => a.kind === 'unfinished_action').map((a) => a.refs.actionId);
    const unfinished = all.items.filter((a) => a.status === 'open' || a.status === 'in_progress');
    const earlier = unfinished.filter((a) => !latest.actions.some((x) => x.id === a.id));
    // Everything still owed today was owed on the meeting day; what was done since was owed then too.
    expect(carried).toEqual(expect.arrayContaining(earlier.map((a) => a.id)));
    expect(carried.length).toBeGreaterThanOrEqual(earlier.length);
  });

  it('gives 建设局 its actions and exports a held meeting’s record', async () => {
    const dept = await login(t, 'dept', DEMO_PASSWORD);
    const mine = await get<{ items: Action[] }>('/api/dispatch-actions?scope=mine&pageSize=200', dept);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(new Set(mine.items.map((a) => a.ownerOrganizationName))).toEqual(new Set(['科学城管委会建设局']));
    const page = await get<{ items: { id: string; status: string }[] }>('/api/dispatch-meetings?status=held');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dispatch-meetings/${page.items[0]!.id}/record.docx`,
      headers: { cookie: leader },
    });
    expect(res.statusCode).toBe(200);
    const doc = await readDocxText(res.rawPayload);
    expect(doc.paragraphs).toContain('二、议定事项');
    expect(doc.paragraphs.some((p) => p.startsWith('参会：'))).toBe(true);
  });
});
