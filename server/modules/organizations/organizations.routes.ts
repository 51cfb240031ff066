import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  OrganizationCreateInputSchema,
  OrganizationListQuerySchema,
  OrganizationPageSchema,
  OrganizationSchema,
  OrganizationUpdateInputSchema,
} from '#domain/schemas/organizations.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createOrganizationService } from './organizations.service.ts';

const tags = ['organizations'];

export function organizationRoutes(ctx: ServiceContext) {
  const service = createOrganizationService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/',
      {
        config: { permission: 'organization.read' },
        schema: {
          tags,
          summary: '单位列表 / list organisations',
          querystring: OrganizationListQuerySchema,
          response: { 200: OrganizationPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );
    app.get(
      '/:id',
      {
        config: { permission: 'organization.read' },
        schema: {
          tags,
          summary: '单位详情 / get an organisation',
          params: idParamSchema,
          response: { 200: OrganizationSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );
    app.post(
      '/',
      {
        config: { permission: 'organization.manage' },
        schema: {
          tags,
          summary: '新增单位 / create an organisation',
          body: OrganizationCreateInputSchema,
          response: { 201: OrganizationSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );
    app.patch(
      '/:id',
      {
        config: { permission: 'organization.manage' },
        schema: {
          tags,
          summary: '修改单位 / update an organisation',
          params: idParamSchema,
          body: OrganizationUpdateInputSchema,
          response: { 200: OrganizationSchema },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );
  };
}
