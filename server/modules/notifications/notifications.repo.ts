import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Notification } from '#domain/schemas/notifications.ts';
import type { Executor } from '../../db/client.ts';
import { notifications, rolePermissions, userRoles, users } from '../../db/schema.ts';

export type NotificationInsert = typeof notifications.$inferInsert;

/** Inserts notifications; other modules (coordination, warnings) call this inside their own transaction. */
export async function insertNotifications(tx: Executor, rows: NotificationInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  await tx.insert(notifications).values(rows);
  return rows.length;
}

/** Active users of the given organisations who hold a permission through any of their roles. */
export async function findUserIdsWithPermission(
  db: Executor,
  organizationIds: string[],
  permission: string,
): Promise<string[]> {
  if (organizationIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(
      and(
        inArray(users.organizationId, organizationIds),
        eq(users.isActive, true),
        eq(rolePermissions.permissionCode, permission),
      ),
    );
  return rows.map((r) => r.id);
}

/** The subset of user ids that belong to active accounts. */
export async function filterActiveUserIds(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.isActive, true)));
  return rows.map((r) => r.id);
}

function toNotification(r: typeof notifications.$inferSelect): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    entityType: r.entityType,
    entityId: r.entityId,
    readAt: r.readAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function findNotifications(
  db: Executor,
  userId: string,
  filter: { unread?: boolean | undefined; limit: number; offset: number },
): Promise<{ items: Notification[]; total: number; unread: number }> {
  const mine = eq(notifications.userId, userId);
  const where: SQL | undefined = filter.unread ? and(mine, isNull(notifications.readAt)) : mine;
  const [rows, [total], [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      // Unread first, newest first within each group; the id breaks ties so pages do not overlap.
      .orderBy(
        sql`${notifications.readAt} is null desc`,
        desc(notifications.createdAt),
        desc(notifications.id),
      )
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: count() }).from(notifications).where(where),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { items: rows.map(toNotification), total: total?.n ?? 0, unread: unread?.n ?? 0 };
}

/** Marks one of the user's notifications read (keeping the first read time); undefined when it is not theirs. */
export async function markRead(db: Executor, userId: string, id: string, at: Date) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return row ? toNotification(row) : undefined;
}

export async function markAllRead(db: Executor, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
