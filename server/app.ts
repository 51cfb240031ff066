import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppConfig } from './config.ts';
import { registerAuth } from './core/auth.ts';
import type { ServiceContext } from './core/context.ts';
import { softwareCrypto } from './core/crypto.ts';
import { registerErrorHandler } from './core/error-handler.ts';
import { createLocalStorage } from './core/storage.ts';
import type { Database } from './db/client.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { bulletinRoutes } from './modules/bulletins/bulletins.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { coordinationRoutes } from './modules/coordination/coordination.routes.ts';
import { dispatchMeetingRoutes } from './modules/dispatch-meetings/dispatch-meetings.routes.ts';
import { fieldReviewRoutes } from './modules/field-reviews/field-reviews.routes.ts';
import { inspectionRoutes } from './modules/inspections/inspections.routes.ts';
import { lifecycleRoutes } from './modules/lifecycle/lifecycle.routes.ts';
import { mapRoutes } from './modules/map/map.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { organizationRoutes } from './modules/organizations/organizations.routes.ts';
import { planRoutes } from './modules/plans/plans.routes.ts';
import { progressReportRoutes } from './modules/progress-reports/progress-reports.routes.ts';
import { projectRoutes } from './modules/projects/projects.routes.ts';
import { referenceRoutes } from './modules/reference/reference.routes.ts';
import { reminderRoutes } from './modules/reminders/reminders.routes.ts';
import { timelineRoutes } from './modules/timeline/timeline.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { warningRoutes } from './modules/warnings/warnings.routes.ts';

export type AppTypeProvider = ZodTypeProvider;
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * Builds the Fastify app on an open, migrated database. No side effects: it does not listen, migrate or seed
 * (main.ts does), so tests build it on a fresh database and call `app.inject`.
 */
export async function buildApp(
  config: AppConfig,
  database: Database,
  options: { clock?: () => Date } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const ctx: ServiceContext = {
    db: database.db,
    config,
    crypto: softwareCrypto,
    clock: options.clock,
    storage:
      config.storage.kind === 's3'
        ? // Loaded only when chosen: the S3 client is a large import that disk deployments never need.
          (await import('./core/s3-storage.ts')).createS3Storage(config.storage)
        : createLocalStorage(path.join(config.dataDir, 'files')),
  };
  const auth = createAuthService(ctx);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Guanjia 数字管家 API',
        description: '投资项目监测管理平台接口 / Investment project monitoring and management API',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'gj_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerErrorHandler(app);
  registerAuth(app, ctx, auth);

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async () => ({
    status: 'ok',
    database: database.kind,
  }));

  await app.register(authRoutes(auth), { prefix: '/api/auth' });
  await app.register(projectRoutes(ctx), { prefix: '/api/projects' });
  await app.register(organizationRoutes(ctx), { prefix: '/api/organizations' });
  await app.register(userRoutes(ctx), { prefix: '/api' });
  await app.register(auditRoutes(ctx), { prefix: '/api/audit' });
  await app.register(referenceRoutes(ctx), { prefix: '/api/reference' });
  await app.register(lifecycleRoutes(ctx), { prefix: '/api' });
  await app.register(planRoutes(ctx), { prefix: '/api' });
  await app.register(progressReportRoutes(ctx), { prefix: '/api' });
  await app.register(coordinationRoutes(ctx), { prefix: '/api' });
  await app.register(calendarRoutes(ctx), { prefix: '/api' });
  await app.register(notificationRoutes(ctx), { prefix: '/api' });
  await app.register(warningRoutes(ctx), { prefix: '/api' });
  await app.register(fieldReviewRoutes(ctx), { prefix: '/api' });
  await app.register(inspectionRoutes(ctx), { prefix: '/api' });
  await app.register(bulletinRoutes(ctx), { prefix: '/api' });
  await app.register(dispatchMeetingRoutes(ctx), { prefix: '/api' });
  await app.register(reminderRoutes(ctx), { prefix: '/api' });
  await app.register(mapRoutes(ctx), { prefix: '/api' });
  await app.register(timelineRoutes(ctx), { prefix: '/api' });
  await app.register(analyticsRoutes(ctx), { prefix: '/api' });

  registerWebApp(app, config.webDistDir);
  return app;
}

/** Serves the built web app and sends index.html for client-side routes. */
function registerWebApp(app: FastifyInstance, distDir: string | undefined) {
  if (!distDir || !fs.existsSync(path.join(distDir, 'index.html'))) return;
  app.register(fastifyStatic, { root: distDir, wildcard: false, index: false });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const file = path.join(distDir, path.normalize(request.url.split('?')[0] ?? '/'));
    if (file.startsWith(distDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const rel = path.relative(distDir, file);
      // Hashed asset names never change content: cache them for a year.
      if (rel.startsWith('assets')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.sendFile(rel);
    }
    if (request.url.startsWith('/api/')) {
      return reply
        .status(404)
        .send({ code: 'NOT_FOUND', message: request.locale === 'en' ? 'No such API route' : '接口不存在' });
    }
    // Read on every request: a rebuild while the server runs must not leave it pointing at old asset names.
    const indexHtml = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
    return reply.type('text/html').header('cache-control', 'no-cache').send(indexHtml);
  });
}
