import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  BulletinDetailSchema,
  BulletinGenerateInputSchema,
  BulletinListQuerySchema,
  BulletinPageSchema,
  BulletinRegenerateInputSchema,
  BulletinSettingsInputSchema,
  BulletinSettingsSchema,
  bulletinFieldLabels,
} from '#domain/schemas/bulletins.ts';
import { idParamSchema } from '#domain/schemas/common.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition } from '../../core/downloads.ts';
import { createBulletinService } from './bulletins.service.ts';

const tags = ['bulletins'];

/** 通报: the monthly bulletin, its versions and its masthead settings; registered under /api. */
export function bulletinRoutes(ctx: ServiceContext) {
  const service = createBulletinService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const generate = { permission: 'bulletin.generate', fieldLabels: bulletinFieldLabels } as const;
    const read = { permission: 'bulletin.read', fieldLabels: bulletinFieldLabels } as const;

    app.post(
      '/bulletins',
      {
        config: generate,
        schema: {
          tags,
          summary:
            '生成月度通报（默认上月）/ generate the bulletin of a month that has ended (default: last month)',
          // Fastify hands a missing body over as null: generating last month needs none.
          body: BulletinGenerateInputSchema.nullable(),
          response: { 201: BulletinDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.generate(actorOf(request), request.body ?? {})),
    );

    app.get(
      '/bulletins',
      {
        config: read,
        schema: {
          tags,
          summary: '通报生成记录 / every generated bulletin, newest month first',
          querystring: BulletinListQuerySchema,
          response: { 200: BulletinPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.get(
      '/bulletin-settings',
      {
        config: read,
        schema: {
          tags,
          summary: '通报版头设置 / the masthead bulletins are generated with',
          response: { 200: BulletinSettingsSchema },
        },
      },
      (request) => service.getSettings(actorOf(request)),
    );

    app.put(
      '/bulletin-settings',
      {
        config: generate,
        schema: {
          tags,
          summary: '修改通报版头（需带 version）/ change the masthead (optimistic locking)',
          body: BulletinSettingsInputSchema,
          response: { 200: BulletinSettingsSchema },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    );

    app.get(
      '/bulletins/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '通报及其数据 / a bulletin version with the figures it reported',
          params: idParamSchema,
          response: { 200: BulletinDetailSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.get(
      '/bulletins/:id/file',
      {
        config: read,
        schema: {
          tags,
          summary: '下载通报（.docx，记入审计）/ download the .docx (audited)',
          params: idParamSchema,
        },
      },
      async (request, reply) => {
        const file = await service.getFile(actorOf(request), request.params.id);
        return reply
          .header('content-type', file.mimeType)
          .header('content-length', file.size)
          .header('content-disposition', contentDisposition('attachment', file.fileName))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(file.body);
      },
    );

    app.post(
      '/bulletins/:id/regenerate',
      {
        config: generate,
        schema: {
          tags,
          summary:
            '重新生成（同一文号的新版本，旧版本保留）/ generate the month again as a new version under the same number',
          params: idParamSchema,
          body: BulletinRegenerateInputSchema.nullable(),
          response: { 201: BulletinDetailSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.regenerate(
              actorOf(request),
              request.params.id,
              request.body ?? { note: undefined },
            ),
          ),
    );
  };
}
