import { and, asc, count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Organization, OrganizationListQuery } from '#domain/schemas/organizations.ts';
import type { Executor } from '../../db/client.ts';
import { organizations } from '../../db/schema.ts';

type Row = typeof organizations.$inferSelect;

function toOrganization(r: Row): Organization {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    creditCode: r.creditCode,
    creditCodeOverride: r.creditCodeOverride,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    divisionCode: r.divisionCode,
    isDemo: r.isDemo,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function findOrganizations(db: Executor, q: OrganizationListQuery) {
  const c: (SQL | undefined)[] = [];
  if (q.type?.length) c.push(inArray(organizations.type, q.type));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    c.push(
      sql`(${organizations.name} like ${like} or ${organizations.creditCode} like ${like.toUpperCase()})`,
    );
  }
  const where = and(...c);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(organizations)
      .where(where)
      .orderBy(asc(organizations.type), asc(organizations.name))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { items: rows.map(toOrganization), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getOrganization(db: Executor, id: string): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row ? toOrganization(row) : undefined;
}

export async function findByNameOrCode(
  db: Executor,
  name: string | undefined,
  creditCode: string | null | undefined,
) {
  const c: SQL[] = [];
  if (name) c.push(eq(organizations.name, name));
  if (creditCode) c.push(eq(organizations.creditCode, creditCode));
  if (!c.length) return [];
  return db
    .select({ id: organizations.id, name: organizations.name, creditCode: organizations.creditCode })
    .from(organizations)
    .where(sql.join(c, sql` or `));
}

export async function insertOrganization(
  db: Executor,
  values: typeof organizations.$inferInsert,
): Promise<string> {
  const [row] = await db.insert(organizations).values(values).returning({ id: organizations.id });
  return row!.id;
}

export async function updateOrganization(
  db: Executor,
  id: string,
  version: number,
  values: Partial<typeof organizations.$inferInsert>,
) {
  const rows = await db
    .update(organizations)
    .set({ ...values, version: sql`${organizations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(organizations.id, id), eq(organizations.version, version)))
    .returning({ id: organizations.id });
  return rows.length > 0;
}
