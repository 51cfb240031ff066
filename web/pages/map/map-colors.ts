import type { LifecycleStage } from '#domain/codelists.ts';
import type { WarningColor } from '#domain/warning-presets.ts';

/** How the points are coloured: by warning light (红黄绿灯) or by lifecycle stage. */
export type ColorBy = 'light' | 'stage';

/** A point whose light is not computed yet, or not readable by the user. */
export const NO_LIGHT_COLOR = '#a6a6a6';

/**
 * One colour per stage, from planning (grey) through the approvals (blues, purple) to construction (orange)
 * and operation (green): the same order of hues as the stage tags of the ledger.
 */
export const stageColors: Record<LifecycleStage, string> = {
  planning: '#8c8c8c',
  signed: '#13c2c2',
  site_selection: '#2f54eb',
  land_planning_permit: '#1677ff',
  engineering_permit: '#69b1ff',
  construction_permit: '#722ed1',
  under_construction: '#fa8c16',
  completion_acceptance: '#d4b106',
  in_operation: '#52c41a',
};

/** Lights worst first: a cluster shows the worst light among its projects. */
export const lightsWorstFirst: readonly WarningColor[] = ['red', 'yellow', 'green'];
