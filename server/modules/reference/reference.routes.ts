import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleCodes } from '#domain/permissions.ts';
import { csvList } from '#domain/schemas/common.ts';
import { ReferenceListSchema } from '#domain/schemas/reference.ts';
import { UserOptionSchema } from '#domain/schemas/users.ts';
import type { ServiceContext } from '../../core/context.ts';
import * as repo from './reference.repo.ts';

export function referenceRoutes(ctx: ServiceContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const read = { permission: 'reference.read' } as const;
    const list = { 200: ReferenceListSchema };

    app.get(
      '/divisions',
      { config: read, schema: { tags: ['reference'], summary: '行政区划 GB/T 2260', response: list } },
      () => repo.findDivisions(ctx.db),
    );
    app.get(
      '/industries',
      {
        config: read,
        schema: { tags: ['reference'], summary: '国民经济行业分类 GB/T 4754-2017', response: list },
      },
      () => repo.findIndustries(ctx.db),
    );
    app.get(
      '/leading-industries',
      { config: read, schema: { tags: ['reference'], summary: '主导产业', response: list } },
      () => repo.findLeadingIndustries(ctx.db),
    );
    app.get(
      '/user-options',
      {
        config: read,
        schema: {
          tags: ['reference'],
          summary: '人员选项（按角色）/ people to pick, by role',
          querystring: z.object({ role: csvList(z.enum(roleCodes)) }),
          response: { 200: z.array(UserOptionSchema) },
        },
      },
      (request) => repo.findUserOptions(ctx.db, request.query.role),
    );
  };
}
