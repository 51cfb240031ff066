import { and, asc, count, desc, eq, inArray, isNull, lte, ne, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ReminderKind, ScheduledJob } from '#domain/schemas/reminders.ts';
import type { Executor } from '../../db/client.ts';
import {
  dispatchActions,
  dispatchMeetings,
  inspections,
  organizations,
  projectChiefAssignments,
  projectChiefStaff,
  projects,
  reminderRecipients,
  reminders,
  rolePermissions,
  scheduledJobs,
  userRoles,
  users,
  webhookOutbox,
} from '../../db/schema.ts';
import type { WebhookMessage } from './reminders.webhook.ts';

/**
 * Live projects with a chief (assigned by the month's end) and no inspection recorded for the month, with the
 * chief. The same projects the missing-inspection flag looks at once the month is over.
 */
export async function findProjectsAwaitingInspection(db: Executor, month: string, monthEnd: string) {
  return db
    .select({
      projectId: projects.id,
      projectName: projects.name,
      chiefUserId: projectChiefAssignments.chiefUserId,
    })
    .from(projects)
    .innerJoin(
      projectChiefAssignments,
      and(
        eq(projectChiefAssignments.projectId, projects.id),
        eq(projectChiefAssignments.chiefUserId, projects.chiefUserId),
      ),
    )
    .where(
      and(
        isNull(projects.deletedAt),
        lte(projectChiefAssignments.assignedOn, monthEnd),
        notExists(
          db
            .select({ one: sql`1` })
            .from(inspections)
            .where(and(eq(inspections.projectId, projects.id), eq(inspections.month, `${month}-01`))),
        ),
      ),
    )
    .orderBy(asc(projects.id));
}

export async function findDeputies(db: Executor, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .select({ projectId: projectChiefStaff.projectId, userId: projectChiefStaff.userId })
    .from(projectChiefStaff)
    .where(and(inArray(projectChiefStaff.projectId, projectIds), eq(projectChiefStaff.role, 'deputy')));
}

/** Active users of the organisations who hold the permission, with their organisation. */
export async function findUsersWithPermissionIn(db: Executor, organizationIds: string[], permission: string) {
  if (organizationIds.length === 0) return [];
  return db
    .selectDistinct({ userId: users.id, organizationId: users.organizationId })
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
}

const ownerOrg = alias(organizations, 'owner_org');

/** Open dispatch actions of meetings not cancelled, with a deadline up to `upTo` (overdue ones included). */
export async function findOpenActions(db: Executor, upTo: string) {
  return db
    .select({
      id: dispatchActions.id,
      meetingTitle: dispatchMeetings.title,
      sequence: dispatchActions.sequence,
      content: dispatchActions.content,
      projectName: projects.name,
      ownerOrganizationId: dispatchActions.ownerOrganizationId,
      ownerOrganizationName: ownerOrg.name,
      ownerUserId: dispatchActions.ownerUserId,
      deadline: dispatchActions.deadline,
    })
    .from(dispatchActions)
    .innerJoin(dispatchMeetings, eq(dispatchMeetings.id, dispatchActions.meetingId))
    .innerJoin(ownerOrg, eq(ownerOrg.id, dispatchActions.ownerOrganizationId))
    .leftJoin(projects, eq(projects.id, dispatchActions.projectId))
    .where(
      and(
        inArray(dispatchActions.status, ['open', 'in_progress']),
        ne(dispatchMeetings.status, 'cancelled'),
        lte(dispatchActions.deadline, upTo),
      ),
    )
    .orderBy(asc(dispatchActions.id));
}

export async function activeUserIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.isActive, true)));
  return new Set(rows.map((r) => r.id));
}

export async function displayNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type ReminderInsert = typeof reminders.$inferInsert;

/**
 * Inserts the reminders not sent before. Concurrent runs on several nodes meet on the unique key: the second
 * waits for the first to commit and then inserts nothing, so only the first sees a reminder as new.
 */
export async function insertReminders(tx: Executor, rows: ReminderInsert[]) {
  if (rows.length === 0) return [];
  return tx
    .insert(reminders)
    .values(rows)
    .onConflictDoNothing({ target: [reminders.kind, reminders.subjectId, reminders.occasion] })
    .returning({ id: reminders.id, subjectId: reminders.subjectId, occasion: reminders.occasion });
}

/** Ids of the kind's reminders for the (subject, occasion) pairs, new or old, keyed 'subject|occasion'. */
export async function findReminderIds(
  tx: Executor,
  kind: ReminderKind,
  keys: { subjectId: string; occasion: string }[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await tx
    .select({ id: reminders.id, subjectId: reminders.subjectId, occasion: reminders.occasion })
    .from(reminders)
    .where(
      and(
        eq(reminders.kind, kind),
        inArray(reminders.subjectId, [...new Set(keys.map((k) => k.subjectId))]),
        inArray(reminders.occasion, [...new Set(keys.map((k) => k.occasion))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.subjectId}|${r.occasion}`, r.id]));
}

/** Records who is told; returns the pairs that are new (each gets its notification). */
export async function insertRecipients(tx: Executor, rows: (typeof reminderRecipients.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return tx.insert(reminderRecipients).values(rows).onConflictDoNothing().returning({
    reminderId: reminderRecipients.reminderId,
    userId: reminderRecipients.userId,
    notificationId: reminderRecipients.notificationId,
  });
}

export async function enqueueWebhook(tx: Executor, kind: string, messages: WebhookMessage[], at: Date) {
  if (messages.length === 0) return 0;
  await tx
    .insert(webhookOutbox)
    .values(messages.map((payload) => ({ kind, payload, nextAttemptAt: at, createdAt: at })));
  return messages.length;
}

/**
 * Takes the oldest message due for sending and holds it until `lockUntil`. SKIP LOCKED and the lock column
 * keep a second sender (a node that took the webhook job over) off a message already being sent.
 */
export async function claimNextMessage(db: Executor, now: Date, lockUntil: Date) {
  const result = (await db.execute(sql`
    update webhook_outbox
    set locked_until = ${lockUntil.toISOString()}::timestamptz, attempts = attempts + 1,
        last_attempt_at = ${now.toISOString()}::timestamptz
    where id = (
      select id from webhook_outbox
      where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)
      order by next_attempt_at, id
      limit 1
      for update skip locked
    )
    returning id, kind, payload, attempts`)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    kind: String(row.kind),
    payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as WebhookMessage,
    attempts: Number(row.attempts),
  };
}

export async function markSent(db: Executor, id: number, at: Date) {
  await db
    .update(webhookOutbox)
    .set({ status: 'sent', sentAt: at, lockedUntil: null, lastError: null })
    .where(eq(webhookOutbox.id, id));
}

/** A failed attempt: retried at `retryAt`, or given up (failed) when retryAt is null. */
export async function markAttemptFailed(db: Executor, id: number, error: string, retryAt: Date | null) {
  await db
    .update(webhookOutbox)
    .set(
      retryAt
        ? { lastError: error, lockedUntil: null, nextAttemptAt: retryAt }
        : { lastError: error, lockedUntil: null, status: 'failed' },
    )
    .where(eq(webhookOutbox.id, id));
}

/** Messages waiting while the webhook is off are dropped, not sent in a burst when it is switched on again. */
export async function cancelPending(db: Executor, reason: string): Promise<number> {
  const rows = await db
    .update(webhookOutbox)
    .set({ status: 'cancelled', lastError: reason, lockedUntil: null })
    .where(eq(webhookOutbox.status, 'pending'))
    .returning({ id: webhookOutbox.id });
  return rows.length;
}

export async function deliveryStats(db: Executor) {
  const [counts, [lastSent], [lastFailure]] = await Promise.all([
    db
      .select({ status: webhookOutbox.status, n: count() })
      .from(webhookOutbox)
      .where(inArray(webhookOutbox.status, ['pending', 'failed']))
      .groupBy(webhookOutbox.status),
    db
      .select({ at: webhookOutbox.sentAt })
      .from(webhookOutbox)
      .where(eq(webhookOutbox.status, 'sent'))
      .orderBy(desc(webhookOutbox.sentAt))
      .limit(1),
    db
      .select({ error: webhookOutbox.lastError, at: webhookOutbox.lastAttemptAt })
      .from(webhookOutbox)
      .where(
        and(
          inArray(webhookOutbox.status, ['pending', 'failed']),
          sql`${webhookOutbox.lastError} is not null`,
        ),
      )
      .orderBy(sql`${webhookOutbox.lastAttemptAt} desc nulls last`, desc(webhookOutbox.id))
      .limit(1),
  ]);
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  return {
    pending: n('pending'),
    failed: n('failed'),
    lastSentAt: lastSent?.at?.toISOString() ?? null,
    lastError: lastFailure?.error ?? null,
    lastErrorAt: lastFailure?.at?.toISOString() ?? null,
  };
}

export async function findJobs(db: Executor): Promise<ScheduledJob[]> {
  const rows = await db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name));
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((r) => ({
    name: r.name,
    intervalSeconds: r.intervalSeconds,
    nextRunAt: r.nextRunAt.toISOString(),
    lockedBy: r.lockedBy,
    lockedUntil: iso(r.lockedUntil),
    lastStartedAt: iso(r.lastStartedAt),
    lastFinishedAt: iso(r.lastFinishedAt),
    lastOutcome: r.lastOutcome,
    lastDurationMs: r.lastDurationMs,
    lastError: r.lastError,
    lastErrorAt: iso(r.lastErrorAt),
    runCount: r.runCount,
  }));
}
