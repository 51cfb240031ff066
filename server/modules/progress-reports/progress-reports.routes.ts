import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';

export function progressReportRoutes(_ctx: ServiceContext) {
  return async (_app: FastifyInstance) => {};
}
