import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  NotificationListQuerySchema,
  NotificationPageSchema,
  NotificationReadAllResultSchema,
  NotificationSchema,
} from '#domain/schemas/notifications.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createNotificationService } from './notifications.service.ts';

const tags = ['notifications'];

/** Every logged-in user has an inbox; the service only ever touches the caller's own notifications. */
export function notificationRoutes(ctx: ServiceContext) {
  const service = createNotificationService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const config = { authenticated: true } as const;

    app.get(
      '/notifications',
      {
        config,
        schema: {
          tags,
          summary: '我的通知（未读在前）/ my notifications, unread first',
          querystring: NotificationListQuerySchema,
          response: { 200: NotificationPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.post(
      '/notifications/read-all',
      {
        config,
        schema: {
          tags,
          summary: '全部标为已读 / mark all my notifications read',
          response: { 200: NotificationReadAllResultSchema },
        },
      },
      (request) => service.markAllRead(actorOf(request)),
    );

    app.post(
      '/notifications/:id/read',
      {
        config,
        schema: {
          tags,
          summary: '标为已读 / mark a notification read',
          params: idParamSchema,
          response: { 200: NotificationSchema },
        },
      },
      (request) => service.markRead(actorOf(request), request.params.id),
    );
  };
}
