import type { Locale } from '#domain/codelists.ts';
import type { Permission, RoleCode } from '#domain/permissions.ts';

/** Who is acting, as services see it: resolved from the session, free of Fastify. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  organizationId: string | null;
  organizationName: string | null;
  roles: RoleCode[];
  permissions: ReadonlySet<Permission>;
  mustChangePassword: boolean;
  ip: string | null;
  locale: Locale;
};

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}
