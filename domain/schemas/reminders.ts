/**
 * Reminders (issue #4): what the platform tells people before a cadence or a deadline is missed — this month's
 * inspection, a dispatch action's deadline, the monthly report's deadline — in the inbox and, optionally, in a
 * group chat through a 企业微信 or 钉钉 robot webhook. Plus the scheduler's job list for administrators.
 */
import { z } from 'zod';
import { bilingual } from './common.ts';

export const reminderKinds = [
  'inspection_due',
  'report_due',
  'report_overdue',
  'action_due',
  'action_overdue',
] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** The inbox kind of a reminder's notification: 'reminder.inspection_due' … */
export const reminderNotificationKind = (kind: ReminderKind) => `reminder.${kind}` as const;

/** 企业微信 group robot ({"msgtype":"markdown","markdown":{"content"}}) or 钉钉 custom robot (markdown title + text). */
export const webhookFormats = ['wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** Lead times, with the defaults used until an administrator saves the settings. */
export const defaultReminderLeads = {
  /** Remind the chief team when this many working days (today included) are left in the month. */
  inspectionLeadWorkingDays: 3,
  /** Remind the owner this many calendar days before the report deadline day. */
  reportLeadDays: 3,
  /** Remind the responsible organisation this many working days before an action's deadline. */
  actionLeadWorkingDays: 2,
} as const;

const leadDays = (zh: string, en: string) =>
  z
    .number(bilingual(`${zh}应为 0–15 的整数`, `${en} must be a whole number from 0 to 15`))
    .int(bilingual(`${zh}应为 0–15 的整数`, `${en} must be a whole number from 0 to 15`))
    .min(0, bilingual(`${zh}应为 0–15 的整数`, `${en} must be a whole number from 0 to 15`))
    .max(15, bilingual(`${zh}应为 0–15 的整数`, `${en} must be a whole number from 0 to 15`));

const webhookUrlMessage = bilingual(
  'Webhook 地址应为 http:// 或 https:// 开头的完整网址',
  'The webhook URL must be a full http:// or https:// address',
);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const ReminderSettingsInputSchema = z
  .object({
    inspectionLeadWorkingDays: leadDays('督查提前工作日数', 'Inspection lead'),
    reportLeadDays: leadDays('月报提前天数', 'Report lead'),
    actionLeadWorkingDays: leadDays('议定事项提前工作日数', 'Action lead'),
    webhookEnabled: z.boolean(),
    /** An empty string clears it. */
    webhookUrl: z
      .string()
      .trim()
      .max(1000, webhookUrlMessage)
      .refine((s) => s === '' || isHttpUrl(s), webhookUrlMessage)
      .nullable(),
    webhookFormat: z.enum(webhookFormats, bilingual('请选择机器人类型', 'Choose the robot type')),
    /**
     * 钉钉 加签 secret (starts with SEC). Absent: keep the stored one; null or empty: remove it. Never sent back.
     */
    webhookSecret: z.string().trim().max(200).nullable().optional(),
    version: z.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    if (v.webhookEnabled && !v.webhookUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhookUrl'],
        ...bilingual('启用推送前请填写 Webhook 地址', 'Enter the webhook URL before enabling it'),
      });
    }
  });
export type ReminderSettingsInput = z.infer<typeof ReminderSettingsInputSchema>;

export const reminderFieldLabels = {
  inspectionLeadWorkingDays: { zh: '督查提醒提前工作日数', en: 'Inspection reminder lead (working days)' },
  reportLeadDays: { zh: '月报提醒提前天数', en: 'Report reminder lead (days)' },
  actionLeadWorkingDays: { zh: '议定事项提醒提前工作日数', en: 'Action reminder lead (working days)' },
  webhookEnabled: { zh: '启用群机器人推送', en: 'Webhook enabled' },
  webhookUrl: { zh: 'Webhook 地址', en: 'Webhook URL' },
  webhookFormat: { zh: '机器人类型', en: 'Robot type' },
  webhookSecret: { zh: '加签密钥', en: 'Signing secret' },
} as const;

export const WebhookDeliverySchema = z.object({
  pending: z.number().int(),
  /** Messages given up after the last retry. */
  failed: z.number().int(),
  lastSentAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
});

export const ReminderSettingsSchema = z.object({
  inspectionLeadWorkingDays: z.number().int(),
  reportLeadDays: z.number().int(),
  actionLeadWorkingDays: z.number().int(),
  webhookEnabled: z.boolean(),
  webhookUrl: z.string().nullable(),
  webhookFormat: z.enum(webhookFormats),
  /** Whether a signing secret is stored; the secret itself never leaves the server. */
  webhookHasSecret: z.boolean(),
  version: z.number().int(),
  delivery: WebhookDeliverySchema,
});
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>;

export const WebhookTestResultSchema = z.object({
  delivered: z.boolean(),
  /** Why the robot refused or could not be reached (HTTP status, errcode and errmsg, network error). */
  error: z.string().nullable(),
});
export type WebhookTestResult = z.infer<typeof WebhookTestResultSchema>;

export const ScheduledJobSchema = z.object({
  name: z.string(),
  intervalSeconds: z.number().int(),
  nextRunAt: z.string(),
  /** Set while a node runs the job: who, and until when its lease holds. */
  lockedBy: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastOutcome: z.enum(['succeeded', 'failed']).nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  runCount: z.number().int(),
});
export type ScheduledJob = z.infer<typeof ScheduledJobSchema>;
export const ScheduledJobListSchema = z.object({ items: z.array(ScheduledJobSchema) });
