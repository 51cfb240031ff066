import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.ts';
import {
  appMeta,
  appSettings,
  divisions,
  industries,
  leadingIndustries,
  organizations,
  projects,
  users,
} from '../../db/schema.ts';
import { filterConditions } from '../projects/projects.repo.ts';

/**
 * Loading queries of the analytics fact store. Each aggregates in SQL (one row per project, or per month for the
 * reports), so that a full load of 100,000 projects and 3.6 million monthly reports is a handful of statements.
 * `ids` narrows a query to the projects that changed; undefined loads everything.
 */

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(query: Promise<unknown>): Promise<T[]> => ((await query) as Rows<T>).rows;

/** A statement and the type of its rows (`row` only carries the type). */
export type Query<T> = { sql: SQL; row?: T };
const query = <T>(statement: SQL): Query<T> => ({ sql: statement });

/** All rows of a query at once (the few projects of a refresh). */
export function fetchRows<T>(db: Executor, q: Query<T>): Promise<T[]> {
  return rowsOf<T>(db.execute(q.sql));
}

let cursorCount = 0;

/**
 * The rows of a query in batches through a cursor, inside the caller's transaction: a full load hands over
 * hundreds of megabytes of text, which would otherwise sit in memory all at once.
 */
export async function streamRows<T>(
  tx: Executor,
  q: Query<T>,
  batch: number,
  onRows: (rows: T[]) => void,
): Promise<void> {
  const name = sql.raw(`gj_analytics_${++cursorCount}`);
  await tx.execute(sql`declare ${name} no scroll cursor for ${q.sql}`);
  for (;;) {
    const rows = await rowsOf<T>(tx.execute(sql`fetch ${sql.raw(String(batch))} from ${name}`));
    if (rows.length) onRows(rows);
    if (rows.length < batch) break;
  }
  await tx.execute(sql`close ${name}`);
}

export async function countProjects(db: Executor): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(db.execute(sql`select count(*)::int as n from projects`));
  return Number(row?.n ?? 0);
}

/** A uuid[] parameter (drizzle would spread a JS array into a list of parameters). */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const only = (column: SQL, ids: readonly string[] | undefined, glue: 'where' | 'and') =>
  ids ? sql`${sql.raw(glue)} ${column} = any(${uuidArray(ids)})` : sql``;

export type ProjectRow = {
  id: string;
  deleted: boolean;
  has_code: boolean;
  category: string;
  key_level: string;
  stage: string;
  industry_code: string;
  leading_industry: string | null;
  division_code: string;
  town_code: string | null;
  owner_org_id: string;
  chief_user_id: string | null;
  lead_department_id: string | null;
  total: number;
  gov: number | null;
  soc: number | null;
  fgn: number | null;
  planned_start: string | null;
  planned_completion: string | null;
  actual_start: string | null;
  actual_completion: string | null;
  light: 'green' | 'yellow' | 'red' | null;
};

export function projectsQuery(ids?: readonly string[]): Query<ProjectRow> {
  // numeric → float8 in SQL: both sides round the decimal to the nearest double, and node-postgres would hand
  // numeric over as a string.
  return query(sql`
      select p.id, p.deleted_at is not null as deleted, p.code is not null as has_code, p.category,
        p.key_level, p.stage, p.industry_code, p.leading_industry, p.division_code, p.town_code,
        p.owner_org_id, p.chief_user_id, p.lead_department_id,
        p.total_investment::float8 as total, p.investment_government::float8 as gov,
        p.investment_social::float8 as soc, p.investment_foreign::float8 as fgn,
        p.planned_start::text as planned_start, p.planned_completion::text as planned_completion,
        p.actual_start::text as actual_start, p.actual_completion::text as actual_completion,
        w.color as light
      from projects p left join project_warnings w on w.project_id = p.id
      ${only(sql`p.id`, ids, 'where')}`);
}

/**
 * The reports month by month: for each month (month number, year × 12 + month − 1) the projects that reported and
 * the completed investment each report counts, '0' for a returned report (it does not count, but the month has a
 * report). Grouped by month rather than by project: 36 groups hash cheaply where 100,000 uuids would be sorted,
 * and the lists come as comma-separated text, which splits far faster than a parsed uuid[].
 */
export type ReportRow = { month: number; ids: string; amounts: string };

export function reportsQuery(ids?: readonly string[]): Query<ReportRow> {
  // In month order, so that the month matrix widens a few times at most while the months arrive.
  return query(sql`
      select (extract(year from month)::int * 12 + extract(month from month)::int - 1) as month,
        string_agg(project_id::text, ',') as ids,
        string_agg(case when status in ('submitted', 'accepted') then investment_this_month::text else '0' end, ',')
          as amounts
      from progress_reports ${only(sql`project_id`, ids, 'where')}
      group by month order by month`);
}

/** Stage moves ('same' exit records excluded) in the order stageOnSql reads them. */
export type MoveRow = { project_id: string; days: string[]; froms: (string | null)[]; tos: string[] };

export function movesQuery(ids?: readonly string[]): Query<MoveRow> {
  return query(sql`
      select project_id,
        array_agg(moved_on::text order by moved_on, id) as days,
        array_agg(from_stage order by moved_on, id) as froms,
        array_agg(to_stage order by moved_on, id) as tos
      from project_stage_history where direction <> 'same' ${only(sql`project_id`, ids, 'and')}
      group by project_id`);
}

export type PlanRow = {
  project_id: string;
  years: number[];
  amounts: number[];
  schedules: (number[] | null)[];
};

export function plansQuery(ids?: readonly string[]): Query<PlanRow> {
  return query(sql`
      select project_id, array_agg(year order by year) as years,
        array_agg(planned_investment::float8 order by year) as amounts,
        json_agg(monthly_schedule order by year) as schedules
      from annual_plans ${only(sql`project_id`, ids, 'where')}
      group by project_id`);
}

/** Light changes per project, oldest first; times in ms, floored (comparisons are with whole-ms day ends). */
export type LightRow = { project_id: string; ats: number[]; colors: ('green' | 'yellow' | 'red' | null)[] };

export function lightsQuery(ids?: readonly string[]): Query<LightRow> {
  return query(sql`
      select project_id, array_agg(floor(extract(epoch from at) * 1000)::float8 order by at, id) as ats,
        array_agg(color order by at, id) as colors
      from warning_light_history ${only(sql`project_id`, ids, 'where')}
      group by project_id`);
}

/**
 * Coordination items per project as [deadline day, raised at (ms), raiser, open now, status change times,
 * open after each change, assigned departments]. Status changes are the events with a to_status, ordered as the
 * coordination module reads them (created_at, then id).
 */
export type ItemTuple = [
  number,
  number,
  string | null,
  boolean,
  number[] | null,
  boolean[] | null,
  string[] | null,
];

export type ItemRow = { project_id: string; items: ItemTuple[] };

export function itemsQuery(ids?: readonly string[]): Query<ItemRow> {
  const items = ids
    ? sql`select id from coordination_items where project_id = any(${uuidArray(ids)})`
    : undefined;
  return query(sql`
      with ev as (
        select item_id,
          array_agg(floor(extract(epoch from created_at) * 1000)::float8 order by created_at, id) as ats,
          array_agg(to_status in ('pending', 'in_progress') order by created_at, id) as opens
        from coordination_item_events
        where to_status is not null ${items ? sql`and item_id in (${items})` : sql``}
        group by item_id
      ), dp as (
        select item_id, array_agg(organization_id) as orgs
        from coordination_item_departments ${items ? sql`where item_id in (${items})` : sql``}
        group by item_id
      )
      select c.project_id,
        json_agg(json_build_array(c.deadline - date '1970-01-01',
          floor(extract(epoch from c.raised_at) * 1000)::float8, c.raised_by,
          c.status in ('pending', 'in_progress'), ev.ats, ev.opens, dp.orgs) order by c.id) as items
      from coordination_items c
      left join ev on ev.item_id = c.id
      left join dp on dp.item_id = c.id
      ${only(sql`c.project_id`, ids, 'where')}
      group by c.project_id`);
}

/** The snapshot's xmin (as text: xid8 can exceed 2^53 in principle) before a full load. */
export async function currentXmin(db: Executor): Promise<string> {
  const [row] = await rowsOf<{ xmin: string }>(
    db.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`),
  );
  return row!.xmin;
}

export const ANALYSIS_SETTINGS_KEY = 'analysis_settings';

/**
 * One round trip per request: the current snapshot's xmin, the projects changed by transactions from the
 * previous xmin on (see migrations/0009_analytics.sql), and the analysis settings.
 */
export async function findChanges(db: Executor, sinceXmin: string) {
  const [row] = await rowsOf<{
    xmin: string;
    ids: string[] | null;
    xids: string[] | null;
    settings: unknown;
    settings_version: number | null;
  }>(
    db.execute(sql`
      select s.xmin::text as xmin, c.ids, c.xids,
        (select value from app_settings where key = ${ANALYSIS_SETTINGS_KEY}) as settings,
        (select version from app_settings where key = ${ANALYSIS_SETTINGS_KEY}) as settings_version
      from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) s,
      lateral (
        select array_agg(project_id::text) as ids, array_agg(changed_xid::text) as xids
        from analytics_changes where changed_xid >= ${sinceXmin}::xid8
      ) c`),
  );
  return row!;
}

export async function loadReferenceLabels(db: Executor) {
  const [ind, div, lead] = await Promise.all([
    db
      .select({
        code: industries.code,
        name: industries.name,
        nameEn: industries.nameEn,
        level: industries.level,
        parentCode: industries.parentCode,
      })
      .from(industries),
    db.select({ code: divisions.code, name: divisions.name, nameEn: divisions.nameEn }).from(divisions),
    db
      .select({
        code: leadingIndustries.code,
        name: leadingIndustries.name,
        nameEn: leadingIndustries.nameEn,
      })
      .from(leadingIndustries),
  ]);
  return { industries: ind, divisions: div, leadingIndustries: lead };
}

/** When the light history began (migrations/0009_analytics.sql), in ms; null if never. */
export async function lightHistorySince(db: Executor): Promise<number | null> {
  const [row] = await db
    .select({ value: appMeta.value })
    .from(appMeta)
    .where(eq(appMeta.key, 'warning_light_history_since'));
  if (!row) return null;
  // Stored as an ISO timestamp in UTC with microseconds; the history compares at whole milliseconds.
  const ms = Date.parse(row.value);
  return Number.isNaN(ms) ? null : ms;
}

export async function getSettingsRow(db: Executor) {
  const [row] = await db
    .select({ value: appSettings.value, version: appSettings.version })
    .from(appSettings)
    .where(eq(appSettings.key, ANALYSIS_SETTINGS_KEY));
  return row;
}

/** Saves the settings if nobody saved them since `version` was read (0: never saved). */
export async function saveSettings(db: Executor, value: unknown, version: number, actorId: string) {
  if (version === 0) {
    const rows = await db
      .insert(appSettings)
      .values({ key: ANALYSIS_SETTINGS_KEY, value, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ key: appSettings.key });
    return rows.length > 0;
  }
  const rows = await db
    .update(appSettings)
    .set({ value, version: sql`${appSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(appSettings.key, ANALYSIS_SETTINGS_KEY), eq(appSettings.version, version)))
    .returning({ key: appSettings.key });
  return rows.length > 0;
}

/**
 * Ids of the projects (live, or those in the recycle bin) matching the ledger's text search and tag, by the
 * ledger's own SQL (filterConditions with searchCondition), for the in-memory filter to intersect with.
 */
export async function findMatchingIds(
  db: Executor,
  q: string | undefined,
  tag: string | undefined,
  deleted = false,
) {
  const rows = await db
    .select({ id: projects.id })
    .from(projects)
    .where(filterConditions({ q, tag, deleted }, { all: true }));
  return rows.map((r) => r.id);
}

export async function organizationNames(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, ids));
}

export async function userNames(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
}

/**
 * A read-only transaction for the full load: memory to aggregate millions of rows in one pass (work_mem is per
 * statement and per node; the default 4 MB would spill the month groups to disk), and no JIT compilation, which
 * costs more than it saves on these one-off statements.
 */
export async function bulkRead<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('work_mem', '256MB', true)`);
    if (await settingExists(tx, 'jit')) await tx.execute(sql`select set_config('jit', 'off', true)`);
    return work(tx);
  });
}

async function settingExists(db: Executor, name: string): Promise<boolean> {
  const rows = await rowsOf<{ n: number }>(
    db.execute(sql`select count(*)::int as n from pg_settings where name = ${name}`),
  );
  return (rows[0]?.n ?? 0) > 0;
}
