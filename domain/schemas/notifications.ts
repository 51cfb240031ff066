/** The in-app inbox: what the platform tells a person without being asked (assignments, 督办, answers). */
import { z } from 'zod';
import { booleanQuery } from './common.ts';

/**
 * Known kinds, for the web app to pick an icon and a localised heading; the stored title is in Chinese, the
 * platform's working language. New kinds may appear (warnings), so the API does not restrict the field to these.
 */
export const notificationKinds = [
  'coordination.assigned',
  'coordination.resolved',
  'coordination.reopened',
  'coordination.escalated',
] as const;

export const NotificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** A path inside the web app, e.g. /coordination/<id>. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: booleanQuery,
});
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  total: z.number().int(),
  /** Unread notifications of the user, whatever the filter: the badge on the bell. */
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const NotificationReadAllResultSchema = z.object({ updated: z.number().int() });
