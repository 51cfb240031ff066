import type { MessageKey } from '../i18n/zh-CN.ts';

/**
 * A localised heading for each kind of notification the server sends; the stored title is in Chinese, the
 * platform's working language, so an English reader gets the kind in English beside it.
 */
export const notificationKindLabels: Record<string, MessageKey> = {
  'coordination.assigned': 'inbox.kind.assigned',
  'coordination.resolved': 'inbox.kind.resolved',
  'coordination.reopened': 'inbox.kind.reopened',
  'coordination.escalated': 'inbox.kind.escalated',
  warning: 'inbox.kind.warning',
  'inspection.missing': 'inbox.kind.inspectionMissing',
  'reminder.inspection_due': 'inbox.kind.inspectionDue',
  'reminder.report_due': 'inbox.kind.reportDue',
  'reminder.report_overdue': 'inbox.kind.reportOverdue',
  'reminder.action_due': 'inbox.kind.actionDue',
  'reminder.action_overdue': 'inbox.kind.actionOverdue',
  'dispatch.assigned': 'inbox.kind.dispatchAssigned',
};

export const notificationKindColors: Record<string, string> = {
  'coordination.assigned': 'blue',
  'coordination.resolved': 'green',
  'coordination.reopened': 'orange',
  'coordination.escalated': 'red',
  warning: 'red',
  'inspection.missing': 'orange',
  'reminder.inspection_due': 'gold',
  'reminder.report_due': 'gold',
  'reminder.report_overdue': 'volcano',
  'reminder.action_due': 'gold',
  'reminder.action_overdue': 'volcano',
  'dispatch.assigned': 'purple',
};
