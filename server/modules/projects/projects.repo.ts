import {
  and,
  count,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Project, ProjectListQuery } from '#domain/schemas/projects.ts';
import type { Executor } from '../../db/client.ts';
import { divisions, industries, organizations, projects, users } from '../../db/schema.ts';

/** Who may see which projects, as SQL: undefined means everything. */
export type ProjectScope = { all: true } | { all: false; userId: string; organizationId: string | null };

export function scopeCondition(scope: ProjectScope): SQL | undefined {
  if (scope.all) return undefined;
  const parts: SQL[] = [eq(projects.chiefUserId, scope.userId)];
  if (scope.organizationId) {
    parts.push(
      eq(projects.ownerOrgId, scope.organizationId),
      eq(projects.leadDepartmentId, scope.organizationId),
    );
  }
  return or(...parts);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The columns a name search reads: the projects table's, or those of a subquery over it. */
type SearchColumns = { name: SQLWrapper; pinyin: SQLWrapper; initials: SQLWrapper; code: SQLWrapper };
const projectSearchColumns: SearchColumns = {
  name: projects.name,
  pinyin: projects.namePinyin,
  initials: projects.nameInitials,
  code: projects.code,
};

const isPinyin = (text: string) => /^[a-zA-Z]+$/.test(text);
const isCode = (text: string) => /^[0-9-]+$/.test(text);

/**
 * What a name search matches, exactly (domain.md §7): Latin letters match the stored pinyin or initials
 * (kxdd → 科学大道); digits and hyphens match the code; anything else is a Chinese substring of the name.
 */
function searchMatch(text: string, on: SearchColumns): SQL | undefined {
  const like = `%${escapeLike(text.toLowerCase())}%`;
  if (isPinyin(text)) {
    return or(
      sql`${on.initials} like ${like}`,
      sql`${on.pinyin} like ${like}`,
      sql`lower(${on.name}) like ${like}`,
    );
  }
  if (isCode(text)) return sql`${on.code} like ${like}`;
  return sql`lower(${on.name}) like ${like}`;
}

/**
 * The n-grams every name containing `lowered` has among gj_ngrams(name) (migrations/0001_init.sql): its bigrams
 * (its one character when it has one), by code point as PostgreSQL counts characters, leaving out any with a
 * space (gj_ngrams drops only all-space grams, so what remains is there whenever the LIKE matches). That makes
 * the GIN condition implied by the LIKE: it narrows, and never changes, what matches.
 */
function nameGrams(lowered: string): string[] {
  const chars = Array.from(lowered);
  const grams = chars.length === 1 ? chars : chars.slice(1).map((c, i) => `${chars[i]}${c}`);
  return [...new Set(grams.filter((g) => !/\s/.test(g)))];
}

/**
 * The name search as a condition on projects: the exact match, for a Chinese substring led by the n-gram GIN
 * index (gj_ngrams), which the LIKE then confirms so that the characters must also stand in order.
 */
export function searchCondition(q: string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const match = searchMatch(text, projectSearchColumns);
  if (isPinyin(text) || isCode(text)) return match;
  const grams = nameGrams(text.toLowerCase());
  if (grams.length === 0) return match;
  return and(
    sql`gj_ngrams(${projects.name}) @> array[${sql.join(
      grams.map((g) => sql`${g}`),
      sql`, `,
    )}]::text[]`,
    match,
  );
}

const sortColumns = {
  name: projects.name,
  code: projects.code,
  category: projects.category,
  industryCode: projects.industryCode,
  leadingIndustry: projects.leadingIndustry,
  keyLevel: projects.keyLevel,
  divisionCode: projects.divisionCode,
  totalInvestment: projects.totalInvestment,
  plannedStart: projects.plannedStart,
  plannedCompletion: projects.plannedCompletion,
  stage: projects.stage,
  updatedAt: projects.updatedAt,
  createdAt: projects.createdAt,
  deletedAt: projects.deletedAt,
} as const;

export type ProjectFilter = Omit<ProjectListQuery, 'page' | 'pageSize' | 'sort' | 'order'>;

export function filterConditions(f: ProjectFilter, scope: ProjectScope): SQL | undefined {
  const c: (SQL | undefined)[] = [
    f.deleted ? isNotNull(projects.deletedAt) : isNull(projects.deletedAt),
    scopeCondition(scope),
  ];
  if (f.q) c.push(searchCondition(f.q));
  if (f.category?.length) c.push(inArray(projects.category, f.category));
  if (f.keyLevel?.length) c.push(inArray(projects.keyLevel, f.keyLevel));
  if (f.stage?.length) c.push(inArray(projects.stage, f.stage));
  if (f.industryCode?.length) {
    // A section letter (A–T) stands for all of its divisions.
    c.push(
      or(
        inArray(projects.industryCode, f.industryCode),
        sql`${projects.industryCode} in (select code from industries where parent_code in ${f.industryCode})`,
      ),
    );
  }
  if (f.leadingIndustry?.length) c.push(inArray(projects.leadingIndustry, f.leadingIndustry));
  if (f.divisionCode?.length) c.push(inArray(projects.divisionCode, f.divisionCode));
  if (f.townCode?.length) c.push(inArray(projects.townCode, f.townCode));
  if (f.ownerOrgId?.length) c.push(inArray(projects.ownerOrgId, f.ownerOrgId));
  if (f.chiefUserId?.length) c.push(inArray(projects.chiefUserId, f.chiefUserId));
  if (f.leadDepartmentId?.length) c.push(inArray(projects.leadDepartmentId, f.leadDepartmentId));
  if (f.tag) c.push(sql`${f.tag} = any(${projects.tags})`);
  if (f.hasCode === true) c.push(isNotNull(projects.code));
  if (f.hasCode === false) c.push(isNull(projects.code));
  // Both coordinates or neither: the schema refuses one without the other.
  if (f.hasLocation === true) c.push(isNotNull(projects.longitude), isNotNull(projects.latitude));
  if (f.hasLocation === false) c.push(or(isNull(projects.longitude), isNull(projects.latitude)));
  if (f.investmentMin !== undefined) c.push(gte(projects.totalInvestment, f.investmentMin));
  if (f.investmentMax !== undefined) c.push(lte(projects.totalInvestment, f.investmentMax));
  if (f.plannedStartFrom) c.push(gte(projects.plannedStart, f.plannedStartFrom));
  if (f.plannedStartTo) c.push(lte(projects.plannedStart, f.plannedStartTo));
  if (f.plannedCompletionFrom) c.push(gte(projects.plannedCompletion, f.plannedCompletionFrom));
  if (f.plannedCompletionTo) c.push(lte(projects.plannedCompletion, f.plannedCompletionTo));
  if (f.actualStartFrom) c.push(gte(projects.actualStart, f.actualStartFrom));
  if (f.actualStartTo) c.push(lte(projects.actualStart, f.actualStartTo));
  if (f.actualCompletionFrom) c.push(gte(projects.actualCompletion, f.actualCompletionFrom));
  if (f.actualCompletionTo) c.push(lte(projects.actualCompletion, f.actualCompletionTo));
  return and(...c);
}

/**
 * The stage a project stood in at the end of `day`, from its stage history: the stage entered by the last move
 * made on or before that day; before its first move, the stage that move left; never moved, its stage now. Moves
 * are ordered by the day they were made (moved_on, which may be entered after the fact), then by recording order.
 * Exit records entered without a move ('same') do not change the stage.
 */
export function stageOnSql(day: string): SQL<string> {
  return sql<string>`coalesce(
    (select h.to_stage from project_stage_history h
      where h.project_id = ${projects.id} and h.direction <> 'same' and h.moved_on <= ${day}::date
      order by h.moved_on desc, h.id desc limit 1),
    (select h.from_stage from project_stage_history h
      where h.project_id = ${projects.id} and h.direction <> 'same' and h.moved_on > ${day}::date
      order by h.moved_on, h.id limit 1),
    ${projects.stage})`;
}

/** The columns a Project shows (not the search keys, the authors, the stage template or the actual dates). */
const shownColumns = {
  id: projects.id,
  code: projects.code,
  codeFormat: projects.codeFormat,
  name: projects.name,
  ownerOrgId: projects.ownerOrgId,
  category: projects.category,
  industryCode: projects.industryCode,
  leadingIndustry: projects.leadingIndustry,
  keyLevel: projects.keyLevel,
  divisionCode: projects.divisionCode,
  townCode: projects.townCode,
  longitude: projects.longitude,
  latitude: projects.latitude,
  totalInvestment: projects.totalInvestment,
  investmentGovernment: projects.investmentGovernment,
  investmentSocial: projects.investmentSocial,
  investmentForeign: projects.investmentForeign,
  constructionContent: projects.constructionContent,
  plannedStart: projects.plannedStart,
  plannedCompletion: projects.plannedCompletion,
  stage: projects.stage,
  chiefUserId: projects.chiefUserId,
  leadDepartmentId: projects.leadDepartmentId,
  tags: projects.tags,
  isDemo: projects.isDemo,
  version: projects.version,
  createdAt: projects.createdAt,
  updatedAt: projects.updatedAt,
  deletedAt: projects.deletedAt,
  deleteReason: projects.deleteReason,
};

/**
 * A page of projects with the names they refer to. The names come from scalar subqueries rather than joins:
 * evaluated for the page's rows only, after the sort and limit, and planned in a fraction of the time a
 * seven-table join takes to plan (which, at a few milliseconds, was most of a page's cost).
 */
function selectProjects(db: Executor) {
  return db
    .select({
      p: shownColumns,
      ownerOrgName: sql<string>`(select o.name from organizations o where o.id = ${outer(projects.ownerOrgId)})`,
      leadDepartmentName: sql<
        string | null
      >`(select o.name from organizations o where o.id = ${outer(projects.leadDepartmentId)})`,
      chiefName: sql<
        string | null
      >`(select u.display_name from users u where u.id = ${outer(projects.chiefUserId)})`,
      industryName: sql<
        string | null
      >`(select i.name from industries i where i.code = ${outer(projects.industryCode)})`,
      divisionName: sql<
        string | null
      >`(select d.name from divisions d where d.code = ${outer(projects.divisionCode)})`,
      townName: sql<
        string | null
      >`(select d.name from divisions d where d.code = ${outer(projects.townCode)})`,
    })
    .from(projects);
}

/**
 * A column of the listed project, named with its table: Drizzle names columns bare in a one-table select, and
 * inside a subquery a bare name would be taken for the subquery's own column should its table have one.
 */
const outer = (column: { name: string }) => sql`${sql.identifier('projects')}.${sql.identifier(column.name)}`;

const owner = alias(organizations, 'owner');
const leadDept = alias(organizations, 'lead_dept');
const chief = alias(users, 'chief');
const district = alias(divisions, 'district');
const town = alias(divisions, 'town');

/** Many projects at once (an export): joins, which beat a subquery per row and name beyond a few hundred rows. */
function selectManyProjects(db: Executor) {
  return db
    .select({
      p: shownColumns,
      ownerOrgName: owner.name,
      leadDepartmentName: leadDept.name,
      chiefName: chief.displayName,
      industryName: industries.name,
      divisionName: district.name,
      townName: town.name,
    })
    .from(projects)
    .innerJoin(owner, eq(owner.id, projects.ownerOrgId))
    .leftJoin(leadDept, eq(leadDept.id, projects.leadDepartmentId))
    .leftJoin(chief, eq(chief.id, projects.chiefUserId))
    .leftJoin(industries, eq(industries.code, projects.industryCode))
    .leftJoin(district, eq(district.code, projects.divisionCode))
    .leftJoin(town, eq(town.code, projects.townCode));
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof selectProjects>['execute']>>[number];

function toProject(r: JoinedRow): Project {
  const p = r.p;
  return {
    id: p.id,
    code: p.code,
    codeFormat: p.codeFormat,
    name: p.name,
    ownerOrgId: p.ownerOrgId,
    ownerOrgName: r.ownerOrgName,
    category: p.category as Project['category'],
    industryCode: p.industryCode,
    industryName: r.industryName,
    leadingIndustry: p.leadingIndustry,
    keyLevel: p.keyLevel as Project['keyLevel'],
    divisionCode: p.divisionCode,
    divisionName: r.divisionName,
    townCode: p.townCode,
    townName: r.townName,
    longitude: p.longitude,
    latitude: p.latitude,
    totalInvestment: p.totalInvestment,
    investmentGovernment: p.investmentGovernment,
    investmentSocial: p.investmentSocial,
    investmentForeign: p.investmentForeign,
    constructionContent: p.constructionContent,
    plannedStart: p.plannedStart,
    plannedCompletion: p.plannedCompletion,
    stage: p.stage as Project['stage'],
    chiefUserId: p.chiefUserId,
    chiefName: r.chiefName,
    leadDepartmentId: p.leadDepartmentId,
    leadDepartmentName: r.leadDepartmentName,
    tags: p.tags,
    isDemo: p.isDemo,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    deletedAt: p.deletedAt?.toISOString() ?? null,
    deleteReason: p.deleteReason,
  };
}

export type ProjectSort = { field: keyof typeof sortColumns; order: 'asc' | 'desc' };

/** Columns that may be NULL keep their NULLs last in both directions. */
const nullableSorts = new Set<ProjectSort['field']>([
  'code',
  'leadingIndustry',
  'plannedStart',
  'plannedCompletion',
  'deletedAt',
]);

/**
 * The list's order, the id breaking ties. Columns that cannot be NULL are sorted without a NULLS clause (the same
 * order), so that one (column, id) index serves both directions (migrations/0011_ledger_indexes.sql).
 */
function orderOf(
  sort: ProjectSort,
  column: SQLWrapper = sortColumns[sort.field],
  id: SQLWrapper = projects.id,
) {
  const direction = sort.order === 'asc' ? sql`asc` : sql`desc`;
  return [
    nullableSorts.has(sort.field) ? sql`${column} ${direction} nulls last` : sql`${column} ${direction}`,
    sql`${id} ${direction}`,
  ];
}

/** Sorts with an index on (column, id) in migrations/0011_ledger_indexes.sql, all on NOT NULL columns. */
const indexedSorts = new Set<ProjectSort['field']>(['updatedAt', 'createdAt', 'totalInvestment', 'name']);

/** Walking the sort order pays for a search with at least this many matches; fewer, the GIN index is quicker. */
const WALK_MIN_MATCHES = 1_000;
/** …for pages within the first this many matches… */
const WALK_MAX_DEPTH = 200;
/** …looking at no more than this many projects before the query falls back to the index. */
const WALK_MAX_ROWS = 10_000;

/**
 * The ids of a search's page found by walking the other filters' rows in the sort order (an index scan) and
 * keeping those whose name matches, until the page is full: for a common term (科学 is in 8 % of names) that is a
 * few hundred rows, where the GIN index would hand over every match to be sorted. The first matches in the
 * order among the first WALK_MAX_ROWS rows are the first matches overall, so a full page is exact.
 */
function walkedIds(
  base: SQL | undefined,
  text: string,
  sort: ProjectSort,
  page: { limit: number; offset: number },
) {
  const w = {
    id: sql`w.id`,
    s: sql`w.s`,
    name: sql`w.name`,
    pinyin: sql`w.name_pinyin`,
    initials: sql`w.name_initials`,
    code: sql`w.code`,
  };
  return sql`select w.id from (
      select ${projects.id} as id, ${sortColumns[sort.field]} as s, ${projects.name} as name,
        ${projects.namePinyin} as name_pinyin, ${projects.nameInitials} as name_initials, ${projects.code} as code
      from ${projects} where ${base ?? sql`true`}
      order by ${sql.join(orderOf(sort), sql`, `)} limit ${WALK_MAX_ROWS}) w
    where ${searchMatch(text, w)}
    order by ${sql.join(orderOf(sort, w.s, w.id), sql`, `)}
    limit ${page.limit} offset ${page.offset}`;
}

/**
 * A page of projects. A name search says so (`search`: the filters without it, the text, and the number of
 * matches, as last counted): a page well within a common term's matches is then found by walking the sort order,
 * and any other by the plain query, which the walk also falls back to when it does not fill the page. The number
 * only chooses the way; the page is the same either way.
 */
export async function findProjects(
  db: Executor,
  where: SQL | undefined,
  sort: ProjectSort,
  page: { limit: number; offset: number },
  search?: { base: SQL | undefined; q: string; total: number },
): Promise<Project[]> {
  const text = search?.q.trim();
  if (
    search &&
    text &&
    indexedSorts.has(sort.field) &&
    search.total >= WALK_MIN_MATCHES &&
    page.offset + page.limit <= Math.min(WALK_MAX_DEPTH, search.total)
  ) {
    const rows = await selectProjects(db)
      .where(sql`${projects.id} in (${walkedIds(search.base, text, sort, page)})`)
      .orderBy(...orderOf(sort));
    if (rows.length === page.limit) return rows.map(toProject);
  }
  const order = orderOf(sort);
  const rows =
    page.limit > 1_000
      ? await selectManyProjects(db)
          .where(where)
          .orderBy(...order)
          .limit(page.limit)
          .offset(page.offset)
      : await selectProjects(db)
          .where(where)
          .orderBy(...order)
          .limit(page.limit)
          .offset(page.offset);
  return rows.map(toProject);
}

export async function countByStage(
  db: Executor,
  where: SQL | undefined,
  asOf?: { day: string; stages: string[] | undefined },
) {
  if (asOf) {
    // Grouped in an outer query: the expression carries a parameter, and PostgreSQL would not match the
    // select list's $1 with a GROUP BY's $2.
    const stage = stageOnSql(asOf.day);
    const on = db
      .select({ stage: sql<string>`${stage}`.as('stage') })
      .from(projects)
      .where(and(where, asOf.stages?.length ? inArray(stage, asOf.stages) : undefined))
      .as('stage_on');
    const rows = await db.select({ stage: on.stage, count: count() }).from(on).groupBy(on.stage);
    return rows as { stage: Project['stage']; count: number }[];
  }
  const rows = await db
    .select({ stage: projects.stage, count: count() })
    .from(projects)
    .where(where)
    .groupBy(projects.stage);
  return rows as { stage: Project['stage']; count: number }[];
}

export async function countProjects(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await countQuery(db, where);
  return row?.n ?? 0;
}

/** The statement counting the projects that match `where` (for core/count-cache.ts). */
export function countQuery(db: Executor, where: SQL | undefined) {
  return db.select({ n: count() }).from(projects).where(where);
}

/** Any project with this id, deleted or not, regardless of scope: callers check visibility. */
export async function getProjectById(db: Executor, id: string): Promise<Project | undefined> {
  const [row] = await selectProjects(db).where(eq(projects.id, id)).limit(1);
  return row ? toProject(row) : undefined;
}

export async function isVisible(db: Executor, id: string, scope: ProjectScope): Promise<boolean> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, id), scopeCondition(scope)))
    .limit(1);
  return Boolean(row);
}

export type ProjectInsert = typeof projects.$inferInsert;

export async function insertProjects(db: Executor, values: ProjectInsert[]): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db.insert(projects).values(values).returning({ id: projects.id });
  return rows.map((r) => r.id);
}

/** Optimistic locking: the row changes only if nobody changed it since `version` was read. */
export async function updateProject(
  db: Executor,
  id: string,
  version: number,
  values: Partial<ProjectInsert>,
): Promise<boolean> {
  const rows = await db
    .update(projects)
    .set({ ...values, version: sql`${projects.version} + 1`, updatedAt: new Date() })
    .where(and(eq(projects.id, id), eq(projects.version, version)))
    .returning({ id: projects.id });
  return rows.length > 0;
}

export async function findLiveProjectIdByCode(db: Executor, code: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.code, code), isNull(projects.deletedAt)))
    .limit(1);
  return row?.id;
}

export async function findLiveCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: projects.code })
    .from(projects)
    .where(and(inArray(projects.code, codes), isNull(projects.deletedAt)));
  return new Set(rows.map((r) => r.code ?? ''));
}
