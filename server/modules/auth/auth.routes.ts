import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ChangePasswordInputSchema, LoginInputSchema, MeResponseSchema } from '#domain/schemas/auth.ts';
import { actorOf, SESSION_COOKIE } from '../../core/auth.ts';
import type { AuthService } from './auth.service.ts';
import { toMe } from './auth.service.ts';

export function authRoutes(auth: AuthService) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: '登录 / log in',
          body: LoginInputSchema,
          response: { 200: MeResponseSchema },
        },
      },
      async (request, reply) => {
        const { token, actor } = await auth.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          locale: request.locale,
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: auth.cookieSecure,
        });
        return { user: toMe(actor), demoMode: auth.demoMode };
      },
    );

    app.post(
      '/logout',
      {
        config: { authenticated: true, allowPasswordChange: true },
        schema: { tags: ['auth'], summary: '退出 / log out' },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (request.sessionId) await auth.logout(actor, request.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        config: { authenticated: true, allowPasswordChange: true },
        schema: { tags: ['auth'], summary: '当前用户 / current user', response: { 200: MeResponseSchema } },
      },
      async (request) => ({ user: toMe(actorOf(request)), demoMode: auth.demoMode }),
    );

    app.post(
      '/change-password',
      {
        config: { authenticated: true, allowPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: '修改密码 / change password',
          body: ChangePasswordInputSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await auth.changePassword(actorOf(request), request.sessionId ?? '', request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
