import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  AnnualPlanPutInputSchema,
  AnnualPlanQuerySchema,
  AnnualPlanSchema,
  AnnualPlanStatusSchema,
  AnnualPlanSummaryQuerySchema,
  AnnualPlanSummarySchema,
  BaselineCreateInputSchema,
  BaselineListSchema,
  BaselineSchema,
  MilestoneCreateInputSchema,
  MilestoneIdParamSchema,
  MilestoneListSchema,
  MilestoneSchema,
  MilestoneUpdateInputSchema,
  ProjectYearParamSchema,
  planFieldLabels,
} from '#domain/schemas/plans.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createPlanService } from './plans.service.ts';

const tags = ['plans'];

/** Milestones, baselines and annual plans (节点计划); registered under /api. */
export function planRoutes(ctx: ServiceContext) {
  const service = createPlanService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/projects/:id/milestones',
      {
        config: { permission: 'project.read', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '项目节点计划 / milestones of a project, with the current year baseline',
          params: idParamSchema,
          response: { 200: MilestoneListSchema },
        },
      },
      (request) => service.findMilestones(actorOf(request), request.params.id),
    );

    app.post(
      '/projects/:id/milestones',
      {
        config: { permission: 'plan.manage', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '新增节点 / add a milestone',
          params: idParamSchema,
          body: MilestoneCreateInputSchema,
          response: { 201: MilestoneSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createMilestone(actorOf(request), request.params.id, request.body)),
    );

    app.patch(
      '/milestones/:id',
      {
        config: { permission: 'plan.manage', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '修改节点（乐观锁，需带 version）/ update a milestone (optimistic locking)',
          params: MilestoneIdParamSchema,
          body: MilestoneUpdateInputSchema,
          response: { 200: MilestoneSchema },
        },
      },
      (request) => service.updateMilestone(actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/milestones/:id',
      {
        config: { permission: 'plan.manage', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '删除节点 / delete a milestone (kept for baselines and the audit log)',
          params: MilestoneIdParamSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteMilestone(actorOf(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/projects/:id/baselines',
      {
        config: { permission: 'project.read', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '计划基线 / approved baselines of a project, latest year first',
          params: idParamSchema,
          response: { 200: BaselineListSchema },
        },
      },
      (request) => service.findBaselines(actorOf(request), request.params.id),
    );

    app.post(
      '/projects/:id/baselines',
      {
        config: { permission: 'plan.baseline', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '批准年度计划基线 / approve a year baseline (one per project and year)',
          params: idParamSchema,
          body: BaselineCreateInputSchema,
          response: { 201: BaselineSchema },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await service.createBaseline(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/projects/:id/annual-plans/:year',
      {
        config: { permission: 'project.read', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '年度计划投资及序时进度 / annual plan with year-to-date planned vs completed',
          params: ProjectYearParamSchema,
          querystring: AnnualPlanQuerySchema,
          response: { 200: AnnualPlanStatusSchema },
        },
      },
      (request) =>
        service.getAnnualPlan(actorOf(request), request.params.id, request.params.year, request.query),
    );

    app.get(
      '/annual-plans/summary',
      {
        config: { permission: 'project.read', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary:
            '年度投资计划完成情况（可见项目合计）/ annual plans of the projects the reader may see, taken together',
          querystring: AnnualPlanSummaryQuerySchema,
          response: { 200: AnnualPlanSummarySchema },
        },
      },
      (request) => service.summarizeAnnualPlans(actorOf(request), request.query),
    );

    app.put(
      '/projects/:id/annual-plans/:year',
      {
        config: { permission: 'plan.manage', fieldLabels: planFieldLabels },
        schema: {
          tags,
          summary: '设置年度计划投资（修改需带 version）/ create or replace an annual plan',
          params: ProjectYearParamSchema,
          body: AnnualPlanPutInputSchema,
          response: { 200: AnnualPlanSchema, 201: AnnualPlanSchema },
        },
      },
      async (request, reply) => {
        const { created, plan } = await service.putAnnualPlan(
          actorOf(request),
          request.params.id,
          request.params.year,
          request.body,
        );
        return reply.status(created ? 201 : 200).send(plan);
      },
    );
  };
}
