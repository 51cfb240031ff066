import type { Permission } from '#domain/permissions.ts';
import type { Me } from '#domain/schemas/auth.ts';

/**
 * Leaders start on the cockpit (领导驾驶舱): for someone who sees every project, "my projects" is the whole
 * ledger, and the figures are what they come for. Everyone else starts on 我的项目.
 */
export function landsOnCockpit(me: Me | undefined, can: (p: Permission) => boolean): boolean {
  return !!me?.roles.includes('leader') && can('cockpit.read');
}
