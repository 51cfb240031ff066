import { eq, inArray, isNotNull } from 'drizzle-orm';
import { defaultFieldReviewCriteria } from '#domain/field-review-scoring.ts';
import { createWorkingCalendar } from '#domain/working-days.ts';
import type { Db } from './client.ts';
import {
  appMeta,
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  fieldReviewAmendments,
  fieldReviewScorers,
  fieldReviewSheets,
  fieldReviewStops,
  fieldReviews,
  inspectionFindings,
  inspections,
  organizations,
  projectChiefAssignments,
  projectChiefStaff,
  projects,
  projectTasks,
  users,
} from './schema.ts';

const SEEDED = 'demo_chiefs_seeded';

/** The same small deterministic generator as the lifecycle demo: the demo looks alike on every machine. */
function random(seed: number) {
  let x = seed % 2_147_483_647 || 1;
  return () => {
    x = (x * 48_271) % 2_147_483_647;
    return x / 2_147_483_647;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthOf = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
const dayOf = (index: number, day: number) =>
  `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-${pad(day)}`;

type Category = 'progress' | 'quality' | 'safety' | 'civilised_construction' | 'resource_support';
const findingTexts: Record<Category, readonly string[]> = {
  progress: [
    '主体结构施工较月度计划滞后约两周，需增加作业班组',
    '土石方外运受限，日均出土量低于计划',
    '钢结构进场延迟，吊装工序顺延',
    '本月形象进度达到计划要求',
  ],
  quality: [
    '部分钢筋保护层厚度不足，已现场要求整改',
    '混凝土试块送检记录不完整',
    '砌体灰缝不饱满，需返工处理',
  ],
  safety: [
    '临边防护栏杆缺失两处',
    '塔吊司机持证信息未公示',
    '脚手架连墙件间距超过方案要求',
    '深基坑监测数据未按日上报',
  ],
  civilised_construction: ['出入口车辆冲洗设施未正常使用', '裸土覆盖不到位，扬尘控制需加强'],
  resource_support: [
    '施工用电容量不足，需电力部门协调增容',
    '临时用地手续尚未办结',
    '地材供应紧张，价格上涨明显',
  ],
};

const participantPool = ['项目单位负责人', '施工单位项目经理', '监理单位总监', '建设局质安站', '属地街道'];

/**
 * Issue #4's demo: deputies and liaisons for the 20 key projects that have chiefs, a year of monthly
 * inspections (with a few months missed, so the flags and the missing-inspection report have something to show),
 * their findings and rectification demands (project tasks and coordination items), and four closed quarterly
 * field reviews scored by three scorers, one with an amendment. Written once (app_meta); marked 示例数据 by the
 * projects it concerns.
 */
export async function seedChiefsDemo(db: Db, now = new Date()): Promise<boolean> {
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, SEEDED));
  if (done) return false;
  const keyProjects = (await db.select().from(projects).where(isNotNull(projects.chiefUserId)))
    .filter((p) => p.isDemo && p.deletedAt === null)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  if (keyProjects.length === 0) return false;
  const people = await db
    .select()
    .from(users)
    .where(inArray(users.username, ['leader', 'chief', 'chief2', 'chief3', 'chief4', 'dept']));
  const byName = new Map(people.map((u) => [u.username, u]));
  const leader = byName.get('leader');
  const departments = (await db.select().from(organizations)).filter((o) => o.type === 'department');
  if (!leader || departments.length === 0) return false;

  const today = new Date(now.getTime() + 8 * 3_600_000);
  const todayIso = today.toISOString().slice(0, 10);
  const thisIndex = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const firstIndex = thisIndex - 12;
  const calendar = createWorkingCalendar();
  const addWorkingDays = (from: string, days: number) => {
    try {
      return calendar.addWorkingDays(from, days);
    } catch {
      return from;
    }
  };

  await db.transaction(async (tx) => {
    for (const [i, p] of keyProjects.entries()) {
      const rnd = random(i + 401);
      const chiefId = p.chiefUserId!;
      const firstOfChief = keyProjects.findIndex((k) => k.chiefUserId === chiefId) === i;
      // The chief answers for the project since a year ago, so a year of inspections is owed.
      await tx
        .update(projectChiefAssignments)
        .set({ assignedOn: monthOf(firstIndex), assignedBy: leader.id })
        .where(eq(projectChiefAssignments.projectId, p.id));
      const staff: { userId: string; role: 'deputy' | 'liaison' }[] = [];
      const deputy = byName.get(['chief4', 'chief3', 'chief2', 'chief'][i % 4]!);
      if (deputy && deputy.id !== chiefId && i % 2 === 0) staff.push({ userId: deputy.id, role: 'deputy' });
      const liaison = byName.get('dept');
      if (liaison && i % 3 === 0) staff.push({ userId: liaison.id, role: 'liaison' });
      if (staff.length) {
        await tx.insert(projectChiefStaff).values(
          staff.map((s) => ({
            projectId: p.id,
            ...s,
            assignedOn: monthOf(firstIndex),
            assignedBy: leader.id,
          })),
        );
      }

      for (let index = firstIndex; index <= thisIndex; index++) {
        const inspectedDay = 8 + Math.floor(rnd() * 15);
        // The current month: only those whose day has come, and never the first project of each chief, so that
        // every chief's workspace shows an inspection still due. Elsewhere about one month in eleven is missed.
        if (index === thisIndex && (dayOf(index, inspectedDay) > todayIso || firstOfChief)) continue;
        if ((i * 7 + index) % 11 === 0) continue;
        const method = rnd() < 0.75 ? 'onsite' : rnd() < 0.5 ? 'video' : 'written';
        const inspectedOn = dayOf(index, inspectedDay);
        const participants = participantPool.filter(() => rnd() < 0.7);
        const [inspection] = await tx
          .insert(inspections)
          .values({
            projectId: p.id,
            month: monthOf(index),
            inspectedOn,
            method,
            participants,
            summary: `${method === 'onsite' ? '现场' : method === 'video' ? '视频' : '书面'}督查${p.name}，听取项目推进情况汇报，查看施工现场（示例数据）。`,
            createdBy: chiefId,
            updatedBy: chiefId,
            createdAt: new Date(`${inspectedOn}T10:00:00+08:00`),
            updatedAt: new Date(`${inspectedOn}T10:00:00+08:00`),
          })
          .returning({ id: inspections.id });
        const categories = (Object.keys(findingTexts) as Category[]).filter(() => rnd() < 0.45);
        if (categories.length === 0) categories.push('progress');
        await tx.insert(inspectionFindings).values(
          categories.map((category, sort) => {
            const texts = findingTexts[category];
            return { inspectionId: inspection!.id, category, text: texts[(i + index) % texts.length]!, sort };
          }),
        );
        // Rectification demands over the last four months: safety ones go to the owner as tasks, resource
        // ones to a department as coordination items.
        if (index < thisIndex - 4) continue;
        if (categories.includes('safety')) {
          const deadline = addWorkingDays(inspectedOn, 10);
          const closed = deadline < todayIso && rnd() < 0.7;
          await tx.insert(projectTasks).values({
            projectId: p.id,
            title: `整改：${findingTexts.safety[(i + index) % findingTexts.safety.length]}`,
            description: '督查发现的安全问题，限期整改并上传整改照片（示例数据）',
            ownerOrgId: p.ownerOrgId,
            deadline,
            status: closed ? 'done' : 'open',
            source: 'inspection',
            sourceRef: inspection!.id,
            closedAt: closed ? new Date(`${deadline}T17:00:00+08:00`) : null,
            createdBy: chiefId,
            createdAt: new Date(`${inspectedOn}T11:00:00+08:00`),
          });
        }
        if (categories.includes('resource_support')) {
          const dept = departments[(i + index) % departments.length]!;
          const raisedAt = new Date(`${inspectedOn}T11:00:00+08:00`);
          const deadline = addWorkingDays(inspectedOn, 15);
          const resolved = deadline < todayIso && rnd() < 0.5;
          const title = findingTexts.resource_support[(i + index) % findingTexts.resource_support.length]!;
          const [item] = await tx
            .insert(coordinationItems)
            .values({
              projectId: p.id,
              source: 'inspection',
              sourceRef: inspection!.id,
              title,
              description: `${p.name}月度督查提出：${title}，请${dept.name}协调解决（示例数据）。`,
              category: title.includes('用地') ? 'land' : title.includes('用电') ? 'utilities' : 'other',
              priority: 'high',
              status: resolved ? 'resolved' : 'in_progress',
              deadlineWorkingDays: 15,
              deadline,
              answer: resolved ? '已协调解决。' : null,
              raisedBy: chiefId,
              raisedAt,
              resolvedAt: resolved ? new Date(`${deadline}T16:00:00+08:00`) : null,
            })
            .returning({ id: coordinationItems.id });
          await tx.insert(coordinationItemDepartments).values({ itemId: item!.id, organizationId: dept.id });
          await tx.insert(coordinationItemEvents).values([
            { itemId: item!.id, kind: 'raised', toStatus: 'pending', actorId: chiefId, createdAt: raisedAt },
            {
              itemId: item!.id,
              kind: 'accepted',
              fromStatus: 'pending',
              toStatus: 'in_progress',
              createdAt: raisedAt,
            },
            ...(resolved
              ? [
                  {
                    itemId: item!.id,
                    kind: 'resolved' as const,
                    fromStatus: 'in_progress' as const,
                    toStatus: 'resolved' as const,
                    note: '已协调解决。',
                    createdAt: new Date(`${deadline}T16:00:00+08:00`),
                  },
                ]
              : []),
          ]);
        }
      }
    }

    // Four closed quarterly tours: the last four quarters before the current one.
    const scorers = ['leader', 'chief2', 'chief4'].map((u) => byName.get(u)).filter((u) => u !== undefined);
    const thisQuarter = today.getUTCFullYear() * 4 + Math.floor(today.getUTCMonth() / 3);
    for (let back = 4; back >= 1; back--) {
      const q = thisQuarter - back;
      const year = Math.floor(q / 4);
      const quarter = (q % 4) + 1;
      const middleMonth = year * 12 + (quarter - 1) * 3 + 1;
      const rnd = random(q);
      const route = keyProjects.filter((_, i) => (i + back) % 2 === 0).slice(0, 8);
      const closedOn = dayOf(middleMonth, 25);
      const [review] = await tx
        .insert(fieldReviews)
        .values({
          quarter: `${year}-Q${quarter}`,
          title: `${year}年第${['一', '二', '三', '四'][quarter - 1]}季度重点项目拉练（示例数据）`,
          status: 'closed',
          config: { criteria: defaultFieldReviewCriteria.map((c) => ({ ...c })), vanguardCount: 3 },
          organiserId: leader.id,
          closedAt: new Date(`${closedOn}T18:00:00+08:00`),
          closedBy: leader.id,
          createdAt: new Date(`${dayOf(middleMonth, 1)}T09:00:00+08:00`),
          updatedAt: new Date(`${closedOn}T18:00:00+08:00`),
        })
        .returning({ id: fieldReviews.id });
      await tx.insert(fieldReviewStops).values(
        route.map((p, sort) => ({
          reviewId: review!.id,
          projectId: p.id,
          visitDate: dayOf(middleMonth, 10 + Math.floor(sort / 3)),
          sort,
        })),
      );
      await tx
        .insert(fieldReviewScorers)
        .values(scorers.map((u, sort) => ({ reviewId: review!.id, userId: u.id, sort })));
      const sheets = route.flatMap((p, k) => {
        const base = 78 + ((k * 5 + back * 3) % 17);
        return scorers.map((u) => ({
          reviewId: review!.id,
          projectId: p.id,
          scorerId: u.id,
          scores: {
            quality: Math.min(100, base + Math.round(rnd() * 6)),
            safety: Math.min(100, base + Math.round(rnd() * 6) - 2),
            progress: Math.min(100, base + Math.round(rnd() * 8) - 3),
          },
          submittedAt: new Date(`${dayOf(middleMonth, 20)}T17:00:00+08:00`),
        }));
      });
      await tx.insert(fieldReviewSheets).values(sheets);
      if (back === 2 && sheets[0]) {
        await tx.insert(fieldReviewAmendments).values({
          reviewId: review!.id,
          projectId: sheets[0].projectId,
          scorerId: sheets[0].scorerId,
          scores: { ...sheets[0].scores, safety: sheets[0].scores.safety - 5 },
          reason: '复核发现现场临边防护问题未计入，安全项扣 5 分（示例数据）',
          actorId: leader.id,
          createdAt: new Date(`${dayOf(middleMonth + 1, 3)}T10:00:00+08:00`),
        });
      }
    }
    await tx.insert(appMeta).values({ key: SEEDED, value: now.toISOString() });
  });
  return true;
}
