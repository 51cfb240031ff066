/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the interface
 * language in Accept-Language (so server messages come back in it), and every failure as an `ApiError`
 * carrying the server's stable `code`. Response types are the shared domain contracts.
 */
import type { z } from 'zod';
import type { LifecycleStage, Locale } from '#domain/codelists.ts';
import type { Permission, RoleCode } from '#domain/permissions.ts';
import type {
  AuditEntry,
  AuditListQuery,
  AuditPageSchema,
  AuditVerifyResult,
} from '#domain/schemas/audit.ts';
import type { ChangePasswordInput, LoginInput, MeResponse } from '#domain/schemas/auth.ts';
import type {
  ProjectEventInput,
  ProjectLifecycle,
  ProjectTemplateInputSchema,
  StagePlansInput,
  StageRecordsInputSchema,
  StageTemplateRowSchema,
  StageTemplateSaveInput,
  StageTransitionInput,
} from '#domain/schemas/lifecycle.ts';
import type {
  Organization,
  OrganizationCreateInput,
  OrganizationListQuery,
  OrganizationPageSchema,
  OrganizationUpdateInput,
} from '#domain/schemas/organizations.ts';
import type {
  importModes,
  Project,
  ProjectCreateInput,
  ProjectDeleteInput,
  ProjectImportResult,
  ProjectListQuery,
  ProjectPage,
  ProjectUpdateInput,
} from '#domain/schemas/projects.ts';
import type { ReferenceItem } from '#domain/schemas/reference.ts';
import type {
  Role,
  User,
  UserCreateInput,
  UserListQuery,
  UserOptionSchema,
  UserPageSchema,
  UserUpdateInput,
} from '#domain/schemas/users.ts';

export type FieldProblem = { field: string; message: string };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type OrganizationPage = z.infer<typeof OrganizationPageSchema>;
export type UserPage = z.infer<typeof UserPageSchema>;
export type UserOption = z.infer<typeof UserOptionSchema>;
export type AuditPage = z.infer<typeof AuditPageSchema>;
export type ImportMode = (typeof importModes)[number];
export type StageTemplateRow = z.infer<typeof StageTemplateRowSchema>;
export type StageRecordsInput = z.infer<typeof StageRecordsInputSchema>;
export type ProjectTemplateInput = z.infer<typeof ProjectTemplateInputSchema>;
export type { AuditEntry, ProjectLifecycle };

let apiLocale: Locale = 'zh-CN';

/** Called by the i18n provider whenever the interface language changes. */
export function setApiLocale(locale: Locale): void {
  apiLocale = locale;
}

export type AuthProblem = 'unauthenticated' | 'password-change-required';
let authProblemHandler: ((problem: AuthProblem) => void) | undefined;

/** The auth context registers here to hear about expired sessions and forced password changes. */
export function onAuthProblem(handler: ((problem: AuthProblem) => void) | undefined): void {
  authProblemHandler = handler;
}

type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = { readonly [key: string]: QueryValue };

/** Lists travel as `a,b,c` (the server's csvList); empty values are left out. */
export function toSearchParams(params: QueryParams = {}): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  return search;
}

function withQuery(path: string, query?: QueryParams): string {
  const search = toSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  /** Off for calls where a 401 is an answer, not an expired session (e.g. "who am I?"). */
  authRedirect?: boolean;
};

function networkError(): ApiError {
  return new ApiError(
    0,
    'NETWORK',
    apiLocale === 'en' ? 'Cannot reach the server; check the connection' : '无法连接服务器，请检查网络',
  );
}

function isErrorBody(value: unknown): value is { code: string; message: string; details?: FieldProblem[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Builds the ApiError for a failed response and tells the auth context when the session is the problem. */
function toApiError(status: number, bodyText: string, authRedirect: boolean): ApiError {
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = isErrorBody(parsed)
    ? new ApiError(status, parsed.code, parsed.message, parsed.details ?? [])
    : new ApiError(status, 'HTTP_ERROR', `HTTP ${status}`);
  if (authRedirect && status === 401 && error.code === 'UNAUTHENTICATED')
    authProblemHandler?.('unauthenticated');
  if (status === 403 && error.code === 'PASSWORD_CHANGE_REQUIRED')
    authProblemHandler?.('password-change-required');
  return error;
}

async function send(path: string, init: RequestInit, authRedirect: boolean): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: 'same-origin',
      headers: { 'Accept-Language': apiLocale, ...(init.headers as Record<string, string> | undefined) },
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw toApiError(response.status, await response.text(), authRedirect);
  return response;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await send(
    withQuery(path, options.query),
    { method: options.method ?? 'GET', headers, body },
    options.authRedirect ?? true,
  );
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** "项目台账.xlsx" from `attachment; filename*=UTF-8''%E9%A1%B9...` or `filename="..."`. */
function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file through fetch (so the request carries Accept-Language and errors come back as ApiError),
 * then hands the blob to the browser as a normal download.
 */
export async function downloadFile(path: string, query: QueryParams | undefined, fallbackName: string) {
  const response = await send(withQuery(path, query), { method: 'GET' }, true);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type UploadProgress = {
  /** 0–100 while the file is being sent. */
  onProgress?: (percent: number) => void;
  /** The last byte has left; the server is now working on the file. */
  onUploaded?: () => void;
};

/** Multipart upload through XMLHttpRequest, because fetch cannot report upload progress. */
export function uploadFile<T>(
  path: string,
  query: QueryParams | undefined,
  field: string,
  file: File,
  progress: UploadProgress = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', apiLocale);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) progress.onProgress?.(Math.round((event.loaded / event.total) * 100));
    };
    xhr.upload.onload = () => {
      progress.onProgress?.(100);
      progress.onUploaded?.();
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_ERROR', `HTTP ${xhr.status}`));
        }
      } else {
        reject(toApiError(xhr.status, xhr.responseText, true));
      }
    };
    const form = new FormData();
    form.append(field, file, file.name);
    xhr.send(form);
  });
}

export type ProjectListParams = Partial<ProjectListQuery>;

export const api = {
  auth: {
    me: () => request<MeResponse>('/api/auth/me', { authRedirect: false }),
    login: (input: LoginInput) =>
      request<MeResponse>('/api/auth/login', { method: 'POST', body: input, authRedirect: false }),
    logout: () => request<void>('/api/auth/logout', { method: 'POST', authRedirect: false }),
    changePassword: (input: ChangePasswordInput) =>
      request<void>('/api/auth/change-password', { method: 'POST', body: input }),
  },
  reference: {
    divisions: () => request<ReferenceItem[]>('/api/reference/divisions'),
    industries: () => request<ReferenceItem[]>('/api/reference/industries'),
    leadingIndustries: () => request<ReferenceItem[]>('/api/reference/leading-industries'),
    userOptions: (role: RoleCode) =>
      request<UserOption[]>('/api/reference/user-options', { query: { role } }),
  },
  organizations: {
    list: (query: Partial<OrganizationListQuery>) =>
      request<OrganizationPage>('/api/organizations', { query }),
    get: (id: string) => request<Organization>(`/api/organizations/${id}`),
    create: (input: OrganizationCreateInput) =>
      request<Organization>('/api/organizations', { method: 'POST', body: input }),
    update: (id: string, input: OrganizationUpdateInput) =>
      request<Organization>(`/api/organizations/${id}`, { method: 'PATCH', body: input }),
  },
  projects: {
    list: (query: ProjectListParams) => request<ProjectPage>('/api/projects', { query }),
    get: (id: string) => request<Project>(`/api/projects/${id}`),
    stageCounts: (query: ProjectListParams) =>
      request<{ stage: LifecycleStage; count: number }[]>('/api/projects/stage-counts', { query }),
    create: (input: ProjectCreateInput) => request<Project>('/api/projects', { method: 'POST', body: input }),
    update: (id: string, input: ProjectUpdateInput) =>
      request<Project>(`/api/projects/${id}`, { method: 'PATCH', body: input }),
    delete: (id: string, input: ProjectDeleteInput) =>
      request<void>(`/api/projects/${id}`, { method: 'DELETE', body: input }),
    restore: (id: string) => request<Project>(`/api/projects/${id}/restore`, { method: 'POST' }),
    exportXlsx: (query: ProjectListParams, fallbackName: string) =>
      downloadFile('/api/projects/export.xlsx', query, fallbackName),
    downloadImportTemplate: (fallbackName: string) =>
      downloadFile('/api/projects/import-template.xlsx', undefined, fallbackName),
    import: (file: File, mode: ImportMode, progress?: UploadProgress) =>
      uploadFile<ProjectImportResult>('/api/projects/import', { mode }, 'file', file, progress),
  },
  /** Stages, transitions, exit records, stage plans and events of one project (issue #3). */
  lifecycle: {
    get: (projectId: string) => request<ProjectLifecycle>(`/api/projects/${projectId}/lifecycle`),
    move: (projectId: string, input: StageTransitionInput) =>
      request<ProjectLifecycle>(`/api/projects/${projectId}/stage-transitions`, {
        method: 'POST',
        body: input,
      }),
    record: (projectId: string, input: StageRecordsInput) =>
      request<ProjectLifecycle>(`/api/projects/${projectId}/stage-records`, { method: 'POST', body: input }),
    setPlans: (projectId: string, input: StagePlansInput) =>
      request<ProjectLifecycle>(`/api/projects/${projectId}/stage-plans`, { method: 'PUT', body: input }),
    addEvent: (projectId: string, input: ProjectEventInput) =>
      request<ProjectLifecycle>(`/api/projects/${projectId}/events`, { method: 'POST', body: input }),
    chooseTemplate: (projectId: string, input: ProjectTemplateInput) =>
      request<ProjectLifecycle>(`/api/projects/${projectId}/stage-template`, { method: 'PUT', body: input }),
  },
  stageTemplates: {
    list: () => request<StageTemplateRow[]>('/api/stage-templates'),
    save: (input: StageTemplateSaveInput) =>
      request<StageTemplateRow>('/api/stage-templates', { method: 'PUT', body: input }),
  },
  users: {
    list: (query: Partial<UserListQuery>) => request<UserPage>('/api/users', { query }),
    create: (input: UserCreateInput) => request<User>('/api/users', { method: 'POST', body: input }),
    update: (id: string, input: UserUpdateInput) =>
      request<User>(`/api/users/${id}`, { method: 'PATCH', body: input }),
    resetPassword: (id: string, password: string) =>
      request<void>(`/api/users/${id}/reset-password`, { method: 'POST', body: { password } }),
    unlock: (id: string) => request<void>(`/api/users/${id}/unlock`, { method: 'POST' }),
  },
  roles: {
    list: () => request<Role[]>('/api/roles'),
    setPermissions: (code: RoleCode, permissions: Permission[]) =>
      request<Role>(`/api/roles/${code}/permissions`, { method: 'PUT', body: { permissions } }),
  },
  audit: {
    list: (query: Partial<AuditListQuery>) => request<AuditPage>('/api/audit', { query }),
    verify: () => request<AuditVerifyResult>('/api/audit/verify'),
  },
};
