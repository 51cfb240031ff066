import { lifecycleStages } from '#domain/codelists.ts';
import {
  defaultMapSettings,
  MAX_MAP_POINTS,
  type MapSettings,
  type MapSettingsInput,
  type ProjectMap,
  type ProjectMapPointTuple,
  type ProjectMapQuery,
} from '#domain/schemas/map.ts';
import { type Actor, can } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import { filterConditions } from '../projects/projects.repo.ts';
import { scopeOf } from '../projects/projects.service.ts';
import { getSetting, saveSetting } from '../warnings/warnings.repo.ts';
import { createWarningService } from '../warnings/warnings.service.ts';
import * as repo from './map.repo.ts';

/** `app_settings` key of the base map. */
export const MAP_SETTINGS_KEY = 'map_settings';

type StoredSettings = Omit<MapSettings, 'version' | 'updatedAt'>;

/** A stored value read defensively: anything unusable falls back to the offline default. */
function parseStored(value: unknown): StoredSettings {
  const v = (value ?? {}) as Partial<StoredSettings>;
  const text = (x: unknown) => (typeof x === 'string' && x ? x : null);
  const urlTemplate = text(v.urlTemplate);
  return {
    mode: v.mode === 'tiles' && urlTemplate ? 'tiles' : 'offline',
    urlTemplate,
    overlayUrlTemplate: text(v.overlayUrlTemplate),
    subdomains: text(v.subdomains),
    attribution: text(v.attribution),
    crs: v.crs === 'gcj02' ? 'gcj02' : 'wgs84',
    maxZoom: Number.isInteger(v.maxZoom) ? (v.maxZoom as number) : defaultMapSettings.maxZoom,
  };
}

const stageCodes = new Set<string>(lifecycleStages.codes);

/** Coordinates to 6 decimals (about 0.1 m): more is noise, and every digit is sent 100,000 times. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * 项目一张图 (issue #5): the projects the reader may see, with the ledger's filters, as compact points; and the
 * base map's settings.
 */
export function createMapService(ctx: ServiceContext) {
  const { db } = ctx;
  const warnings = createWarningService(ctx);

  async function settings(): Promise<MapSettings> {
    const row = await getSetting(db, MAP_SETTINGS_KEY);
    return {
      ...parseStored(row?.value),
      version: row?.version ?? 0,
      updatedAt: row?.updatedAt.toISOString() ?? null,
    };
  }

  /**
   * The map's points: the ledger's filter builder and data scope (an owner sees his own projects), placed
   * projects only, plus how many matched without coordinates. Lights are brought up to date first, as the
   * warning list does, and left out for readers without warning.read.
   */
  async function find(actor: Actor, query: ProjectMapQuery): Promise<ProjectMap> {
    const lights = can(actor, 'warning.read');
    if (lights) await warnings.recomputeStale();
    const where = filterConditions({ ...query, deleted: false }, scopeOf(actor));
    const [rows, counts] = await Promise.all([
      repo.findMapRows(db, where, MAX_MAP_POINTS + 1),
      repo.countMapProjects(db, where),
    ]);
    const truncated = rows.length > MAX_MAP_POINTS;
    if (truncated) rows.length = MAX_MAP_POINTS;
    const owners: string[] = [];
    const ownerIndex = new Map<string, number>();
    const codes = new Set<string>();
    const points: ProjectMapPointTuple[] = [];
    for (const r of rows) {
      if (r.lng === null || r.lat === null || !stageCodes.has(r.stage)) continue;
      let owner = ownerIndex.get(r.ownerName);
      if (owner === undefined) {
        owner = owners.push(r.ownerName) - 1;
        ownerIndex.set(r.ownerName, owner);
      }
      codes.add(r.divisionCode);
      points.push([
        r.id,
        r.name,
        round6(r.lng),
        round6(r.lat),
        r.stage as ProjectMapPointTuple[4],
        lights ? (r.color ?? null) : null,
        r.totalInvestment,
        owner,
        r.divisionCode,
      ]);
    }
    const districts = Object.fromEntries(
      (await repo.findDivisionNames(db, [...codes])).map((d) => [d.code, d.name]),
    );
    return { ...counts, lights, owners, districts, points, truncated };
  }

  /** Saved with the version read (409 when someone saved in between), audited with before and after. */
  async function saveSettings(actor: Actor, input: MapSettingsInput): Promise<MapSettings> {
    const current = await settings();
    const { version, ...value } = input;
    await withAudit(db, actor, async (tx) => {
      if (!(await saveSetting(tx, MAP_SETTINGS_KEY, value, version, actor.id))) throw versionConflict();
      const { version: _v, updatedAt: _u, ...before } = current;
      return {
        result: undefined,
        audit: {
          action: 'map.configure',
          entityType: 'setting',
          entityId: MAP_SETTINGS_KEY,
          before: current.version === 0 ? null : before,
          after: value,
        },
      };
    });
    return settings();
  }

  return { find, getSettings: (_actor: Actor) => settings(), saveSettings };
}
