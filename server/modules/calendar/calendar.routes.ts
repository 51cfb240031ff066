import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarDateParamSchema,
  CalendarOverrideInputSchema,
  CalendarOverrideItemSchema,
  CalendarOverridesQuerySchema,
  CalendarOverviewSchema,
  CoveredYearsInputSchema,
  CoveredYearsSchema,
  DeadlineQuerySchema,
  DeadlineSchema,
  WorkingDaysQuerySchema,
  WorkingDaysSchema,
} from '#domain/schemas/calendar.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { createCalendarService } from './calendar.service.ts';

const tags = ['calendar'];

export function calendarRoutes(ctx: ServiceContext) {
  const service = createCalendarService(ctx);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const manage = { permission: 'calendar.manage' } as const;
    const read = { permission: 'reference.read' } as const;

    app.get(
      '/calendar/overrides',
      {
        config: manage,
        schema: {
          tags,
          summary: '节假日调整表与已覆盖年份 / calendar overrides and covered years',
          querystring: CalendarOverridesQuerySchema,
          response: { 200: CalendarOverviewSchema },
        },
      },
      (request) => service.overview(actorOf(request), request.query),
    );

    app.put(
      '/calendar/overrides/:date',
      {
        config: manage,
        schema: {
          tags,
          summary: '设置某日放假或上班 / set a day as holiday or workday',
          params: CalendarDateParamSchema,
          body: CalendarOverrideInputSchema,
          response: { 200: CalendarOverrideItemSchema },
        },
      },
      (request) => service.putOverride(actorOf(request), request.params.date, request.body),
    );

    app.delete(
      '/calendar/overrides/:date',
      {
        config: manage,
        schema: {
          tags,
          summary: '删除某日调整 / remove a day’s override',
          params: CalendarDateParamSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await service.deleteOverride(actorOf(request), request.params.date);
        return reply.status(204).send(null);
      },
    );

    app.put(
      '/calendar/covered-years',
      {
        config: manage,
        schema: {
          tags,
          summary: '声明已录入安排的年份 / declare the years whose schedule has been entered',
          body: CoveredYearsInputSchema,
          response: { 200: CoveredYearsSchema },
        },
      },
      (request) => service.setCoveredYears(actorOf(request), request.body),
    );

    app.get(
      '/calendar/working-days',
      {
        config: read,
        schema: {
          tags,
          summary: '逐日工作日类型 / each day’s kind between two dates',
          querystring: WorkingDaysQuerySchema,
          response: { 200: WorkingDaysSchema },
        },
      },
      (request) => service.workingDays(actorOf(request), request.query),
    );

    app.get(
      '/calendar/deadline',
      {
        config: read,
        schema: {
          tags,
          summary: '按工作日计算期限 / the date n working days after a start date',
          querystring: DeadlineQuerySchema,
          response: { 200: DeadlineSchema },
        },
      },
      (request) => service.deadline(actorOf(request), request.query),
    );
  };
}
