import { and, count, desc, eq, like, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { bulletins, users } from '../../db/schema.ts';

export type BulletinInsert = typeof bulletins.$inferInsert;

/** Arbitrary constant: serialises the numbering of bulletins, so that two generations never take one number. */
const NUMBERING_LOCK_KEY = 74_210_007;

const successor = alias(bulletins, 'successor');

export type BulletinFilter = { month?: string; year?: number; current?: boolean };

export function filterConditions(f: BulletinFilter): SQL | undefined {
  const c: (SQL | undefined)[] = [];
  if (f.month) c.push(eq(bulletins.dataMonth, f.month));
  if (f.year) c.push(like(bulletins.dataMonth, `${f.year}-%`));
  // The current version is the one no later generation supersedes.
  if (f.current) {
    c.push(sql`not exists (select 1 from ${bulletins} b2 where b2.supersedes_id = ${bulletins.id})`);
  }
  return and(...c);
}

function selectBulletins(db: Executor) {
  return db
    .select({ b: bulletins, generatedByName: users.displayName, supersededById: successor.id })
    .from(bulletins)
    .leftJoin(users, eq(users.id, bulletins.generatedBy))
    .leftJoin(successor, eq(successor.supersedesId, bulletins.id));
}

export type BulletinRow = Awaited<ReturnType<ReturnType<typeof selectBulletins>['execute']>>[number];

/** Newest data month first, then the latest version of each month first. */
export async function findBulletins(
  db: Executor,
  where: SQL | undefined,
  page: { limit: number; offset: number },
): Promise<BulletinRow[]> {
  return selectBulletins(db)
    .where(where)
    .orderBy(desc(bulletins.dataMonth), desc(bulletins.revision))
    .limit(page.limit)
    .offset(page.offset);
}

export async function countBulletins(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: count() }).from(bulletins).where(where);
  return row?.n ?? 0;
}

export async function getBulletin(db: Executor, id: string): Promise<BulletinRow | undefined> {
  const [row] = await selectBulletins(db).where(eq(bulletins.id, id)).limit(1);
  return row;
}

/** The month's current version, if the month has a bulletin. */
export async function getCurrentOfMonth(db: Executor, month: string): Promise<BulletinRow | undefined> {
  const [row] = await selectBulletins(db)
    .where(eq(bulletins.dataMonth, month))
    .orderBy(desc(bulletins.revision))
    .limit(1);
  return row;
}

/** Held until the transaction ends: the next number is read and taken under it. */
export async function lockNumbering(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${NUMBERING_LOCK_KEY})`);
}

/** The numbers issued in `year` (first generations only: a regeneration keeps its month's number). */
export async function issuedNumbers(tx: Executor, year: number) {
  return tx
    .select({ year: bulletins.numberYear, sequence: bulletins.numberSequence })
    .from(bulletins)
    .where(and(eq(bulletins.numberYear, year), eq(bulletins.revision, 1)));
}

export async function insertBulletin(tx: Executor, values: BulletinInsert): Promise<void> {
  await tx.insert(bulletins).values(values);
}
