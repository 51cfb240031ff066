import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  ChiefCandidatesSchema,
  ChiefTeamPageSchema,
  ChiefTeamsQuerySchema,
  ChiefWorkspaceQuerySchema,
  ChiefWorkspaceSchema,
  InspectionCreateInputSchema,
  InspectionDetailSchema,
  InspectionListSchema,
  InspectionPhotoListSchema,
  InspectionPhotoParamsSchema,
  InspectionUpdateInputSchema,
  inspectionFieldLabels,
  MissingInspectionReportQuerySchema,
  MissingInspectionReportSchema,
  MissingInspectionsQuerySchema,
  MissingInspectionsSchema,
  ProjectChiefsInputSchema,
  ProjectChiefsSchema,
  ProjectTaskListSchema,
  ProjectTaskSchema,
  ProjectTaskUpdateInputSchema,
} from '#domain/schemas/inspections.ts';
import { PHOTO_MAX_BYTES } from '#domain/schemas/progress-reports.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition, XLSX_MIME } from '../../core/downloads.ts';
import {
  photoUploadLimitError,
  photoUploads,
  sendPhoto,
} from '../progress-reports/progress-reports.routes.ts';
import { buildMissingReportWorkbook, missingReportFileName } from './inspections.excel.ts';
import { createInspectionService } from './inspections.service.ts';

const tags = ['inspections'];
const fieldLabels = inspectionFieldLabels;

export function inspectionRoutes(ctx: ServiceContext) {
  const service = createInspectionService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const detail = { 200: InspectionDetailSchema };

    app.get(
      '/projects/:id/chiefs',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary: '项目长、副项目长和联络员 / the project’s chief, deputies and liaisons',
          params: idParamSchema,
          response: { 200: ProjectChiefsSchema },
        },
      },
      (request) => service.getChiefs(actorOf(request), request.params.id),
    );

    app.put(
      '/projects/:id/chiefs',
      {
        config: { permission: 'chief.assign', fieldLabels },
        schema: {
          tags,
          summary: '指定项目长、副项目长和联络员（带项目 version）/ assign the chief team (project version)',
          params: idParamSchema,
          body: ProjectChiefsInputSchema,
          response: { 200: ProjectChiefsSchema },
        },
      },
      (request) => service.assignChiefs(actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/chief/workspace',
      {
        config: { permission: 'inspection.record', fieldLabels },
        schema: {
          tags,
          summary:
            '项目长工作台：我的项目、本月督查、日历 / a chief’s workspace: projects, the month’s cadence, calendar',
          querystring: ChiefWorkspaceQuerySchema,
          response: { 200: ChiefWorkspaceSchema },
        },
      },
      (request) => service.workspace(actorOf(request), request.query),
    );

    app.post(
      '/projects/:id/inspections',
      {
        config: { permission: 'inspection.record', fieldLabels },
        schema: {
          tags,
          summary:
            '记录月度督查（含发现问题与整改要求，整改要求转为协调事项或整改任务）/ record the month’s inspection',
          params: idParamSchema,
          body: InspectionCreateInputSchema,
          response: { 201: InspectionDetailSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.record(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/projects/:id/inspections',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary: '项目的督查记录 / a project’s inspections, latest month first',
          params: idParamSchema,
          response: { 200: InspectionListSchema },
        },
      },
      (request) => service.findForProject(actorOf(request), request.params.id),
    );

    app.get(
      '/inspections/missing',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary:
            '已结束月份中未督查的项目（按项目长）/ projects without an inspection in an ended month, per chief',
          querystring: MissingInspectionsQuerySchema,
          response: { 200: MissingInspectionsSchema },
        },
      },
      (request) => service.findMissing(actorOf(request), request.query),
    );

    app.get(
      '/inspections/missing-report',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary:
            '一段月份内未督查的项目（按项目长汇总，默认近 6 个已结束月份）/ missing inspections over a range of months',
          querystring: MissingInspectionReportQuerySchema,
          response: { 200: MissingInspectionReportSchema },
        },
      },
      (request) => service.findMissingReport(actorOf(request), request.query),
    );

    app.get(
      '/inspections/missing-report.xlsx',
      {
        config: { permission: 'project.export', fieldLabels },
        schema: {
          tags,
          summary: '导出未督查项目 / export the missing-inspection report to .xlsx',
          querystring: MissingInspectionReportQuerySchema,
        },
      },
      async (request, reply) => {
        const report = await service.exportMissingReport(actorOf(request), request.query);
        const buffer = await buildMissingReportWorkbook(report, request.locale);
        return reply
          .header('content-type', XLSX_MIME)
          .header(
            'content-disposition',
            contentDisposition('attachment', missingReportFileName(report, request.locale)),
          )
          .send(buffer);
      },
    );

    app.get(
      '/chief-teams',
      {
        config: { permission: 'chief.assign', fieldLabels },
        schema: {
          tags,
          summary:
            '重点项目的项目长团队（未指定项目长的在前）/ the key projects’ chief teams, unassigned first',
          querystring: ChiefTeamsQuerySchema,
          response: { 200: ChiefTeamPageSchema },
        },
      },
      (request) => service.findTeams(actorOf(request), request.query),
    );

    app.get(
      '/chief-teams/candidates',
      {
        config: { permission: 'chief.assign' },
        schema: {
          tags,
          summary:
            '可任项目长、副项目长和联络员的在用账号 / active users who may be chief, deputy or liaison',
          response: { 200: ChiefCandidatesSchema },
        },
      },
      () => service.findCandidates(),
    );

    app.get(
      '/inspections/:id',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary:
            '督查详情（发现问题、照片、协调事项与整改任务）/ an inspection with what it found and demanded',
          params: idParamSchema,
          response: detail,
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.patch(
      '/inspections/:id',
      {
        config: { permission: 'inspection.record', fieldLabels },
        schema: {
          tags,
          summary: '修改督查记录（需带 version）/ correct an inspection (optimistic locking)',
          params: idParamSchema,
          body: InspectionUpdateInputSchema,
          response: detail,
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/inspections/:id/photos',
      {
        config: { permission: 'inspection.record', fieldLabels },
        schema: {
          tags,
          summary: `上传督查照片（multipart 字段 file，可多张；JPEG/PNG/HEIC，每张 ≤ ${PHOTO_MAX_BYTES / 1024 / 1024} MB）/ upload photos`,
          params: idParamSchema,
          consumes: ['multipart/form-data'],
          response: { 201: InspectionPhotoListSchema },
        },
      },
      async (request, reply) => {
        try {
          const items = await service.addPhotos(actorOf(request), request.params.id, photoUploads(request));
          return reply.status(201).send({ items });
        } catch (err) {
          throw photoUploadLimitError(app, err);
        }
      },
    );

    app.get(
      '/inspections/:id/photos/:photoId',
      {
        config: { permission: 'project.read' },
        schema: { tags, summary: '督查照片原图 / the original photo', params: InspectionPhotoParamsSchema },
      },
      async (request, reply) =>
        sendPhoto(
          reply,
          await service.getPhotoContent(
            actorOf(request),
            request.params.id,
            request.params.photoId,
            'original',
          ),
        ),
    );

    app.get(
      '/inspections/:id/photos/:photoId/thumbnail',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '督查照片缩略图（无缩略图时 404）/ the thumbnail (404 when the photo has none)',
          params: InspectionPhotoParamsSchema,
        },
      },
      async (request, reply) =>
        sendPhoto(
          reply,
          await service.getPhotoContent(
            actorOf(request),
            request.params.id,
            request.params.photoId,
            'thumbnail',
          ),
        ),
    );

    app.delete(
      '/inspections/:id/photos/:photoId',
      {
        config: { permission: 'inspection.record' },
        schema: {
          tags,
          summary: '删除督查照片 / withdraw a photo',
          params: InspectionPhotoParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deletePhoto(actorOf(request), request.params.id, request.params.photoId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/projects/:id/tasks',
      {
        config: { permission: 'project.read', fieldLabels },
        schema: {
          tags,
          summary: '项目整改任务（未完成在前）/ a project’s tasks, open ones first',
          params: idParamSchema,
          response: { 200: ProjectTaskListSchema },
        },
      },
      (request) => service.findTasks(actorOf(request), request.params.id),
    );

    app.patch(
      '/tasks/:id',
      {
        config: { permission: 'inspection.record', fieldLabels },
        schema: {
          tags,
          summary: '整改任务办结、取消或重新打开（项目长团队，需带 version）/ close or reopen a task',
          params: idParamSchema,
          body: ProjectTaskUpdateInputSchema,
          response: { 200: ProjectTaskSchema },
        },
      },
      (request) => service.updateTask(actorOf(request), request.params.id, request.body),
    );
  };
}
