import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema.ts';
import { createTestApp, type TestApp, userSession } from '../../test/test-app.ts';

type Session = Awaited<ReturnType<typeof userSession>>;
let t: TestApp;
let alice: Session;
let bob: Session;
const ids = { read: '', older: '', newest: '', others: '' };
const keyOf: Record<string, keyof typeof ids> = {
  旧的已读: 'read',
  较早未读: 'older',
  最新未读: 'newest',
  别人的通知: 'others',
};

beforeAll(async () => {
  t = await createTestApp();
  // A user with no role at all still has an inbox.
  alice = await userSession(t, []);
  bob = await userSession(t, ['department']);
  const rows = await t.database.db
    .insert(notifications)
    .values([
      {
        userId: alice.user.id,
        kind: 'coordination.assigned',
        title: '旧的已读',
        createdAt: new Date('2026-09-01'),
      },
      {
        userId: alice.user.id,
        kind: 'coordination.assigned',
        title: '较早未读',
        createdAt: new Date('2026-09-02'),
      },
      {
        userId: alice.user.id,
        kind: 'coordination.escalated',
        title: '最新未读',
        link: '/coordination/x',
        createdAt: new Date('2026-09-03'),
      },
      {
        userId: bob.user.id,
        kind: 'coordination.assigned',
        title: '别人的通知',
        createdAt: new Date('2026-09-04'),
      },
    ])
    .returning();
  for (const r of rows) ids[keyOf[r.title]!] = r.id;
  await t.database.query(`update notifications set read_at = '2026-09-01T12:00:00Z' where id = $1`, [
    ids.read,
  ]);
});
afterAll(async () => {
  await t.close();
});

const inject = (method: 'GET' | 'POST', url: string, cookie?: string) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {} });

describe('GET /api/notifications', () => {
  it('lists my notifications only, unread first and newest first, with the unread count', async () => {
    const res = await inject('GET', '/api/notifications', alice.cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((n: { title: string }) => n.title)).toEqual(['最新未读', '较早未读', '旧的已读']);
    expect(body).toMatchObject({ total: 3, unread: 2, page: 1, pageSize: 20 });
    expect(body.items[0]).toMatchObject({
      kind: 'coordination.escalated',
      link: '/coordination/x',
      readAt: null,
    });
  });

  it('filters unread ones and pages', async () => {
    const unread = (await inject('GET', '/api/notifications?unread=true', alice.cookie)).json();
    expect(unread.items.map((n: { title: string }) => n.title)).toEqual(['最新未读', '较早未读']);
    const second = (await inject('GET', '/api/notifications?pageSize=1&page=2', alice.cookie)).json();
    expect(second.items.map((n: { title: string }) => n.title)).toEqual(['较早未读']);
    expect(second.total).toBe(3);
  });

  it('returns 400 naming the field for a page size over 100, and 401 without a session', async () => {
    const res = await inject('GET', '/api/notifications?pageSize=500', alice.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('pageSize');
    expect((await inject('GET', '/api/notifications')).statusCode).toBe(401);
  });
});

describe('POST /api/notifications/:id/read and /read-all', () => {
  it("marks one read, keeps the first read time on a repeat, and answers 404 for someone else's", async () => {
    const first = await inject('POST', `/api/notifications/${ids.older}/read`, alice.cookie);
    expect(first.statusCode).toBe(200);
    expect(first.json().readAt).not.toBeNull();
    const again = await inject('POST', `/api/notifications/${ids.older}/read`, alice.cookie);
    expect(again.json().readAt).toBe(first.json().readAt);
    expect((await inject('POST', `/api/notifications/${ids.others}/read`, alice.cookie)).statusCode).toBe(
      404,
    );
    expect((await inject('GET', '/api/notifications', alice.cookie)).json().unread).toBe(1);
  });

  it("marks all of mine read and leaves other people's alone", async () => {
    const res = await inject('POST', '/api/notifications/read-all', alice.cookie);
    expect(res.json()).toEqual({ updated: 1 });
    expect((await inject('GET', '/api/notifications', alice.cookie)).json().unread).toBe(0);
    expect((await inject('GET', '/api/notifications', bob.cookie)).json().unread).toBe(1);
    expect((await inject('POST', '/api/notifications/read-all')).statusCode).toBe(401);
  });

  it('returns 400 for an id that is not a UUID', async () => {
    const res = await inject('POST', '/api/notifications/abc/read', alice.cookie);
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('id');
  });
});
