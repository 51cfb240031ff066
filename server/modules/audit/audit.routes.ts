import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditListQuerySchema, AuditPageSchema, AuditVerifyResultSchema } from '#domain/schemas/audit.ts';
import { verifyAuditChain } from '../../core/audit.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { findAuditEntries } from './audit.repo.ts';

const tags = ['audit'];

/** Read-only by design: no route changes or deletes audit records, for any role. */
export function auditRoutes(ctx: ServiceContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags,
          summary: '审计日志 / search the audit log',
          querystring: AuditListQuerySchema,
          response: { 200: AuditPageSchema },
        },
      },
      async (request) => {
        actorOf(request);
        const { items, total } = await findAuditEntries(ctx.db, request.query);
        return { items, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );
    app.get(
      '/verify',
      {
        config: { permission: 'audit.read' },
        schema: {
          tags,
          summary: '校验哈希链 / verify the hash chain',
          response: { 200: AuditVerifyResultSchema },
        },
      },
      () => verifyAuditChain(ctx.db),
    );
  };
}
