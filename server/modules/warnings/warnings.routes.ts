import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  JudgementInputSchema,
  JudgementSchema,
  ProjectWarningDetailSchema,
  WarningListQuerySchema,
  WarningPageSchema,
  WarningSettingsInputSchema,
  WarningSettingsSchema,
} from '#domain/schemas/warnings.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createWarningService } from './warnings.service.ts';

const tags = ['warnings'];

export function warningRoutes(ctx: ServiceContext) {
  const service = createWarningService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/warnings',
      {
        config: { permission: 'warning.read' },
        schema: {
          tags,
          summary: '预警项目（红黄灯优先）/ projects by warning light',
          querystring: WarningListQuerySchema,
          response: { 200: WarningPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );
    app.get(
      '/projects/:id/warning',
      {
        config: { permission: 'warning.read' },
        schema: {
          tags,
          summary: "项目预警、挣值与研判 / a project's light, earned value and judgements",
          params: idParamSchema,
          response: { 200: ProjectWarningDetailSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );
    app.post(
      '/projects/:id/judgements',
      {
        config: { permission: 'warning.judge' },
        schema: {
          tags,
          summary: '研判（高/中/低，附理由）/ record a judgement',
          params: idParamSchema,
          body: JudgementInputSchema,
          response: { 201: JudgementSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.judge(actorOf(request), request.params.id, request.body)),
    );
    app.get(
      '/warning-settings',
      {
        config: { permission: 'warning.configure' },
        schema: {
          tags,
          summary: '预警规则设置 / warning rule settings',
          response: { 200: WarningSettingsSchema },
        },
      },
      (request) => service.getSettings(actorOf(request)),
    );
    app.put(
      '/warning-settings',
      {
        config: { permission: 'warning.configure' },
        schema: {
          tags,
          summary: '切换预警规则或编辑自定义规则 / choose the preset or edit the custom one',
          body: WarningSettingsInputSchema,
          response: { 200: WarningSettingsSchema },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    );
  };
}
