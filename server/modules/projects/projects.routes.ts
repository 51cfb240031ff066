import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  ProjectCreateInputSchema,
  ProjectDeleteInputSchema,
  ProjectImportQuerySchema,
  ProjectImportResultSchema,
  ProjectListQuerySchema,
  ProjectPageSchema,
  ProjectSchema,
  ProjectStageCountsQuerySchema,
  ProjectStageCountsSchema,
  ProjectUpdateInputSchema,
} from '#domain/schemas/projects.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition, XLSX_MIME } from '../../core/downloads.ts';
import { AppError } from '../../core/errors.ts';
import { loadProjectReferences } from '../reference/reference.repo.ts';
import { buildImportTemplate, buildLedgerWorkbook, readLedgerFile } from './projects.excel.ts';
import { createProjectService } from './projects.service.ts';

const tags = ['projects'];

export function projectRoutes(ctx: ServiceContext) {
  const service = createProjectService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '项目台账列表 / list projects',
          querystring: ProjectListQuerySchema,
          response: { 200: ProjectPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.get(
      '/export.xlsx',
      {
        config: { permission: 'project.export' },
        schema: {
          tags,
          summary: '导出台账 / export the filtered ledger to .xlsx',
          querystring: ProjectListQuerySchema.omit({ page: true, pageSize: true }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const projects = await service.findAllForExport(actor, request.query);
        const refs = await loadProjectReferences(ctx.db);
        const buffer = await buildLedgerWorkbook(projects, request.locale, refs.leadingIndustries);
        const date = new Date().toISOString().slice(0, 10);
        return reply
          .header('content-type', XLSX_MIME)
          .header(
            'content-disposition',
            contentDisposition(
              'attachment',
              request.locale === 'en' ? `projects-${date}.xlsx` : `项目台账-${date}.xlsx`,
            ),
          )
          .send(buffer);
      },
    );

    app.get(
      '/stage-counts',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary:
            '按阶段统计项目数（可按某日）/ project counts by stage, with the list filters, optionally as of a day',
          querystring: ProjectStageCountsQuerySchema,
          response: { 200: ProjectStageCountsSchema },
        },
      },
      (request) => service.countByStage(actorOf(request), request.query),
    );

    app.get(
      '/import-template.xlsx',
      { config: { permission: 'project.import' }, schema: { tags, summary: '导入模板 / import template' } },
      async (request, reply) => {
        const buffer = await buildImportTemplate(request.locale);
        return reply
          .header('content-type', XLSX_MIME)
          .header(
            'content-disposition',
            contentDisposition(
              'attachment',
              request.locale === 'en' ? 'project-import-template.xlsx' : '项目台账导入模板.xlsx',
            ),
          )
          .send(buffer);
      },
    );

    app.post(
      '/import',
      {
        config: { permission: 'project.import' },
        schema: {
          tags,
          summary: '导入台账 / import an .xlsx ledger (multipart field "file")',
          querystring: ProjectImportQuerySchema,
          consumes: ['multipart/form-data'],
          response: { 200: ProjectImportResultSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        if (!request.isMultipart()) {
          throw new AppError('BAD_REQUEST', {
            zh: '请以 multipart/form-data 上传文件（字段 file）',
            en: 'Upload the file as multipart/form-data (field "file")',
          });
        }
        const file = await request.file();
        if (!file)
          throw new AppError('BAD_REQUEST', { zh: '请选择要导入的文件', en: 'Choose a file to import' });
        const buffer = await file.toBuffer();
        const rows = await readLedgerFile(buffer);
        return service.importLedger(actor, rows, request.query.mode, request.locale);
      },
    );

    app.get(
      '/:id',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '项目详情 / get a project',
          params: idParamSchema,
          response: { 200: ProjectSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.post(
      '/',
      {
        config: { permission: 'project.create' },
        schema: {
          tags,
          summary: '新建项目 / create a project',
          body: ProjectCreateInputSchema,
          response: { 201: ProjectSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );

    app.patch(
      '/:id',
      {
        config: { permission: 'project.update' },
        schema: {
          tags,
          summary: '修改项目（乐观锁，需带 version）/ update a project (optimistic locking)',
          params: idParamSchema,
          body: ProjectUpdateInputSchema,
          response: { 200: ProjectSchema },
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/:id',
      {
        config: { permission: 'project.delete' },
        schema: {
          tags,
          summary: '删除项目（可恢复）/ soft-delete a project',
          params: idParamSchema,
          body: ProjectDeleteInputSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.delete(actorOf(request), request.params.id, request.body);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/:id/restore',
      {
        config: { permission: 'project.restore' },
        schema: {
          tags,
          summary: '恢复已删除项目 / restore a deleted project',
          params: idParamSchema,
          response: { 200: ProjectSchema },
        },
      },
      (request) => service.restore(actorOf(request), request.params.id),
    );
  };
}
