import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';
import { softwareCrypto } from './crypto.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export type AuditEvent = {
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  outcome?: AuditOutcome;
  detail?: string | null;
};

/** Arbitrary constant: serialises appends so each record links to exactly one predecessor. */
const AUDIT_CHAIN_LOCK_KEY = 74_210_002;
const GENESIS = '0'.repeat(64);

/** JSON with sorted keys: jsonb reorders keys, so the hash must not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type HashedFields = {
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  outcome: string;
  detail: string | null;
  prevHash: string;
};

function recordHash(f: HashedFields): string {
  return softwareCrypto.digest(canonicalJson({ ...f, at: f.at.toISOString() }));
}

/** Plain JSON values only: what jsonb stores is what we hash. */
function toJsonValue(v: unknown): unknown {
  return v === undefined || v === null ? null : JSON.parse(JSON.stringify(v));
}

/**
 * Appends one record to the hash-chained audit log, inside the caller's transaction so that the record
 * commits or rolls back with the change it describes.
 */
export async function recordAudit(tx: Executor, event: AuditEvent): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const fields: HashedFields = {
    // Millisecond precision: a JS Date round-trips through timestamptz unchanged, so verification recomputes.
    at: new Date(),
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    entityType: event.entityType ?? null,
    entityId: event.entityId ?? null,
    before: toJsonValue(event.before),
    after: toJsonValue(event.after),
    ip: event.ip ?? null,
    outcome: event.outcome ?? 'success',
    detail: event.detail ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  await tx.insert(auditLog).values({
    ...fields,
    outcome: fields.outcome as AuditOutcome,
    hash: recordHash(fields),
  });
}

/** Only the keys that differ, for compact before/after records of an update. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: T,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * Walks the chain in order and recomputes every hash. Any edit, deletion or insertion in the middle breaks the
 * link at that record.
 */
export async function verifyAuditChain(
  db: Executor,
): Promise<{ ok: boolean; checked: number; firstBrokenId: number | null }> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const expected = recordHash({
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before,
        after: r.after,
        ip: r.ip,
        outcome: r.outcome,
        detail: r.detail,
        prevHash: r.prevHash,
      });
      if (r.prevHash !== prev || r.hash !== expected) return { ok: false, checked, firstBrokenId: r.id };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  return { ok: true, checked, firstBrokenId: null };
}
