/**
 * The shape of the generated world: who the organisations and projects are, and the distributions they are
 * drawn from (the stages of a real pipeline, categories, key levels, which bureau leads what, how
 * coordination items spread over projects and states). Weights are shares in per cent unless said otherwise.
 */
import type { LifecycleStage, ProjectCategory } from '#domain/codelists.ts';
import type { CoordinationCategory } from '#domain/schemas/coordination.ts';
import { Weighted, weighted, words, zipf } from './random.ts';
export type Performance = 'ahead' | 'on_track' | 'behind' | 'far_behind';

export type Org = {
  id: string;
  name: string;
  kind: 'department' | 'platform' | 'institution' | 'enterprise';
  divisionCode: string;
  brand: string;
};

export type Department = Org & { jurisdiction: string; bureau: Bureau };

export type Project = {
  id: string;
  name: string;
  category: ProjectCategory;
  stage: LifecycleStage;
  total: number;
  ownerOrgId: string;
  leadDepartment: Department | null;
  divisionCode: string;
  chiefUserId: string | null;
  performance: Performance;
  /** Planned and actual construction months. */
  plannedMonths: number;
  actualMonths: number;
  plannedStart: number;
  plannedCompletion: number;
  actualStart: number | null;
  actualCompletion: number | null;
  registered: number;
  /** Stops reporting from this month on (a silent project), or null. */
  silentFrom: number | null;
};

export type Bureau =
  | 'reform'
  | 'planning'
  | 'construction'
  | 'economy'
  | 'invest'
  | 'tech'
  | 'eco'
  | 'social'
  | 'finance'
  | 'urban';

export const bureauNames: Record<Bureau, { kxc: string; district: string }> = {
  reform: { kxc: '改革发展局', district: '发展和改革委员会' },
  planning: { kxc: '规划和自然资源局', district: '规划和自然资源局' },
  construction: { kxc: '建设局', district: '住房和城乡建设委员会' },
  economy: { kxc: '经济运行局', district: '经济和信息化委员会' },
  invest: { kxc: '招商投资局', district: '商务委员会' },
  tech: { kxc: '科技创新局', district: '科学技术局' },
  eco: { kxc: '生态环境局', district: '生态环境局' },
  social: { kxc: '社会事业局', district: '卫生健康委员会' },
  finance: { kxc: '财政局', district: '财政局' },
  urban: { kxc: '城市管理局', district: '城市管理局' },
};
export const bureaus = Object.keys(bureauNames) as Bureau[];

export const stageWeights = weighted({
  planning: 6,
  signed: 5,
  site_selection: 5,
  land_planning_permit: 5,
  engineering_permit: 4,
  construction_permit: 4,
  under_construction: 38,
  completion_acceptance: 7,
  in_operation: 26,
});
export const STARTED: ReadonlySet<LifecycleStage> = new Set([
  'under_construction',
  'completion_acceptance',
  'in_operation',
]);
/** Months from now to the planned start of a project in the early stages: [min, max]; below 0 a delay. */
export const plannedStartOffset: Partial<Record<LifecycleStage, [number, number]>> = {
  planning: [3, 30],
  signed: [1, 18],
  site_selection: [-1, 12],
  land_planning_permit: [-2, 9],
  engineering_permit: [-2, 6],
  construction_permit: [-1, 4],
};

export const categoryWeights = weighted({
  industrial: 42,
  infrastructure: 22,
  social: 12,
  urban_renewal: 10,
  innovation_platform: 8,
  ecology: 6,
});
export const keyLevelWeights = weighted({ general: 75, district: 22, municipal: 3 });
export const performanceWeights = weighted({ on_track: 60, behind: 20, far_behind: 10, ahead: 10 });
export const slip: Record<Performance, [number, number]> = {
  ahead: [0.85, 1],
  on_track: [1, 1.1],
  behind: [1.15, 1.4],
  far_behind: [1.5, 2.2],
};

export const leadingIndustryOf = (industry: string): string | null => {
  if (['39', '65', '64', '63'].includes(industry)) return 'NGIT';
  if (words('34 35 36 38 40 30 33 29 26 44').includes(industry)) return 'GLIM';
  if (['27', '84'].includes(industry)) return 'HLTH';
  if (['73', '74', '75', '72'].includes(industry)) return 'HTSV';
  return null;
};
/** The bureau that leads a project of each category. */
export const leadBureau: Record<ProjectCategory, Weighted<Bureau>> = {
  industrial: weighted({ economy: 55, invest: 35, tech: 10 }),
  infrastructure: weighted({ construction: 60, urban: 20, planning: 20 }),
  social: weighted({ social: 70, construction: 30 }),
  innovation_platform: weighted({ tech: 80, reform: 20 }),
  ecology: weighted({ eco: 75, urban: 25 }),
  urban_renewal: weighted({ construction: 60, urban: 40 }),
};
export const itemBureaus: Record<CoordinationCategory, Weighted<Bureau>> = {
  land: weighted({ planning: 85, finance: 15 }),
  planning: weighted({ planning: 1 }),
  funding: weighted({ finance: 65, reform: 35 }),
  approval: weighted({ reform: 40, eco: 25, construction: 35 }),
  construction_environment: weighted({ construction: 45, urban: 30, eco: 25 }),
  utilities: weighted({ economy: 40, construction: 35, urban: 25 }),
  other: new Weighted(bureaus.map((b) => [b, 1] as const)),
};
export const itemCategories = weighted({
  land: 18,
  approval: 20,
  utilities: 17,
  construction_environment: 15,
  funding: 12,
  planning: 10,
  other: 8,
});
export const itemPriorities = weighted({ normal: 65, high: 20, low: 10, urgent: 5 });
export const itemDeadlineDays = new Weighted<number>([
  [5, 15],
  [10, 30],
  [15, 30],
  [20, 15],
  [30, 10],
]);
export const itemWeightByStage: Record<LifecycleStage, number> = {
  planning: 0.1,
  signed: 0.3,
  site_selection: 0.6,
  land_planning_permit: 0.7,
  engineering_permit: 0.7,
  construction_permit: 0.8,
  under_construction: 1,
  completion_acceptance: 0.6,
  in_operation: 0.25,
};
export const tagPool = zipf(words('招商引资 链长制 双碳示范 智博会签约 专项债 三评合一 可研承诺制'), 1);
