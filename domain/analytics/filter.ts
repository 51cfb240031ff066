/**
 * The ledger's filters and data scope evaluated over the fact table: the same projects that
 * server/modules/projects/projects.repo.ts `filterConditions` selects in SQL (a property test holds the two
 * together). Text search (`q`) and `tag` are not evaluated here: the caller asks PostgreSQL for the ids that
 * match them, with the ledger's own search, and passes them in as `matching`.
 */
import type { ProjectListQuery } from '../schemas/projects.ts';
import { dayOf, NO_DAY, type ProjectFacts } from './facts.ts';

export type LedgerFilter = Omit<ProjectListQuery, 'page' | 'pageSize' | 'sort' | 'order'>;

/** Who may see which projects: everything, or his chiefship, his organisation's projects and its lead. */
export type FactScope = { all: true } | { all: false; userId: string; organizationId: string | null };

const codesOf = (find: (v: string) => number, values: readonly string[] | undefined) =>
  values?.length ? new Set(values.map(find).filter((c) => c > 0)) : undefined;

/**
 * Slots of the projects that pass the filter within the scope, in slot order. `industryParent` maps an industry
 * code to its parent (a division to its GB/T 4754 section letter), since a section in the filter stands for all
 * its divisions. `matching`: slots that matched `q` and `tag` in PostgreSQL, when either was given.
 */
export function selectProjects(
  facts: ProjectFacts,
  filter: LedgerFilter,
  scope: FactScope,
  options: FilterOptions,
): Int32Array {
  const passes = projectPredicate(facts, filter, scope, options);
  const out = new Int32Array(facts.count);
  let n = 0;
  for (let i = 0; i < facts.count; i++) if (passes(i)) out[n++] = i;
  return out.subarray(0, n);
}

export type FilterOptions = {
  industryParent: ReadonlyMap<string, string | null>;
  matching?: ReadonlySet<number>;
};

/**
 * The filter as a test of one project (slot). Codes are resolved against the dictionaries as they are now: a
 * value the filter names that no project had yet is resolved once it appears (dictionarySizes tells when to make
 * the predicate again); until then no project can have it, so the answer stays right.
 */
export function projectPredicate(
  facts: ProjectFacts,
  filter: LedgerFilter,
  scope: FactScope,
  options: FilterOptions,
): (i: number) => boolean {
  const deleted = filter.deleted ? 1 : 0;
  let chiefScope = -1;
  let orgScope = -1;
  if (!scope.all) {
    chiefScope = facts.users.find(scope.userId);
    orgScope = scope.organizationId ? facts.organizations.find(scope.organizationId) : -1;
    // find() answers 0 for null; a real id never maps to 0, so -1 and 0 both mean "matches nothing".
    if (chiefScope === 0) chiefScope = -1;
    if (orgScope === 0) orgScope = -1;
  }
  const category = codesOf((v) => facts.categories.find(v), filter.category);
  const keyLevel = codesOf((v) => facts.keyLevels.find(v), filter.keyLevel);
  const stage = codesOf((v) => facts.stages.find(v), filter.stage);
  let industry: Set<number> | undefined;
  if (filter.industryCode?.length) {
    const wanted = new Set(filter.industryCode);
    industry = new Set();
    facts.industries.values.forEach((code, c) => {
      if (c === 0) return;
      const parent = options.industryParent.get(code);
      if (wanted.has(code) || (parent !== undefined && parent !== null && wanted.has(parent)))
        industry?.add(c);
    });
  }
  const leading = codesOf((v) => facts.leadingIndustries.find(v), filter.leadingIndustry);
  const division = codesOf((v) => facts.divisions.find(v), filter.divisionCode);
  const town = codesOf((v) => facts.towns.find(v), filter.townCode);
  const owner = codesOf((v) => facts.organizations.find(v), filter.ownerOrgId);
  const chief = codesOf((v) => facts.users.find(v), filter.chiefUserId);
  const lead = codesOf((v) => facts.organizations.find(v), filter.leadDepartmentId);
  const dateRange = (from: string | undefined, to: string | undefined) =>
    from === undefined && to === undefined
      ? undefined
      : {
          from: from === undefined ? NO_DAY + 1 : dayOf(from),
          to: to === undefined ? 2 ** 31 - 1 : dayOf(to),
        };
  const plannedStart = dateRange(filter.plannedStartFrom, filter.plannedStartTo);
  const plannedCompletion = dateRange(filter.plannedCompletionFrom, filter.plannedCompletionTo);
  const actualStart = dateRange(filter.actualStartFrom, filter.actualStartTo);
  const actualCompletion = dateRange(filter.actualCompletionFrom, filter.actualCompletionTo);
  const inRange = (value: number, r: { from: number; to: number }) =>
    value !== NO_DAY && value >= r.from && value <= r.to;
  const { investmentMin, investmentMax, hasCode } = filter;
  const matching = options.matching;

  return (i: number) => {
    if (facts.deleted[i] !== deleted) return false;
    if (!scope.all) {
      const c = facts.chief[i] as number;
      const o = facts.ownerOrg[i] as number;
      const l = facts.leadDept[i] as number;
      if (!(c === chiefScope || o === orgScope || l === orgScope)) return false;
    }
    if (matching && !matching.has(i)) return false;
    if (category && !category.has(facts.category[i] as number)) return false;
    if (keyLevel && !keyLevel.has(facts.keyLevel[i] as number)) return false;
    if (stage && !stage.has(facts.stage[i] as number)) return false;
    if (industry && !industry.has(facts.industry[i] as number)) return false;
    if (leading && !leading.has(facts.leadingIndustry[i] as number)) return false;
    if (division && !division.has(facts.division[i] as number)) return false;
    if (town && !town.has(facts.town[i] as number)) return false;
    if (owner && !owner.has(facts.ownerOrg[i] as number)) return false;
    if (chief && !chief.has(facts.chief[i] as number)) return false;
    if (lead && !lead.has(facts.leadDept[i] as number)) return false;
    if (hasCode === true && facts.hasCode[i] !== 1) return false;
    if (hasCode === false && facts.hasCode[i] !== 0) return false;
    if (investmentMin !== undefined && !((facts.totalInvestment[i] as number) >= investmentMin)) return false;
    if (investmentMax !== undefined && !((facts.totalInvestment[i] as number) <= investmentMax)) return false;
    if (plannedStart && !inRange(facts.plannedStart[i] as number, plannedStart)) return false;
    if (plannedCompletion && !inRange(facts.plannedCompletion[i] as number, plannedCompletion)) return false;
    if (actualStart && !inRange(facts.actualStart[i] as number, actualStart)) return false;
    if (actualCompletion && !inRange(facts.actualCompletion[i] as number, actualCompletion)) return false;
    return true;
  };
}

/** Whether the filter needs PostgreSQL for its text parts. */
export function needsDatabaseMatch(filter: Pick<LedgerFilter, 'q' | 'tag'>): boolean {
  return Boolean(filter.q?.trim()) || Boolean(filter.tag);
}

/** Sizes of the dictionaries a predicate resolved its codes against: when they change, make it again. */
export function dictionarySizes(facts: ProjectFacts): string {
  return [
    facts.categories,
    facts.keyLevels,
    facts.stages,
    facts.industries,
    facts.leadingIndustries,
    facts.divisions,
    facts.towns,
    facts.organizations,
    facts.users,
  ]
    .map((d) => d.size)
    .join(',');
}
