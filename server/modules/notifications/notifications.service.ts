import type { Notification, NotificationListQuery, NotificationPage } from '#domain/schemas/notifications.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { notFound } from '../../core/errors.ts';
import * as repo from './notifications.repo.ts';

const NOTIFICATION = { zh: '通知', en: 'notification' };

/**
 * A person's own inbox. Reading and marking read are not audited: the read state is the person's own view of
 * their messages, not a record of the administration (the events that caused a notification are audited).
 */
export function createNotificationService(ctx: ServiceContext) {
  const { db } = ctx;
  const now = () => ctx.clock?.() ?? new Date();

  async function find(actor: Actor, query: NotificationListQuery): Promise<NotificationPage> {
    const result = await repo.findNotifications(db, actor.id, {
      unread: query.unread,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return { ...result, page: query.page, pageSize: query.pageSize };
  }

  /** Idempotent: reading twice keeps the first read time. Someone else's notification is answered 404. */
  async function markRead(actor: Actor, id: string): Promise<Notification> {
    const row = await repo.markRead(db, actor.id, id, now());
    if (!row) throw notFound(NOTIFICATION);
    return row;
  }

  async function markAllRead(actor: Actor): Promise<{ updated: number }> {
    return { updated: await repo.markAllRead(db, actor.id, now()) };
  }

  return { find, markRead, markAllRead };
}
