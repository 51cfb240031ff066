import { asc, eq, inArray } from 'drizzle-orm';
import type { ReferenceItem } from '#domain/schemas/reference.ts';
import type { Executor } from '../../db/client.ts';
import {
  divisions,
  industries,
  leadingIndustries,
  organizations,
  userRoles,
  users,
} from '../../db/schema.ts';

export async function findDivisions(db: Executor): Promise<ReferenceItem[]> {
  const rows = await db.select().from(divisions).orderBy(asc(divisions.code));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    level: r.level,
    parentCode: r.parentCode,
  }));
}

export async function findIndustries(db: Executor): Promise<ReferenceItem[]> {
  const rows = await db.select().from(industries).orderBy(asc(industries.code));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    level: r.level,
    parentCode: r.parentCode,
  }));
}

export async function findLeadingIndustries(db: Executor): Promise<ReferenceItem[]> {
  const rows = await db.select().from(leadingIndustries).orderBy(asc(leadingIndustries.code));
  return rows.map((r) => ({ code: r.code, name: r.name, nameEn: r.nameEn, level: 1, parentCode: null }));
}

export async function findUserOptions(db: Executor, roles: string[] | undefined) {
  const base = db
    .selectDistinct({ id: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id));
  const rows = await (roles?.length
    ? base.where(inArray(userRoles.roleCode, roles))
    : base.where(eq(users.isActive, true))
  ).orderBy(asc(users.displayName));
  return rows;
}

/** Everything a project row refers to, loaded once to check a form or a whole import file. */
export async function loadProjectReferences(db: Executor) {
  const [divs, inds, leading, orgs, chiefs] = await Promise.all([
    db
      .select({
        code: divisions.code,
        name: divisions.name,
        level: divisions.level,
        parentCode: divisions.parentCode,
      })
      .from(divisions),
    db.select({ code: industries.code, name: industries.name }).from(industries),
    db.select({ code: leadingIndustries.code, name: leadingIndustries.name }).from(leadingIndustries),
    db
      .select({
        id: organizations.id,
        name: organizations.name,
        type: organizations.type,
        creditCode: organizations.creditCode,
      })
      .from(organizations),
    db
      .select({ id: users.id, username: users.username, displayName: users.displayName })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .where(eq(userRoles.roleCode, 'project_chief')),
  ]);
  return { divisions: divs, industries: inds, leadingIndustries: leading, organizations: orgs, chiefs };
}
export type ProjectReferences = Awaited<ReturnType<typeof loadProjectReferences>>;
