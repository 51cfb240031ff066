import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  CoordinationAcceptInputSchema,
  CoordinationConfirmInputSchema,
  CoordinationDecisionInputSchema,
  CoordinationItemCreateInputSchema,
  CoordinationItemDetailSchema,
  CoordinationItemPageSchema,
  CoordinationListQuerySchema,
  CoordinationReopenInputSchema,
  CoordinationResolveInputSchema,
  coordinationFieldLabels,
  EscalationResultSchema,
  OverdueCoordinationListQuerySchema,
  ProjectCoordinationListQuerySchema,
} from '#domain/schemas/coordination.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createCoordinationService } from './coordination.service.ts';

const tags = ['coordination'];

export function coordinationRoutes(ctx: ServiceContext) {
  const service = createCoordinationService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const detail = { 200: CoordinationItemDetailSchema };
    const list = { 200: CoordinationItemPageSchema };

    app.post(
      '/projects/:id/coordination-items',
      {
        config: { permission: 'coordination.raise', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '提出协调事项 / raise a coordination item on a project',
          params: idParamSchema,
          body: CoordinationItemCreateInputSchema,
          response: { 201: CoordinationItemDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.raise(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/projects/:id/coordination-items',
      {
        config: { permission: 'project.read', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '项目的协调事项 / coordination items of a project',
          params: idParamSchema,
          querystring: ProjectCoordinationListQuerySchema,
          response: list,
        },
      },
      (request) => service.findForProject(actorOf(request), request.params.id, request.query),
    );

    app.get(
      '/coordination-items',
      {
        config: { permission: 'project.read', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '协调事项列表（我的 / 部门 / 项目）/ coordination items: mine, a department’s, by project',
          querystring: CoordinationListQuerySchema,
          response: list,
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.get(
      '/coordination-items/overdue',
      {
        config: { permission: 'project.scope.all', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '全区逾期事项（督办）/ overdue items across the zone',
          querystring: OverdueCoordinationListQuerySchema,
          response: list,
        },
      },
      (request) => service.findOverdue(actorOf(request), request.query),
    );

    // An administrator's manual run of the daily 督办 job; warning.configure because escalation is part of the
    // warning machinery administrators own, and it acts on the whole zone rather than on one person's items.
    app.post(
      '/coordination-items/escalate',
      {
        config: { permission: 'warning.configure', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '执行逾期督办 / escalate overdue items now (the daily job does the same)',
          response: { 200: EscalationResultSchema },
        },
      },
      (request) => service.escalateOverdue(undefined, actorOf(request)),
    );

    app.get(
      '/coordination-items/:id',
      {
        config: { permission: 'project.read', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '协调事项详情及办理记录 / a coordination item with its history',
          params: idParamSchema,
          response: detail,
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.post(
      '/coordination-items/:id/accept',
      {
        config: { permission: 'coordination.handle', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '受理（责任部门）/ accept (assigned department)',
          params: idParamSchema,
          body: CoordinationAcceptInputSchema,
          response: detail,
        },
      },
      (request) => service.accept(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/coordination-items/:id/resolve',
      {
        config: { permission: 'coordination.handle', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '办结并答复（责任部门）/ resolve with an answer (assigned department)',
          params: idParamSchema,
          body: CoordinationResolveInputSchema,
          response: detail,
        },
      },
      (request) => service.resolve(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/coordination-items/:id/confirm',
      {
        config: { permission: 'coordination.raise', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '确认办结（提出人）/ confirm the answer (the raiser)',
          params: idParamSchema,
          body: CoordinationConfirmInputSchema,
          response: detail,
        },
      },
      (request) => service.confirm(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/coordination-items/:id/reopen',
      {
        config: { permission: 'coordination.raise', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: '重新打开并说明原因（提出人）/ reopen with a reason (the raiser)',
          params: idParamSchema,
          body: CoordinationReopenInputSchema,
          response: detail,
        },
      },
      (request) => service.reopen(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/coordination-items/:id/decision',
      {
        config: { permission: 'coordination.raise', fieldLabels: coordinationFieldLabels },
        schema: {
          tags,
          summary: "提请或撤回领导决策（双月调度议程）/ put an item to a leader's decision, or withdraw it",
          params: idParamSchema,
          body: CoordinationDecisionInputSchema,
          response: detail,
        },
      },
      (request) => service.flagDecision(actorOf(request), request.params.id, request.body),
    );
  };
}
