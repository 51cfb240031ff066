import { and, eq, isNull } from 'drizzle-orm';
import type { TimelineEventKind } from '#domain/schemas/timeline.ts';
import type { Db } from './client.ts';
import { appMeta, projects, timelineEvents, users } from './schema.ts';

const SEEDED = 'demo_timeline_seeded';

type DemoEvent = {
  eventDate: string;
  kind: TimelineEventKind;
  title: string;
  description: string | null;
  /** Which demo projects the event names. */
  related?: (p: { name: string; tags: string[]; plannedStart: string | null }) => boolean;
};

/**
 * Issue #5, 建设时间轴: the zone's milestones of 2020–2021 as the source articles list them (dates and counts
 * from the articles, words our own), linked to the demo projects they concern. Fictitious like all demo data
 * (is_demo, shown as 示例数据); written once, so an administrator's edits and deletions stay.
 */
const demoEvents: DemoEvent[] = [
  {
    eventDate: '2020-04-03',
    kind: 'mass_start',
    title: '首轮新基建项目在光大人工智能产业基地开工',
    description: '全市 2020 年首轮新型基础设施项目的开工活动在科学城举行。',
  },
  {
    eventDate: '2020-07-01',
    kind: 'other',
    title: '推行环评“三评合一”审批改革',
    description: '规划环评、项目环评与排污许可合并办理。',
  },
  {
    eventDate: '2020-09-11',
    kind: 'mass_start',
    title: '科学城建设动员大会暨 79 个重大项目集中开工',
    description: '科学大道、科学谷等 79 个重大项目同日开工，总投资约 1300 亿元。',
    related: (p) => p.tags.includes('9·11集中开工'),
  },
  {
    eventDate: '2020-09-16',
    kind: 'other',
    title: '科学城国土空间规划发布',
    description: null,
  },
  {
    eventDate: '2021-02-03',
    kind: 'other',
    title: '“交地即领证”改革落地',
    description: '土地交付当天即取得不动产权证，科学谷为首个适用项目。',
    related: (p) => p.tags.includes('交地即领证'),
  },
  {
    eventDate: '2021-02-05',
    kind: 'other',
    title: '“项目建设年”动员大会召开',
    description: null,
  },
  {
    eventDate: '2021-03-05',
    kind: 'other',
    title: '发布“金凤凰”政策',
    description: '人才引育、科技创新、产业发展、金融支持四个方面共 40 条。',
  },
  {
    eventDate: '2021-04-15',
    kind: 'mass_start',
    title: '2021 年重点项目集中开工暨中电重庆软件园开工',
    description: '107 个重点项目同日开工。',
    related: (p) => p.plannedStart === '2021-04-15',
  },
  {
    eventDate: '2021-05-17',
    kind: 'other',
    title: '科学城党工委、管委会正式授牌',
    description: null,
  },
  {
    eventDate: '2021-05-27',
    kind: 'mass_start',
    title: '超瞬态实验装置等 8 个重大项目集中开工',
    description: '重庆首个大科学装置开工，8 个项目总投资约 283.6 亿元。',
    related: (p) => p.plannedStart === '2021-05-27',
  },
];

export async function seedTimelineDemo(db: Db): Promise<boolean> {
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, SEEDED));
  if (done) return false;
  const demo = await db
    .select({
      id: projects.id,
      name: projects.name,
      tags: projects.tags,
      plannedStart: projects.plannedStart,
    })
    .from(projects)
    .where(and(eq(projects.isDemo, true), isNull(projects.deletedAt)));
  if (demo.length === 0) return false;
  const [leader] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'leader'));
  await db.transaction(async (tx) => {
    await tx.insert(timelineEvents).values(
      demoEvents.map((e) => ({
        eventDate: e.eventDate,
        kind: e.kind,
        title: e.title,
        description: e.description,
        projectIds: e.related ? demo.filter(e.related).map((p) => p.id) : [],
        isDemo: true,
        createdBy: leader?.id ?? null,
        updatedBy: leader?.id ?? null,
      })),
    );
    await tx.insert(appMeta).values({ key: SEEDED, value: new Date().toISOString() });
  });
  return true;
}
