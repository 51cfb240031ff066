import { and, count, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { AuditEntry, AuditListQuery } from '#domain/schemas/audit.ts';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';

export async function findAuditEntries(
  db: Executor,
  q: AuditListQuery,
): Promise<{ items: AuditEntry[]; total: number }> {
  const c: (SQL | undefined)[] = [];
  if (q.actor) c.push(sql`${auditLog.actorName} like ${`%${q.actor.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  if (q.action) c.push(sql`${auditLog.action} like ${`${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  if (q.entityType) c.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) c.push(eq(auditLog.entityId, q.entityId));
  if (q.outcome) c.push(eq(auditLog.outcome, q.outcome));
  // Dates are calendar days in China Standard Time, the time zone of the people who search.
  if (q.from) c.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) c.push(lt(auditLog.at, new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000)));
  const where = and(...c);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actorId,
      actorName: r.actorName,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before ?? null,
      after: r.after ?? null,
      ip: r.ip,
      outcome: r.outcome,
      detail: r.detail,
      hash: r.hash,
    })),
    total: total?.n ?? 0,
  };
}
