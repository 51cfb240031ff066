import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ReminderSettingsInputSchema,
  ReminderSettingsSchema,
  reminderFieldLabels,
  ScheduledJobListSchema,
  WebhookTestResultSchema,
} from '#domain/schemas/reminders.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createReminderService } from './reminders.service.ts';

const tags = ['reminders'];

/** Administrators' side of reminders: lead times, the group-chat webhook and the background jobs; under /api. */
export function reminderRoutes(ctx: ServiceContext) {
  const service = createReminderService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const config = { permission: 'notification.configure', fieldLabels: reminderFieldLabels } as const;

    app.get(
      '/reminder-settings',
      {
        config,
        schema: {
          tags,
          summary: '提醒与群机器人推送设置 / reminder lead times and the group-chat webhook',
          response: { 200: ReminderSettingsSchema },
        },
      },
      (request) => service.getSettings(actorOf(request)),
    );

    app.put(
      '/reminder-settings',
      {
        config,
        schema: {
          tags,
          summary: '保存提醒与推送设置 / save reminder and webhook settings',
          body: ReminderSettingsInputSchema,
          response: { 200: ReminderSettingsSchema },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    );

    app.post(
      '/reminder-settings/test-message',
      {
        config,
        schema: {
          tags,
          summary: '向群机器人发送测试消息 / send a test message to the group robot',
          response: { 200: WebhookTestResultSchema },
        },
      },
      (request) => service.sendTestMessage(actorOf(request)),
    );

    app.get(
      '/scheduled-jobs',
      {
        config,
        schema: {
          tags,
          summary: '后台任务运行情况 / background jobs: next run, last run, last error',
          response: { 200: ScheduledJobListSchema },
        },
      },
      (request) => service.findJobs(actorOf(request)),
    );
  };
}
