import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from './schemas/timeline.ts';
import { buildTimeline, filterTimeline, type ProjectMilestone, type RecordedEvent } from './timeline.ts';

const p = (id: string, totalInvestment = 100) => ({ id, name: `项目${id}`, totalInvestment });
const start = (id: string, date: string, totalInvestment = 100): ProjectMilestone => ({
  ...p(id, totalInvestment),
  kind: 'start',
  date,
});
const event = (
  id: string,
  eventDate: string,
  kind: TimelineEvent['kind'],
  projects: ReturnType<typeof p>[] = [],
): RecordedEvent => ({
  event: {
    id,
    eventDate,
    kind,
    title: `大事记${id}`,
    description: null,
    projectIds: projects.map((x) => x.id),
    isDemo: false,
    version: 1,
    createdByName: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  },
  projects,
});

describe('buildTimeline', () => {
  it('groups three or more starts on one day into one 集中开工 entry, largest investment first', () => {
    const entries = buildTimeline(
      [],
      [start('a', '2024-04-15', 10), start('b', '2024-04-15', 30), start('c', '2024-04-15', 20.5)],
      'zh-CN',
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      key: 'start:2024-04-15',
      kind: 'mass_start',
      source: 'projects',
      title: '3 个项目集中开工',
      totalInvestment: 60.5,
    });
    expect(entries[0]!.projects.map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('keeps two starts on one day as two entries', () => {
    const entries = buildTimeline([], [start('a', '2024-04-15'), start('b', '2024-04-15')], 'zh-CN');
    expect(entries.map((e) => [e.kind, e.title])).toEqual([
      ['start', '项目a开工'],
      ['start', '项目b开工'],
    ]);
  });

  it('lets a recorded 集中开工 take in the starts of its day instead of grouping them again', () => {
    const ceremony = event('e1', '2024-04-15', 'mass_start', [p('x', 500)]);
    const entries = buildTimeline(
      [ceremony],
      [
        start('a', '2024-04-15'),
        start('b', '2024-04-15'),
        start('c', '2024-04-15'),
        start('d', '2024-05-01'),
      ],
      'zh-CN',
    );
    expect(entries.map((e) => e.key)).toEqual(['event:e1', 'start:d']);
    expect(entries[0]!.projects.map((x) => x.id)).toEqual(['x', 'a', 'b', 'c']);
    expect(entries[0]!.totalInvestment).toBe(800);
  });

  it('drops a project date that a recorded event of the same day names', () => {
    const opening = event('e2', '2025-06-30', 'completion', [p('a')]);
    const entries = buildTimeline(
      [opening],
      [
        { ...p('a'), kind: 'completion', date: '2025-06-30' },
        { ...p('a'), kind: 'operation', date: '2025-09-01' },
      ],
      'zh-CN',
    );
    expect(entries.map((e) => e.key)).toEqual(['event:e2', 'operation:a']);
    expect(entries[1]!.title).toBe('项目a投产运营');
  });

  it('orders by date, then 集中开工 before other kinds of the same day', () => {
    const entries = buildTimeline(
      [event('e3', '2024-04-15', 'other'), event('e4', '2023-01-01', 'signing')],
      [start('a', '2024-04-15'), start('b', '2024-04-15'), start('c', '2024-04-15')],
      'en',
    );
    expect(entries.map((e) => e.kind)).toEqual(['signing', 'mass_start', 'other']);
    expect(entries[1]!.title).toBe('3 projects started construction together');
  });
});

describe('filterTimeline', () => {
  const entries = buildTimeline(
    [event('e1', '2021-04-15', 'mass_start')],
    [start('a', '2023-03-01'), { ...p('b'), kind: 'completion', date: '2023-09-30' }],
    'zh-CN',
  );

  it('keeps one year and lists every year, newest first', () => {
    const { items, years } = filterTimeline(entries, { year: 2023 });
    expect(items.map((e) => e.key)).toEqual(['start:a', 'completion:b']);
    expect(years).toEqual([2023, 2021]);
  });

  it('keeps the chosen kinds', () => {
    expect(filterTimeline(entries, { kind: ['mass_start', 'completion'] }).items.map((e) => e.key)).toEqual([
      'event:e1',
      'completion:b',
    ]);
  });
});
