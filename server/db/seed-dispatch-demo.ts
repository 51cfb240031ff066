import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { addDays, type IsoDate, toDayNumber, todayInChina, weekdayOf } from '#domain/iso-date.ts';
import { nextPeriod, periodOf } from '#domain/supervision-cadence.ts';
import { createWorkingCalendar, WorkingCalendarError } from '#domain/working-days.ts';
import type { Db } from './client.ts';
import {
  appMeta,
  coordinationItemDepartments,
  coordinationItemEvents,
  coordinationItems,
  dispatchActions,
  dispatchAgendaItems,
  dispatchAttendees,
  dispatchMeetings,
  organizations,
  projects,
  users,
} from './schema.ts';

const SEEDED = 'demo_dispatch_seeded';

const calendar = createWorkingCalendar();

/**
 * Working days as the platform counts them; for a year the holiday data does not cover yet (the demo started
 * after 2026), plain weekdays, so that the demo still has deadlines. Real deadlines never take this path: the
 * service refuses such a year instead.
 */
function isWorkingDay(date: IsoDate): boolean {
  try {
    return calendar.isWorkingDay(date);
  } catch (error) {
    if (!(error instanceof WorkingCalendarError)) throw error;
    const weekday = weekdayOf(toDayNumber(date)!);
    return weekday !== 0 && weekday !== 6;
  }
}

function addWorkingDays(start: IsoDate, n: number): IsoDate {
  let date = start;
  for (let left = n; left > 0; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}

function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  let n = 0;
  for (let date = a; date < b; ) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) n += 1;
  }
  return n;
}

/** The first working day on or after `date`. */
function workingDayFrom(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

type DemoProject = { id: string; name: string; chiefName: string | null; totalInvestment: number };
type DemoAction = {
  id: string;
  meetingDate: IsoDate;
  sequence: number;
  projectId: string | null;
  content: string;
  ownerName: string;
  deadline: IsoDate;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  completedOn: IsoDate | null;
};

const redReasons = [
  {
    code: 'investment_behind',
    zh: '累计完成投资低于序时进度 30 个百分点以上',
    en: 'Investment more than 30 points behind schedule',
  },
  { code: 'milestone_overdue', zh: '主体结构封顶节点逾期', en: 'Structural topping-out milestone overdue' },
];
const yellowReasons = [
  {
    code: 'investment_behind',
    zh: '累计完成投资低于序时进度 10 个百分点以上',
    en: 'Investment more than 10 points behind schedule',
  },
  { code: 'missing_reports', zh: '上月月报未按时报送', en: 'Last month’s report not submitted on time' },
];

const redMinutes = [
  '{chief}汇报：受施工临时用地和用电增容影响，项目累计完成投资低于序时进度。会议要求项目单位倒排工期、增加作业班组，相关部门加快要素保障。',
  '{chief}汇报：主体结构施工滞后约一个月，钢结构进场延迟。会议要求施工单位加密调度，每周报送进度。',
];
const yellowMinutes = [
  '{chief}汇报：项目总体推进平稳，部分分项工程滞后。会议要求项目单位按月度计划追赶进度，月报按时报送。',
  '{chief}汇报：设备采购招标已完成，安装进度略慢于计划。会议要求加强与设备厂商对接，确保按期调试。',
];
const itemMinutes =
  '{departments}汇报办理情况：已会同项目单位现场踏勘，正在完善手续。会议要求限期办结，逾期纳入督办。';
const actionMinutes = '责任单位汇报落实情况，会议要求尚未完成的事项继续推进，下次会议报告结果。';
const otherMinutes = '会议研究了下阶段重点项目要素保障工作，要求各责任部门建立问题清单，实行销号管理。';

const actionTemplates = [
  { text: '协调解决{project}施工临时用地问题', days: 10 },
  { text: '加快{project}施工用电增容审批', days: 15 },
  { text: '督促{project}施工单位增加作业班组，倒排工期追赶序时进度', days: 20 },
  { text: '完成{project}规划方案调整审查', days: 10 },
  { text: '推动{project}专项债资金拨付', days: 15 },
] as const;
/**
 * Each meeting's last decision runs longer than the gap between two meetings, so that the latest held meeting
 * always has decisions not yet due, whatever day the demo starts on.
 */
const longTemplate = { text: '{project}完成年度投资计划目标并报送完成情况', days: 60 } as const;

/**
 * Issue #4's 双月一调度 demo: the dispatch meetings of the six two-month periods up to and including the current
 * one, one per period, organised by the demo leader. Each held meeting has its attendance (an absence with its
 * reason), an agenda that opens with the previous meetings' unfinished actions, minutes per item and three or
 * four decisions with departments, working-day deadlines and statuses as of today (done, still open, overdue).
 * A meeting whose day has not come yet is scheduled with its agenda only. One open coordination item is put to a
 * leader's decision. Written once (app_meta); the summaries say 示例数据.
 */
export async function seedDispatchDemo(db: Db, now = new Date()): Promise<boolean> {
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, SEEDED));
  if (done) return false;
  const people = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      orgId: users.organizationId,
    })
    .from(users)
    .where(inArray(users.username, ['leader', 'chief', 'chief2', 'chief3', 'chief4', 'dept']));
  const byName = new Map(people.map((u) => [u.username, u]));
  const leader = byName.get('leader');
  const departments = (await db.select().from(organizations))
    .filter((o) => o.type === 'department' && o.isDemo)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  const keyProjects: DemoProject[] = (
    await db
      .select({
        id: projects.id,
        name: projects.name,
        chiefName: users.displayName,
        totalInvestment: projects.totalInvestment,
        isDemo: projects.isDemo,
      })
      .from(projects)
      .innerJoin(users, eq(users.id, projects.chiefUserId))
      .where(and(isNotNull(projects.chiefUserId), isNull(projects.deletedAt)))
  )
    .filter((p) => p.isDemo)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  if (!leader || departments.length === 0 || keyProjects.length < 4) return false;
  const construction = departments.find((d) => d.name.endsWith('建设局')) ?? departments[0]!;
  const deptUser = byName.get('dept');

  const today = todayInChina(now);
  let period = periodOf('dispatch', today);
  for (let k = 0; k < 5; k++) period = periodOf('dispatch', addDays(period.start, -1));
  const periods = [period];
  for (let k = 1; k < 6; k++) periods.push(nextPeriod(periods[k - 1]!));

  const actions: DemoAction[] = [];
  const numberInYear = new Map<number, number>();
  const unfinishedOn = (date: IsoDate) =>
    actions.filter(
      (a) =>
        a.meetingDate < date && a.status !== 'cancelled' && (a.completedOn === null || a.completedOn >= date),
    );

  await db.transaction(async (tx) => {
    for (const [i, p] of periods.entries()) {
      // The first working day from the 15th of the period's first month.
      const meetingDate = workingDayFrom(addDays(p.start, 14));
      const held = meetingDate <= today;
      const year = Number(p.code.slice(0, 4));
      const n = (numberInYear.get(year) ?? 0) + 1;
      numberInYear.set(year, n);
      const title = `${year}年第${n}期项目调度会议`;
      const [meeting] = await tx
        .insert(dispatchMeetings)
        .values({
          period: p.code,
          title,
          meetingDate,
          startTime: '09:30',
          place: '科学城管委会 3 楼第一会议室',
          chair: `管委会副主任 ${leader.displayName}`,
          summary: held
            ? `会议听取了各项目长关于重点项目推进情况的汇报，研究协调了项目建设中的困难和问题（示例数据）。`
            : null,
          status: held ? 'held' : 'scheduled',
          organiserId: leader.id,
          updatedBy: leader.id,
          createdAt: new Date(`${addDays(meetingDate, -7)}T09:00:00+08:00`),
          updatedAt: new Date(`${held ? meetingDate : addDays(meetingDate, -7)}T17:00:00+08:00`),
        })
        .returning({ id: dispatchMeetings.id });
      const meetingId = meeting!.id;

      // The agenda: what was decided before and is still owed, then two red and two yellow key projects in
      // turn, overdue coordination items of that day, and one item added by hand.
      type Row = typeof dispatchAgendaItems.$inferInsert;
      const agenda: Row[] = [];
      const push = (row: Omit<Row, 'meetingId' | 'sort'>) =>
        agenda.push({ ...row, meetingId, sort: agenda.length });
      for (const a of unfinishedOn(meetingDate)) {
        const overdue = a.deadline < meetingDate ? workingDaysBetween(a.deadline, meetingDate) : 0;
        push({
          kind: 'unfinished_action',
          refs: { actionId: a.id, ...(a.projectId ? { projectId: a.projectId } : {}) },
          projectId: a.projectId,
          title: `${a.meetingDate} 会议议定事项：${a.content}`,
          titleEn: `Action agreed on ${a.meetingDate}: ${a.content}`,
          reasons: [
            overdue > 0
              ? {
                  code: 'action_overdue',
                  zh: `责任人${a.ownerName}，期限 ${a.deadline}，已逾期 ${overdue} 个工作日`,
                  en: `${a.ownerName}, due ${a.deadline}, ${overdue} working days overdue`,
                }
              : {
                  code: 'action_unfinished',
                  zh: `责任人${a.ownerName}，期限 ${a.deadline}，尚未完成`,
                  en: `${a.ownerName}, due ${a.deadline}, not finished yet`,
                },
          ],
          minutes: held ? actionMinutes : null,
        });
      }
      const lit = [0, 1, 2, 3].map((j) => keyProjects[(i * 3 + j) % keyProjects.length]!);
      for (const [j, project] of lit.entries()) {
        const red = j < 2;
        push({
          kind: red ? 'red_project' : 'yellow_project',
          refs: { projectId: project.id },
          projectId: project.id,
          title: `${project.name}（${red ? '红灯' : '黄灯'}）`,
          titleEn: `${project.name} (${red ? 'red' : 'yellow'})`,
          reasons: [(red ? redReasons : yellowReasons)[j % 2]!],
          minutes: held
            ? (red ? redMinutes : yellowMinutes)[(i + j) % 2]!.replace(
                '{chief}',
                project.chiefName ?? '项目长',
              )
            : null,
        });
      }
      const overdueItems = await tx
        .select({
          id: coordinationItems.id,
          title: coordinationItems.title,
          projectId: coordinationItems.projectId,
          projectName: projects.name,
          deadline: coordinationItems.deadline,
          raisedAt: coordinationItems.raisedAt,
        })
        .from(coordinationItems)
        .innerJoin(projects, eq(projects.id, coordinationItems.projectId))
        .where(inArray(coordinationItems.status, ['pending', 'in_progress']));
      const due = overdueItems
        .filter((c) => c.deadline < meetingDate && todayInChina(c.raisedAt) < meetingDate)
        .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
        .slice(0, 2);
      for (const c of due) {
        const assigned = await tx
          .select({ name: organizations.name })
          .from(coordinationItemDepartments)
          .innerJoin(organizations, eq(organizations.id, coordinationItemDepartments.organizationId))
          .where(eq(coordinationItemDepartments.itemId, c.id));
        const names = assigned.map((d) => d.name).join('、');
        const days = workingDaysBetween(c.deadline, meetingDate);
        push({
          kind: 'overdue_item',
          refs: { projectId: c.projectId, itemId: c.id },
          projectId: c.projectId,
          title: `${c.projectName}：${c.title}`,
          titleEn: `${c.projectName}: ${c.title}`,
          reasons: [
            {
              code: 'coordination_overdue',
              zh: `${names}逾期 ${days} 个工作日未办结`,
              en: `${names}: ${days} working days overdue`,
            },
          ],
          minutes: held ? itemMinutes.replace('{departments}', names || '责任部门') : null,
        });
      }
      push({
        kind: 'other',
        refs: {},
        projectId: null,
        title: '研究下阶段重点项目要素保障工作',
        titleEn: null,
        reasons: [],
        minutes: held ? otherMinutes : null,
      });
      const inserted = await tx.insert(dispatchAgendaItems).values(agenda).returning({
        id: dispatchAgendaItems.id,
        projectId: dispatchAgendaItems.projectId,
        kind: dispatchAgendaItems.kind,
      });

      // A meeting still to come has its agenda only.
      if (!held) continue;

      const present = (username: string, position: string, absent?: string) => {
        const u = byName.get(username);
        if (!u) return [];
        return [
          {
            meetingId,
            userId: u.id,
            name: u.displayName,
            organizationId: u.orgId,
            organizationName: u.orgId ? (departments.find((d) => d.id === u.orgId)?.name ?? null) : null,
            position,
            present: !absent,
            absenceReason: absent ?? null,
          },
        ];
      };
      const attendees = [
        ...present('leader', '管委会副主任'),
        ...present('chief', '项目长'),
        ...present('chief2', '项目长', i % 3 === 1 ? '外出招商' : undefined),
        ...present('chief3', '项目长', i % 3 === 2 ? '参加市级会议' : undefined),
        ...present('chief4', '项目长'),
        ...present('dept', '科长'),
        ...departments
          .filter((d) => d.id !== construction.id)
          .slice(0, 3)
          .map((d) => ({
            meetingId,
            userId: null,
            name: '负责同志',
            organizationId: d.id,
            organizationName: d.name,
            position: null,
            present: true,
            absenceReason: null,
          })),
      ];
      await tx.insert(dispatchAttendees).values(attendees.map((a, sort) => ({ ...a, sort })));

      // Three or four decisions on the red and yellow projects, assigned in turn to the departments.
      const projectItems = inserted.filter((r) => r.kind === 'red_project' || r.kind === 'yellow_project');
      const count = 3 + (i % 2);
      for (let k = 0; k < count; k++) {
        const item = projectItems[k % projectItems.length]!;
        const project = keyProjects.find((x) => x.id === item.projectId)!;
        const template = k === count - 1 ? longTemplate : actionTemplates[(i + k) % actionTemplates.length]!;
        const owner = k === 0 ? construction : departments[(i + k * 2) % departments.length]!;
        const ownerUser = owner.id === construction.id && deptUser ? deptUser : null;
        const deadline = addWorkingDays(meetingDate, template.days);
        const content = template.text.replace('{project}', project.name);
        // As of today: most past-due actions were done (some a few days late); of the recent meetings' ones about
        // one in four is still in progress past its deadline, and one in seven never started; those not yet due
        // are open or in progress.
        let status: DemoAction['status'];
        let completedOn: IsoDate | null = null;
        if (deadline < today) {
          if (i >= 3 && (i + k) % 4 === 1) status = 'in_progress';
          else if ((i + k) % 7 === 3) status = 'open';
          else {
            status = 'done';
            completedOn = addDays(deadline, ((i + k) % 3) * 2 - 2);
            if (completedOn > today) completedOn = today;
            if (completedOn <= meetingDate) completedOn = addDays(meetingDate, 1);
          }
        } else {
          status = k % 2 === 0 ? 'in_progress' : 'open';
        }
        const [action] = await tx
          .insert(dispatchActions)
          .values({
            meetingId,
            sequence: k + 1,
            agendaItemId: item.id,
            projectId: project.id,
            content,
            ownerOrganizationId: owner.id,
            ownerUserId: ownerUser?.id ?? null,
            workingDays: template.days,
            deadline,
            status,
            progressNote:
              status === 'done'
                ? '已按会议要求办结（示例数据）'
                : status === 'in_progress'
                  ? '正在办理，已与项目单位对接（示例数据）'
                  : null,
            completedAt: completedOn ? new Date(`${completedOn}T16:00:00+08:00`) : null,
            createdBy: leader.id,
            updatedBy: status === 'open' ? leader.id : (ownerUser?.id ?? leader.id),
            createdAt: new Date(`${meetingDate}T17:00:00+08:00`),
            updatedAt: new Date(`${completedOn ?? meetingDate}T17:00:00+08:00`),
          })
          .returning({ id: dispatchActions.id });
        actions.push({
          id: action!.id,
          meetingDate,
          sequence: k + 1,
          projectId: project.id,
          content,
          ownerName: `${owner.name}${ownerUser ? ownerUser.displayName : ''}`,
          deadline,
          status,
          completedOn,
        });
      }
    }

    // One open item is put to a leader's decision: the next meeting's agenda lists it.
    const [open] = await tx
      .select({
        id: coordinationItems.id,
        status: coordinationItems.status,
        projectId: coordinationItems.projectId,
      })
      .from(coordinationItems)
      .innerJoin(projects, eq(projects.id, coordinationItems.projectId))
      .where(and(inArray(coordinationItems.status, ['pending', 'in_progress']), eq(projects.isDemo, true)))
      .orderBy(coordinationItems.deadline, coordinationItems.id)
      .limit(1);
    if (open) {
      const note = '涉及跨部门资金安排，需管委会研究决定（示例数据）';
      await tx
        .update(coordinationItems)
        .set({ needsDecision: true, decisionNote: note })
        .where(eq(coordinationItems.id, open.id));
      await tx.insert(coordinationItemEvents).values({
        itemId: open.id,
        kind: 'decision_requested',
        fromStatus: open.status,
        toStatus: open.status,
        note,
        actorId: byName.get('chief')?.id ?? leader.id,
      });
    }
    await tx.insert(appMeta).values({ key: SEEDED, value: now.toISOString() });
  });
  return true;
}
