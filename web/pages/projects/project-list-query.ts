/**
 * The ledger's filters, sort and page live in the address bar, so a filtered list can be bookmarked, shared
 * and navigated with the back button. The URL is read with the server's own `ProjectListQuerySchema`, field
 * by field, so one bad parameter in a hand-edited URL drops only that parameter.
 */
import { type ProjectListQuery, ProjectListQuerySchema } from '#domain/schemas/projects.ts';
import { type QueryParams, toSearchParams } from '../../api/client.ts';

/** The list page's state: the server's query without the recycle-bin switch. */
export type ProjectListState = Omit<ProjectListQuery, 'deleted'>;
type Key = keyof ProjectListState;

const shape = ProjectListQuerySchema.shape;
const keys = (Object.keys(shape) as (keyof ProjectListQuery)[]).filter((k): k is Key => k !== 'deleted');

export const projectListDefaults: ProjectListState = {
  page: 1,
  pageSize: 20,
  sort: 'updatedAt',
  order: 'desc',
};

export function parseProjectListQuery(search: URLSearchParams): ProjectListState {
  const state: Record<string, unknown> = { ...projectListDefaults };
  for (const key of keys) {
    const values = search.getAll(key);
    if (values.length === 0) continue;
    const raw = values.length === 1 ? values[0] : values.join(',');
    const parsed = shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) state[key] = parsed.data;
  }
  return state as ProjectListState;
}

/** The shortest URL for a state: values equal to the defaults are left out. */
export function projectListSearch(state: ProjectListState): URLSearchParams {
  const trimmed: Record<string, unknown> = { ...state };
  for (const [key, value] of Object.entries(projectListDefaults)) {
    if (trimmed[key] === value) delete trimmed[key];
  }
  return toSearchParams(trimmed as QueryParams);
}

/** Filters only: what "clear filters" removes and what counts as "filtered" for the empty state. */
export const projectFilterKeys = keys.filter(
  (k) => k !== 'page' && k !== 'pageSize' && k !== 'sort' && k !== 'order',
) as readonly Key[];

export function activeFilterCount(state: ProjectListState): number {
  return projectFilterKeys.filter((k) => {
    const v = state[k];
    return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  }).length;
}

/**
 * The filters alone as URL parameters, without page, size and sort: what the ledger and the map (项目一张图)
 * hand each other, so both show the same projects.
 */
export function projectFilterSearch(state: Partial<ProjectListState>): URLSearchParams {
  const filters: Record<string, unknown> = {};
  for (const key of projectFilterKeys) if (state[key] !== undefined) filters[key] = state[key];
  return toSearchParams(filters as QueryParams);
}
