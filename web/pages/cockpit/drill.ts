/**
 * The list behind a figure: the API names a web path and its query; here it becomes an address of this app.
 * Ledger queries go through the ledger's own URL reader and writer, so a drill-down opens exactly the filtered
 * list a user would get by setting the filters by hand.
 */
import type { Drill } from '#domain/schemas/analysis.ts';
import { parseProjectListQuery, projectFilterSearch } from '../projects/project-list-query.ts';

export function drillHref(drill: Drill): string {
  const search =
    drill.path === '/projects'
      ? projectFilterSearch(parseProjectListQuery(new URLSearchParams(drill.query)))
      : new URLSearchParams(drill.query);
  const query = search.toString();
  return query ? `${drill.path}?${query}` : drill.path;
}
