import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AnalysisSettingsInputSchema,
  AnalysisSettingsSchema,
  CockpitQuerySchema,
  CockpitSchema,
  PivotQuerySchema,
  PivotSchema,
} from '#domain/schemas/analysis.ts';
import { actorOf } from '../../core/auth.ts';
import type { ServiceContext } from '../../core/context.ts';
import { contentDisposition, XLSX_MIME } from '../../core/downloads.ts';
import { buildPivotWorkbook } from './analytics.excel.ts';
import { createAnalyticsService } from './analytics.service.ts';

const tags = ['analytics'];

export function analyticsRoutes(ctx: ServiceContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const service = createAnalyticsService(ctx, (message, details) => app.log.info(details, message));

    app.get(
      '/cockpit',
      {
        config: { permission: 'cockpit.read' },
        schema: {
          tags,
          summary:
            '领导驾驶舱：核心指标（环比、同比）、趋势与排名 / cockpit: headline figures with month and year comparisons, trends, rankings',
          querystring: CockpitQuerySchema,
          response: { 200: CockpitSchema },
        },
      },
      (request) => service.getCockpit(actorOf(request), request.query),
    );

    app.get(
      '/analysis/pivot',
      {
        config: { permission: 'analysis.read' },
        schema: {
          tags,
          summary: '投资结构分析（透视表）/ investment structure pivot, with the ledger filters',
          querystring: PivotQuerySchema,
          response: { 200: PivotSchema },
        },
      },
      (request) => service.getPivot(actorOf(request), request.query),
    );

    app.get(
      '/analysis/pivot.xlsx',
      {
        config: { permission: 'analysis.read' },
        schema: {
          tags,
          summary: '导出投资结构分析 / export the pivot to .xlsx (needs project.export too)',
          querystring: PivotQuerySchema,
        },
      },
      async (request, reply) => {
        const pivot = await service.getPivotForExport(actorOf(request), request.query);
        const buffer = await buildPivotWorkbook(pivot, request.locale);
        const date = new Date().toISOString().slice(0, 10);
        return reply
          .header('content-type', XLSX_MIME)
          .header(
            'content-disposition',
            contentDisposition(
              'attachment',
              request.locale === 'en' ? `investment-analysis-${date}.xlsx` : `投资结构分析-${date}.xlsx`,
            ),
          )
          .send(buffer);
      },
    );

    app.get(
      '/analysis/settings',
      {
        config: { permission: 'analysis.configure' },
        schema: {
          tags,
          summary: '投资结构分析设置（规模分档）/ analysis settings (size bands)',
          response: { 200: AnalysisSettingsSchema },
        },
      },
      (request) => service.getSettings(actorOf(request)),
    );

    app.put(
      '/analysis/settings',
      {
        config: { permission: 'analysis.configure' },
        schema: {
          tags,
          summary: '设置规模分档（需带 version）/ set the size bands (with the version read)',
          body: AnalysisSettingsInputSchema,
          response: { 200: AnalysisSettingsSchema },
        },
      },
      (request) => service.saveSettings(actorOf(request), request.body),
    );
  };
}
