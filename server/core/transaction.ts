import type { Db, Tx } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { type AuditEvent, recordAudit } from './audit.ts';

/** Runs a write and its audit record in one transaction: both land or neither does. */
export async function withAudit<T>(
  db: Db,
  actor: Actor | null,
  work: (tx: Tx) => Promise<{ result: T; audit: Omit<AuditEvent, 'actorId' | 'actorName' | 'ip'> }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const { result, audit } = await work(tx);
    await auditWithin(tx, actor, audit);
    return result;
  });
}

/**
 * One more audit record inside a transaction that is already running, for a write that makes several records
 * (an inspection raises coordination items, each audited as raised).
 */
export async function auditWithin(
  tx: Tx,
  actor: Actor | null,
  audit: Omit<AuditEvent, 'actorId' | 'actorName' | 'ip'>,
): Promise<void> {
  await recordAudit(tx, {
    ...audit,
    actorId: actor?.id ?? null,
    actorName: actor ? `${actor.displayName}(${actor.username})` : null,
    ip: actor?.ip ?? null,
  });
}

/** A denial or failure is recorded on its own: the request that caused it changes nothing else. */
export async function auditAlone(
  db: Db,
  actor: Actor | null,
  event: Omit<AuditEvent, 'actorId' | 'actorName' | 'ip'> & { ip?: string | null; actorName?: string | null },
) {
  await db.transaction(async (tx) => {
    await recordAudit(tx, {
      ...event,
      actorId: actor?.id ?? null,
      actorName: event.actorName ?? (actor ? `${actor.displayName}(${actor.username})` : null),
      ip: event.ip ?? actor?.ip ?? null,
    });
  });
}
