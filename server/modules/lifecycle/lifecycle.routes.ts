import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  lifecycleFieldLabels,
  ProjectEventInputSchema,
  ProjectLifecycleSchema,
  ProjectTemplateInputSchema,
  StagePlansInputSchema,
  StageRecordsInputSchema,
  StageTemplateRowSchema,
  StageTemplateSaveInputSchema,
  StageTransitionInputSchema,
} from '#domain/schemas/lifecycle.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createLifecycleService } from './lifecycle.service.ts';

const tags = ['lifecycle'];
const lifecycle = { 200: ProjectLifecycleSchema };

export function lifecycleRoutes(ctx: ServiceContext) {
  const service = createLifecycleService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/projects/:id/lifecycle',
      {
        config: { permission: 'project.read', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '项目全流程：阶段、历史、事件 / lifecycle of a project',
          params: idParamSchema,
          response: lifecycle,
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );
    app.post(
      '/projects/:id/stage-transitions',
      {
        config: { permission: 'project.stage.move', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '推进或退回阶段 / move a project to another stage',
          params: idParamSchema,
          body: StageTransitionInputSchema,
          response: lifecycle,
        },
      },
      (request) => service.move(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/projects/:id/stage-records',
      {
        config: { permission: 'project.stage.move', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '登记阶段办结记录 / record exit records without moving',
          params: idParamSchema,
          body: StageRecordsInputSchema,
          response: lifecycle,
        },
      },
      (request) => service.record(actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/projects/:id/stage-plans',
      {
        config: { permission: 'plan.manage', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '各阶段计划日期 / planned dates per stage',
          params: idParamSchema,
          body: StagePlansInputSchema,
          response: lifecycle,
        },
      },
      (request) => service.setPlans(actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/projects/:id/events',
      {
        config: { permission: 'project.event.record', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '登记开工/年度/竣工报告及延迟开工、停工、复工 / record a project event',
          params: idParamSchema,
          body: ProjectEventInputSchema,
          response: lifecycle,
        },
      },
      (request) => service.addEvent(actorOf(request), request.params.id, request.body),
    );
    app.put(
      '/projects/:id/stage-template',
      {
        config: { permission: 'project.stage.move', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: "为项目选择阶段模板（如带方案出让）/ choose a project's stage template",
          params: idParamSchema,
          body: ProjectTemplateInputSchema,
          response: lifecycle,
        },
      },
      (request) => service.chooseTemplate(actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/stage-templates',
      {
        config: { permission: 'project.read', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '阶段模板 / stage templates',
          response: { 200: z.array(StageTemplateRowSchema) },
        },
      },
      (request) => service.findTemplates(actorOf(request)),
    );
    app.put(
      '/stage-templates',
      {
        config: { permission: 'stage_template.manage', fieldLabels: lifecycleFieldLabels },
        schema: {
          tags,
          summary: '新增或修改阶段模板 / create or replace a stage template',
          body: StageTemplateSaveInputSchema,
          response: { 200: StageTemplateRowSchema },
        },
      },
      (request) => service.saveTemplate(actorOf(request), request.body),
    );
  };
}
