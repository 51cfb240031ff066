import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  ChiefsComparisonQuerySchema,
  ChiefsComparisonSchema,
  FieldReviewAmendmentInputSchema,
  FieldReviewCloseInputSchema,
  FieldReviewCreateInputSchema,
  FieldReviewDetailSchema,
  FieldReviewHistorySchema,
  FieldReviewListQuerySchema,
  FieldReviewPageSchema,
  FieldReviewSheetInputSchema,
  FieldReviewSheetParamsSchema,
  FieldReviewSheetSchema,
  FieldReviewUpdateInputSchema,
  fieldReviewFieldLabels,
} from '#domain/schemas/field-reviews.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createFieldReviewService } from './field-reviews.service.ts';

const tags = ['field-reviews'];

/**
 * 一季一拉练. Reading needs project.read (the service narrows tours to the reader's scope); setting up, changing and
 * closing need field_review.organise and being the tour's organiser; scoring needs field_review.score and being on
 * the tour's panel. Amendments are checked in the service: the organiser, or the scorer for his own sheet.
 */
export function fieldReviewRoutes(ctx: ServiceContext) {
  const service = createFieldReviewService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const config = { fieldLabels: fieldReviewFieldLabels };
    const detail = { 200: FieldReviewDetailSchema };

    app.post(
      '/field-reviews',
      {
        config: { ...config, permission: 'field_review.organise' },
        schema: {
          tags,
          summary: '组织季度拉练 / set up a quarterly field review tour',
          body: FieldReviewCreateInputSchema,
          response: { 201: FieldReviewDetailSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );

    app.get(
      '/field-reviews',
      {
        config: { ...config, permission: 'project.read' },
        schema: {
          tags,
          summary: '季度拉练列表 / field review tours',
          querystring: FieldReviewListQuerySchema,
          response: { 200: FieldReviewPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    // Declared before /field-reviews/:id for readability; Fastify prefers the static segment anyway.
    app.get(
      '/field-reviews/chiefs-comparison',
      {
        config: { ...config, permission: 'project.scope.all' },
        schema: {
          tags,
          summary: '各项目长拉练成绩比较 / field review results compared by project chief',
          querystring: ChiefsComparisonQuerySchema,
          response: { 200: ChiefsComparisonSchema },
        },
      },
      (request) => service.compareChiefs(actorOf(request), request.query),
    );

    app.get(
      '/field-reviews/:id',
      {
        config: { ...config, permission: 'project.read' },
        schema: {
          tags,
          summary: '拉练详情：路线、评分人、评分进度与结果 / a tour with route, panel, progress and result',
          params: idParamSchema,
          response: detail,
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.patch(
      '/field-reviews/:id',
      {
        config: { ...config, permission: 'field_review.organise' },
        schema: {
          tags,
          summary: '修改拉练（评分中，需带 version）/ change an open tour (optimistic locking)',
          params: idParamSchema,
          body: FieldReviewUpdateInputSchema,
          response: detail,
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.put(
      '/field-reviews/:id/sheets/:projectId',
      {
        config: { ...config, permission: 'field_review.score' },
        schema: {
          tags,
          summary: '提交评分表（评分人本人，可重复提交覆盖）/ submit or replace my scoring sheet',
          params: FieldReviewSheetParamsSchema,
          body: FieldReviewSheetInputSchema,
          response: { 200: FieldReviewSheetSchema },
        },
      },
      (request) =>
        service.submitSheet(actorOf(request), request.params.id, request.params.projectId, request.body),
    );

    app.post(
      '/field-reviews/:id/close',
      {
        config: { ...config, permission: 'field_review.organise' },
        schema: {
          tags,
          summary: '结束拉练并锁定评分 / close the tour and lock its scores',
          params: idParamSchema,
          body: FieldReviewCloseInputSchema,
          response: detail,
        },
      },
      (request) => service.close(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/field-reviews/:id/amendments',
      {
        config: { ...config, permission: 'project.read' },
        schema: {
          tags,
          summary: '结束后更正评分（组织者或评分人本人，须说明理由）/ amend a score after closing',
          params: idParamSchema,
          body: FieldReviewAmendmentInputSchema,
          response: { 201: FieldReviewDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.amend(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/projects/:id/field-review-history',
      {
        config: { ...config, permission: 'project.read' },
        schema: {
          tags,
          summary: '项目历次拉练成绩 / a project’s field review results across quarters',
          params: idParamSchema,
          response: { 200: FieldReviewHistorySchema },
        },
      },
      (request) => service.historyOf(actorOf(request), request.params.id),
    );
  };
}
