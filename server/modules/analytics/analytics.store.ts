import { performance } from 'node:perf_hooks';
import { type ItemInput, ProjectFacts } from '#domain/analytics/facts.ts';
import type { ReferenceLabels } from '#domain/analytics/pivot.ts';
import { AnalysisSettingsInputSchema, defaultSizeBands } from '#domain/schemas/analysis.ts';
import type { Db } from '../../db/client.ts';
import * as repo from './analytics.repo.ts';

/**
 * The analytics fact store of one app node: a cache of PostgreSQL in memory (domain/analytics/facts.ts), loaded in
 * full on first use and brought up to date on every request by reloading just the projects that changed since
 * the previous request (analytics_changes, migrations/0009_analytics.sql). The node stays stateless: the store
 * can be dropped and rebuilt at any time, and a write committed before a request began is in that request's
 * figures.
 */

export type StoreLog = (message: string, details: Record<string, unknown>) => void;

export type StoreReferences = ReferenceLabels & { industryParent: ReadonlyMap<string, string | null> };

/** Sums kept over projects (open cockpits and pivots): told of each project's share before and after it changes. */
export type FactObserver = { add(slot: number, sign: 1 | -1): void };

/** Projects reloaded per round of queries; a bulk change (an import) is taken in slices of this size. */
const SLICE = 5_000;
/** Results kept for the current version of the facts (cockpits per actor scope and day, pivots per query). */
const CACHE_ENTRIES = 500;

export class AnalyticsStore {
  private table: ProjectFacts | null = null;
  private xmin = '0';
  /** The changed_xid last applied per project: a change row seen again (an old xmin held back) is skipped. */
  private readonly applied = new Map<string, string>();
  private loading: Promise<void> | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private readonly cache = new Map<string, unknown>();
  /** Increases whenever the facts or the settings change; cached results belong to one version. */
  version = 0;
  sizeBands: number[] = [...defaultSizeBands];
  settingsVersion = 0;
  references: StoreReferences | null = null;
  lightHistorySince: number | null = null;
  lastLoad: { ms: number; projects: number; approximateBytes: number } | null = null;
  private readonly observers = new Set<FactObserver>();

  constructor(
    private readonly db: Db,
    private readonly log: StoreLog = () => {},
  ) {}

  /** The facts as of this moment: everything committed before the call is in them. */
  async current(): Promise<{ facts: ProjectFacts; references: StoreReferences }> {
    if (!this.table) await this.load();
    await this.refresh();
    return { facts: this.table as ProjectFacts, references: this.references as StoreReferences };
  }

  /** The facts as they stand, without a refresh: for a caller that has just awaited current(). */
  facts(): { facts: ProjectFacts; references: StoreReferences } {
    if (!this.table) throw new Error('analytics store: not loaded');
    return { facts: this.table, references: this.references as StoreReferences };
  }

  /** Loads the store in the background (main.ts at startup); failures are logged, the next request retries. */
  warm(): void {
    this.current().catch((err: unknown) => this.log('analytics store: warm-up failed', { err: String(err) }));
  }

  /** A result computed once per version of the facts and `key`. */
  cached<T>(key: string, compute: () => T): T {
    const k = `${this.version}|${key}`;
    if (this.cache.has(k)) return this.cache.get(k) as T;
    const value = compute();
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(k, value);
    // A failed lookup is not kept: the next request tries again.
    if (value instanceof Promise) value.catch(() => this.cache.delete(k));
    return value;
  }

  /**
   * Keeps `observer` told of every project change from now on (its share taken out before the project is reloaded,
   * put back after). Returns the function that stops it. The caller fills the observer from `current()` first, in
   * the same synchronous step.
   */
  observe(observer: FactObserver): () => void {
    this.observers.add(observer);
    return () => {
      this.observers.delete(observer);
    };
  }

  private load(): Promise<void> {
    if (!this.loading) {
      this.loading = this.loadAll().catch((err: unknown) => {
        this.loading = null;
        throw err;
      });
    }
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    const started = performance.now();
    // The xmin first: whatever commits while the load runs is at or above it and is picked up by the next refresh.
    const xmin = await repo.currentXmin(this.db);
    const [labels, since, settings] = await Promise.all([
      repo.loadReferenceLabels(this.db),
      repo.lightHistorySince(this.db),
      repo.getSettingsRow(this.db),
    ]);
    this.references = {
      industries: new Map(labels.industries.map((r) => [r.code, r])),
      divisions: new Map(labels.divisions.map((r) => [r.code, r])),
      leadingIndustries: new Map(labels.leadingIndustries.map((r) => [r.code, r])),
      industryParent: new Map(labels.industries.map((r) => [r.code, r.parentCode])),
    };
    this.lightHistorySince = since;
    this.applySettings(settings?.value, settings?.version ?? 0);
    const facts = new ProjectFacts((await repo.countProjects(this.db)) + 1024);
    await loadEverything(this.db, facts);
    this.table = facts;
    this.xmin = xmin;
    this.bump();
    const ms = Math.round(performance.now() - started);
    this.lastLoad = { ms, projects: facts.count, approximateBytes: facts.approximateBytes() };
    this.log('analytics store loaded', {
      ms,
      projects: facts.count,
      approximateMegabytes: Math.round(this.lastLoad.approximateBytes / 1_048_576),
    });
  }

  private refresh(): Promise<void> {
    // One refresh at a time. A request that arrives while one runs may have committed after its snapshot, so it
    // waits for the next one, which all such requests share.
    if (this.queued) return this.queued;
    if (this.running) {
      const start = () => {
        this.queued = null;
        return this.startRefresh();
      };
      this.queued = this.running.then(start, start);
      return this.queued;
    }
    return this.startRefresh();
  }

  private startRefresh(): Promise<void> {
    const run = this.applyChanges().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async applyChanges(): Promise<void> {
    const facts = this.table as ProjectFacts;
    const row = await repo.findChanges(this.db, this.xmin);
    if ((row.settings_version ?? 0) !== this.settingsVersion) {
      this.applySettings(row.settings, row.settings_version ?? 0);
      this.bump();
    }
    const ids = row.ids ?? [];
    const xids = row.xids ?? [];
    const todo: string[] = [];
    const xidOf = new Map<string, string>();
    ids.forEach((id, k) => {
      const xid = xids[k] as string;
      if (this.applied.get(id) !== xid) {
        todo.push(id);
        xidOf.set(id, xid);
      }
    });
    if (todo.length) {
      const started = performance.now();
      for (let k = 0; k < todo.length; k += SLICE) {
        const slice = todo.slice(k, k + SLICE);
        const data = await fetchFacts(this.db, slice);
        // From here to the end of the step nothing awaits: the observers' sums and the facts change together.
        const slotsOf = () => slice.flatMap((id) => facts.slot(id) ?? []);
        for (const observer of this.observers) for (const slot of slotsOf()) observer.add(slot, -1);
        applyFacts(facts, data, slice);
        for (const observer of this.observers) for (const slot of slotsOf()) observer.add(slot, 1);
        for (const id of slice) this.applied.set(id, xidOf.get(id) as string);
        this.bump();
      }
      if (todo.length >= SLICE) {
        this.log('analytics store: bulk change applied', {
          projects: todo.length,
          ms: Math.round(performance.now() - started),
        });
      }
    }
    this.xmin = row.xmin;
    // Rows below the xmin are never asked for again: forget them, so that the map stays small.
    if (this.applied.size > 20_000) {
      const floor = BigInt(row.xmin);
      for (const [id, xid] of this.applied) if (BigInt(xid) < floor) this.applied.delete(id);
    }
  }

  private applySettings(value: unknown, version: number) {
    const parsed = AnalysisSettingsInputSchema.safeParse({ ...(value as object), version });
    this.sizeBands = parsed.success ? parsed.data.sizeBands : [...defaultSizeBands];
    this.settingsVersion = version;
  }

  private bump() {
    this.version++;
    this.cache.clear();
  }
}

/**
 * Everything, statement by statement through cursors (a few megabytes in memory at a time): the projects first,
 * which gives them their slots, then their reports, moves, plans, lights and items on two connections side by
 * side. Each batch is applied as it arrives; the store is not shown to requests before the load has finished.
 */
async function loadEverything(db: Db, facts: ProjectFacts): Promise<void> {
  await repo.bulkRead(db, (tx) =>
    repo.streamRows(tx, repo.projectsQuery(), 20_000, (rows) => applyProjects(facts, rows)),
  );
  await Promise.all([
    repo.bulkRead(db, async (tx) => {
      await repo.streamRows(tx, repo.reportsQuery(), 2, (rows) => applyReports(facts, rows));
      await repo.streamRows(tx, repo.lightsQuery(), 20_000, (rows) => applyLights(facts, rows));
    }),
    repo.bulkRead(db, async (tx) => {
      await repo.streamRows(tx, repo.itemsQuery(), 5_000, (rows) => applyItems(facts, rows));
      await repo.streamRows(tx, repo.movesQuery(), 20_000, (rows) => applyMoves(facts, rows));
      await repo.streamRows(tx, repo.plansQuery(), 20_000, (rows) => applyPlans(facts, rows));
    }),
  ]);
}

type FetchedFacts = Awaited<ReturnType<typeof fetchFacts>>;

/** The facts of some projects, in six statements run side by side. */
async function fetchFacts(db: Db, ids: readonly string[]) {
  const [projects, reports, moves, plans, lights, items] = await Promise.all([
    repo.fetchRows(db, repo.projectsQuery(ids)),
    repo.fetchRows(db, repo.reportsQuery(ids)),
    repo.fetchRows(db, repo.movesQuery(ids)),
    repo.fetchRows(db, repo.plansQuery(ids)),
    repo.fetchRows(db, repo.lightsQuery(ids)),
    repo.fetchRows(db, repo.itemsQuery(ids)),
  ]);
  return { projects, reports, moves, plans, lights, items };
}

/**
 * Writes the fetched facts of changed projects into the table in one synchronous step, so that no request sees a
 * project half updated. Projects no longer in the database are marked gone, and what a project no longer has
 * (its last report deleted …) is cleared before what it has is set again.
 */
function applyFacts(facts: ProjectFacts, data: FetchedFacts, ids: readonly string[]) {
  const slots = applyProjects(facts, data.projects);
  const present = new Set(data.projects.map((p) => p.id));
  for (const id of ids) if (!present.has(id)) facts.removeProject(id);
  for (const slot of slots) {
    facts.clearMonths(slot);
    facts.setMoves(slot, []);
    facts.setPlans(slot, []);
    facts.setLightChanges(slot, []);
    facts.setItems(slot, []);
  }
  applyReports(facts, data.reports);
  applyMoves(facts, data.moves);
  applyPlans(facts, data.plans);
  applyLights(facts, data.lights);
  applyItems(facts, data.items);
}

function applyProjects(facts: ProjectFacts, rows: repo.ProjectRow[]): number[] {
  return rows.map((p) =>
    facts.setProject({
      id: p.id,
      deleted: p.deleted,
      hasCode: p.has_code,
      category: p.category,
      keyLevel: p.key_level,
      stage: p.stage,
      industryCode: p.industry_code,
      leadingIndustry: p.leading_industry,
      divisionCode: p.division_code,
      townCode: p.town_code,
      ownerOrgId: p.owner_org_id,
      chiefUserId: p.chief_user_id,
      leadDepartmentId: p.lead_department_id,
      totalInvestment: Number(p.total),
      investmentGovernment: p.gov === null ? null : Number(p.gov),
      investmentSocial: p.soc === null ? null : Number(p.soc),
      investmentForeign: p.fgn === null ? null : Number(p.fgn),
      plannedStart: p.planned_start,
      plannedCompletion: p.planned_completion,
      actualStart: p.actual_start,
      actualCompletion: p.actual_completion,
      light: p.light,
    }),
  );
}

function applyReports(facts: ProjectFacts, rows: repo.ReportRow[]) {
  if (rows.length) {
    const months = rows.map((r) => Number(r.month));
    facts.ensureMonths(Math.min(...months), Math.max(...months));
  }
  for (const r of rows) {
    const month = Number(r.month);
    const projectIds = r.ids.split(',');
    const amounts = r.amounts.split(',');
    for (let k = 0; k < projectIds.length; k++) {
      const i = facts.slot(projectIds[k] as string);
      if (i !== undefined) facts.setMonth(i, month, Number(amounts[k]));
    }
  }
}

function applyMoves(facts: ProjectFacts, rows: repo.MoveRow[]) {
  for (const m of rows) {
    const i = facts.slot(m.project_id);
    if (i === undefined) continue;
    facts.setMoves(
      i,
      m.days.map((day, k) => ({ movedOn: day, from: m.froms[k] ?? null, to: m.tos[k] as string })),
    );
  }
}

function applyPlans(facts: ProjectFacts, rows: repo.PlanRow[]) {
  for (const p of rows) {
    const i = facts.slot(p.project_id);
    if (i === undefined) continue;
    facts.setPlans(
      i,
      p.years.map((year, k) => ({
        year: Number(year),
        amount: Number(p.amounts[k]),
        schedule: p.schedules[k] ?? null,
      })),
    );
  }
}

function applyLights(facts: ProjectFacts, rows: repo.LightRow[]) {
  for (const l of rows) {
    const i = facts.slot(l.project_id);
    if (i === undefined) continue;
    facts.setLightChanges(
      i,
      l.ats.map((at, k) => ({ at: Number(at), color: l.colors[k] ?? null })),
    );
  }
}

function applyItems(facts: ProjectFacts, rows: repo.ItemRow[]) {
  for (const row of rows) {
    const i = facts.slot(row.project_id);
    if (i === undefined) continue;
    facts.setItems(i, toItemInputs(row.items));
  }
}

function toItemInputs(items: repo.ItemTuple[]): ItemInput[] {
  return items.map(([deadline, raisedAt, raisedBy, openNow, ats, opens, orgs]) => ({
    deadline: Number(deadline),
    raisedAt: Number(raisedAt),
    raisedBy,
    openNow,
    changes: (ats ?? []).map((at, k) => ({ at: Number(at), open: Boolean(opens?.[k]) })),
    departments: orgs ?? [],
  }));
}

const stores = new WeakMap<Db, AnalyticsStore>();

/** The store of this database handle: one per app node (and per test app). */
export function analyticsStoreFor(db: Db, log?: StoreLog): AnalyticsStore {
  let store = stores.get(db);
  if (!store) {
    store = new AnalyticsStore(db, log);
    stores.set(db, store);
  }
  return store;
}
