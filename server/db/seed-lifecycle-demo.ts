import crypto from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { createWorkingCalendar } from '#domain/working-days.ts';
import type { Db } from './client.ts';
import {
  annualPlans,
  appMeta,
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  milestones,
  organizations,
  planBaselines,
  progressReports,
  projects,
  users,
} from './schema.ts';

const SEEDED = 'demo_lifecycle_seeded';

/** A small deterministic generator: the demo looks the same on every machine. */
function random(seed: number) {
  let x = seed % 2_147_483_647 || 1;
  return () => {
    x = (x * 48_271) % 2_147_483_647;
    return x / 2_147_483_647;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthStart = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

type Performance = 'on_track' | 'behind' | 'far_behind' | 'silent';

/**
 * Two years of monthly reports, annual plans, milestones, a baseline and coordination items for the demo projects
 * under construction, so that a newcomer sees green, yellow and red projects and overdue items on first start.
 * Written once (app_meta), after the ledger's demo data; figures are invented and the projects are marked 示例数据.
 */
export async function seedLifecycleDemo(db: Db, now = new Date()): Promise<boolean> {
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, SEEDED));
  if (done) return false;
  const demo = await db
    .select()
    .from(projects)
    .where(inArray(projects.stage, ['under_construction', 'completion_acceptance']));
  const list = demo
    .filter((p) => p.isDemo && p.deletedAt === null)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  if (list.length === 0) return false;
  const allOrganizations = await db.select().from(organizations);
  const departments = allOrganizations.filter((o) => o.type === 'department');
  const orgNames = new Map(allOrganizations.map((o) => [o.id, o.name]));
  const [raiser] = await db.select().from(users).where(eq(users.username, 'chief'));
  const today = new Date(now.getTime() + 8 * 3_600_000);
  const thisYear = today.getUTCFullYear();
  const thisMonth = today.getUTCMonth() + 1;
  // The last month whose report is due: reports for a month are due on the 5th of the next one.
  const lastIndex = thisYear * 12 + (thisMonth - 1) - (today.getUTCDate() > 5 ? 1 : 2);
  const calendar = createWorkingCalendar();

  // Rows are gathered and written in a few statements: one insert per row would slow the first start.
  const planBatch: (typeof annualPlans.$inferInsert)[] = [];
  const reportBatch: (typeof progressReports.$inferInsert)[] = [];
  const milestoneBatch: (typeof milestones.$inferInsert)[] = [];
  const baselineBatch: (typeof planBaselines.$inferInsert)[] = [];
  await db.transaction(async (tx) => {
    for (const [i, p] of list.entries()) {
      const rnd = random(i + 17);
      const performance: Performance = (
        ['on_track', 'on_track', 'behind', 'far_behind', 'on_track', 'silent'] as const
      )[i % 6]!;
      const factor = { on_track: 1.02, behind: 0.78, far_behind: 0.5, silent: 0.95 }[performance];
      const start = p.actualStart ?? p.plannedStart ?? monthStart(thisYear - 1, 3);
      if (!p.actualStart) await tx.update(projects).set({ actualStart: start }).where(eq(projects.id, p.id));
      const startIndex = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1;
      const remaining = { value: p.totalInvestment * 0.9 };
      for (const year of [thisYear - 1, thisYear]) {
        const plan = Math.round(Math.min(p.totalInvestment * 0.3, remaining.value) * 100) / 100;
        if (plan <= 0) continue;
        await tx
          .insert(annualPlans)
          .values({ projectId: p.id, year, plannedInvestment: plan })
          .onConflictDoNothing();
        for (let m = 1; m <= 12; m++) {
          const index = year * 12 + m - 1;
          if (index < startIndex || index > lastIndex) continue;
          // A silent project stops reporting two months before the judged one.
          if (performance === 'silent' && index > lastIndex - 2) continue;
          const amount = Math.round((plan / 12) * factor * (0.85 + rnd() * 0.3) * 100) / 100;
          if (amount > remaining.value) continue;
          remaining.value -= amount;
          const progress = Math.min(
            95,
            Math.round(
              ((p.totalInvestment * 0.9 - remaining.value) / p.totalInvestment) *
                100 *
                (performance === 'far_behind' ? 1.6 : 1),
            ),
          );
          reportBatch.push({
            projectId: p.id,
            month: monthStart(year, m),
            status: index >= lastIndex ? 'submitted' : 'accepted',
            investmentThisMonth: amount,
            physicalProgress: progress,
            imageProgress: progress < 30 ? '基础施工' : progress < 70 ? '主体结构施工' : '装饰装修及机电安装',
            submittedAt: new Date(Date.UTC(year, m, 3)),
            reviewedAt: index >= lastIndex ? null : new Date(Date.UTC(year, m, 6)),
          });
        }
      }
      // Milestones spread over the planned period; a project behind schedule has missed its second one.
      // A project still building whose planned dates lie in the past has been re-planned: its milestones run
      // from about a year ago to some months ahead, so overdue days stay plausible.
      const from = Math.max(Date.parse(p.plannedStart ?? start), today.getTime() - 400 * 86_400_000);
      const to = Math.max(Date.parse(p.plannedCompletion ?? start), today.getTime() + 300 * 86_400_000);
      const milestoneRows = [
        { name: '桩基工程完成', share: 0.15 },
        { name: '主体结构封顶', share: 0.45 },
        { name: '机电安装完成', share: 0.75 },
        { name: '竣工验收', share: 1 },
      ].map((mp, k) => {
        const planned = iso(new Date(from + (to - from) * mp.share));
        const missed = k === 1 && (performance === 'behind' || performance === 'far_behind');
        const done = planned < iso(today) && !missed;
        return {
          id: crypto.randomUUID(),
          projectId: p.id,
          name: mp.name,
          plannedDate: planned,
          actualDate: done ? planned : null,
          status: (done ? 'done' : 'planned') as 'done' | 'planned',
          responsibleOrgId: p.ownerOrgId,
          sort: k,
        };
      });
      milestoneBatch.push(...milestoneRows);
      baselineBatch.push({
        projectId: p.id,
        year: thisYear,
        // The same shape the plans module freezes (BaselineSnapshotSchema): the plan as it stood at approval.
        snapshot: {
          milestones: milestoneRows.map((m) => ({
            id: m.id,
            name: m.name,
            plannedDate: m.plannedDate,
            actualDate: null,
            responsibleOrgId: m.responsibleOrgId,
            responsibleOrgName: orgNames.get(m.responsibleOrgId) ?? null,
            status: 'planned',
          })),
          annualPlan: (() => {
            const plan = planBatch.find((x) => x.projectId === p.id && x.year === thisYear);
            return plan
              ? { plannedInvestment: plan.plannedInvestment, monthlySchedule: null, version: 1 }
              : null;
          })(),
        },
        note: '年初计划（示例数据）',
      });
      if (i % 3 === 0 && departments.length) {
        const dept = departments[i % departments.length]!;
        const overdue = i % 2 === 0;
        const raisedOn = new Date(today.getTime() - (overdue ? 40 : 3) * 86_400_000);
        let deadline = iso(raisedOn);
        try {
          deadline = calendar.addWorkingDays(iso(raisedOn), 15);
        } catch {
          // A year without calendar data: keep the raise date; the item reads as due.
        }
        const categories = ['land', 'utilities', 'approval', 'construction_environment', 'funding'] as const;
        const titles = [
          '施工临时用地协调',
          '施工用电增容',
          '规划方案调整审批',
          '夜间施工许可与噪声投诉',
          '专项债资金拨付进度',
        ];
        const k = i % titles.length;
        const [item] = await tx
          .insert(coordinationItems)
          .values({
            projectId: p.id,
            source: 'report',
            title: titles[k]!,
            description: `${p.name}：${titles[k]}，需${dept.name}协调解决。`,
            category: categories[k]!,
            priority: overdue ? 'high' : 'normal',
            status: overdue ? 'in_progress' : 'pending',
            deadlineWorkingDays: 15,
            deadline,
            raisedBy: raiser?.id ?? null,
            raisedAt: raisedOn,
            escalationLevel: 0,
          })
          .returning();
        await tx.insert(coordinationItemDepartments).values({ itemId: item!.id, organizationId: dept.id });
        await tx.insert(coordinationItemEvents).values({
          itemId: item!.id,
          kind: 'raised',
          toStatus: 'pending',
          actorId: raiser?.id ?? null,
          createdAt: raisedOn,
        });
        if (overdue) {
          await tx.insert(coordinationItemEvents).values({
            itemId: item!.id,
            kind: 'accepted',
            fromStatus: 'pending',
            toStatus: 'in_progress',
            createdAt: raisedOn,
          });
        }
      }
    }
    const chunks = <T>(rows: T[], size = 500) =>
      Array.from({ length: Math.ceil(rows.length / size) }, (_, k) => rows.slice(k * size, k * size + size));
    for (const rows of chunks(planBatch)) await tx.insert(annualPlans).values(rows).onConflictDoNothing();
    for (const rows of chunks(reportBatch))
      await tx.insert(progressReports).values(rows).onConflictDoNothing();
    for (const rows of chunks(milestoneBatch)) await tx.insert(milestones).values(rows);
    for (const rows of chunks(baselineBatch))
      await tx.insert(planBaselines).values(rows).onConflictDoNothing();
    await tx.insert(appMeta).values({ key: SEEDED, value: now.toISOString() });
  });
  return true;
}
