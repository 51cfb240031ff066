import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  appSettings,
  coordinationItems,
  organizations,
  projects,
  projectWarnings,
  users,
  warningInputsChanged,
  warningJudgements,
} from '../../db/schema.ts';

/**
 * Every query here takes its project ids as ONE uuid[] parameter: drizzle's inArray spreads a list into one
 * parameter per id, and PostgreSQL refuses more than 65,535 (a province has 100,000 projects).
 */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;
const rowsOf = async <T>(query: Promise<unknown>): Promise<T[]> => ((await query) as { rows: T[] }).rows;

/**
 * Live projects whose light is out of date: no light yet, a light computed before `startOfToday` (time-driven
 * rules such as an overdue milestone change by the day), under another preset than `presetCode`, or marked in
 * warning_inputs_changed (an input changed since the light was computed, see migration 0012). One pass over
 * projects and lights, no per-project subquery: 0.1–0.5 s for 100,000 projects. For the job; a reader who shows
 * some projects asks findOutdatedAmong about those only.
 */
export async function findStaleProjectIds(
  db: Executor,
  startOfToday: Date,
  presetCode?: string,
): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db.execute(sql`
      select p.id from projects p
      left join project_warnings w on w.project_id = p.id
      left join warning_inputs_changed d on d.project_id = p.id
      where p.deleted_at is null and (
        w.project_id is null
        or d.project_id is not null
        or w.computed_at < ${startOfToday.toISOString()}::timestamptz
        ${presetCode ? sql`or w.preset_code <> ${presetCode}` : sql``}
      )
      order by p.id`),
  );
  return rows.map((r) => r.id);
}

/**
 * Of the given projects, those whose light is missing or outdated: computed before `startOfToday`, under
 * another preset, or marked as changed. For a reader who shows these projects' lights (see the service).
 */
export async function findOutdatedAmong(
  db: Executor,
  ids: readonly string[],
  startOfToday: Date,
  presetCode: string,
): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await rowsOf<{ id: string }>(
    db.execute(sql`
      select p.id from projects p
      left join project_warnings w on w.project_id = p.id
      left join warning_inputs_changed d on d.project_id = p.id
      where p.id = any(${uuidArray(ids)}) and (
        w.project_id is null
        or d.project_id is not null
        or w.computed_at < ${startOfToday.toISOString()}::timestamptz
        or w.preset_code <> ${presetCode}
      )`),
  );
  return rows.map((r) => r.id);
}

/**
 * Projects in `scope` whose inputs changed since their light was computed, oldest change first, at most
 * `limit`: what a read brings up to date before it answers. Reads the (small) marks table, then the projects
 * it names by primary key.
 */
export async function findChangedProjectIds(db: Executor, scope: SQL | undefined, limit: number) {
  const rows = await db
    .select({ id: warningInputsChanged.projectId })
    .from(warningInputsChanged)
    .innerJoin(projects, eq(projects.id, warningInputsChanged.projectId))
    .where(and(sql`${projects.deletedAt} is null`, scope))
    .orderBy(warningInputsChanged.seq)
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Marks of deleted projects: their lights are no longer computed, so nothing else would clear them. */
export async function clearMarksOfDeletedProjects(db: Executor) {
  await db.execute(sql`
    delete from warning_inputs_changed d using projects p
    where p.id = d.project_id and p.deleted_at is not null`);
}

/** The change marks of the given projects, as read before their inputs are (see the migration). */
export async function loadChangeMarks(db: Executor, ids: readonly string[]) {
  return rowsOf<{ project_id: string; seq: string }>(
    db.execute(sql`
      select project_id, seq::text as seq from warning_inputs_changed
      where project_id = any(${uuidArray(ids)})`),
  );
}

/**
 * Deletes the marks a recomputation consumed, unless a later change re-marked the project meanwhile. The rows
 * are locked in project order first, as the triggers mark them, so that the two cannot deadlock.
 */
export async function clearChangeMarks(tx: Executor, marks: readonly { project_id: string; seq: string }[]) {
  if (!marks.length) return;
  await tx.execute(sql`
    with consumed as (
      select x.project_id, x.seq from jsonb_to_recordset(${JSON.stringify(marks)}::jsonb)
        as x(project_id uuid, seq bigint)
    ), locked as (
      select d.project_id from warning_inputs_changed d join consumed c on c.project_id = d.project_id
      where d.seq <= c.seq order by d.project_id for update of d
    )
    delete from warning_inputs_changed d using locked l where d.project_id = l.project_id`);
}

/** See VACUUM_AFTER in the service. Outside any transaction (VACUUM refuses to run in one). */
export async function vacuumLights(db: Executor) {
  await db.execute(sql`vacuum (analyze) project_warnings`);
}

export async function findAllLiveProjectIds(db: Executor): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db.execute(sql`select id from projects where deleted_at is null order by id`),
  );
  return rows.map((r) => r.id);
}

export type ProjectInputRow = {
  id: string;
  name: string;
  stage: string;
  total_investment: number;
  planned_start: string | null;
  planned_completion: string | null;
  actual_start: string | null;
  chief_user_id: string | null;
  owner_org_id: string;
  lead_department_id: string | null;
};

/** Money and percentages as float8: the nearest double, as drizzle's numeric columns in number mode give. */
export function loadProjects(db: Executor, ids: readonly string[]) {
  return rowsOf<ProjectInputRow>(
    db.execute(sql`
      select id, name, stage, total_investment::float8 as total_investment,
        planned_start::text as planned_start, planned_completion::text as planned_completion,
        actual_start::text as actual_start, chief_user_id, owner_org_id, lead_department_id
      from projects where id = any(${uuidArray(ids)})`),
  );
}

export function loadAnnualPlans(db: Executor, ids: readonly string[], year: number) {
  return rowsOf<{ project_id: string; planned_investment: number; monthly_schedule: number[] | null }>(
    db.execute(sql`
      select project_id, planned_investment::float8 as planned_investment, monthly_schedule
      from annual_plans where project_id = any(${uuidArray(ids)}) and year = ${year}`),
  );
}

/**
 * Each project's reports, aggregated in SQL to what the rules read:
 * - cumulative: all investment reported, every month (financial progress, actual cost);
 * - year_to_date: investment reported from January of the judged month's year up to that month;
 * - latest_physical: the physical progress of the latest month that gives one;
 * - reported_mask: bit i set when the month i months before the judged one has a report (i < 24), for the run of
 *   missing months.
 * Every report counts whatever its status, as it always has. The sums add doubles month by month, as the
 * lights have always been computed, so that a recomputation gives the very same figures (an exact numeric sum
 * would differ in the last digit of a double, e.g. 1805.39 for 1805.3899999999999).
 */
export function loadReportFigures(
  db: Executor,
  ids: readonly string[],
  judged: { yearStart: string; monthStart: string; windowStart: string; monthIndex: number },
) {
  return rowsOf<{
    project_id: string;
    cumulative: number;
    year_to_date: number | null;
    latest_physical: number | null;
    reported_mask: number | null;
  }>(
    db.execute(sql`
      select project_id,
        sum(investment_this_month::float8 order by month) as cumulative,
        sum(investment_this_month::float8 order by month) filter (
          where month >= ${judged.yearStart}::date and month <= ${judged.monthStart}::date) as year_to_date,
        (array_agg(physical_progress::float8 order by month desc)
          filter (where physical_progress is not null))[1] as latest_physical,
        bit_or(1 << (${judged.monthIndex}::int
            - (extract(year from month)::int * 12 + extract(month from month)::int - 1)))
          filter (where month >= ${judged.windowStart}::date and month <= ${judged.monthStart}::date)
          as reported_mask
      from progress_reports where project_id = any(${uuidArray(ids)})
      group by project_id`),
  );
}

/** Calendar days the most overdue open milestone of each project is late (projects without one are left out). */
export function loadMilestoneOverdueDays(db: Executor, ids: readonly string[], today: string) {
  return rowsOf<{ project_id: string; days: number }>(
    db.execute(sql`
      select project_id, max(${today}::date - planned_date)::int as days
      from milestones
      where project_id = any(${uuidArray(ids)}) and deleted_at is null
        and status not in ('done', 'cancelled') and planned_date < ${today}::date
      group by project_id`),
  );
}

/** Open coordination items past their deadline, per project. */
export async function loadOverdueItemCounts(db: Executor, ids: readonly string[], today: string) {
  if (!ids.length) return [];
  return db
    .select({ projectId: coordinationItems.projectId, n: count() })
    .from(coordinationItems)
    .where(
      and(
        sql`${coordinationItems.projectId} = any(${uuidArray(ids)})`,
        sql`${coordinationItems.status} in ('pending', 'in_progress')`,
        sql`${coordinationItems.deadline} < ${today}`,
      ),
    )
    .groupBy(coordinationItems.projectId);
}

export async function getWarningRows(db: Executor, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .select()
    .from(projectWarnings)
    .where(sql`${projectWarnings.projectId} = any(${uuidArray(ids)})`);
}

/**
 * The current colours of the given projects, their rows locked until the caller's transaction ends (in project
 * order, as the upsert then writes them): of two recomputations of the same project, the second waits and sees
 * the first's colour, so a light turning worse is announced once.
 */
export async function lockColors(tx: Executor, ids: readonly string[]) {
  const rows = await rowsOf<{ project_id: string; color: 'green' | 'yellow' | 'red' }>(
    tx.execute(sql`
      select project_id, color from project_warnings
      where project_id = any(${uuidArray(ids)}) order by project_id for update`),
  );
  return new Map(rows.map((r) => [r.project_id, r.color]));
}

export type LightRow = {
  project_id: string;
  project_name: string;
  color: 'green' | 'yellow' | 'red';
  reasons: unknown;
  preset_code: string;
  earned_value: unknown;
};

/** One statement for a batch of lights, whatever its size: the rows travel as one jsonb parameter. */
export async function upsertLights(tx: Executor, lights: readonly LightRow[], computedAt: Date) {
  if (!lights.length) return;
  const ordered = [...lights].sort((a, b) => (a.project_id < b.project_id ? -1 : 1));
  await tx.execute(sql`
    insert into project_warnings
      (project_id, project_name, color, reasons, preset_code, earned_value, computed_at)
    select x.project_id, x.project_name, x.color, x.reasons, x.preset_code, x.earned_value,
      ${computedAt.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(ordered)}::jsonb)
      as x(project_id uuid, project_name text, color text, reasons jsonb, preset_code text, earned_value jsonb)
    on conflict (project_id) do update set
      project_name = excluded.project_name, color = excluded.color, reasons = excluded.reasons,
      preset_code = excluded.preset_code, earned_value = excluded.earned_value, computed_at = excluded.computed_at`);
}

/** Active users of the given organisations (a project's owner and lead department). */
export async function findActiveUsersOf(db: Executor, orgIds: readonly string[]) {
  if (!orgIds.length) return [];
  return rowsOf<{ id: string; organization_id: string }>(
    db.execute(sql`
      select id, organization_id from users
      where is_active and organization_id = any(${uuidArray(orgIds)})`),
  );
}

export type NotificationRow = {
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
};

const NOTIFICATIONS_PER_STATEMENT = 5_000;

export async function insertNotifications(tx: Executor, rows: readonly NotificationRow[]) {
  for (let i = 0; i < rows.length; i += NOTIFICATIONS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + NOTIFICATIONS_PER_STATEMENT);
    await tx.execute(sql`
      insert into notifications (user_id, kind, title, body, link, entity_type, entity_id)
      select x.user_id, x.kind, x.title, x.body, x.link, x.entity_type, x.entity_id
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as x(user_id uuid, kind text, title text, body text, link text, entity_type text, entity_id text)`);
  }
}

/** The list's order: red, yellow, green (light_rank, a generated column), then by project name. */
export const lightRanks = { red: 0, yellow: 1, green: 2 } as const;
const colorOfRank = ['red', 'yellow', 'green'] as const;

/**
 * The lights of the given colours, as a condition on light_rank that keeps the index order: a range, less the
 * colour inside it that is not wanted (red and green). `= any(…)` would make PostgreSQL 15 sort every match.
 */
export function colorCondition(colors: readonly ('red' | 'yellow' | 'green')[]): SQL | undefined {
  const ranks = [...new Set(colors.map((c) => lightRanks[c]))].sort();
  if (!ranks.length || ranks.length === 3) return undefined;
  const [min, max] = [ranks[0]!, ranks[ranks.length - 1]!];
  const c: SQL[] = [sql`${projectWarnings.lightRank} between ${min} and ${max}`];
  for (let r = min + 1; r < max; r++)
    if (!ranks.includes(r as 0 | 1 | 2)) c.push(sql`${projectWarnings.lightRank} <> ${r}`);
  return and(...c);
}

/**
 * A page of lights with their projects, red first, then by name. The page's ids are found along
 * project_warnings_list_order_idx (rank, name, id), checking each project's scope and deletion by its primary
 * key; only the page's rows are then read whole. `changed`: an input changed since the light was computed (the
 * reader recomputes the light before answering, see the service).
 */
export async function findWarningList(db: Executor, where: SQL | undefined, limit: number, offset: number) {
  const page = db
    .select({
      id: sql<string>`${projectWarnings.projectId}`.as('page_id'),
      rank: sql<number>`${projectWarnings.lightRank}`.as('page_rank'),
      name: sql<string | null>`${projectWarnings.projectName}`.as('page_name'),
    })
    .from(projectWarnings)
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .where(where)
    .orderBy(projectWarnings.lightRank, projectWarnings.projectName, projectWarnings.projectId)
    .limit(limit)
    .offset(offset)
    .as('page');
  return db
    .select({
      w: projectWarnings,
      projectName: projects.name,
      stage: projects.stage,
      keyLevel: projects.keyLevel,
      ownerOrgName: organizations.name,
      chiefName: users.displayName,
      changed: sql<boolean>`${warningInputsChanged.projectId} is not null`,
    })
    .from(page)
    .innerJoin(projectWarnings, eq(projectWarnings.projectId, page.id))
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .leftJoin(organizations, eq(organizations.id, projects.ownerOrgId))
    .leftJoin(users, eq(users.id, projects.chiefUserId))
    .leftJoin(warningInputsChanged, eq(warningInputsChanged.projectId, projectWarnings.projectId))
    .orderBy(page.rank, page.name, page.id);
}

type ColorCounts = { color: 'red' | 'yellow' | 'green'; n: number }[];

/** Lights per colour among the projects `where` selects. */
export async function countByColor(db: Executor, where: SQL | undefined): Promise<ColorCounts> {
  const rows = await db
    .select({ rank: projectWarnings.lightRank, n: count() })
    .from(projectWarnings)
    .innerJoin(projects, eq(projects.id, projectWarnings.projectId))
    .where(where)
    .groupBy(projectWarnings.lightRank);
  return rows.map((r) => ({ color: colorOfRank[r.rank!]!, n: Number(r.n) }));
}

/**
 * Lights per colour of every live project: all lights, counted along the colour index alone, less those of
 * deleted projects (found by a partial index) — instead of joining 100,000 lights to 100,000 projects.
 */
export async function countAllLiveByColor(db: Executor): Promise<ColorCounts> {
  const rows = await rowsOf<{ color: 'red' | 'yellow' | 'green'; n: number }>(
    db.execute(sql`
      select color, sum(n)::int as n from (
        select color, count(*) as n from project_warnings group by color
        union all
        select w.color, -count(*) from projects p join project_warnings w on w.project_id = p.id
        where p.deleted_at is not null group by w.color
      ) counted group by color`),
  );
  return rows.map((r) => ({ color: r.color, n: Number(r.n) }));
}

export async function findJudgements(db: Executor, projectIds: string[]) {
  if (!projectIds.length) return [];
  const rows = await db
    .select({ j: warningJudgements, actorName: users.displayName })
    .from(warningJudgements)
    .leftJoin(users, eq(users.id, warningJudgements.actorId))
    .where(sql`${warningJudgements.projectId} = any(${uuidArray(projectIds)})`)
    .orderBy(desc(warningJudgements.judgedOn), desc(warningJudgements.createdAt));
  return rows.map((r) => ({
    projectId: r.j.projectId,
    id: r.j.id,
    confidence: r.j.confidence,
    reason: r.j.reason,
    judgedOn: r.j.judgedOn,
    actorName: r.actorName,
    createdAt: r.j.createdAt.toISOString(),
  }));
}

export async function insertJudgement(db: Executor, values: typeof warningJudgements.$inferInsert) {
  const [row] = await db.insert(warningJudgements).values(values).returning({ id: warningJudgements.id });
  return row!.id;
}

export async function getSetting(db: Executor, key: string) {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row;
}

export async function saveSetting(
  db: Executor,
  key: string,
  value: unknown,
  version: number,
  actorId: string,
) {
  if (version === 0) {
    const rows = await db
      .insert(appSettings)
      .values({ key, value, updatedBy: actorId })
      .onConflictDoNothing()
      .returning({ key: appSettings.key });
    return rows.length > 0;
  }
  const rows = await db
    .update(appSettings)
    .set({ value, version: sql`${appSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(appSettings.key, key), eq(appSettings.version, version)))
    .returning({ key: appSettings.key });
  return rows.length > 0;
}

/** Writes a plain setting, last writer wins (the settings record that carries it is version-checked). */
export async function putSetting(db: Executor, key: string, value: unknown, actorId: string) {
  await db
    .insert(appSettings)
    .values({ key, value, updatedBy: actorId })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value, version: sql`${appSettings.version} + 1`, updatedAt: new Date(), updatedBy: actorId },
    });
}
