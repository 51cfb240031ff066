import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Label, Locale } from '#domain/codelists.ts';
import type { Permission } from '#domain/permissions.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { Actor } from './actor.ts';
import type { ServiceContext } from './context.ts';
import { AppError, forbidden } from './errors.ts';
import { requestLocale } from './i18n.ts';
import { auditAlone } from './transaction.ts';

export const SESSION_COOKIE = 'gj_session';

/** The browsable API docs (swagger-ui's own routes) are public, like the OpenAPI document they show. */
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    locale: Locale;
  }
  interface FastifyContextConfig {
    /** The permission a route needs. Every /api route declares one, or `public: true`. */
    permission?: Permission;
    /** No session needed (login, health, API docs). */
    public?: boolean;
    /** Any logged-in user (their own session and password). */
    authenticated?: boolean;
    /** Labels of this route's fields for validation messages, where the shared ones would mislead. */
    fieldLabels?: Readonly<Record<string, Label>>;
    /** Reachable while the account must still change its password (me, logout, change-password). */
    allowPasswordChange?: boolean;
  }
}

/** The authenticated actor of a route that declared a permission; the hooks guarantee it is there. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please log in' });
  return request.actor;
}

/**
 * Session resolution and the permission check that runs before every handler. Routes declare their
 * permission in `config`; a route under /api that declares neither a permission nor `public` fails at startup,
 * so an unprotected route cannot ship by accident.
 */
export function registerAuth(app: FastifyInstance, ctx: ServiceContext, auth: AuthService) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('locale', 'zh-CN');

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || isDocs(route.url)) return;
    const config = route.config as
      | { permission?: Permission; public?: boolean; authenticated?: boolean }
      | undefined;
    if (!config?.permission && !config?.public && !config?.authenticated) {
      throw new Error(
        `Route ${route.method} ${route.url} declares no permission (config.permission, .authenticated or .public)`,
      );
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.locale = requestLocale(request.headers['accept-language']);
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await auth.resolveSession(token, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      locale: request.locale,
    });
    if (resolved) {
      request.actor = resolved.actor;
      request.sessionId = resolved.sessionId;
    }
  });

  // Before validation: a caller without the permission learns nothing about what input would be accepted.
  app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    if (config.public || !request.url.startsWith('/api/') || isDocs(request.url)) return;
    const actor = request.actor;
    if (!actor) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new AppError('UNAUTHENTICATED', {
        zh: '未登录或会话已过期，请重新登录',
        en: 'Not logged in or the session expired',
      });
    }
    if (actor.mustChangePassword && !config.allowPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', {
        zh: '请先修改初始密码',
        en: 'Change your initial password first',
      });
    }
    if (config.permission && !actor.permissions.has(config.permission)) {
      await auditAlone(ctx.db, actor, {
        action: config.permission,
        outcome: 'denied',
        detail: `${request.method} ${request.routeOptions.url ?? request.url}`,
      });
      throw forbidden();
    }
  });
}
