import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  MapSettingsInputSchema,
  MapSettingsSchema,
  mapSettingsFieldLabels,
  ProjectMapQuerySchema,
  ProjectMapSchema,
} from '#domain/schemas/map.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createMapService } from './map.service.ts';

const tags = ['map'];

export function mapRoutes(ctx: ServiceContext) {
  const service = createMapService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/projects/map',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary:
            '项目一张图：按台账筛选条件返回项目点位 / map points of the visible projects, with the ledger filters',
          querystring: ProjectMapQuerySchema,
          response: { 200: ProjectMapSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.get(
      '/map-settings',
      {
        // Everyone who sees a map needs its base; a tile key in it is a browser key, visible in tile requests anyway.
        config: { authenticated: true },
        schema: { tags, summary: '底图设置 / base map settings', response: { 200: MapSettingsSchema } },
      },
      (request) => service.getSettings(actorOf(request)),
    );

    app.put(
      '/map-settings',
      {
        config: { permission: 'map.configure', fieldLabels: mapSettingsFieldLabels },
        schema: {
          tags,
          summary: '保存底图设置（乐观锁）/ save the base map settings (optimistic locking)',
          body: MapSettingsInputSchema,
          response: { 200: MapSettingsSchema },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    );
  };
}
