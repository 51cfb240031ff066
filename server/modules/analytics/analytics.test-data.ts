/**
 * Random zones for the analytics property tests: projects with every attribute the filters and dimensions read,
 * and a random sequence of the writes the platform makes (reports submitted, corrected, returned, deleted;
 * projects edited, moved, deleted and restored; plans, lights and coordination items changed). Seeded, so a
 * failure can be replayed with the seed it prints.
 */
import { eq, sql } from 'drizzle-orm';
import type { LedgerFilter } from '#domain/analytics/filter.ts';
import { keyLevels, lifecycleStages, projectCategories } from '#domain/codelists.ts';
import { addDays } from '#domain/iso-date.ts';
import { pinyinKeys } from '#domain/pinyin.ts';
import type { Db } from '../../db/client.ts';
import {
  annualPlans,
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  divisions,
  industries,
  leadingIndustries,
  progressReports,
  projectStageHistory,
  projects,
  projectWarnings,
  warningLightHistory,
} from '../../db/schema.ts';
import { createOrganization, createUser, type TestApp } from '../../test/test-app.ts';

/** mulberry32: small, fast and good enough to pick test data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T,
    chance: (p: number) => next() < p,
    /** An amount in 万元 with two decimals. */
    amount: (max: number) => Math.round(next() * max * 100) / 100,
  };
}
export type Rng = ReturnType<typeof rng>;

const words = [
  '科学',
  '大道',
  '产业园',
  '芯片',
  '医药',
  '中试',
  '基地',
  '学校',
  '扩建',
  '智能',
  '终端',
  '西永',
  '城市',
  '更新',
];

export type Zone = {
  enterprises: string[];
  departments: string[];
  chiefs: string[];
  industryCodes: string[];
  sections: string[];
  leading: string[];
  districts: { code: string; towns: string[] }[];
  projectIds: string[];
  names: Map<string, string>;
  itemIds: string[];
  today: string;
};

const month = (today: string, back: number) => {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1 - back;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
};

/** A zone of `size` projects with reports over the last 26 months, plans, moves, lights and items. */
export async function seedZone(t: TestApp, r: Rng, size: number, today: string): Promise<Zone> {
  const db = t.database.db;
  const enterprises = [];
  const departments = [];
  const chiefs = [];
  for (let k = 0; k < 3; k++) enterprises.push((await createOrganization(t)).id);
  for (let k = 0; k < 3; k++) departments.push((await createOrganization(t, { type: 'department' })).id);
  for (let k = 0; k < 3; k++) {
    chiefs.push(
      (await createUser(t, ['project_chief'], { organizationId: r.chance(0.5) ? departments[k] : null })).id,
    );
  }
  const inds = await db.select({ code: industries.code, level: industries.level }).from(industries);
  const divs = await db
    .select({ code: divisions.code, level: divisions.level, parent: divisions.parentCode })
    .from(divisions);
  const leading = (await db.select({ code: leadingIndustries.code }).from(leadingIndustries)).map(
    (x) => x.code,
  );
  // A handful of codes keeps groups populated; a section letter among them tests the section filter.
  const industryCodes = ['27', '39', '48', '83', 'C', 'E'].filter((c) => inds.some((i) => i.code === c));
  const districts = ['500106', '500107']
    .filter((c) => divs.some((d) => d.code === c))
    .map((code) => ({
      code,
      towns: divs.filter((d) => d.parent === code && d.level === 3).map((d) => d.code),
    }));
  const zone: Zone = {
    enterprises,
    departments,
    chiefs,
    industryCodes,
    sections: inds.filter((i) => i.level === 1).map((i) => i.code),
    leading,
    districts,
    projectIds: [],
    names: new Map(),
    itemIds: [],
    today,
  };
  for (let k = 0; k < size; k++) await insertProject(db, r, zone, k);
  for (const id of zone.projectIds) {
    const reports = r.int(0, 8);
    for (let k = 0; k < reports; k++) await upsertReport(db, r, zone, id);
    if (r.chance(0.6)) await putPlan(db, r, zone, id, Number(today.slice(0, 4)));
    if (r.chance(0.4)) await putPlan(db, r, zone, id, Number(today.slice(0, 4)) - 1);
    if (r.chance(0.5)) await moveStage(db, r, zone, id);
    if (r.chance(0.7)) await setLight(db, r, id);
    if (r.chance(0.4)) await addItem(db, r, zone, id);
  }
  // Light history from before "today", so that past comparisons are computable.
  await db.execute(
    sql`update app_meta set value = ${`${month(today, 30).slice(0, 7)}-01T00:00:00.000000Z`} where key = 'warning_light_history_since'`,
  );
  for (const id of zone.projectIds) {
    if (!r.chance(0.5)) continue;
    for (let k = 0; k < r.int(1, 3); k++) {
      await db.insert(warningLightHistory).values({
        projectId: id,
        color: r.pick(['green', 'yellow', 'red', null] as const),
        at: new Date(
          `${addDays(today, -r.int(1, 500))}T${String(r.int(0, 23)).padStart(2, '0')}:00:00+08:00`,
        ),
      });
    }
  }
  return zone;
}

async function insertProject(db: Db, r: Rng, zone: Zone, n: number) {
  const name = `${r.pick(words)}${r.pick(words)}${r.chance(0.5) ? r.pick(words) : ''}${n}号`;
  const keys = pinyinKeys(name);
  const total = r.amount(r.pick([8000, 60000, 400000, 2_000_000]));
  const split = r.chance(0.6);
  const gov = split ? Math.round(total * r.next() * 100) / 100 : null;
  const soc = split ? Math.round((total - (gov ?? 0)) * r.next() * 100) / 100 : null;
  const fgn = split ? Math.round((total - (gov ?? 0) - (soc ?? 0)) * 100) / 100 : null;
  const district = r.pick(zone.districts);
  const started = r.chance(0.5);
  const day = (from: number, to: number) => addDays(zone.today, -r.int(from, to));
  const [row] = await db
    .insert(projects)
    .values({
      code: r.chance(0.6) ? `2026-${district.code}-48-01-${String(100000 + n)}` : null,
      name,
      namePinyin: keys.full,
      nameInitials: keys.initials,
      ownerOrgId: r.pick(zone.enterprises),
      category: r.pick(projectCategories.codes),
      industryCode: r.pick(zone.industryCodes),
      leadingIndustry: r.chance(0.6) ? r.pick(zone.leading) : null,
      keyLevel: r.pick(keyLevels.codes),
      divisionCode: district.code,
      townCode: r.chance(0.5) && district.towns.length ? r.pick(district.towns) : null,
      totalInvestment: total,
      investmentGovernment: gov,
      investmentSocial: soc,
      investmentForeign: fgn,
      plannedStart: r.chance(0.9) ? day(-400, 900) : null,
      plannedCompletion: r.chance(0.8) ? day(-1200, 300) : null,
      actualStart: started ? day(0, 800) : null,
      actualCompletion: started && r.chance(0.3) ? day(0, 300) : null,
      stage: r.pick(lifecycleStages.codes),
      chiefUserId: r.chance(0.6) ? r.pick(zone.chiefs) : null,
      leadDepartmentId: r.chance(0.7) ? r.pick(zone.departments) : null,
      tags: r.chance(0.4) ? [r.pick(['市重点', '新开工', '续建'])] : [],
      deletedAt: r.chance(0.08) ? new Date() : null,
    })
    .returning({ id: projects.id });
  zone.projectIds.push(row!.id);
  zone.names.set(row!.id, name);
}

async function upsertReport(db: Db, r: Rng, zone: Zone, projectId: string) {
  await db
    .insert(progressReports)
    .values({
      projectId,
      month: month(zone.today, r.int(0, 25)),
      status: r.pick(['submitted', 'accepted', 'accepted', 'returned'] as const),
      investmentThisMonth: r.amount(5000),
    })
    .onConflictDoUpdate({
      target: [progressReports.projectId, progressReports.month],
      set: {
        investmentThisMonth: r.amount(5000),
        status: r.pick(['submitted', 'accepted', 'returned'] as const),
      },
    });
}

async function putPlan(db: Db, r: Rng, _zone: Zone, projectId: string, year: number) {
  const schedule = r.chance(0.3)
    ? (() => {
        const s: number[] = [];
        let v = 0;
        for (let m = 0; m < 11; m++) {
          v = Math.min(100, v + r.int(0, 15));
          s.push(v);
        }
        s.push(100);
        return s;
      })()
    : null;
  const value = { plannedInvestment: r.amount(100000), monthlySchedule: schedule };
  await db
    .insert(annualPlans)
    .values({ projectId, year, ...value })
    .onConflictDoUpdate({ target: [annualPlans.projectId, annualPlans.year], set: value });
}

async function moveStage(db: Db, r: Rng, zone: Zone, projectId: string) {
  const [p] = await db.select({ stage: projects.stage }).from(projects).where(eq(projects.id, projectId));
  const to = r.pick(lifecycleStages.codes);
  await db.insert(projectStageHistory).values({
    projectId,
    fromStage: r.chance(0.9) ? (p?.stage ?? null) : null,
    toStage: to,
    direction: r.pick(['forward', 'back', 'same', 'initial'] as const),
    movedOn: addDays(zone.today, -r.int(0, 500)),
  });
  if (r.chance(0.8)) await db.update(projects).set({ stage: to }).where(eq(projects.id, projectId));
}

async function setLight(db: Db, r: Rng, projectId: string) {
  const color = r.pick(['green', 'yellow', 'red'] as const);
  await db
    .insert(projectWarnings)
    .values({ projectId, color, reasons: [], presetCode: 'yinchuan' })
    .onConflictDoUpdate({ target: projectWarnings.projectId, set: { color, computedAt: new Date() } });
}

async function addItem(db: Db, r: Rng, zone: Zone, projectId: string) {
  const raised = addDays(zone.today, -r.int(0, 500));
  const status = r.pick(['pending', 'in_progress', 'resolved', 'confirmed'] as const);
  const [row] = await db
    .insert(coordinationItems)
    .values({
      projectId,
      source: 'other',
      title: '协调事项',
      description: '说明',
      category: 'land',
      status,
      deadlineWorkingDays: 10,
      deadline: addDays(raised, r.int(5, 40)),
      raisedAt: new Date(`${raised}T10:00:00+08:00`),
      raisedBy: r.chance(0.5) ? r.pick(zone.chiefs) : null,
    })
    .returning({ id: coordinationItems.id });
  zone.itemIds.push(row!.id);
  await db
    .insert(coordinationItemDepartments)
    .values({ itemId: row!.id, organizationId: r.pick(zone.departments) });
  let at = Date.parse(`${raised}T10:00:00+08:00`);
  const steps =
    status === 'pending'
      ? ['pending']
      : status === 'in_progress'
        ? ['pending', 'in_progress']
        : ['pending', 'in_progress', status];
  for (const to of steps) {
    await db
      .insert(coordinationItemEvents)
      .values({ itemId: row!.id, kind: 'step', toStatus: to, createdAt: new Date(at) });
    at += r.int(1, 30) * 86_400_000;
  }
}

/** One random write of the kinds the platform makes; returns what it did, for the failure message. */
export async function randomWrite(db: Db, r: Rng, zone: Zone): Promise<string> {
  const id = r.pick(zone.projectIds);
  const kind = r.int(0, 13);
  switch (kind) {
    case 0:
    case 1:
      await upsertReport(db, r, zone, id);
      return 'report submitted or corrected';
    case 2: {
      const [rep] = await db.select().from(progressReports).where(eq(progressReports.projectId, id)).limit(1);
      if (!rep) return 'nothing';
      const status = rep.status === 'returned' ? 'submitted' : 'returned';
      await db.update(progressReports).set({ status }).where(eq(progressReports.id, rep.id));
      return `report ${status}`;
    }
    case 3: {
      const [rep] = await db.select().from(progressReports).where(eq(progressReports.projectId, id)).limit(1);
      if (rep) await db.delete(progressReports).where(eq(progressReports.id, rep.id));
      return 'report deleted';
    }
    case 4: {
      // Several reports in one statement: the statement-level triggers see them all at once.
      const values = zone.projectIds.slice(0, 6).map((projectId) => ({
        projectId,
        month: month(zone.today, r.int(26, 30)),
        status: 'accepted' as const,
        investmentThisMonth: r.amount(2000),
      }));
      await db.insert(progressReports).values(values).onConflictDoNothing();
      return 'bulk reports';
    }
    case 5: {
      const total = r.amount(600000);
      await db
        .update(projects)
        .set({
          totalInvestment: total,
          investmentGovernment: total,
          investmentSocial: 0,
          investmentForeign: 0,
          leadDepartmentId: r.chance(0.8) ? r.pick(zone.departments) : null,
          chiefUserId: r.chance(0.7) ? r.pick(zone.chiefs) : null,
          ownerOrgId: r.pick(zone.enterprises),
          keyLevel: r.pick(keyLevels.codes),
        })
        .where(eq(projects.id, id));
      return 'project edited';
    }
    case 6:
      await db
        .update(projects)
        .set({ deletedAt: r.chance(0.5) ? new Date() : null })
        .where(eq(projects.id, id));
      return 'project deleted or restored';
    case 7:
      await db
        .update(projects)
        .set({
          actualStart: r.chance(0.7) ? addDays(zone.today, -r.int(0, 400)) : null,
          actualCompletion: r.chance(0.3) ? addDays(zone.today, -r.int(0, 200)) : null,
          plannedStart: addDays(zone.today, -r.int(-300, 600)),
        })
        .where(eq(projects.id, id));
      return 'dates changed';
    case 8:
      await moveStage(db, r, zone, id);
      return 'stage moved';
    case 9:
      await putPlan(db, r, zone, id, Number(zone.today.slice(0, 4)) - (r.chance(0.3) ? 1 : 0));
      return 'plan set';
    case 10:
      await db.delete(annualPlans).where(eq(annualPlans.projectId, id));
      return 'plans deleted';
    case 11:
      if (r.chance(0.2)) {
        await db.delete(projectWarnings).where(eq(projectWarnings.projectId, id));
        return 'light removed';
      }
      await setLight(db, r, id);
      return 'light set';
    case 12:
      await addItem(db, r, zone, id);
      return 'item raised';
    default: {
      const itemId = zone.itemIds.length ? r.pick(zone.itemIds) : undefined;
      if (!itemId) return 'nothing';
      const to = r.pick(['in_progress', 'resolved', 'pending'] as const);
      await db.transaction(async (tx) => {
        await tx.update(coordinationItems).set({ status: to }).where(eq(coordinationItems.id, itemId));
        await tx.insert(coordinationItemEvents).values({ itemId, kind: 'step', toStatus: to });
      });
      return `item ${to}`;
    }
  }
}

/** A random ledger filter over the zone (the list's query fields, as the API would parse them). */
export function randomFilter(r: Rng, zone: Zone): LedgerFilter {
  const f: LedgerFilter = {};
  const some = <T>(xs: readonly T[]) => xs.filter(() => r.chance(0.5)).slice(0, 3);
  if (r.chance(0.3)) f.category = some(projectCategories.codes);
  if (r.chance(0.2)) f.keyLevel = some(keyLevels.codes);
  if (r.chance(0.3)) f.stage = some(lifecycleStages.codes);
  if (r.chance(0.3)) f.industryCode = some([...zone.industryCodes, 'C', 'E', 'P', 'Z9']);
  if (r.chance(0.2)) f.leadingIndustry = some(zone.leading);
  if (r.chance(0.2)) f.divisionCode = [r.pick(zone.districts).code];
  if (r.chance(0.15)) f.townCode = zone.districts.flatMap((d) => d.towns).filter(() => r.chance(0.4));
  if (r.chance(0.2)) f.ownerOrgId = some(zone.enterprises);
  if (r.chance(0.2)) f.chiefUserId = some(zone.chiefs);
  if (r.chance(0.2)) f.leadDepartmentId = some(zone.departments);
  if (r.chance(0.15)) f.tag = r.pick(['市重点', '新开工', '续建', '无此标签']);
  if (r.chance(0.15)) f.hasCode = r.chance(0.5);
  if (r.chance(0.2)) f.investmentMin = r.amount(200000);
  if (r.chance(0.2)) f.investmentMax = r.amount(1_000_000);
  const date = () => addDays(zone.today, -r.int(-400, 900));
  if (r.chance(0.15)) f.plannedStartFrom = date();
  if (r.chance(0.15)) f.plannedStartTo = date();
  if (r.chance(0.15)) f.plannedCompletionFrom = date();
  if (r.chance(0.1)) f.plannedCompletionTo = date();
  if (r.chance(0.15)) f.actualStartFrom = date();
  if (r.chance(0.15)) f.actualStartTo = date();
  if (r.chance(0.1)) f.actualCompletionFrom = date();
  if (r.chance(0.1)) f.actualCompletionTo = date();
  if (r.chance(0.15)) {
    const name = zone.names.get(r.pick(zone.projectIds)) ?? '科学';
    const at = r.int(0, Math.max(0, name.length - 2));
    const kind = r.int(0, 2);
    f.q =
      kind === 0
        ? name.slice(at, at + r.int(1, 2))
        : kind === 1
          ? pinyinKeys(name).initials.slice(0, r.int(2, 4))
          : String(100000 + r.int(0, 60)).slice(r.int(0, 3));
  }
  if (r.chance(0.1)) f.deleted = true;
  return f;
}
