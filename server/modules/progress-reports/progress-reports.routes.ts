import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  MissingReportsQuerySchema,
  MissingReportsSchema,
  PHOTO_MAX_BYTES,
  PHOTOS_PER_UPLOAD,
  PhotoParamsSchema,
  ProgressReportDetailSchema,
  ProgressReportListSchema,
  ProgressReportReviewInputSchema,
  ProgressReportSchema,
  ProgressReportSubmitHeadersSchema,
  ProgressReportSubmitInputSchema,
  ReportPhotoListSchema,
} from '#domain/schemas/progress-reports.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition } from '../../core/downloads.ts';
import { AppError } from '../../core/errors.ts';
import {
  createProgressReportService,
  type PhotoContent,
  type PhotoUpload,
} from './progress-reports.service.ts';

const tags = ['progress-reports'];

/** Sends a stored photo inline; the inspections module serves its photos the same way. */
export function sendPhoto(reply: FastifyReply, photo: PhotoContent) {
  return (
    reply
      .header('content-type', photo.mimeType)
      .header('content-length', photo.size)
      .header('content-disposition', contentDisposition('inline', photo.fileName))
      // Served from our origin under the file's real type only: never let a browser guess another.
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .send(photo.body)
  );
}

/** The multipart file parts as the service's uploads, with the photo limits applied per request. */
export async function* photoUploads(request: FastifyRequest): AsyncGenerator<PhotoUpload> {
  if (!request.isMultipart()) {
    throw new AppError('BAD_REQUEST', {
      zh: '请以 multipart/form-data 上传照片（字段 file）',
      en: 'Upload the photos as multipart/form-data (field "file")',
    });
  }
  const parts = request.files({ limits: { fileSize: PHOTO_MAX_BYTES, files: PHOTOS_PER_UPLOAD } });
  for await (const part of parts as AsyncIterableIterator<MultipartFile>) {
    if (part.fieldname !== 'file') {
      throw new AppError('BAD_REQUEST', {
        zh: `照片应放在字段 file 中，而不是 ${part.fieldname}`,
        en: `Send photos in the field "file", not "${part.fieldname}"`,
      });
    }
    yield { fileName: part.filename || null, read: () => part.toBuffer() };
  }
}

/** The multipart plugin's limit errors, answered with what the limit is; anything else is returned as it is. */
export function photoUploadLimitError(app: Pick<FastifyInstance, 'multipartErrors'>, err: unknown) {
  if (err instanceof app.multipartErrors.RequestFileTooLargeError) {
    return new AppError('PAYLOAD_TOO_LARGE', {
      zh: `每张照片不能超过 ${PHOTO_MAX_BYTES / 1024 / 1024} MB`,
      en: `Each photo must be at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB`,
    });
  }
  if (err instanceof app.multipartErrors.FilesLimitError) {
    return new AppError('PAYLOAD_TOO_LARGE', {
      zh: `一次最多上传 ${PHOTOS_PER_UPLOAD} 张照片`,
      en: `Upload at most ${PHOTOS_PER_UPLOAD} photos at a time`,
    });
  }
  return err;
}

export function progressReportRoutes(ctx: ServiceContext) {
  const service = createProgressReportService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/projects/:id/progress-reports',
      {
        config: { permission: 'report.submit' },
        schema: {
          tags,
          summary:
            '填报或重新提交月报（审核通过前）；Idempotency-Key 重试不重复创建 / submit or resubmit a month (idempotent with Idempotency-Key)',
          params: idParamSchema,
          headers: ProgressReportSubmitHeadersSchema,
          body: ProgressReportSubmitInputSchema,
          response: { 200: ProgressReportSchema, 201: ProgressReportSchema },
        },
      },
      async (request, reply) => {
        const result = await service.submit(
          actorOf(request),
          request.params.id,
          request.body,
          request.headers['idempotency-key'],
        );
        if (result.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(result.created ? 201 : 200).send(result.report);
      },
    );

    app.get(
      '/projects/:id/progress-reports',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '项目月报列表（含累计完成投资）/ a project’s monthly reports with cumulative investment',
          params: idParamSchema,
          response: { 200: ProgressReportListSchema },
        },
      },
      (request) => service.findForProject(actorOf(request), request.params.id),
    );

    app.get(
      '/progress-reports/missing',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '未报月报的在建项目（按项目单位分组）/ projects missing the month’s report, per owner',
          querystring: MissingReportsQuerySchema,
          response: { 200: MissingReportsSchema },
        },
      },
      (request) => service.findMissing(actorOf(request), request.query),
    );

    app.get(
      '/progress-reports/:id',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '月报详情（含历次版本与照片）/ a report with its versions and photos',
          params: idParamSchema,
          response: { 200: ProgressReportDetailSchema },
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.post(
      '/progress-reports/:id/review',
      {
        config: { permission: 'report.review' },
        schema: {
          tags,
          summary: '审核月报：通过或退回（需带 version）/ accept or return a report (optimistic locking)',
          params: idParamSchema,
          body: ProgressReportReviewInputSchema,
          response: { 200: ProgressReportSchema },
        },
      },
      (request) => service.review(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/progress-reports/:id/photos',
      {
        config: { permission: 'report.submit' },
        schema: {
          tags,
          summary: `上传现场照片（multipart 字段 file，可多张；JPEG/PNG/HEIC，每张 ≤ ${PHOTO_MAX_BYTES / 1024 / 1024} MB）/ upload photos`,
          params: idParamSchema,
          consumes: ['multipart/form-data'],
          response: { 201: ReportPhotoListSchema },
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
      '/progress-reports/:id/photos/:photoId',
      {
        config: { permission: 'project.read' },
        schema: { tags, summary: '照片原图 / the original photo', params: PhotoParamsSchema },
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
      '/progress-reports/:id/photos/:photoId/thumbnail',
      {
        config: { permission: 'project.read' },
        schema: {
          tags,
          summary: '照片缩略图（无缩略图时 404）/ the thumbnail (404 when the photo has none)',
          params: PhotoParamsSchema,
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
      '/progress-reports/:id/photos/:photoId',
      {
        config: { permission: 'report.submit' },
        schema: {
          tags,
          summary: '删除照片（审核通过前）/ withdraw a photo before acceptance',
          params: PhotoParamsSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deletePhoto(actorOf(request), request.params.id, request.params.photoId);
        return reply.status(204).send(null);
      },
    );
  };
}
