/**
 * The 建设时间轴 (issue #5) from two sources: the events managers enter and the projects' own dates. Pure, so
 * the rules that merge and group them are tested without a database.
 *
 * - Projects that start on the same day make one "N 个项目集中开工" entry when there are at least
 *   MASS_START_MIN_PROJECTS of them; fewer start one by one.
 * - A recorded 集中开工 event takes in every project start of its day (the ceremony is the milestone, the
 *   projects are its content), and any recorded event takes in the dates of the projects it names on its day,
 *   so nothing appears twice.
 */
import type { Locale } from './codelists.ts';
import {
  type TimelineEntry,
  type TimelineEvent,
  type TimelineKind,
  type TimelineProject,
  timelineKinds,
} from './schemas/timeline.ts';

export const MASS_START_MIN_PROJECTS = 3;

/** A date from a project's record: 开工 (actual start), 竣工 (actual completion), 投产 (entered operation). */
export type ProjectMilestone = TimelineProject & {
  kind: 'start' | 'completion' | 'operation';
  date: string;
};

/** A recorded event with its related projects (those the reader may see, with names). */
export type RecordedEvent = { event: TimelineEvent; projects: TimelineProject[] };

const kindOrder = new Map<TimelineKind, number>(timelineKinds.codes.map((k, i) => [k, i]));

const byInvestment = (a: TimelineProject, b: TimelineProject) =>
  b.totalInvestment - a.totalInvestment || a.name.localeCompare(b.name, 'zh');

function totalOf(projects: readonly TimelineProject[]): number | null {
  if (projects.length === 0) return null;
  // Cents, like every amount in 万元.
  return Math.round(projects.reduce((a, p) => a + p.totalInvestment, 0) * 100) / 100;
}

function project({ id, name, totalInvestment }: TimelineProject): TimelineProject {
  return { id, name, totalInvestment };
}

function milestoneTitle(m: ProjectMilestone, locale: Locale): string {
  if (locale === 'en') {
    const verb = { start: 'started construction', completion: 'completed', operation: 'went into operation' };
    return `${m.name} ${verb[m.kind]}`;
  }
  return `${m.name}${{ start: '开工', completion: '竣工', operation: '投产运营' }[m.kind]}`;
}

export function massStartTitle(count: number, locale: Locale): string {
  return locale === 'en' ? `${count} projects started construction together` : `${count} 个项目集中开工`;
}

/**
 * All entries, oldest first; on one day the kinds follow `timelineKinds` (集中开工 first), and within a kind the
 * larger investment comes first.
 */
export function buildTimeline(
  recorded: readonly RecordedEvent[],
  milestones: readonly ProjectMilestone[],
  locale: Locale,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  // Dates of projects a recorded event names on its own day, and days of recorded 集中开工.
  const named = new Set<string>();
  const massStartDays = new Map<string, RecordedEvent[]>();
  for (const r of recorded) {
    for (const p of r.projects) named.add(`${r.event.eventDate}|${p.id}`);
    if (r.event.kind === 'mass_start') {
      massStartDays.set(r.event.eventDate, [...(massStartDays.get(r.event.eventDate) ?? []), r]);
    }
  }

  const startsByDay = new Map<string, ProjectMilestone[]>();
  const absorbed = new Map<RecordedEvent, TimelineProject[]>();
  for (const m of milestones) {
    if (named.has(`${m.date}|${m.id}`)) continue;
    if (m.kind === 'start') {
      const ceremony = massStartDays.get(m.date)?.[0];
      if (ceremony) {
        absorbed.set(ceremony, [...(absorbed.get(ceremony) ?? []), project(m)]);
        continue;
      }
      startsByDay.set(m.date, [...(startsByDay.get(m.date) ?? []), m]);
      continue;
    }
    entries.push({
      key: `${m.kind}:${m.id}`,
      date: m.date,
      kind: m.kind,
      source: 'projects',
      title: milestoneTitle(m, locale),
      description: null,
      projects: [project(m)],
      totalInvestment: m.totalInvestment,
      event: null,
    });
  }

  for (const r of recorded) {
    const projects = [...r.projects, ...(absorbed.get(r) ?? [])].sort(byInvestment);
    entries.push({
      key: `event:${r.event.id}`,
      date: r.event.eventDate,
      kind: r.event.kind,
      source: 'event',
      title: r.event.title,
      description: r.event.description,
      projects,
      totalInvestment: totalOf(projects),
      event: r.event,
    });
  }

  for (const [day, starts] of startsByDay) {
    if (starts.length >= MASS_START_MIN_PROJECTS) {
      const projects = starts.map(project).sort(byInvestment);
      entries.push({
        key: `start:${day}`,
        date: day,
        kind: 'mass_start',
        source: 'projects',
        title: massStartTitle(starts.length, locale),
        description: null,
        projects,
        totalInvestment: totalOf(projects),
        event: null,
      });
      continue;
    }
    for (const m of starts) {
      entries.push({
        key: `start:${m.id}`,
        date: day,
        kind: 'start',
        source: 'projects',
        title: milestoneTitle(m, locale),
        description: null,
        projects: [project(m)],
        totalInvestment: m.totalInvestment,
        event: null,
      });
    }
  }

  return entries.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      (kindOrder.get(a.kind) ?? 0) - (kindOrder.get(b.kind) ?? 0) ||
      (b.totalInvestment ?? -1) - (a.totalInvestment ?? -1) ||
      a.title.localeCompare(b.title, 'zh'),
  );
}

/** The year and kind filters, and the years there are entries for (newest first). */
export function filterTimeline(
  entries: readonly TimelineEntry[],
  filter: { year?: number; kind?: readonly TimelineKind[] },
): { items: TimelineEntry[]; years: number[] } {
  const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort((a, b) => b - a);
  const items = entries.filter(
    (e) =>
      (filter.year === undefined || e.date.startsWith(`${filter.year}-`)) &&
      (!filter.kind?.length || filter.kind.includes(e.kind)),
  );
  return { items, years };
}
