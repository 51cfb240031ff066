import type { Label } from '#domain/codelists.ts';

/** Stable error codes and the HTTP status each maps to. Clients branch on `code`, never on the message. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  /** The account must set a new password before doing anything else. */
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  /** Optimistic locking: the record changed since the client read it. */
  VERSION_CONFLICT: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof errorStatus;

export type FieldProblem = { field: string; message: Label };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly label: Label;
  readonly details: FieldProblem[] | undefined;

  constructor(code: ErrorCode, message: Label, details?: FieldProblem[]) {
    super(message.en);
    this.name = 'AppError';
    this.code = code;
    this.label = message;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: Label = { zh: '记录', en: 'record' }) =>
  new AppError('NOT_FOUND', { zh: `${what.zh}不存在`, en: `${capitalize(what.en)} not found` });

export const forbidden = () =>
  new AppError('FORBIDDEN', { zh: '没有执行此操作的权限', en: 'You do not have permission to do this' });

export const versionConflict = () =>
  new AppError('VERSION_CONFLICT', {
    zh: '数据已被他人修改，请刷新后重试；您填写的内容已保留',
    en: 'Someone else changed this record; reload it and apply your changes again',
  });

/** A validation problem found by a service (e.g. a code that is not in the reference table). */
export const invalidField = (field: string, message: Label) =>
  new AppError('VALIDATION_FAILED', message, [{ field, message }]);

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
