import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Permission, RoleCode } from '#domain/permissions.ts';
import type { Executor } from '../../db/client.ts';
import { organizations, rolePermissions, sessions, userRoles, users } from '../../db/schema.ts';

export async function findUserByUsername(db: Executor, username: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return row;
}

export async function getUserRow(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function findRolesAndPermissions(db: Executor, userId: string) {
  const roleRows = await db
    .select({ code: userRoles.roleCode })
    .from(userRoles)
    .where(eq(userRoles.userId, userId));
  const roles = roleRows.map((r) => r.code as RoleCode);
  if (roles.length === 0) return { roles, permissions: [] as Permission[] };
  const permRows = await db
    .selectDistinct({ code: rolePermissions.permissionCode })
    .from(rolePermissions)
    .where(inArray(rolePermissions.roleCode, roles));
  return { roles, permissions: permRows.map((p) => p.code as Permission) };
}

export async function findOrganizationName(db: Executor, id: string | null) {
  if (!id) return null;
  const [row] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, id));
  return row?.name ?? null;
}

/**
 * A session with its user and what makes the actor (roles, their permissions, the organisation's name), in one
 * round trip: every request resolves its session, and the three more queries this took were a third of a list's
 * cost under load (docs/PERFORMANCE.md). Prepared once per database handle, so that PostgreSQL parses and plans
 * it once per connection rather than on every request.
 */
export async function getSessionWithUser(db: Executor, sessionId: string) {
  let query = sessionQueries.get(db);
  if (!query) {
    query = prepareSessionQuery(db);
    sessionQueries.set(db, query);
  }
  const [row] = await query.execute({ sessionId });
  return row;
}

function prepareSessionQuery(db: Executor) {
  return db
    .select({
      session: sessions,
      user: users,
      roles: sql<RoleCode[]>`array(select ur.role_code from user_roles ur where ur.user_id = ${users.id})`,
      permissions: sql<Permission[]>`array(select distinct rp.permission_code from role_permissions rp
        join user_roles ur on ur.role_code = rp.role_code where ur.user_id = ${users.id})`,
      organizationName: sql<
        string | null
      >`(select o.name from organizations o where o.id = ${users.organizationId})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .limit(1)
    .prepare('gj_session_with_user');
}

const sessionQueries = new WeakMap<Executor, ReturnType<typeof prepareSessionQuery>>();

export async function createSession(
  db: Executor,
  values: { id: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db.insert(sessions).values(values);
}

export async function touchSession(db: Executor, id: string, at: Date) {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Executor, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: Executor, userId: string, exceptId?: string) {
  await db
    .delete(sessions)
    .where(
      exceptId
        ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptId}`)
        : eq(sessions.userId, userId),
    );
}

export async function deleteExpiredSessions(db: Executor, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function updateUserLoginState(
  db: Executor,
  id: string,
  values: Partial<Pick<typeof users.$inferInsert, 'failedLoginCount' | 'lockedUntil' | 'lastLoginAt'>>,
) {
  await db.update(users).set(values).where(eq(users.id, id));
}

export async function updatePassword(db: Executor, id: string, passwordHash: string, mustChange: boolean) {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      isDemo: false,
      passwordChangedAt: new Date(),
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(eq(users.id, id));
}
