/**
 * Drizzle table definitions mirroring migrations/*.sql (the SQL files are the source of truth for the
 * database; this file gives the query builder its types). snake_case columns, camelCase properties.
 */
import {
  bigserial,
  boolean,
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
