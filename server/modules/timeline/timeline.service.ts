import { and, isNull } from 'drizzle-orm';
import type {
  Timeline,
  TimelineEvent,
  TimelineEventInput,
  TimelineEventUpdateInput,
  TimelineQuery,
} from '#domain/schemas/timeline.ts';
import { buildTimeline, filterTimeline, type RecordedEvent } from '#domain/timeline.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { invalidField, notFound, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import type { Executor } from '../../db/client.ts';
import { projects } from '../../db/schema.ts';
import { scopeCondition } from '../projects/projects.repo.ts';
import { scopeOf } from '../projects/projects.service.ts';
import * as repo from './timeline.repo.ts';

const EVENT = { zh: '大事记', en: 'timeline event' };

function toEvent(row: repo.TimelineEventRow, visibleIds: ReadonlySet<string>): TimelineEvent {
  return {
    id: row.id,
    eventDate: row.eventDate,
    title: row.title,
    description: row.description,
    kind: row.kind,
    projectIds: row.projectIds.filter((id) => visibleIds.has(id)),
    isDemo: row.isDemo,
    version: row.version,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of an event: what people would compare. */
function auditShape(row: repo.TimelineEventRow) {
  return {
    eventDate: row.eventDate,
    title: row.title,
    description: row.description,
    kind: row.kind,
    projectIds: row.projectIds,
  };
}

/**
 * 建设时间轴 (issue #5): the milestones managers record (timeline.manage) merged with the projects' own dates
 * (domain/timeline.ts), within the reader's data scope.
 */
export function createTimelineService(ctx: ServiceContext) {
  const { db } = ctx;

  /** Live projects the actor may see, as SQL. */
  const visibleTo = (actor: Actor) => and(isNull(projects.deletedAt), scopeCondition(scopeOf(actor)));

  async function find(actor: Actor, query: TimelineQuery): Promise<Timeline> {
    const visible = visibleTo(actor);
    const events = await repo.findEvents(db);
    const related = [...new Set(events.flatMap((e) => e.projectIds))];
    const [relatedProjects, milestones] = await Promise.all([
      repo.findProjectsByIds(db, related, visible),
      repo.findProjectMilestones(db, visible),
    ]);
    const byId = new Map(relatedProjects.map((p) => [p.id, p]));
    const visibleIds = new Set(byId.keys());
    const recorded: RecordedEvent[] = events.map((row) => ({
      event: toEvent(row, visibleIds),
      projects: row.projectIds.flatMap((id) => {
        const p = byId.get(id);
        return p ? [p] : [];
      }),
    }));
    return filterTimeline(buildTimeline(recorded, milestones, actor.locale), query);
  }

  /** Every related project must exist and be visible to the manager: a link nobody can open is a mistake. */
  async function checkProjects(actor: Actor, ids: readonly string[] | undefined, tx: Executor = db) {
    if (!ids?.length) return [];
    const unique = [...new Set(ids)];
    const found = new Set((await repo.findProjectsByIds(tx, unique, visibleTo(actor))).map((p) => p.id));
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length) {
      throw invalidField('projectIds', {
        zh: `有 ${missing.length} 个相关项目不存在或已删除`,
        en: `${missing.length} of the related projects do not exist or were deleted`,
      });
    }
    return unique;
  }

  /** An event as the actor sees it: related projects outside his scope, or deleted since, are left out. */
  async function present(actor: Actor, row: repo.TimelineEventRow): Promise<TimelineEvent> {
    const visible = await repo.findProjectsByIds(db, row.projectIds, visibleTo(actor));
    return toEvent(row, new Set(visible.map((p) => p.id)));
  }

  async function get(id: string, tx: Executor = db) {
    const row = await repo.getEvent(tx, id);
    if (!row) throw notFound(EVENT);
    return row;
  }

  async function create(actor: Actor, input: TimelineEventInput): Promise<TimelineEvent> {
    const projectIds = await checkProjects(actor, input.projectIds);
    const row = await withAudit(db, actor, async (tx) => {
      const id = await repo.insertEvent(tx, {
        eventDate: input.eventDate,
        title: input.title,
        description: input.description ?? null,
        kind: input.kind,
        projectIds,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      const created = await get(id, tx);
      return {
        result: created,
        audit: {
          action: 'timeline.create',
          entityType: 'timeline_event',
          entityId: id,
          after: auditShape(created),
        },
      };
    });
    return present(actor, row);
  }

  async function update(actor: Actor, id: string, input: TimelineEventUpdateInput): Promise<TimelineEvent> {
    const before = await get(id);
    const projectIds =
      input.projectIds === undefined ? undefined : await checkProjects(actor, input.projectIds);
    const row = await withAudit(db, actor, async (tx) => {
      const values: Partial<repo.TimelineEventInsert> = { updatedBy: actor.id };
      if (input.eventDate !== undefined) values.eventDate = input.eventDate;
      if (input.title !== undefined) values.title = input.title;
      if (input.description !== undefined) values.description = input.description;
      if (input.kind !== undefined) values.kind = input.kind;
      if (projectIds !== undefined) values.projectIds = projectIds;
      if (!(await repo.updateEvent(tx, id, input.version, values))) throw versionConflict();
      const after = await get(id, tx);
      return {
        result: after,
        audit: {
          action: 'timeline.update',
          entityType: 'timeline_event',
          entityId: id,
          before: auditShape(before),
          after: auditShape(after),
        },
      };
    });
    return present(actor, row);
  }

  async function remove(actor: Actor, id: string, version: number): Promise<void> {
    const before = await get(id);
    await withAudit(db, actor, async (tx) => {
      if (!(await repo.deleteEvent(tx, id, version))) throw versionConflict();
      return {
        result: undefined,
        audit: {
          action: 'timeline.delete',
          entityType: 'timeline_event',
          entityId: id,
          before: auditShape(before),
        },
      };
    });
  }

  return { find, create, update, delete: remove };
}
