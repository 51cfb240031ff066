/**
 * 项目一张图 (issue #5): the visible projects as points on a map, with the ledger's filters, and the base map an
 * administrator configures. Coordinates are stored in WGS84; see docs/MAP.md for the coordinate systems.
 */
import { z } from 'zod';
import { type Label, lifecycleStages } from '../codelists.ts';
import { warningColors } from '../warning-presets.ts';
import { bilingual } from './common.ts';
import { ProjectListQuerySchema } from './projects.ts';

/** The map's filters are the ledger's (same URL parameters), without paging, sorting or the recycle bin. */
export const ProjectMapQuerySchema = ProjectListQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
  order: true,
  deleted: true,
});
export type ProjectMapQuery = z.infer<typeof ProjectMapQuerySchema>;

/** More points than this are not sent: the map says so and asks for narrower filters. */
export const MAX_MAP_POINTS = 200_000;

/**
 * One point as a tuple, because a zone-wide map carries every project and repeated keys would triple the size:
 * [id, name, longitude, latitude (WGS84), stage, warning light (null: not computed or not readable by the
 * user), total investment (万元), owner (an index into `owners`), district code].
 */
export const ProjectMapPointSchema = z.tuple([
  z.string(),
  z.string(),
  z.number(),
  z.number(),
  z.enum(lifecycleStages.codes),
  z.enum(warningColors).nullable(),
  z.number(),
  z.number().int(),
  z.string(),
]);
export type ProjectMapPointTuple = z.infer<typeof ProjectMapPointSchema>;

export const ProjectMapSchema = z.object({
  /** Visible projects that match the filters, placed or not. */
  total: z.number().int(),
  /** Of those, the ones without coordinates: they are not on the map. */
  withoutLocation: z.number().int(),
  /** False when the user may not read warning lights (warning.read): every point's light is then null. */
  lights: z.boolean(),
  /** Owner names; a point refers to its owner by position in this list. */
  owners: z.array(z.string()),
  /** District names by code, for the districts the points lie in. */
  districts: z.record(z.string(), z.string()),
  /** Largest investment first. */
  points: z.array(ProjectMapPointSchema),
  /** More than MAX_MAP_POINTS matched: only the largest MAX_MAP_POINTS are in `points`. */
  truncated: z.boolean(),
});
export type ProjectMap = z.infer<typeof ProjectMapSchema>;

/** A point with names, for the popup card and the legend. */
export type ProjectMapPoint = {
  id: string;
  name: string;
  lng: number;
  lat: number;
  stage: ProjectMapPointTuple[4];
  color: ProjectMapPointTuple[5];
  totalInvestment: number;
  ownerName: string;
  divisionCode: string;
  divisionName: string | null;
};

export function readMapPoints(map: ProjectMap): ProjectMapPoint[] {
  return map.points.map(([id, name, lng, lat, stage, color, totalInvestment, owner, divisionCode]) => ({
    id,
    name,
    lng,
    lat,
    stage,
    color,
    totalInvestment,
    ownerName: map.owners[owner] ?? '',
    divisionCode,
    divisionName: map.districts[divisionCode] ?? null,
  }));
}

// --- Base map ---------------------------------------------------------------------------------------------

/** `offline`: the districts' outlines only, no tiles (works without any network). `tiles`: a tile service. */
export const baseMapModes = ['offline', 'tiles'] as const;
export type BaseMapMode = (typeof baseMapModes)[number];

/**
 * The coordinate system of the tiles. WGS84 also stands for CGCS2000 (天地图), which differs from it by
 * centimetres; GCJ-02 is the offset system of 高德 and 腾讯, for which points are shifted before display.
 */
export const mapCrsCodes = ['wgs84', 'gcj02'] as const;
export type MapCrs = (typeof mapCrsCodes)[number];

export const mapSettingsFieldLabels = {
  mode: { zh: '底图方式', en: 'Base map' },
  urlTemplate: { zh: '瓦片地址模板', en: 'Tile URL template' },
  overlayUrlTemplate: { zh: '注记图层地址模板', en: 'Label layer URL template' },
  subdomains: { zh: '子域名', en: 'Subdomains' },
  attribution: { zh: '版权声明', en: 'Attribution' },
  crs: { zh: '坐标系', en: 'Coordinate system' },
  maxZoom: { zh: '最大缩放级别', en: 'Maximum zoom' },
  version: { zh: '版本', en: 'Version' },
} as const satisfies Record<string, Label>;

/** Leaflet fills these; any other {name} would make it throw at the first tile. */
const PLACEHOLDER = /\{([^}]*)\}/g;
const allowedPlaceholders = new Set(['s', 'x', 'y', '-y', 'z', 'r']);

/** Problems of a tile URL template, as bilingual messages (empty when it is usable). */
export function tileTemplateProblems(template: string): Label[] {
  const problems: Label[] = [];
  if (!/^https?:\/\/[^/\s]+/i.test(template)) {
    problems.push({
      zh: '地址应以 http:// 或 https:// 开头',
      en: 'The address must start with http:// or https://',
    });
  }
  if (/[<>]/.test(template)) {
    problems.push({
      zh: '请把模板中的 <key> 等尖括号内容换成实际的值（如天地图密钥 tk）',
      en: 'Replace the <key> (angle brackets included) with the real value, e.g. your Tianditu key (tk)',
    });
  }
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const unknown = names.filter((n) => !allowedPlaceholders.has(n));
  if (unknown.length) {
    problems.push({
      zh: `不支持的占位符 {${unknown[0]}}：只能使用 {s} {x} {y} {z}`,
      en: `Unsupported placeholder {${unknown[0]}}: use only {s} {x} {y} {z}`,
    });
  }
  if (!names.includes('x') || !(names.includes('y') || names.includes('-y')) || !names.includes('z')) {
    problems.push({
      zh: '模板须包含 {x}、{y} 和 {z}',
      en: 'The template must contain {x}, {y} and {z}',
    });
  }
  return problems;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, bilingual(`最多 ${max} 个字符`, `At most ${max} characters`))
    .nullable()
    .transform((s) => (s ? s : null));

export const MapSettingsInputSchema = z
  .object({
    mode: z.enum(baseMapModes, bilingual('请选择底图方式', 'Choose the base map')),
    urlTemplate: optionalText(500),
    /** A second, transparent layer drawn over the tiles: 天地图 publishes place names separately (cva_w). */
    overlayUrlTemplate: optionalText(500),
    /** The values of {s}, one character each, e.g. 01234567 (天地图) or 1234 (高德). */
    subdomains: z
      .string()
      .trim()
      .max(16, bilingual('子域名最多 16 个字符', 'At most 16 subdomain characters'))
      .regex(
        /^[0-9a-z]*$/i,
        bilingual('子域名只能是字母或数字，如 01234567', 'Subdomains are letters or digits'),
      )
      .nullable()
      .transform((s) => (s ? s : null)),
    /** Shown in the map's corner as plain text (never as HTML). */
    attribution: optionalText(200),
    crs: z.enum(mapCrsCodes, bilingual('请选择坐标系', 'Choose the coordinate system')),
    maxZoom: z
      .number(bilingual('最大缩放级别应为 1–22 的整数', 'Maximum zoom must be a whole number from 1 to 22'))
      .int(bilingual('最大缩放级别应为 1–22 的整数', 'Maximum zoom must be a whole number from 1 to 22'))
      .min(1, bilingual('最大缩放级别应为 1–22 的整数', 'Maximum zoom must be a whole number from 1 to 22'))
      .max(22, bilingual('最大缩放级别应为 1–22 的整数', 'Maximum zoom must be a whole number from 1 to 22')),
    /** 0 before the first save. */
    version: z.number().int().min(0),
  })
  .superRefine((v, ctx) => {
    if (v.mode === 'tiles' && !v.urlTemplate) {
      ctx.addIssue({
        code: 'custom',
        path: ['urlTemplate'],
        ...bilingual('使用瓦片底图时须填写瓦片地址模板', 'Give the tile URL template for a tile base map'),
      });
    }
    for (const field of ['urlTemplate', 'overlayUrlTemplate'] as const) {
      const template = v[field];
      if (!template) continue;
      for (const problem of tileTemplateProblems(template)) {
        ctx.addIssue({ code: 'custom', path: [field], message: problem.zh, params: { en: problem.en } });
      }
      if (template.includes('{s}') && !v.subdomains) {
        ctx.addIssue({
          code: 'custom',
          path: ['subdomains'],
          ...bilingual('模板含 {s} 时须填写子域名', 'The template uses {s}: give the subdomains'),
        });
      }
    }
  });
export type MapSettingsInput = z.infer<typeof MapSettingsInputSchema>;

export const MapSettingsSchema = z.object({
  mode: z.enum(baseMapModes),
  urlTemplate: z.string().nullable(),
  overlayUrlTemplate: z.string().nullable(),
  subdomains: z.string().nullable(),
  attribution: z.string().nullable(),
  crs: z.enum(mapCrsCodes),
  maxZoom: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type MapSettings = z.infer<typeof MapSettingsSchema>;

/** Until an administrator saves: the offline base, which needs no network and no key. */
export const defaultMapSettings: Omit<MapSettings, 'version' | 'updatedAt'> = {
  mode: 'offline',
  urlTemplate: null,
  overlayUrlTemplate: null,
  subdomains: null,
  attribution: null,
  crs: 'wgs84',
  maxZoom: 18,
};

export type BaseMapPreset = Omit<MapSettings, 'version' | 'updatedAt' | 'mode'> & {
  code: 'tianditu' | 'amap' | 'osm';
  label: Label;
  note: Label;
};

/** One-click examples on the settings page; docs/MAP.md explains each. */
export const baseMapPresets: readonly BaseMapPreset[] = [
  {
    code: 'tianditu',
    label: { zh: '天地图（矢量）', en: 'Tianditu (vector)' },
    urlTemplate: 'https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk=<key>',
    overlayUrlTemplate: 'https://t{s}.tianditu.gov.cn/DataServer?T=cva_w&x={x}&y={y}&l={z}&tk=<key>',
    subdomains: '01234567',
    attribution: '© 天地图',
    crs: 'wgs84',
    maxZoom: 18,
    note: {
      zh: '须把两处 <key> 换成在天地图（console.tianditu.gov.cn）申请的“浏览器端”密钥 tk；CGCS2000 与 WGS84 相差厘米级，按 WGS84 使用。',
      en: 'Replace both <key> with a browser key (tk) from console.tianditu.gov.cn; CGCS2000 is within centimetres of WGS84.',
    },
  },
  {
    code: 'amap',
    label: { zh: '高德地图', en: 'AMap (Gaode)' },
    urlTemplate:
      'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}',
    overlayUrlTemplate: null,
    subdomains: '1234',
    attribution: '© 高德地图',
    crs: 'gcj02',
    maxZoom: 18,
    note: {
      zh: '高德瓦片为 GCJ-02 坐标：项目点位与区县边界显示前自动偏移，在地图上点选的位置保存前自动换回 WGS84。',
      en: 'AMap tiles are in GCJ-02: points and outlines are shifted for display, and picked locations are converted back to WGS84.',
    },
  },
  {
    code: 'osm',
    label: { zh: 'OpenStreetMap', en: 'OpenStreetMap' },
    urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    overlayUrlTemplate: null,
    subdomains: null,
    attribution: '© OpenStreetMap contributors',
    crs: 'wgs84',
    maxZoom: 19,
    note: {
      zh: 'OpenStreetMap 官方瓦片服务有使用政策（须标注来源、不得大量请求），生产环境建议自建或使用商业瓦片服务。',
      en: 'The OpenStreetMap tile servers have a usage policy (attribution, no heavy use): in production use your own or a commercial tile service.',
    },
  },
];
