/**
 * Drizzle table definitions mirroring migrations/*.sql (the SQL files are the source of truth for the
 * database; this file gives the query builder its types). snake_case columns, camelCase properties.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { reminderKinds } from '#domain/schemas/reminders.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 16, scale: 2, mode: 'number' });

export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const referenceDataVersions = pgTable('reference_data_versions', {
  name: text('name').primaryKey(),
  checksum: text('checksum').notNull(),
  loadedAt: ts('loaded_at').notNull().defaultNow(),
});

export const divisions = pgTable('divisions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  level: smallint('level').notNull(),
  parentCode: text('parent_code'),
  validFrom: date('valid_from', { mode: 'string' }),
  validTo: date('valid_to', { mode: 'string' }),
});

export const industries = pgTable('industries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  level: smallint('level').notNull(),
  parentCode: text('parent_code'),
});

export const leadingIndustries = pgTable('leading_industries', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
});

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  type: text('type', { enum: ['department', 'enterprise'] }).notNull(),
  creditCode: text('credit_code'),
  creditCodeOverride: boolean('credit_code_override').notNull().default(false),
  creditCodeOverrideReason: text('credit_code_override_reason'),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  divisionCode: text('division_code'),
  isDemo: boolean('is_demo').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  sort: smallint('sort').notNull().default(0),
});

export const permissionsTable = pgTable('permissions', {
  code: text('code').primaryKey(),
});

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleCode: text('role_code').notNull(),
    permissionCode: text('permission_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleCode, t.permissionCode] })],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  organizationId: uuid('organization_id'),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  failedLoginCount: integer('failed_login_count').notNull().default(0),
  lockedUntil: ts('locked_until'),
  lastLoginAt: ts('last_login_at'),
  isDemo: boolean('is_demo').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id').notNull(),
    roleCode: text('role_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleCode] })],
);

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
});

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code'),
  codeFormat: text('code_format', { enum: ['current', 'legacy'] }),
  name: text('name').notNull(),
  namePinyin: text('name_pinyin').notNull().default(''),
  nameInitials: text('name_initials').notNull().default(''),
  ownerOrgId: uuid('owner_org_id').notNull(),
  category: text('category').notNull(),
  industryCode: text('industry_code').notNull(),
  leadingIndustry: text('leading_industry'),
  keyLevel: text('key_level').notNull(),
  divisionCode: text('division_code').notNull(),
  townCode: text('town_code'),
  longitude: doublePrecision('longitude'),
  latitude: doublePrecision('latitude'),
  totalInvestment: money('total_investment').notNull(),
  investmentGovernment: money('investment_government'),
  investmentSocial: money('investment_social'),
  investmentForeign: money('investment_foreign'),
  constructionContent: text('construction_content'),
  plannedStart: date('planned_start', { mode: 'string' }),
  plannedCompletion: date('planned_completion', { mode: 'string' }),
  stage: text('stage').notNull(),
  chiefUserId: uuid('chief_user_id'),
  leadDepartmentId: uuid('lead_department_id'),
  tags: text('tags').array().notNull().default([]),
  isDemo: boolean('is_demo').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
  deleteReason: text('delete_reason'),
  stageTemplateCode: text('stage_template_code'),
  actualStart: date('actual_start', { mode: 'string' }),
  actualCompletion: date('actual_completion', { mode: 'string' }),
});

export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name'),
  action: text('action').notNull(),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  before: jsonb('before'),
  after: jsonb('after'),
  ip: text('ip'),
  outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
  detail: text('detail'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

// Issue #3: lifecycle, plans, reports, coordination, warnings (migrations/0003_lifecycle.sql).

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

export const stageTemplates = pgTable('stage_templates', {
  code: text('code').primaryKey(),
  definition: jsonb('definition').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

export const projectStageHistory = pgTable('project_stage_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  projectId: uuid('project_id').notNull(),
  fromStage: text('from_stage'),
  toStage: text('to_stage').notNull(),
  direction: text('direction', { enum: ['initial', 'forward', 'back', 'same'] }).notNull(),
  movedOn: date('moved_on', { mode: 'string' }).notNull(),
  reason: text('reason'),
  records: jsonb('records').notNull().default({}),
  skipped: text('skipped').array().notNull().default([]),
  actorId: uuid('actor_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const projectStagePlans = pgTable(
  'project_stage_plans',
  {
    projectId: uuid('project_id').notNull(),
    stage: text('stage').notNull(),
    plannedStart: date('planned_start', { mode: 'string' }),
    plannedEnd: date('planned_end', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.stage] })],
);

export const projectEvents = pgTable('project_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  projectId: uuid('project_id').notNull(),
  kind: text('kind', {
    enum: ['start_report', 'annual_report', 'completion_report', 'delayed_start', 'suspension', 'resumption'],
  }).notNull(),
  eventDate: date('event_date', { mode: 'string' }).notNull(),
  note: text('note'),
  actorId: uuid('actor_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const milestones = pgTable('milestones', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  name: text('name').notNull(),
  plannedDate: date('planned_date', { mode: 'string' }).notNull(),
  actualDate: date('actual_date', { mode: 'string' }),
  responsibleOrgId: uuid('responsible_org_id'),
  status: text('status', { enum: ['planned', 'in_progress', 'done', 'cancelled'] })
    .notNull()
    .default('planned'),
  sort: integer('sort').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export const planBaselines = pgTable('plan_baselines', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  year: integer('year').notNull(),
  snapshot: jsonb('snapshot').notNull(),
  approvedBy: uuid('approved_by'),
  approvedAt: ts('approved_at').notNull().defaultNow(),
  note: text('note'),
});

export const annualPlans = pgTable(
  'annual_plans',
  {
    projectId: uuid('project_id').notNull(),
    year: integer('year').notNull(),
    plannedInvestment: money('planned_investment').notNull(),
    monthlySchedule: jsonb('monthly_schedule').$type<number[] | null>(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.year] })],
);

export const progressReports = pgTable('progress_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  /** First day of the reported month. */
  month: date('month', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['submitted', 'accepted', 'returned'] }).notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  investmentThisMonth: money('investment_this_month').notNull(),
  physicalProgress: numeric('physical_progress', { precision: 5, scale: 2, mode: 'number' }),
  imageProgress: text('image_progress'),
  problems: text('problems'),
  overTotalExplanation: text('over_total_explanation'),
  submittedBy: uuid('submitted_by'),
  submittedAt: ts('submitted_at').notNull().defaultNow(),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: ts('reviewed_at'),
  reviewReason: text('review_reason'),
  version: integer('version').notNull().default(1),
});

export const progressReportVersions = pgTable('progress_report_versions', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  reportId: uuid('report_id').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').notNull(),
  idempotencyKey: text('idempotency_key'),
  status: text('status').notNull(),
  actorId: uuid('actor_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const reportPhotos = pgTable('report_photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  reportId: uuid('report_id').notNull(),
  storageKey: text('storage_key').notNull(),
  thumbnailKey: text('thumbnail_key'),
  originalName: text('original_name'),
  mimeType: text('mime_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  width: integer('width'),
  height: integer('height'),
  takenAt: ts('taken_at'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export const coordinationItems = pgTable('coordination_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  source: text('source', { enum: ['report', 'inspection', 'chief', 'other'] }).notNull(),
  sourceRef: text('source_ref'),
  title: text('title').notNull(),
  description: text('description').notNull(),
  category: text('category', {
    enum: ['land', 'planning', 'funding', 'approval', 'construction_environment', 'utilities', 'other'],
  }).notNull(),
  priority: text('priority', { enum: ['urgent', 'high', 'normal', 'low'] })
    .notNull()
    .default('normal'),
  status: text('status', { enum: ['pending', 'in_progress', 'resolved', 'confirmed'] })
    .notNull()
    .default('pending'),
  deadlineWorkingDays: integer('deadline_working_days').notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  answer: text('answer'),
  escalationLevel: integer('escalation_level').notNull().default(0),
  /** 提请领导决策 (migrations/0006_dispatch_meetings.sql): the dispatch agenda's decision section. */
  needsDecision: boolean('needs_decision').notNull().default(false),
  decisionNote: text('decision_note'),
  raisedBy: uuid('raised_by'),
  raisedAt: ts('raised_at').notNull().defaultNow(),
  resolvedAt: ts('resolved_at'),
  confirmedAt: ts('confirmed_at'),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const coordinationItemDepartments = pgTable(
  'coordination_item_departments',
  {
    itemId: uuid('item_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.organizationId] })],
);

export const coordinationItemEvents = pgTable('coordination_item_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  itemId: uuid('item_id').notNull(),
  kind: text('kind').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  note: text('note'),
  actorId: uuid('actor_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const calendarOverrides = pgTable('calendar_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const projectWarnings = pgTable('project_warnings', {
  projectId: uuid('project_id').primaryKey(),
  color: text('color', { enum: ['green', 'yellow', 'red'] }).notNull(),
  reasons: jsonb('reasons').notNull(),
  presetCode: text('preset_code').notNull(),
  earnedValue: jsonb('earned_value'),
  computedAt: ts('computed_at').notNull().defaultNow(),
  /** The list's order (0 red, 1 yellow, 2 green) and the project's name, copied (migrations/0012). */
  lightRank: smallint('light_rank').generatedAlwaysAs(
    sql`CASE color WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END`,
  ),
  projectName: text('project_name'),
});

export const warningJudgements = pgTable('warning_judgements', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  confidence: text('confidence', { enum: ['high', 'medium', 'low'] }).notNull(),
  reason: text('reason').notNull(),
  judgedOn: date('judged_on', { mode: 'string' }).notNull(),
  actorId: uuid('actor_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body'),
  link: text('link'),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  readAt: ts('read_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// Issue #4, 一季一拉练: quarterly field review tours (migrations/0005_field_reviews.sql).

export const fieldReviews = pgTable('field_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  quarter: text('quarter').notNull(),
  title: text('title').notNull(),
  status: text('status', { enum: ['open', 'closed'] })
    .notNull()
    .default('open'),
  /** FieldReviewConfig (domain/field-review-scoring.ts), parsed again when read. */
  config: jsonb('config').notNull(),
  organiserId: uuid('organiser_id').notNull(),
  closedAt: ts('closed_at'),
  closedBy: uuid('closed_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const fieldReviewStops = pgTable(
  'field_review_stops',
  {
    reviewId: uuid('review_id').notNull(),
    projectId: uuid('project_id').notNull(),
    visitDate: date('visit_date', { mode: 'string' }).notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.projectId] })],
);

export const fieldReviewScorers = pgTable(
  'field_review_scorers',
  {
    reviewId: uuid('review_id').notNull(),
    userId: uuid('user_id').notNull(),
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);

export const fieldReviewSheets = pgTable(
  'field_review_sheets',
  {
    reviewId: uuid('review_id').notNull(),
    projectId: uuid('project_id').notNull(),
    scorerId: uuid('scorer_id').notNull(),
    scores: jsonb('scores').$type<Record<string, number | null>>().notNull(),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.projectId, t.scorerId] })],
);

/** Append-only (a trigger refuses UPDATE and DELETE). */
export const fieldReviewAmendments = pgTable('field_review_amendments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  reviewId: uuid('review_id').notNull(),
  projectId: uuid('project_id').notNull(),
  scorerId: uuid('scorer_id').notNull(),
  scores: jsonb('scores').$type<Record<string, number | null>>().notNull(),
  reason: text('reason').notNull(),
  actorId: uuid('actor_id').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

// Issue #4: project chiefs' staff and assignments, 一月一督查 inspections, project tasks
// (migrations/0004_chiefs_inspections.sql).

export const projectChiefStaff = pgTable(
  'project_chief_staff',
  {
    projectId: uuid('project_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: ['deputy', 'liaison'] }).notNull(),
    assignedOn: date('assigned_on', { mode: 'string' }).notNull(),
    assignedBy: uuid('assigned_by'),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

/** Kept in step with projects.chief_user_id by a trigger; PUT …/chiefs dates it from the app's clock. */
export const projectChiefAssignments = pgTable('project_chief_assignments', {
  projectId: uuid('project_id').primaryKey(),
  chiefUserId: uuid('chief_user_id').notNull(),
  assignedOn: date('assigned_on', { mode: 'string' }).notNull(),
  assignedBy: uuid('assigned_by'),
});

export const inspections = pgTable('inspections', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  /** First day of the inspected month. */
  month: date('month', { mode: 'string' }).notNull(),
  inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
  method: text('method', { enum: ['onsite', 'video', 'written'] }).notNull(),
  participants: text('participants').array().notNull().default([]),
  summary: text('summary').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const inspectionFindings = pgTable('inspection_findings', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  inspectionId: uuid('inspection_id').notNull(),
  category: text('category', {
    enum: ['progress', 'quality', 'safety', 'civilised_construction', 'resource_support'],
  }).notNull(),
  text: text('text').notNull(),
  sort: integer('sort').notNull().default(0),
});

export const inspectionPhotos = pgTable('inspection_photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  inspectionId: uuid('inspection_id').notNull(),
  storageKey: text('storage_key').notNull(),
  thumbnailKey: text('thumbnail_key'),
  originalName: text('original_name'),
  mimeType: text('mime_type').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  width: integer('width'),
  height: integer('height'),
  takenAt: ts('taken_at'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export const projectTasks = pgTable('project_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  ownerOrgId: uuid('owner_org_id').notNull(),
  ownerUserId: uuid('owner_user_id'),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['open', 'done', 'cancelled'] })
    .notNull()
    .default('open'),
  source: text('source', { enum: ['inspection'] }).notNull(),
  sourceRef: text('source_ref'),
  closedAt: ts('closed_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

// Issue #4, 双月一调度: dispatch meetings, their agenda, attendance and decisions (migrations/0006_dispatch_meetings.sql).

export const dispatchMeetings = pgTable('dispatch_meetings', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Two-month period code, e.g. '2026-B5' (domain/supervision-cadence.ts). */
  period: text('period').notNull(),
  title: text('title').notNull(),
  meetingDate: date('meeting_date', { mode: 'string' }).notNull(),
  /** 'HH:MM', China time. */
  startTime: text('start_time'),
  place: text('place'),
  chair: text('chair'),
  summary: text('summary'),
  status: text('status', { enum: ['scheduled', 'held', 'cancelled'] })
    .notNull()
    .default('scheduled'),
  cancelReason: text('cancel_reason'),
  organiserId: uuid('organiser_id').notNull(),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const dispatchAgendaItems = pgTable('dispatch_agenda_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  meetingId: uuid('meeting_id').notNull(),
  sort: integer('sort').notNull(),
  kind: text('kind', {
    enum: [
      'unfinished_action',
      'red_project',
      'yellow_project',
      'overdue_item',
      'decision',
      'late_start',
      'other',
    ],
  }).notNull(),
  projectId: uuid('project_id'),
  refs: jsonb('refs')
    .$type<{ projectId?: string; itemId?: string; actionId?: string }>()
    .notNull()
    .default({}),
  title: text('title').notNull(),
  titleEn: text('title_en'),
  reasons: jsonb('reasons').$type<{ code: string; zh: string; en: string }[]>().notNull().default([]),
  minutes: text('minutes'),
});

export const dispatchAttendees = pgTable('dispatch_attendees', {
  id: uuid('id').primaryKey().defaultRandom(),
  meetingId: uuid('meeting_id').notNull(),
  sort: integer('sort').notNull(),
  userId: uuid('user_id'),
  name: text('name').notNull(),
  organizationId: uuid('organization_id'),
  organizationName: text('organization_name'),
  position: text('position'),
  present: boolean('present').notNull().default(true),
  absenceReason: text('absence_reason'),
});

/** 议定事项. Read by the bulletin and reminder jobs too: keep the column names stable. */
export const dispatchActions = pgTable('dispatch_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  meetingId: uuid('meeting_id').notNull(),
  /** Number within the meeting's 议定事项, from 1. */
  sequence: integer('sequence').notNull(),
  agendaItemId: uuid('agenda_item_id'),
  projectId: uuid('project_id'),
  content: text('content').notNull(),
  ownerOrganizationId: uuid('owner_organization_id').notNull(),
  ownerUserId: uuid('owner_user_id'),
  workingDays: integer('working_days').notNull(),
  /** workingDays working days after the meeting day. */
  deadline: date('deadline', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['open', 'in_progress', 'done', 'cancelled'] })
    .notNull()
    .default('open'),
  progressNote: text('progress_note'),
  completedAt: ts('completed_at'),
  createdBy: uuid('created_by'),
  updatedBy: uuid('updated_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// Issue #4: the scheduler's jobs, reminders and the webhook outbox (migrations/0008_scheduler.sql).

export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  intervalSeconds: integer('interval_seconds').notNull(),
  nextRunAt: ts('next_run_at').notNull(),
  lockedUntil: ts('locked_until'),
  /** The claim's token, '<node>#<n>': only its holder renews or releases the lease. */
  lockedBy: text('locked_by'),
  lastStartedAt: ts('last_started_at'),
  lastFinishedAt: ts('last_finished_at'),
  lastOutcome: text('last_outcome', { enum: ['succeeded', 'failed'] }),
  lastDurationMs: integer('last_duration_ms'),
  lastError: text('last_error'),
  lastErrorAt: ts('last_error_at'),
  runCount: integer('run_count').notNull().default(0),
});

/** One occasion about one subject; unique on (kind, subjectId, occasion), which makes it fire once. */
export const reminders = pgTable('reminders', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: reminderKinds }).notNull(),
  subjectId: uuid('subject_id').notNull(),
  occasion: text('occasion').notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  title: text('title').notNull(),
  body: text('body'),
  link: text('link'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const reminderRecipients = pgTable(
  'reminder_recipients',
  {
    reminderId: uuid('reminder_id').notNull(),
    userId: uuid('user_id').notNull(),
    notificationId: uuid('notification_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reminderId, t.userId] })],
);

export const webhookOutbox = pgTable('webhook_outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  /** { title, lines[] }, rendered in the robot's format when sent. */
  payload: jsonb('payload').notNull(),
  status: text('status', { enum: ['pending', 'sent', 'failed', 'cancelled'] })
    .notNull()
    .default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  lockedUntil: ts('locked_until'),
  lastError: text('last_error'),
  lastAttemptAt: ts('last_attempt_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
});

// Issue #4, 通报: every generated monthly bulletin (migrations/0007_bulletins.sql).

export const bulletins = pgTable('bulletins', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** YYYY-MM. */
  dataMonth: text('data_month').notNull(),
  revision: integer('revision').notNull(),
  supersedesId: uuid('supersedes_id'),
  issuer: text('issuer').notNull(),
  issuerShort: text('issuer_short').notNull(),
  numberYear: integer('number_year').notNull(),
  numberSequence: integer('number_sequence').notNull(),
  number: text('number').notNull(),
  title: text('title').notNull(),
  /** BulletinFigures (domain/schemas/bulletins.ts). */
  figures: jsonb('figures').notNull(),
  storageKey: text('storage_key').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  sha256: text('sha256').notNull(),
  note: text('note'),
  generatedBy: uuid('generated_by').notNull(),
  generatedAt: ts('generated_at').notNull().defaultNow(),
});

// Issue #5, 建设时间轴: milestones entered by managers (migrations/0010_map_timeline.sql).

export const timelineEvents = pgTable('timeline_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventDate: date('event_date', { mode: 'string' }).notNull(),
  title: text('title').notNull(),
  description: text('description'),
  kind: text('kind', { enum: ['mass_start', 'opening', 'completion', 'signing', 'other'] }).notNull(),
  projectIds: uuid('project_ids').array().notNull().default([]),
  isDemo: boolean('is_demo').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// Issue #5, analytics: which projects changed in which transaction (read by the analytics store) and the history of
// warning lights (migrations/0009_analytics.sql).

/** PostgreSQL's 64-bit transaction id; kept as text here (the store only compares it in SQL). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const analyticsChanges = pgTable('analytics_changes', {
  projectId: uuid('project_id').primaryKey(),
  changedXid: xid8('changed_xid').notNull(),
});

/** Appended by a trigger whenever a project's light changes; color null: the light was removed. */
export const warningLightHistory = pgTable('warning_light_history', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  projectId: uuid('project_id').notNull(),
  color: text('color', { enum: ['green', 'yellow', 'red'] }),
  at: ts('at').notNull().defaultNow(),
});

// Issue #5, warning lights at province scale: projects whose light's inputs changed since it was computed, marked
// by triggers (migrations/0012_warnings_scale.sql).
export const warningInputsChanged = pgTable('warning_inputs_changed', {
  projectId: uuid('project_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});
