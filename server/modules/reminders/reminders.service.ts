import crypto from 'node:crypto';
import { type IsoDate, todayInChina } from '#domain/iso-date.ts';
import {
  actionHorizon,
  actionReminder,
  inspectionReminder,
  reportReminders,
} from '#domain/reminder-rules.ts';
import {
  defaultReminderLeads,
  type ReminderKind,
  type ReminderSettings,
  type ReminderSettingsInput,
  reminderNotificationKind,
  type ScheduledJob,
  type WebhookFormat,
  type WebhookTestResult,
  webhookFormats,
} from '#domain/schemas/reminders.ts';
import { periodOfCode } from '#domain/supervision-cadence.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { invalidField, versionConflict } from '../../core/errors.ts';
import { auditAlone, auditWithin, withAudit } from '../../core/transaction.ts';
import { loadWorkingCalendar } from '../calendar/calendar.service.ts';
import { insertNotifications } from '../notifications/notifications.repo.ts';
import { findProjectsMissingReport } from '../progress-reports/progress-reports.repo.ts';
import {
  DEADLINE_SETTING,
  deadlineDayOf,
  reportDeadline,
} from '../progress-reports/progress-reports.service.ts';
import { getSetting, saveSetting } from '../warnings/warnings.repo.ts';
import * as repo from './reminders.repo.ts';
import {
  MAX_ATTEMPTS,
  postToRobot,
  redactUrl,
  retryDelayMs,
  splitMessage,
  type WebhookMessage,
} from './reminders.webhook.ts';

/** `app_settings` key of the lead times and the webhook. */
export const SETTINGS_KEY = 'reminder_settings';
/** Notifications of reminders carry entity_type 'reminder' and the reminder's id. */
const ENTITY = 'reminder';
/** Messages sent in one run of the webhook job: the robots accept 20 a minute, the job runs once a minute. */
const MESSAGES_PER_RUN = 20;
/** Lets group robots with a keyword check (钉钉 自定义关键词) accept every message: use 数字管家 as the keyword. */
const BRAND = '【数字管家】';

type StoredSettings = {
  inspectionLeadWorkingDays: number;
  reportLeadDays: number;
  actionLeadWorkingDays: number;
  webhookEnabled: boolean;
  webhookUrl: string | null;
  webhookFormat: WebhookFormat;
  webhookSecret: string | null;
};

const webhookTitles: Record<ReminderKind, string> = {
  inspection_due: `${BRAND}本月督查即将到期`,
  report_due: `${BRAND}月报即将截止`,
  report_overdue: `${BRAND}月报逾期未报`,
  action_due: `${BRAND}议定事项即将到期`,
  action_overdue: `${BRAND}议定事项已逾期`,
};

/** One reminder to issue: a subject, an occasion, the words, and the people to tell. */
type Draft = {
  subjectId: string;
  occasion: string;
  dueDate: IsoDate;
  title: string;
  body: string;
  link: string;
  recipients: string[];
  /** The subject's name in the group-chat line (a project, an action). */
  headline: string;
};

export type ReminderRun = {
  kind: ReminderKind;
  /** Reminders issued for the first time in this run. */
  reminders: number;
  notifications: number;
  webhookMessages: number;
};

export type DeliveryRun = { sent: number; retrying: number; failed: number; cancelled: number };

const monthLabel = (month: string) => periodOfCode(month)?.label.zh ?? month;
const shorten = (s: string, n = 30) => (s.length > n ? `${s.slice(0, n)}…` : s);

function parseStored(value: unknown): StoredSettings {
  const v = (value ?? {}) as Partial<StoredSettings>;
  const lead = (x: unknown, fallback: number) =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 15 ? (x as number) : fallback;
  return {
    inspectionLeadWorkingDays: lead(
      v.inspectionLeadWorkingDays,
      defaultReminderLeads.inspectionLeadWorkingDays,
    ),
    reportLeadDays: lead(v.reportLeadDays, defaultReminderLeads.reportLeadDays),
    actionLeadWorkingDays: lead(v.actionLeadWorkingDays, defaultReminderLeads.actionLeadWorkingDays),
    webhookEnabled: v.webhookEnabled === true && typeof v.webhookUrl === 'string',
    webhookUrl: typeof v.webhookUrl === 'string' ? v.webhookUrl : null,
    webhookFormat: webhookFormats.includes(v.webhookFormat as WebhookFormat)
      ? (v.webhookFormat as WebhookFormat)
      : 'wecom',
    webhookSecret: typeof v.webhookSecret === 'string' && v.webhookSecret ? v.webhookSecret : null,
  };
}

/**
 * Reminders before a cadence or a deadline is missed (issue #4), run by the scheduler's jobs (server/jobs.ts):
 * this month's inspection to the chief team, the monthly report to the owner, a dispatch action to whoever is
 * responsible. Each goes to the inbox and, when configured, to a group chat through the outbox. A reminder is
 * one row per (kind, subject, occasion) and one per recipient, both unique, so a run repeated on the same day,
 * or on two nodes at once, tells nobody twice.
 */
export function createReminderService(ctx: ServiceContext) {
  const { db, config } = ctx;
  const clock = () => ctx.clock?.() ?? new Date();

  async function stored(): Promise<StoredSettings & { version: number }> {
    const row = await getSetting(db, SETTINGS_KEY);
    return { ...parseStored(row?.value), version: row?.version ?? 0 };
  }

  /** 一月一督查: the chief and deputies of each project not yet inspected this month, near the month's end. */
  async function remindInspections(now: Date = clock()): Promise<ReminderRun> {
    const settings = await stored();
    const today = todayInChina(now);
    const due = inspectionReminder(await loadWorkingCalendar(db), today, settings.inspectionLeadWorkingDays);
    if (!due) return emptyRun('inspection_due');
    const projects = await repo.findProjectsAwaitingInspection(db, due.month, due.monthEnd);
    const deputies = await repo.findDeputies(
      db,
      projects.map((p) => p.projectId),
    );
    const active = await repo.activeUserIds(db, [
      ...new Set([...projects.map((p) => p.chiefUserId), ...deputies.map((d) => d.userId)]),
    ]);
    const left =
      due.workingDaysLeft === 0
        ? `月底（${due.monthEnd}）前已无其他工作日`
        : `月底（${due.monthEnd}）前还剩 ${due.workingDaysLeft} 个工作日`;
    const drafts = projects.map((p) => ({
      subjectId: p.projectId,
      occasion: due.month,
      dueDate: due.monthEnd,
      title: `本月督查即将到期：${p.projectName}`,
      body: `一月一督查：${monthLabel(due.month)}尚无督查记录，${left}。`,
      link: `/projects/${p.projectId}?tab=inspections`,
      recipients: [
        p.chiefUserId,
        ...deputies.filter((d) => d.projectId === p.projectId).map((d) => d.userId),
      ],
      headline: p.projectName,
    }));
    return issue('inspection_due', drafts, active, settings, now);
  }

  /** The monthly report: its owner's reporters, a few days before the deadline day and once it has passed. */
  async function remindReports(now: Date = clock()): Promise<ReminderRun[]> {
    const settings = await stored();
    const today = todayInChina(now);
    const deadlineDay = deadlineDayOf((await getSetting(db, DEADLINE_SETTING))?.value);
    const runs: ReminderRun[] = [];
    for (const due of reportReminders(today, settings.reportLeadDays, (m) =>
      reportDeadline(m, deadlineDay),
    )) {
      const projects = await findProjectsMissingReport(db, due.month, { all: true });
      const reporters = await repo.findUsersWithPermissionIn(
        db,
        [...new Set(projects.map((p) => p.ownerOrgId))],
        'report.submit',
      );
      const overdue = due.kind === 'report_overdue';
      const drafts = projects.map((p) => ({
        subjectId: p.id,
        occasion: due.month,
        dueDate: due.deadline,
        title: `${overdue ? '月报逾期未报' : '月报即将截止'}：${p.name}`,
        body: overdue
          ? `${monthLabel(due.month)}月报已过截止日 ${due.deadline}，尚未报送，请尽快补报。`
          : `${monthLabel(due.month)}月报应于 ${due.deadline} 前报送，目前尚未报送。`,
        link: `/projects/${p.id}?tab=reports`,
        recipients: reporters.filter((r) => r.organizationId === p.ownerOrgId).map((r) => r.userId),
        headline: p.name,
      }));
      const active = new Set(reporters.map((r) => r.userId));
      runs.push(await issue(due.kind, drafts, active, settings, now));
    }
    return runs;
  }

  /**
   * Dispatch actions (议定事项) still open: their owner, or else the people of the responsible organisation who
   * report on actions (dispatch.action.update), shortly before the deadline and on the day after it.
   */
  async function remindDispatchActions(now: Date = clock()): Promise<ReminderRun[]> {
    const settings = await stored();
    const today = todayInChina(now);
    const lead = settings.actionLeadWorkingDays;
    const actions = await repo.findOpenActions(db, actionHorizon(today, lead));
    if (actions.length === 0) return [];
    const calendar = await loadWorkingCalendar(db);
    const owners = await repo.activeUserIds(db, [
      ...new Set(actions.flatMap((a) => (a.ownerUserId ? [a.ownerUserId] : []))),
    ]);
    const handlers = await repo.findUsersWithPermissionIn(
      db,
      [...new Set(actions.map((a) => a.ownerOrganizationId))],
      'dispatch.action.update',
    );
    const active = new Set([...owners, ...handlers.map((h) => h.userId)]);
    const byKind: Record<'action_due' | 'action_overdue', Draft[]> = { action_due: [], action_overdue: [] };
    for (const a of actions) {
      const due = actionReminder(calendar, today, a.deadline, lead);
      if (!due) continue;
      const recipients =
        a.ownerUserId && owners.has(a.ownerUserId)
          ? [a.ownerUserId]
          : handlers.filter((h) => h.organizationId === a.ownerOrganizationId).map((h) => h.userId);
      const what = `${a.meetingTitle} 第 ${a.sequence} 项${a.projectName ? `（${a.projectName}）` : ''}，${a.ownerOrganizationName}负责`;
      const when =
        due.kind === 'action_overdue'
          ? `期限 ${a.deadline}，已逾期 ${due.daysOverdue} 天，请尽快办理并反馈落实情况。`
          : due.workingDaysLeft === 0
            ? `期限 ${a.deadline}（今天到期）。`
            : `期限 ${a.deadline}，还剩 ${due.workingDaysLeft} 个工作日。`;
      byKind[due.kind].push({
        subjectId: a.id,
        occasion: a.deadline,
        dueDate: a.deadline,
        title: `${due.kind === 'action_overdue' ? '议定事项已逾期' : '议定事项即将到期'}：${shorten(a.content)}`,
        body: `${what}；${when}`,
        link: '/dispatch-actions',
        recipients,
        headline: shorten(a.content),
      });
    }
    return [
      await issue('action_due', byKind.action_due, active, settings, now),
      await issue('action_overdue', byKind.action_overdue, active, settings, now),
    ];
  }

  /**
   * Issues the drafts in one transaction: the reminders not issued before, a notification for each recipient
   * not yet told, one group-chat message listing the new reminders, and an audit record of the run.
   */
  async function issue(
    kind: ReminderKind,
    drafts: Draft[],
    active: Set<string>,
    settings: StoredSettings,
    now: Date,
  ): Promise<ReminderRun> {
    const ready = drafts
      .map((d) => ({ ...d, recipients: [...new Set(d.recipients)].filter((id) => active.has(id)) }))
      .filter((d) => d.recipients.length > 0)
      // One order on every node: concurrent runs then wait on each other's rows instead of deadlocking.
      .sort((a, b) => (a.subjectId + a.occasion).localeCompare(b.subjectId + b.occasion));
    if (ready.length === 0) return emptyRun(kind);
    const keyOf = (d: { subjectId: string; occasion: string }) => `${d.subjectId}|${d.occasion}`;
    return db.transaction(async (tx) => {
      const fresh = await repo.insertReminders(
        tx,
        ready.map((d) => ({
          kind,
          subjectId: d.subjectId,
          occasion: d.occasion,
          dueDate: d.dueDate,
          title: d.title,
          body: d.body,
          link: d.link,
          createdAt: now,
        })),
      );
      const ids = await repo.findReminderIds(tx, kind, ready);
      const draftOf = new Map(ready.map((d) => [ids.get(keyOf(d)), d]));
      const told = await repo.insertRecipients(
        tx,
        ready.flatMap((d) => {
          const reminderId = ids.get(keyOf(d));
          if (!reminderId) return [];
          return d.recipients.map((userId) => ({
            reminderId,
            userId,
            notificationId: crypto.randomUUID(),
            createdAt: now,
          }));
        }),
      );
      if (fresh.length === 0 && told.length === 0) return emptyRun(kind);
      const notifications = await insertNotifications(
        tx,
        told.map((r) => {
          const d = draftOf.get(r.reminderId)!;
          return {
            id: r.notificationId,
            userId: r.userId,
            kind: reminderNotificationKind(kind),
            title: d.title,
            body: d.body,
            link: d.link,
            entityType: ENTITY,
            entityId: r.reminderId,
            createdAt: now,
          };
        }),
      );
      let webhookMessages = 0;
      if (fresh.length > 0 && settings.webhookEnabled && settings.webhookUrl) {
        const freshDrafts = fresh.map((f) => draftOf.get(f.id)!);
        const names = await repo.displayNames(tx, [...new Set(freshDrafts.flatMap((d) => d.recipients))]);
        const lines = freshDrafts.map((d) => {
          const who = d.recipients.map((id) => names.get(id) ?? '').filter(Boolean);
          const link = config.publicUrl ? ` [查看](${config.publicUrl}${d.link})` : '';
          return `**${d.headline}**：${d.body}${who.length ? `提醒：${who.join('、')}。` : ''}${link}`;
        });
        webhookMessages = await repo.enqueueWebhook(tx, kind, splitMessage(webhookTitles[kind], lines), now);
      }
      await auditWithin(tx, null, {
        action: 'reminder.send',
        entityType: ENTITY,
        entityId: kind,
        after: {
          kind,
          reminders: fresh.map((f) => keyOf(f)),
          notifications: notifications,
          webhookMessages,
        },
        detail: `${fresh.length} reminder(s), ${notifications} notification(s), ${webhookMessages} webhook message(s)`,
      });
      return { kind, reminders: fresh.length, notifications, webhookMessages };
    });
  }

  /**
   * Sends what the outbox holds, oldest first, at most 20 messages a run. A failure is retried with backoff (30 s
   * doubling up to an hour) and given up after MAX_ATTEMPTS; the first failure ends the run, since the robot
   * is likely down for the others too. With the webhook switched off, waiting messages are cancelled.
   */
  async function deliverWebhooks(now: Date = clock()): Promise<DeliveryRun> {
    const result: DeliveryRun = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
    const settings = await stored();
    if (!settings.webhookEnabled || !settings.webhookUrl) {
      result.cancelled = await repo.cancelPending(db, 'webhook disabled');
      return result;
    }
    const target = {
      url: settings.webhookUrl,
      format: settings.webhookFormat,
      secret: settings.webhookSecret,
    };
    const timeoutMs = config.webhookTimeoutSeconds * 1000;
    for (let i = 0; i < MESSAGES_PER_RUN; i++) {
      // Held for longer than one attempt can take, counted from now: a run sending twenty messages is slow.
      const message = await repo.claimNextMessage(db, now, new Date(clock().getTime() + timeoutMs + 60_000));
      if (!message) break;
      const delivery = await postToRobot(target, message.payload, { timeoutMs, now: clock() });
      if (delivery.delivered) {
        await repo.markSent(db, message.id, clock());
        result.sent++;
        continue;
      }
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      await repo.markAttemptFailed(
        db,
        message.id,
        delivery.error,
        giveUp ? null : new Date(clock().getTime() + retryDelayMs(message.attempts)),
      );
      if (giveUp) result.failed++;
      else result.retrying++;
      break;
    }
    return result;
  }

  async function getSettings(_actor: Actor): Promise<ReminderSettings> {
    const s = await stored();
    return {
      inspectionLeadWorkingDays: s.inspectionLeadWorkingDays,
      reportLeadDays: s.reportLeadDays,
      actionLeadWorkingDays: s.actionLeadWorkingDays,
      webhookEnabled: s.webhookEnabled,
      webhookUrl: s.webhookUrl,
      webhookFormat: s.webhookFormat,
      webhookHasSecret: s.webhookSecret !== null,
      version: s.version,
      delivery: await repo.deliveryStats(db),
    };
  }

  /** Version-checked (409 on a stale version). The audit record masks the URL's key and never holds the secret. */
  async function saveSettings(actor: Actor, input: ReminderSettingsInput): Promise<ReminderSettings> {
    const current = await stored();
    const next: StoredSettings = {
      inspectionLeadWorkingDays: input.inspectionLeadWorkingDays,
      reportLeadDays: input.reportLeadDays,
      actionLeadWorkingDays: input.actionLeadWorkingDays,
      webhookEnabled: input.webhookEnabled,
      webhookUrl: input.webhookUrl || null,
      webhookFormat: input.webhookFormat,
      webhookSecret: input.webhookSecret === undefined ? current.webhookSecret : input.webhookSecret || null,
    };
    const visible = (s: StoredSettings) => ({
      inspectionLeadWorkingDays: s.inspectionLeadWorkingDays,
      reportLeadDays: s.reportLeadDays,
      actionLeadWorkingDays: s.actionLeadWorkingDays,
      webhookEnabled: s.webhookEnabled,
      webhookUrl: redactUrl(s.webhookUrl),
      webhookFormat: s.webhookFormat,
      webhookHasSecret: s.webhookSecret !== null,
    });
    await withAudit(db, actor, async (tx) => {
      if (!(await saveSetting(tx, SETTINGS_KEY, next, input.version, actor.id))) throw versionConflict();
      return {
        result: undefined,
        audit: {
          action: 'notification.configure',
          entityType: 'setting',
          entityId: SETTINGS_KEY,
          before: current.version === 0 ? null : visible(current),
          after: visible(next),
        },
      };
    });
    return getSettings(actor);
  }

  /**
   * Sends a test message with the saved settings, at once, so that the administrator sees whether the robot
   * accepts it. This is the only delivery on a request's path: the administrator asked for it and waits for it
   * (bounded by WEBHOOK_TIMEOUT_SECONDS). Audited, since it posts into a group chat.
   */
  async function sendTestMessage(actor: Actor): Promise<WebhookTestResult> {
    const s = await stored();
    if (!s.webhookUrl) {
      throw invalidField('webhookUrl', {
        zh: '请先填写并保存 Webhook 地址',
        en: 'Enter and save the webhook URL first',
      });
    }
    const now = clock();
    const chinaTime = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const message: WebhookMessage = {
      title: `${BRAND}测试消息`,
      lines: [`${actor.displayName} 于 ${chinaTime} 发送了这条测试消息。收到即表示群机器人推送配置正确。`],
    };
    const result = await postToRobot(
      { url: s.webhookUrl, format: s.webhookFormat, secret: s.webhookSecret },
      message,
      { timeoutMs: config.webhookTimeoutSeconds * 1000, now },
    );
    await auditAlone(db, actor, {
      action: 'notification.test_webhook',
      entityType: 'setting',
      entityId: SETTINGS_KEY,
      outcome: result.delivered ? 'success' : 'failure',
      detail: result.delivered ? `delivered (${s.webhookFormat})` : `${s.webhookFormat}: ${result.error}`,
    });
    return result.delivered ? { delivered: true, error: null } : { delivered: false, error: result.error };
  }

  async function findJobs(_actor: Actor): Promise<{ items: ScheduledJob[] }> {
    return { items: await repo.findJobs(db) };
  }

  return {
    remindInspections,
    remindReports,
    remindDispatchActions,
    deliverWebhooks,
    getSettings,
    saveSettings,
    sendTestMessage,
    findJobs,
  };
}

function emptyRun(kind: ReminderKind): ReminderRun {
  return { kind, reminders: 0, notifications: 0, webhookMessages: 0 };
}

export type ReminderService = ReturnType<typeof createReminderService>;
