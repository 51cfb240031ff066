import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleCodes } from '#domain/permissions.ts';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  RolePermissionsInputSchema,
  RoleSchema,
  UserCreateInputSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserResetPasswordInputSchema,
  UserSchema,
  UserUpdateInputSchema,
} from '#domain/schemas/users.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createUserService } from './users.service.ts';

const tags = ['users'];

export function userRoutes(ctx: ServiceContext) {
  const service = createUserService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const manage = { permission: 'user.manage' } as const;
    app.get(
      '/users',
      {
        config: manage,
        schema: {
          tags,
          summary: '用户列表 / list users',
          querystring: UserListQuerySchema,
          response: { 200: UserPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );
    app.get(
      '/users/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '用户详情 / get a user',
          params: idParamSchema,
          response: { 200: UserSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );
    app.post(
      '/users',
      {
        config: manage,
        schema: {
          tags,
          summary: '新建用户 / create a user',
          body: UserCreateInputSchema,
          response: { 201: UserSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );
    app.patch(
      '/users/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '修改用户 / update a user',
          params: idParamSchema,
          body: UserUpdateInputSchema,
          response: { 200: UserSchema },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/users/:id/reset-password',
      {
        config: manage,
        schema: {
          tags,
          summary: '重置密码 / reset a password',
          params: idParamSchema,
          body: UserResetPasswordInputSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.resetPassword(actorOf(request), request.params.id, request.body.password);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/users/:id/unlock',
      {
        config: manage,
        schema: {
          tags,
          summary: '解锁账号 / unlock an account',
          params: idParamSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.unlock(actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/roles',
      {
        config: { permission: 'role.manage' },
        schema: {
          tags,
          summary: '角色与权限 / roles and permissions',
          response: { 200: z.array(RoleSchema) },
        },
      },
      (request) => service.findRoles(actorOf(request)),
    );
    app.put(
      '/roles/:code/permissions',
      {
        config: { permission: 'role.manage' },
        schema: {
          tags,
          summary: "设置角色权限 / set a role's permissions",
          params: z.object({ code: z.enum(roleCodes) }),
          body: RolePermissionsInputSchema,
          response: { 200: RoleSchema },
        },
      },
      (request) =>
        service.setRolePermissions(actorOf(request), request.params.code, request.body.permissions),
    );
  };
}
