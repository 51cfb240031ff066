import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  TimelineEventDeleteInputSchema,
  TimelineEventInputSchema,
  TimelineEventSchema,
  TimelineEventUpdateInputSchema,
  TimelineQuerySchema,
  TimelineSchema,
  timelineFieldLabels,
} from '#domain/schemas/timeline.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createTimelineService } from './timeline.service.ts';

const tags = ['timeline'];

export function timelineRoutes(ctx: ServiceContext) {
  const service = createTimelineService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const manage = { permission: 'timeline.manage', fieldLabels: timelineFieldLabels } as const;

    app.get(
      '/timeline',
      {
        config: { permission: 'project.read', fieldLabels: timelineFieldLabels },
        schema: {
          tags,
          summary:
            '建设时间轴：大事记与项目开工、竣工、投产（同日 3 个以上开工合并为集中开工）/ the construction timeline',
          querystring: TimelineQuerySchema,
          response: { 200: TimelineSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.post(
      '/timeline-events',
      {
        config: manage,
        schema: {
          tags,
          summary: '新增大事记 / record a milestone',
          body: TimelineEventInputSchema,
          response: { 201: TimelineEventSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );

    app.patch(
      '/timeline-events/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改大事记（乐观锁）/ correct a milestone (optimistic locking)',
          params: idParamSchema,
          body: TimelineEventUpdateInputSchema,
          response: { 200: TimelineEventSchema },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/timeline-events/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '删除大事记（乐观锁）/ remove a milestone (optimistic locking)',
          params: idParamSchema,
          body: TimelineEventDeleteInputSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.delete(actorOf(request), request.params.id, request.body.version);
        return reply.status(204).send(null);
      },
    );
  };
}
