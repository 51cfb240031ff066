/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the interface
 * language in Accept-Language (so server messages come back in it), and every failure as an `ApiError`
 * carrying the server's stable `code`. Response types are the shared domain contracts.
 */
import type { z } from 'zod';
import type { LifecycleStage, Locale } from '#domain/codelists.ts';
import type { Permission, RoleCode } from '#domain/permissions.ts';
import type {
  AnalysisSettings,
  AnalysisSettingsInput,
  Cockpit,
  CockpitQuery,
  Pivot,
  PivotQuery,
} from '#domain/schemas/analysis.ts';
import type {
  AuditEntry,
  AuditListQuery,
  AuditPageSchema,
  AuditVerifyResult,
} from '#domain/schemas/audit.ts';
import type { ChangePasswordInput, LoginInput, MeResponse } from '#domain/schemas/auth.ts';
import type {
  Bulletin,
  BulletinDetail,
  BulletinListQuery,
  BulletinPage,
  BulletinSettings,
  BulletinSettingsInput,
} from '#domain/schemas/bulletins.ts';
import type {
  CalendarOverrideInput,
  CalendarOverrideItem,
  CalendarOverview,
  Deadline,
  WorkingDays,
} from '#domain/schemas/calendar.ts';
import type {
  CoordinationAcceptInput,
  CoordinationConfirmInput,
  CoordinationItem,
  CoordinationItemCreateInputSchema,
  CoordinationItemDetail,
  CoordinationItemPage,
  CoordinationListQuery,
  CoordinationReopenInput,
  CoordinationResolveInput,
  OverdueCoordinationListQuery,
  ProjectCoordinationListQuery,
} from '#domain/schemas/coordination.ts';
import type {
  DispatchAction,
  DispatchActionCreateInput,
  DispatchActionListQuery,
  DispatchActionPage,
  DispatchActionUpdateInput,
  DispatchAgendaInput,
  DispatchAttendanceInput,
  DispatchMeetingCreateInputSchema,
  DispatchMeetingDetail,
  DispatchMeetingListQuery,
  DispatchMeetingPage,
  DispatchMeetingSummary,
  DispatchMeetingUpdateInput,
  DispatchMinutesInput,
} from '#domain/schemas/dispatch-meetings.ts';
import type {
  ChiefsComparison,
  FieldReviewAmendmentInput,
  FieldReviewCreateInput,
  FieldReviewDetail,
  FieldReviewHistory,
  FieldReviewListQuery,
  FieldReviewPage,
  FieldReviewSheet,
  FieldReviewSheetInput,
  FieldReviewSummary,
} from '#domain/schemas/field-reviews.ts';
import type {
  ChiefCandidates,
  ChiefTeam,
  ChiefTeamPage,
  ChiefTeamsQuery,
  ChiefWorkspace,
  Inspection,
  InspectionCreateInputSchema,
  InspectionDetail,
  InspectionList,
  InspectionPhoto,
  InspectionUpdateInput,
  MissingInspectionReport,
  MissingInspectionReportQuery,
  MissingInspections,
  ProjectChiefs,
  ProjectChiefsInput,
  ProjectTask,
  ProjectTaskList,
  ProjectTaskUpdateInput,
} from '#domain/schemas/inspections.ts';
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
import type { MapSettings, MapSettingsInput, ProjectMap, ProjectMapQuery } from '#domain/schemas/map.ts';
import type { Notification, NotificationListQuery, NotificationPage } from '#domain/schemas/notifications.ts';
import type {
  Organization,
  OrganizationCreateInput,
  OrganizationListQuery,
  OrganizationPageSchema,
  OrganizationUpdateInput,
} from '#domain/schemas/organizations.ts';
import type {
  AnnualPlan,
  AnnualPlanPutInput,
  AnnualPlanStatus,
  Baseline,
  BaselineCreateInput,
  Milestone,
  MilestoneCreateInputSchema,
  MilestoneList,
  MilestoneUpdateInput,
} from '#domain/schemas/plans.ts';
import type {
  MissingReports,
  ProgressReport,
  ProgressReportDetail,
  ProgressReportList,
  ProgressReportReviewInput,
  ProgressReportSubmitInputSchema,
  ReportPhoto,
} from '#domain/schemas/progress-reports.ts';
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
  ReminderSettings,
  ReminderSettingsInput,
  ScheduledJob,
  WebhookTestResult,
} from '#domain/schemas/reminders.ts';
import type {
  Timeline,
  TimelineEvent,
  TimelineEventInput,
  TimelineEventUpdateInput,
  TimelineQuery,
} from '#domain/schemas/timeline.ts';
import type {
  Role,
  User,
  UserCreateInput,
  UserListQuery,
  UserOptionSchema,
  UserPageSchema,
  UserUpdateInput,
} from '#domain/schemas/users.ts';
import type {
  JudgementInput,
  JudgementSchema,
  ProjectWarningDetailSchema,
  WarningListQuerySchema,
  WarningPageSchema,
  WarningSettingsInput,
  WarningSettingsSchema,
} from '#domain/schemas/warnings.ts';
import type { WarningColor } from '#domain/warning-presets.ts';

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
export type MilestoneCreateInput = z.input<typeof MilestoneCreateInputSchema>;
export type ProgressReportSubmitInput = z.input<typeof ProgressReportSubmitInputSchema>;
export type CoordinationItemCreateInput = z.input<typeof CoordinationItemCreateInputSchema>;
export type DispatchMeetingCreateInput = z.input<typeof DispatchMeetingCreateInputSchema>;
export type {
  DispatchAction,
  DispatchActionPage,
  DispatchMeetingDetail,
  DispatchMeetingPage,
  DispatchMeetingSummary,
};
export type InspectionCreateInput = z.input<typeof InspectionCreateInputSchema>;
export type WarningPage = z.infer<typeof WarningPageSchema>;
export type ProjectWarning = WarningPage['items'][number];
export type ProjectWarningDetail = z.infer<typeof ProjectWarningDetailSchema>;
export type Judgement = z.infer<typeof JudgementSchema>;
export type WarningSettings = z.infer<typeof WarningSettingsSchema>;
export type WarningListParams = Partial<Omit<z.infer<typeof WarningListQuerySchema>, 'color'>> & {
  color?: WarningColor[];
};
export type {
  AnnualPlan,
  AnnualPlanStatus,
  AuditEntry,
  Baseline,
  Bulletin,
  BulletinDetail,
  BulletinPage,
  BulletinSettings,
  CalendarOverrideItem,
  CalendarOverview,
  ChiefCandidates,
  ChiefsComparison,
  ChiefTeam,
  ChiefTeamPage,
  ChiefWorkspace,
  CoordinationItem,
  CoordinationItemDetail,
  CoordinationItemPage,
  FieldReviewDetail,
  FieldReviewHistory,
  FieldReviewPage,
  FieldReviewSheet,
  FieldReviewSummary,
  Inspection,
  InspectionDetail,
  InspectionList,
  InspectionPhoto,
  Milestone,
  MilestoneList,
  MissingInspectionReport,
  MissingInspections,
  MissingReports,
  Notification,
  NotificationPage,
  ProgressReport,
  ProgressReportDetail,
  ProgressReportList,
  ProjectChiefs,
  ProjectLifecycle,
  ProjectTask,
  ProjectTaskList,
  ReportPhoto,
  WorkingDays,
};

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
  headers?: Record<string, string>;
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
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
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
  /** 节点计划: milestones, yearly baselines, annual investment plans with their 序时进度 (issue #3). */
  plans: {
    milestones: (projectId: string) => request<MilestoneList>(`/api/projects/${projectId}/milestones`),
    createMilestone: (projectId: string, input: MilestoneCreateInput) =>
      request<Milestone>(`/api/projects/${projectId}/milestones`, { method: 'POST', body: input }),
    updateMilestone: (id: string, input: MilestoneUpdateInput) =>
      request<Milestone>(`/api/milestones/${id}`, { method: 'PATCH', body: input }),
    deleteMilestone: (id: string) => request<void>(`/api/milestones/${id}`, { method: 'DELETE' }),
    baselines: (projectId: string) => request<Baseline[]>(`/api/projects/${projectId}/baselines`),
    approveBaseline: (projectId: string, input: BaselineCreateInput) =>
      request<Baseline>(`/api/projects/${projectId}/baselines`, { method: 'POST', body: input }),
    annualPlan: (projectId: string, year: number, asOfMonth?: number) =>
      request<AnnualPlanStatus>(`/api/projects/${projectId}/annual-plans/${year}`, {
        query: { asOfMonth },
      }),
    putAnnualPlan: (projectId: string, year: number, input: AnnualPlanPutInput) =>
      request<AnnualPlan>(`/api/projects/${projectId}/annual-plans/${year}`, { method: 'PUT', body: input }),
  },
  /** 月报: monthly progress reports, their photos and review. */
  reports: {
    list: (projectId: string) => request<ProgressReportList>(`/api/projects/${projectId}/progress-reports`),
    get: (id: string) => request<ProgressReportDetail>(`/api/progress-reports/${id}`),
    /** The same key on a retry of the same submission makes the server answer with the report it made. */
    submit: (projectId: string, input: ProgressReportSubmitInput, idempotencyKey: string) =>
      request<ProgressReport>(`/api/projects/${projectId}/progress-reports`, {
        method: 'POST',
        body: input,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    review: (id: string, input: ProgressReportReviewInput) =>
      request<ProgressReport>(`/api/progress-reports/${id}/review`, { method: 'POST', body: input }),
    uploadPhoto: (id: string, file: File, progress?: UploadProgress) =>
      uploadFile<{ items: ReportPhoto[] }>(
        `/api/progress-reports/${id}/photos`,
        undefined,
        'file',
        file,
        progress,
      ),
    deletePhoto: (id: string, photoId: string) =>
      request<void>(`/api/progress-reports/${id}/photos/${photoId}`, { method: 'DELETE' }),
    missing: (month?: string) =>
      request<MissingReports>('/api/progress-reports/missing', { query: { month } }),
  },
  /** 问题协调: the closed loop of coordination items. */
  coordination: {
    list: (query: Partial<CoordinationListQuery>) =>
      request<CoordinationItemPage>('/api/coordination-items', { query }),
    overdue: (query: Partial<OverdueCoordinationListQuery>) =>
      request<CoordinationItemPage>('/api/coordination-items/overdue', { query }),
    forProject: (projectId: string, query: Partial<ProjectCoordinationListQuery>) =>
      request<CoordinationItemPage>(`/api/projects/${projectId}/coordination-items`, { query }),
    get: (id: string) => request<CoordinationItemDetail>(`/api/coordination-items/${id}`),
    raise: (projectId: string, input: CoordinationItemCreateInput) =>
      request<CoordinationItemDetail>(`/api/projects/${projectId}/coordination-items`, {
        method: 'POST',
        body: input,
      }),
    accept: (id: string, input: CoordinationAcceptInput) =>
      request<CoordinationItemDetail>(`/api/coordination-items/${id}/accept`, {
        method: 'POST',
        body: input,
      }),
    resolve: (id: string, input: CoordinationResolveInput) =>
      request<CoordinationItemDetail>(`/api/coordination-items/${id}/resolve`, {
        method: 'POST',
        body: input,
      }),
    confirm: (id: string, input: CoordinationConfirmInput) =>
      request<CoordinationItemDetail>(`/api/coordination-items/${id}/confirm`, {
        method: 'POST',
        body: input,
      }),
    reopen: (id: string, input: CoordinationReopenInput) =>
      request<CoordinationItemDetail>(`/api/coordination-items/${id}/reopen`, {
        method: 'POST',
        body: input,
      }),
    /** 提请领导决策: the item goes on the next dispatch meeting's agenda. */
    flagDecision: (id: string, input: { version: number; needsDecision: boolean; note?: string | null }) =>
      request<CoordinationItemDetail>(`/api/coordination-items/${id}/decision`, {
        method: 'POST',
        body: input,
      }),
  },
  /** 项目长责任制 (issue #4): chiefs, the chief's workspace, 一月一督查 and the tasks it raises. */
  inspections: {
    chiefs: (projectId: string) => request<ProjectChiefs>(`/api/projects/${projectId}/chiefs`),
    setChiefs: (projectId: string, input: ProjectChiefsInput) =>
      request<ProjectChiefs>(`/api/projects/${projectId}/chiefs`, { method: 'PUT', body: input }),
    workspace: (query: { month?: string; chiefUserId?: string }) =>
      request<ChiefWorkspace>('/api/chief/workspace', { query }),
    list: (projectId: string) => request<InspectionList>(`/api/projects/${projectId}/inspections`),
    get: (id: string) => request<InspectionDetail>(`/api/inspections/${id}`),
    create: (projectId: string, input: InspectionCreateInput) =>
      request<InspectionDetail>(`/api/projects/${projectId}/inspections`, { method: 'POST', body: input }),
    uploadPhoto: (id: string, file: File, progress?: UploadProgress) =>
      uploadFile<{ items: InspectionPhoto[] }>(
        `/api/inspections/${id}/photos`,
        undefined,
        'file',
        file,
        progress,
      ),
    deletePhoto: (id: string, photoId: string) =>
      request<void>(`/api/inspections/${id}/photos/${photoId}`, { method: 'DELETE' }),
    tasks: (projectId: string) => request<ProjectTaskList>(`/api/projects/${projectId}/tasks`),
    updateTask: (id: string, input: ProjectTaskUpdateInput) =>
      request<ProjectTask>(`/api/tasks/${id}`, { method: 'PATCH', body: input }),
    missing: (month?: string) =>
      request<MissingInspections>('/api/inspections/missing', { query: { month } }),
    /** Corrects an inspection with its version; a stale one answers 409 VERSION_CONFLICT. */
    update: (id: string, input: InspectionUpdateInput) =>
      request<InspectionDetail>(`/api/inspections/${id}`, { method: 'PATCH', body: input }),
    missingReport: (query: MissingInspectionReportQuery) =>
      request<MissingInspectionReport>('/api/inspections/missing-report', { query }),
    exportMissingReport: (query: MissingInspectionReportQuery, fallbackName: string) =>
      downloadFile('/api/inspections/missing-report.xlsx', query, fallbackName),
    /** The key projects' chief teams (chief.assign). */
    teams: (query: Partial<ChiefTeamsQuery>) => request<ChiefTeamPage>('/api/chief-teams', { query }),
    candidates: () => request<ChiefCandidates>('/api/chief-teams/candidates'),
  },
  /** 通报: the monthly bulletin (.docx), its versions and its masthead. */
  bulletins: {
    list: (query: Partial<BulletinListQuery>) => request<BulletinPage>('/api/bulletins', { query }),
    get: (id: string) => request<BulletinDetail>(`/api/bulletins/${id}`),
    /** Without a month, the last month that has ended. A month that has one already answers 409 CONFLICT. */
    generate: (month?: string) =>
      request<BulletinDetail>('/api/bulletins', { method: 'POST', body: month ? { month } : {} }),
    regenerate: (id: string, note?: string) =>
      request<BulletinDetail>(`/api/bulletins/${id}/regenerate`, {
        method: 'POST',
        body: note ? { note } : {},
      }),
    download: (bulletin: Pick<Bulletin, 'id' | 'fileName'>) =>
      downloadFile(`/api/bulletins/${bulletin.id}/file`, undefined, bulletin.fileName),
    settings: () => request<BulletinSettings>('/api/bulletin-settings'),
    saveSettings: (input: BulletinSettingsInput) =>
      request<BulletinSettings>('/api/bulletin-settings', { method: 'PUT', body: input }),
  },
  /** 一季一拉练: quarterly field-review tours, score sheets, closing, amendments and results. */
  fieldReviews: {
    list: (query: Partial<FieldReviewListQuery>) => request<FieldReviewPage>('/api/field-reviews', { query }),
    get: (id: string) => request<FieldReviewDetail>(`/api/field-reviews/${id}`),
    create: (input: FieldReviewCreateInput) =>
      request<FieldReviewDetail>('/api/field-reviews', { method: 'POST', body: input }),
    submitSheet: (id: string, projectId: string, input: FieldReviewSheetInput) =>
      request<FieldReviewSheet>(`/api/field-reviews/${id}/sheets/${projectId}`, {
        method: 'PUT',
        body: input,
      }),
    close: (id: string, version: number) =>
      request<FieldReviewDetail>(`/api/field-reviews/${id}/close`, { method: 'POST', body: { version } }),
    amend: (id: string, input: FieldReviewAmendmentInput) =>
      request<FieldReviewDetail>(`/api/field-reviews/${id}/amendments`, { method: 'POST', body: input }),
    history: (projectId: string) =>
      request<FieldReviewHistory>(`/api/projects/${projectId}/field-review-history`),
    /** Needs project.scope.all. */
    chiefsComparison: (quarter?: string) =>
      request<ChiefsComparison>('/api/field-reviews/chiefs-comparison', { query: { quarter } }),
  },
  /** 双月一调度: dispatch meetings, their agenda, attendance, minutes and decisions (议定事项). */
  dispatch: {
    list: (query: Partial<DispatchMeetingListQuery>) =>
      request<DispatchMeetingPage>('/api/dispatch-meetings', { query }),
    get: (id: string) => request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}`),
    create: (input: DispatchMeetingCreateInput) =>
      request<DispatchMeetingDetail>('/api/dispatch-meetings', { method: 'POST', body: input }),
    update: (id: string, input: DispatchMeetingUpdateInput) =>
      request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}`, { method: 'PATCH', body: input }),
    propose: (id: string, version: number) =>
      request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}/agenda/propose`, {
        method: 'POST',
        body: { version },
      }),
    putAgenda: (id: string, input: DispatchAgendaInput) =>
      request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}/agenda`, { method: 'PUT', body: input }),
    putAttendance: (id: string, input: DispatchAttendanceInput) =>
      request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}/attendance`, {
        method: 'PUT',
        body: input,
      }),
    putMinutes: (id: string, input: DispatchMinutesInput) =>
      request<DispatchMeetingDetail>(`/api/dispatch-meetings/${id}/minutes`, { method: 'PUT', body: input }),
    createAction: (id: string, input: DispatchActionCreateInput) =>
      request<DispatchAction>(`/api/dispatch-meetings/${id}/actions`, { method: 'POST', body: input }),
    downloadRecord: (id: string, fallbackName: string) =>
      downloadFile(`/api/dispatch-meetings/${id}/record.docx`, undefined, fallbackName),
    actions: (query: Partial<DispatchActionListQuery>) =>
      request<DispatchActionPage>('/api/dispatch-actions', { query }),
    updateAction: (id: string, input: DispatchActionUpdateInput) =>
      request<DispatchAction>(`/api/dispatch-actions/${id}`, { method: 'PATCH', body: input }),
  },
  /** 预警: lights, earned value, judgements and the rule settings. */
  warnings: {
    list: (query: WarningListParams) => request<WarningPage>('/api/warnings', { query }),
    get: (projectId: string) => request<ProjectWarningDetail>(`/api/projects/${projectId}/warning`),
    judge: (projectId: string, input: JudgementInput) =>
      request<Judgement>(`/api/projects/${projectId}/judgements`, { method: 'POST', body: input }),
    settings: () => request<WarningSettings>('/api/warning-settings'),
    saveSettings: (input: WarningSettingsInput) =>
      request<WarningSettings>('/api/warning-settings', { method: 'PUT', body: input }),
  },
  /** Reminder lead times, the group-chat robot webhook and the background jobs (notification.configure). */
  reminders: {
    settings: () => request<ReminderSettings>('/api/reminder-settings'),
    saveSettings: (input: ReminderSettingsInput) =>
      request<ReminderSettings>('/api/reminder-settings', { method: 'PUT', body: input }),
    sendTestMessage: () =>
      request<WebhookTestResult>('/api/reminder-settings/test-message', { method: 'POST' }),
    jobs: () => request<{ items: ScheduledJob[] }>('/api/scheduled-jobs'),
  },
  /** 项目一张图: the visible projects' points with the ledger's filters, and the base map (issue #5). */
  map: {
    points: (query: Partial<ProjectMapQuery>) => request<ProjectMap>('/api/projects/map', { query }),
    settings: () => request<MapSettings>('/api/map-settings'),
    saveSettings: (input: MapSettingsInput) =>
      request<MapSettings>('/api/map-settings', { method: 'PUT', body: input }),
  },
  /** 建设时间轴: recorded milestones merged with the projects' own dates (issue #5). */
  timeline: {
    get: (query: Partial<TimelineQuery>) => request<Timeline>('/api/timeline', { query }),
    create: (input: TimelineEventInput) =>
      request<TimelineEvent>('/api/timeline-events', { method: 'POST', body: input }),
    update: (id: string, input: TimelineEventUpdateInput) =>
      request<TimelineEvent>(`/api/timeline-events/${id}`, { method: 'PATCH', body: input }),
    delete: (id: string, version: number) =>
      request<void>(`/api/timeline-events/${id}`, { method: 'DELETE', body: { version } }),
  },
  /** 领导驾驶舱 and 投资结构分析 (issue #5): figures over the projects in the user's data scope. */
  analytics: {
    cockpit: (query: Partial<CockpitQuery>) => request<Cockpit>('/api/cockpit', { query }),
    pivot: (query: PivotQuery) => request<Pivot>('/api/analysis/pivot', { query }),
    /** The same table as .xlsx (needs project.export as well as analysis.read). */
    exportPivot: (query: PivotQuery, fallbackName: string) =>
      downloadFile('/api/analysis/pivot.xlsx', query, fallbackName),
    settings: () => request<AnalysisSettings>('/api/analysis/settings'),
    saveSettings: (input: AnalysisSettingsInput) =>
      request<AnalysisSettings>('/api/analysis/settings', { method: 'PUT', body: input }),
  },
  /** The in-app inbox of the logged-in user. */
  notifications: {
    list: (query: Partial<NotificationListQuery>) =>
      request<NotificationPage>('/api/notifications', { query }),
    markRead: (id: string) => request<Notification>(`/api/notifications/${id}/read`, { method: 'POST' }),
    readAll: () => request<{ updated: number }>('/api/notifications/read-all', { method: 'POST' }),
  },
  /** The working-day calendar: statutory schedule overrides, covered years, day kinds. */
  calendar: {
    overview: (year?: number) => request<CalendarOverview>('/api/calendar/overrides', { query: { year } }),
    putOverride: (date: string, input: CalendarOverrideInput) =>
      request<CalendarOverrideItem>(`/api/calendar/overrides/${date}`, { method: 'PUT', body: input }),
    deleteOverride: (date: string) => request<void>(`/api/calendar/overrides/${date}`, { method: 'DELETE' }),
    setCoveredYears: (years: number[]) =>
      request<{ coveredYears: number[] }>('/api/calendar/covered-years', { method: 'PUT', body: { years } }),
    workingDays: (from: string, to: string) =>
      request<WorkingDays>('/api/calendar/working-days', { query: { from, to } }),
    deadline: (start: string, days: number) =>
      request<Deadline>('/api/calendar/deadline', { query: { start, days } }),
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
