import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { RoleCode } from '#domain/permissions.ts';
import type { User, UserListQuery } from '#domain/schemas/users.ts';
import type { Executor } from '../../db/client.ts';
import { organizations, rolePermissions, roles, userRoles, users } from '../../db/schema.ts';

export async function findUsers(db: Executor, q: UserListQuery): Promise<{ items: User[]; total: number }> {
  const c: (SQL | undefined)[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`).toLowerCase()}%`;
    c.push(sql`(lower(${users.username}) like ${like} or ${users.displayName} like ${like})`);
  }
  if (q.role?.length) {
    c.push(
      inArray(
        users.id,
        db.select({ id: userRoles.userId }).from(userRoles).where(inArray(userRoles.roleCode, q.role)),
      ),
    );
  }
  const where = and(...c);
  const rows = await db
    .select({ u: users, organizationName: organizations.name })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(where)
    .orderBy(asc(users.username))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [total] = await db.select({ n: count() }).from(users).where(where);
  const roleRows = rows.length
    ? await db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.u.id),
          ),
        )
    : [];
  return {
    items: rows.map((r) =>
      toUser(
        r.u,
        r.organizationName,
        roleRows.filter((x) => x.userId === r.u.id).map((x) => x.roleCode as RoleCode),
      ),
    ),
    total: total?.n ?? 0,
  };
}

function toUser(u: typeof users.$inferSelect, organizationName: string | null, roleCodes: RoleCode[]): User {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    organizationId: u.organizationId,
    organizationName,
    roles: roleCodes,
    isActive: u.isActive,
    lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function getUser(db: Executor, id: string): Promise<User | undefined> {
  const [row] = await db
    .select({ u: users, organizationName: organizations.name })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, id));
  if (!row) return undefined;
  const roleRows = await db.select().from(userRoles).where(eq(userRoles.userId, id));
  return toUser(
    row.u,
    row.organizationName,
    roleRows.map((r) => r.roleCode as RoleCode),
  );
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert, roleCodes: RoleCode[]) {
  const [row] = await db.insert(users).values(values).returning({ id: users.id });
  await db.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId: row!.id, roleCode })));
  return row!.id;
}

export async function updateUser(
  db: Executor,
  id: string,
  version: number,
  values: Partial<typeof users.$inferInsert>,
) {
  const rows = await db
    .update(users)
    .set({ ...values, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.version, version)))
    .returning({ id: users.id });
  return rows.length > 0;
}

export async function setUserRoles(db: Executor, id: string, roleCodes: RoleCode[]) {
  await db.delete(userRoles).where(eq(userRoles.userId, id));
  await db.insert(userRoles).values(roleCodes.map((roleCode) => ({ userId: id, roleCode })));
}

export async function usernameTaken(db: Executor, username: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  return Boolean(row);
}

export async function findRoles(db: Executor) {
  const [roleRows, grants] = await Promise.all([
    db.select().from(roles).orderBy(asc(roles.sort)),
    db.select().from(rolePermissions),
  ]);
  return roleRows.map((r) => ({
    code: r.code as RoleCode,
    name: r.name,
    nameEn: r.nameEn,
    permissions: grants
      .filter((g) => g.roleCode === r.code)
      .map((g) => g.permissionCode)
      .sort(),
  }));
}

export async function setRolePermissions(db: Executor, roleCode: string, permissionCodes: string[]) {
  await db.delete(rolePermissions).where(eq(rolePermissions.roleCode, roleCode));
  if (permissionCodes.length) {
    await db
      .insert(rolePermissions)
      .values(permissionCodes.map((permissionCode) => ({ roleCode, permissionCode })));
  }
}
