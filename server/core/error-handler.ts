import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from './errors.ts';
import { fieldLabel, localizeIssue, pick } from './i18n.ts';

const joinLabel = (label: string, text: string, locale: string) =>
  locale === 'en' ? `${label}: ${text}` : `${label}：${text}`;

type ValidationItem = {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
};

/**
 * One place maps every failure to a response `{ code, message, details? }` in the request's language. Bad input
 * is a 4xx naming the field; only a fault of ours is a 500, and its inner message is not shown.
 */
export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const locale = request.locale ?? 'zh-CN';
    const own = request.routeOptions?.config?.fieldLabels;
    if (error instanceof AppError) {
      const details = error.details?.map((d) => ({
        field: d.field,
        message: joinLabel(fieldLabel([d.field], locale, own), pick(d.message, locale), locale),
      }));
      return reply
        .status(error.status)
        .send({ code: error.code, message: pick(error.label, locale), details });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const items = (error as unknown as { validation: ValidationItem[] }).validation;
      const details = items.map((v) => {
        const path = v.instancePath.split('/').filter(Boolean);
        const text = localizeIssue({ code: v.keyword, message: v.message ?? '', ...v.params }, locale);
        const label = fieldLabel(path, locale, own);
        return { field: path.join('.'), message: joinLabel(label, text, locale) };
      });
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: details.map((d) => d.message).join(locale === 'en' ? '; ' : '；'),
        details,
      });
    }
    if (isResponseSerializationError(error as never)) {
      request.log.error({ err: error }, 'response does not match its schema');
      return reply
        .status(500)
        .send({ code: 'INTERNAL', message: locale === 'en' ? 'Internal error' : '系统内部错误' });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : status === 429
              ? 'TOO_MANY_REQUESTS'
              : 'BAD_REQUEST';
      const message =
        status === 413
          ? locale === 'en'
            ? 'The upload is too large'
            : '上传内容过大'
          : locale === 'en'
            ? `Bad request: ${error.message}`
            : `请求无效：${error.message}`;
      return reply.status(status).send({ code, message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'INTERNAL', message: locale === 'en' ? 'Internal error' : '系统内部错误' });
  });

  app.setNotFoundHandler((request, reply) => {
    const en = request.locale === 'en';
    reply.status(404).send({ code: 'NOT_FOUND', message: en ? 'No such API route' : '接口不存在' });
  });
}
