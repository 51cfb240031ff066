import {
  type CockpitFigures,
  type CockpitOptions,
  CockpitSummary,
  computeCockpit,
} from '#domain/analytics/cockpit.ts';
import {
  dictionarySizes,
  type FactScope,
  type LedgerFilter,
  needsDatabaseMatch,
  projectPredicate,
  selectProjects,
} from '#domain/analytics/filter.ts';
import { computePivot, PivotAccumulator, type PivotInput, sizeBandLabels } from '#domain/analytics/pivot.ts';
import { todayInChina } from '#domain/iso-date.ts';
import type {
  AnalysisSettings,
  AnalysisSettingsInput,
  Cockpit,
  CockpitQuery,
  Pivot,
  PivotQuery,
} from '#domain/schemas/analysis.ts';
import { defaultSizeBands } from '#domain/schemas/analysis.ts';
import { reportingStages } from '#domain/schemas/progress-reports.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { forbidden, invalidField, versionConflict } from '../../core/errors.ts';
import { auditAlone, withAudit } from '../../core/transaction.ts';
import { scopeOf } from '../projects/projects.service.ts';
import * as repo from './analytics.repo.ts';
import { analyticsStoreFor, type StoreLog } from './analytics.store.ts';

/** Everything in a pivot query that is not a ledger filter. */
const PIVOT_KEYS = new Set(['rows', 'cols', 'measures', 'from', 'to', 'year', 'compare']);

const placeholder = (key: string) => ({ zh: key, en: key });
/** Cockpits (per reader scope) and pivots kept open and up to date (see openCockpit, openPivot). */
const OPEN_COCKPITS = 64;
const OPEN_PIVOTS = 32;
/** How long looked-up names of departments and chiefs are reused (a rename shows within this time). */
const NAMES_TTL_MS = 60_000;

export function createAnalyticsService(ctx: ServiceContext, log?: StoreLog) {
  const store = analyticsStoreFor(ctx.db, log);
  const today = () => todayInChina(ctx.clock?.());

  const factScope = (actor: Actor): FactScope => scopeOf(actor);
  const scopeKey = (scope: FactScope) =>
    scope.all ? 'all' : `${scope.userId}|${scope.organizationId ?? ''}`;

  /**
   * The cockpit of the projects the actor may see (the ledger's data scope), as of a day. Figures are computed
   * from the fact store once per version of the facts and kept for the next reader with the same scope and day.
   */
  async function getCockpit(actor: Actor, query: CockpitQuery): Promise<Cockpit> {
    const now = today();
    const asOf = query.asOf ?? now;
    if (asOf > now) {
      throw invalidField('asOf', {
        zh: `统计日期 ${asOf} 晚于今天（${now}）`,
        en: `${asOf} is after today (${now})`,
      });
    }
    const { facts, references } = await store.current();
    const scope = factScope(actor);
    const name = (r: { name: string; nameEn: string | null } | undefined, code: string) =>
      r ? { zh: r.name, en: r.nameEn ?? r.name } : placeholder(code);
    const labels = {
      district: (code: string) => name(references.divisions.get(code), code),
      leadingIndustry: (code: string) => name(references.leadingIndustries.get(code), code),
      organization: placeholder,
      user: placeholder,
    };
    const options = {
      asOf,
      today: now,
      lightHistorySince: store.lightHistorySince,
      top: query.top,
      reportingStages,
      scope,
    };
    const filterOptions = { industryParent: references.industryParent };
    const figures = store.cached(`cockpit|${scopeKey(scope)}|${asOf}|${now}|${query.top}`, () => {
      // Today's cockpit, the common case, comes from sums kept open and up to date as projects change; an earlier
      // day is summed afresh (once per version of the facts).
      if (asOf !== now) return computeCockpit(facts, options, labels, filterOptions);
      return openCockpit(`${scopeKey(scope)}|${now}`, options).figures(query.top, labels);
    });
    return withNames(figures, scope.all ? 'all' : 'own');
  }

  /**
   * Recent readers' cockpits of today stay open: filled once, then kept up to date project by project (the store
   * tells them of each change). The least recently read is closed when there are more than OPEN_COCKPITS, and all
   * of them when the day changes.
   */
  const openCockpits = new Map<string, { summary: CockpitSummary; detach: () => void }>();

  function openCockpit(key: string, options: Omit<CockpitOptions, 'top'>): CockpitSummary {
    const existing = openCockpits.get(key);
    if (existing) {
      openCockpits.delete(key);
      openCockpits.set(key, existing);
      return existing.summary;
    }
    for (const [k, open] of openCockpits) {
      if (!k.endsWith(`|${options.today}`)) {
        open.detach();
        openCockpits.delete(k);
      }
    }
    const { facts, references } = store.facts();
    const summary = new CockpitSummary(facts, options, { industryParent: references.industryParent });
    summary.fill();
    const detach = store.observe({
      add(slot, sign) {
        summary.resolveScope();
        summary.add(slot, sign);
      },
    });
    openCockpits.set(key, { summary, detach });
    if (openCockpits.size > OPEN_COCKPITS) {
      const [oldest] = openCockpits.keys();
      if (oldest !== undefined) {
        openCockpits.get(oldest)?.detach();
        openCockpits.delete(oldest);
      }
    }
    return summary;
  }

  /**
   * Departments and chiefs are ranked by id; their names are looked up for the ranked ones. A rename touches no
   * project, so the names are read again at least every NAMES_TTL_MS rather than only when the facts change.
   */
  const named = new WeakMap<object, { at: number; value: Promise<Cockpit> }>();
  function withNames(figures: CockpitFigures, scope: Cockpit['scope']): Promise<Cockpit> {
    const now = Date.now();
    const hit = named.get(figures);
    if (hit && now - hit.at < NAMES_TTL_MS) return hit.value.then((c) => ({ ...c, scope }));
    const value = (async (): Promise<Cockpit> => {
      const orgIds = figures.rankings.leadDepartment.items.flatMap((i) => (i.key ? [i.key] : []));
      const userIds = figures.rankings.chief.items.flatMap((i) => (i.key ? [i.key] : []));
      const [orgs, users] = await Promise.all([
        repo.organizationNames(ctx.db, orgIds),
        repo.userNames(ctx.db, userIds),
      ]);
      const label = (names: Map<string, string>) => (items: Cockpit['rankings']['chief']['items']) =>
        items.map((item) => {
          const n = item.key ? names.get(item.key) : undefined;
          return n ? { ...item, label: { zh: n, en: n } } : item;
        });
      const orgLabel = label(new Map(orgs.map((o) => [o.id, o.name])));
      const userLabel = label(new Map(users.map((u) => [u.id, u.name])));
      return {
        ...figures,
        scope,
        rankings: {
          ...figures.rankings,
          leadDepartment: {
            ...figures.rankings.leadDepartment,
            items: orgLabel(figures.rankings.leadDepartment.items),
          },
          chief: { ...figures.rankings.chief, items: userLabel(figures.rankings.chief.items) },
        },
      };
    })();
    named.set(figures, { at: now, value });
    value.catch(() => named.delete(figures));
    return value;
  }

  /**
   * The pivot of the projects the actor may see that pass the ledger's filters. The period defaults to January of
   * the current year up to the current month, the plan year to the period's last year.
   */
  async function getPivot(actor: Actor, query: PivotQuery): Promise<Pivot> {
    const now = today();
    const to = query.to ?? now.slice(0, 7);
    const from = query.from ?? `${to.slice(0, 4)}-01`;
    if (from > to) {
      throw invalidField(query.from ? 'from' : 'to', {
        zh: `起始月份 ${from} 晚于截止月份 ${to}`,
        en: `The period starts (${from}) after it ends (${to})`,
      });
    }
    const year = query.year ?? Number(to.slice(0, 4));
    const filter = Object.fromEntries(
      Object.entries(query).filter(([k, v]) => !PIVOT_KEYS.has(k) && v !== undefined),
    ) as LedgerFilter;
    const { facts, references } = await store.current();
    const scope = factScope(actor);
    let matching: Set<number> | undefined;
    if (needsDatabaseMatch(filter)) {
      const ids = await store.cached(`match|${filter.q ?? ''}|${filter.tag ?? ''}`, () =>
        repo.findMatchingIds(ctx.db, filter.q, filter.tag),
      );
      matching = new Set(ids.flatMap((id) => facts.slot(id) ?? []));
    }
    const input = {
      rows: query.rows,
      cols: query.cols,
      measures: query.measures,
      from,
      to,
      year,
      compare: query.compare === 'yoy',
      sizeBands: store.sizeBands,
    };
    const key = `pivot|${scopeKey(scope)}|${store.settingsVersion}|${JSON.stringify({ ...query, from, to, year })}`;
    if (matching) {
      // Text search and tags are PostgreSQL's: such a pivot is summed afresh for each version of the facts.
      const found = matching;
      return store.cached(key, () =>
        computePivot(
          facts,
          selectProjects(facts, filter, scope, {
            industryParent: references.industryParent,
            matching: found,
          }),
          input,
          references,
        ),
      );
    }
    const open = openPivot(key, filter, scope, input);
    if (open.result?.version !== store.version)
      open.result = { version: store.version, value: open.acc.result() };
    return open.result.value;
  }

  /**
   * Recent pivots stay open: their sums are kept up to date project by project as projects change (the store
   * tells them), so a report written between two readings of a pivot costs its project, not the whole table.
   * The least recently read is closed when there are more than OPEN_PIVOTS.
   */
  type OpenPivot = {
    acc: PivotAccumulator;
    detach: () => void;
    result?: { version: number; value: Pivot };
  };
  const openPivots = new Map<string, OpenPivot>();

  function openPivot(key: string, filter: LedgerFilter, scope: FactScope, input: PivotInput): OpenPivot {
    const existing = openPivots.get(key);
    openPivots.delete(key);
    if (existing && !existing.acc.stale) {
      openPivots.set(key, existing);
      return existing;
    }
    existing?.detach();
    const { facts, references } = store.facts();
    const options = { industryParent: references.industryParent };
    let sizes = dictionarySizes(facts);
    let passes = projectPredicate(facts, filter, scope, options);
    const acc = new PivotAccumulator(facts, input, references);
    for (let i = 0; i < facts.count; i++) if (passes(i)) acc.add(i, 1);
    const detach = store.observe({
      add(slot, sign) {
        // A value the filter names may have appeared since: resolve the filter's codes again.
        const now = dictionarySizes(facts);
        if (now !== sizes) {
          sizes = now;
          passes = projectPredicate(facts, filter, scope, options);
        }
        if (passes(slot)) acc.add(slot, sign);
      },
    });
    const entry: OpenPivot = { acc, detach };
    openPivots.set(key, entry);
    if (openPivots.size > OPEN_PIVOTS) {
      const [oldest] = openPivots.keys();
      if (oldest !== undefined) {
        openPivots.get(oldest)?.detach();
        openPivots.delete(oldest);
      }
    }
    return entry;
  }

  /** The pivot for an .xlsx export: the same figures, and an audit record (bulk data leaving the system). */
  async function getPivotForExport(actor: Actor, query: PivotQuery): Promise<Pivot> {
    if (!can(actor, 'project.export')) throw forbidden();
    const pivot = await getPivot(actor, query);
    await auditAlone(ctx.db, actor, {
      action: 'analysis.export',
      entityType: 'analysis',
      after: { query, rows: pivot.rows.values.length, cols: pivot.cols?.values.length ?? 1 },
      detail: `${pivot.rows.values.length} rows`,
    });
    return pivot;
  }

  async function getSettings(_actor: Actor): Promise<AnalysisSettings> {
    const row = await repo.getSettingsRow(ctx.db);
    const value = (row?.value ?? {}) as { sizeBands?: number[] };
    const sizeBands = value.sizeBands ?? [...defaultSizeBands];
    return { sizeBands, bandLabels: sizeBandLabels(sizeBands), version: row?.version ?? 0 };
  }

  /** Sets the size bands of the analysis (optimistic locking on the settings record). */
  async function saveSettings(actor: Actor, input: AnalysisSettingsInput): Promise<AnalysisSettings> {
    const before = await getSettings(actor);
    await withAudit(ctx.db, actor, async (tx) => {
      if (!(await repo.saveSettings(tx, { sizeBands: input.sizeBands }, input.version, actor.id))) {
        throw versionConflict();
      }
      return {
        result: undefined,
        audit: {
          action: 'analysis.configure',
          entityType: 'setting',
          entityId: repo.ANALYSIS_SETTINGS_KEY,
          before: { sizeBands: before.sizeBands },
          after: { sizeBands: input.sizeBands },
        },
      };
    });
    return getSettings(actor);
  }

  return { getCockpit, getPivot, getPivotForExport, getSettings, saveSettings, store };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
