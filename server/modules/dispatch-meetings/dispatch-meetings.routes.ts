import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParamSchema } from '#domain/schemas/common.ts';
import {
  DispatchActionCreateInputSchema,
  DispatchActionListQuerySchema,
  DispatchActionPageSchema,
  DispatchActionSchema,
  DispatchActionUpdateInputSchema,
  DispatchAgendaInputSchema,
  DispatchAgendaRegenerateInputSchema,
  DispatchAttendanceInputSchema,
  DispatchMeetingCreateInputSchema,
  DispatchMeetingDetailSchema,
  DispatchMeetingListQuerySchema,
  DispatchMeetingPageSchema,
  DispatchMeetingUpdateInputSchema,
  DispatchMinutesInputSchema,
  dispatchFieldLabels,
} from '#domain/schemas/dispatch-meetings.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition } from '../../core/downloads.ts';
import { DOCX_MIME } from '../../core/official-document.ts';
import { createDispatchMeetingService } from './dispatch-meetings.service.ts';

const tags = ['dispatch-meetings'];

/**
 * 双月一调度. Reading meetings needs dispatch.read (a chief sees the part about his projects); scheduling and
 * recording need dispatch.organise and being the meeting's organiser or a leader; the responsible organisation
 * reports on its actions with dispatch.action.update (the service narrows every action to its scope).
 */
export function dispatchMeetingRoutes(ctx: ServiceContext) {
  const service = createDispatchMeetingService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const read = { fieldLabels: dispatchFieldLabels, permission: 'dispatch.read' } as const;
    const organise = { fieldLabels: dispatchFieldLabels, permission: 'dispatch.organise' } as const;
    const report = { fieldLabels: dispatchFieldLabels, permission: 'dispatch.action.update' } as const;
    const detail = { 200: DispatchMeetingDetailSchema };

    app.get(
      '/dispatch-meetings',
      {
        config: read,
        schema: {
          tags,
          summary: '调度会议列表 / dispatch meetings',
          querystring: DispatchMeetingListQuerySchema,
          response: { 200: DispatchMeetingPageSchema },
        },
      },
      (request) => service.find(actorOf(request), request.query),
    );

    app.post(
      '/dispatch-meetings',
      {
        config: organise,
        schema: {
          tags,
          summary: '安排调度会议并生成建议议程 / schedule a meeting with a proposed agenda',
          body: DispatchMeetingCreateInputSchema,
          response: { 201: DispatchMeetingDetailSchema },
        },
      },
      async (request, reply) => reply.status(201).send(await service.create(actorOf(request), request.body)),
    );

    app.get(
      '/dispatch-meetings/:id',
      {
        config: read,
        schema: {
          tags,
          summary:
            '调度会议详情：议程、参会、纪要、议定事项 / a meeting with agenda, attendance, minutes, decisions',
          params: idParamSchema,
          response: detail,
        },
      },
      (request) => service.get(actorOf(request), request.params.id),
    );

    app.patch(
      '/dispatch-meetings/:id',
      {
        config: organise,
        schema: {
          tags,
          summary: '修改会议（需带 version）/ change a meeting (optimistic locking)',
          params: idParamSchema,
          body: DispatchMeetingUpdateInputSchema,
          response: detail,
        },
      },
      (request) => service.update(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/dispatch-meetings/:id/agenda/propose',
      {
        config: organise,
        schema: {
          tags,
          summary: '重新生成建议议程 / propose the agenda again',
          params: idParamSchema,
          body: DispatchAgendaRegenerateInputSchema,
          response: detail,
        },
      },
      (request) => service.regenerateAgenda(actorOf(request), request.params.id, request.body),
    );

    app.put(
      '/dispatch-meetings/:id/agenda',
      {
        config: organise,
        schema: {
          tags,
          summary: '编辑议程：排序、删除、增加 / edit the agenda: order, remove, add',
          params: idParamSchema,
          body: DispatchAgendaInputSchema,
          response: detail,
        },
      },
      (request) => service.putAgenda(actorOf(request), request.params.id, request.body),
    );

    app.put(
      '/dispatch-meetings/:id/attendance',
      {
        config: organise,
        schema: {
          tags,
          summary: '记录参会情况 / record attendance',
          params: idParamSchema,
          body: DispatchAttendanceInputSchema,
          response: detail,
        },
      },
      (request) => service.putAttendance(actorOf(request), request.params.id, request.body),
    );

    app.put(
      '/dispatch-meetings/:id/minutes',
      {
        config: organise,
        schema: {
          tags,
          summary: '记录各议题研究情况 / record the minutes per agenda item',
          params: idParamSchema,
          body: DispatchMinutesInputSchema,
          response: detail,
        },
      },
      (request) => service.putMinutes(actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/dispatch-meetings/:id/actions',
      {
        config: organise,
        schema: {
          tags,
          summary: '记录议定事项（按工作日计算期限）/ record a decision (deadline in working days)',
          params: idParamSchema,
          body: DispatchActionCreateInputSchema,
          response: { 201: DispatchActionSchema },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await service.createAction(actorOf(request), request.params.id, request.body)),
    );

    app.get(
      '/dispatch-meetings/:id/record.docx',
      {
        config: read,
        schema: {
          tags,
          summary: '导出会议纪要（.docx）/ the meeting record as .docx',
          params: idParamSchema,
        },
      },
      async (request, reply) => {
        const { buffer, fileName } = await service.record(actorOf(request), request.params.id);
        return reply
          .header('content-type', DOCX_MIME)
          .header('content-disposition', contentDisposition('attachment', fileName))
          .send(buffer);
      },
    );

    app.get(
      '/dispatch-actions',
      {
        config: report,
        schema: {
          tags,
          summary: '议定事项列表（我的 / 全部 / 逾期）/ dispatch actions: mine, all, overdue',
          querystring: DispatchActionListQuerySchema,
          response: { 200: DispatchActionPageSchema },
        },
      },
      (request) => service.findActions(actorOf(request), request.query),
    );

    app.get(
      '/dispatch-actions/:id',
      {
        config: report,
        schema: {
          tags,
          summary: '议定事项详情 / a dispatch action',
          params: idParamSchema,
          response: { 200: DispatchActionSchema },
        },
      },
      (request) => service.getAction(actorOf(request), request.params.id),
    );

    app.patch(
      '/dispatch-actions/:id',
      {
        config: report,
        schema: {
          tags,
          summary: '反馈落实情况或修改议定事项（需带 version）/ report progress or correct an action',
          params: idParamSchema,
          body: DispatchActionUpdateInputSchema,
          response: { 200: DispatchActionSchema },
        },
      },
      (request) => service.updateAction(actorOf(request), request.params.id, request.body),
    );
  };
}
