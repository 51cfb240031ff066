import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';

export function planRoutes(_ctx: ServiceContext) {
  return async (_app: FastifyInstance) => {};
}
