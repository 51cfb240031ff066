import type { Permission, RoleCode } from '#domain/permissions.ts';
import type { Role, User, UserCreateInput, UserListQuery, UserUpdateInput } from '#domain/schemas/users.ts';
import type { Actor } from '../../core/actor.ts';
import { diff } from '../../core/audit.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, notFound, versionConflict } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import { deleteSessionsOfUser, updatePassword } from '../auth/auth.repo.ts';
import * as repo from './users.repo.ts';

const USER = { zh: '用户', en: 'user' };

/**
 * 三员分立: an account may not combine the administrator's role with the auditor's, so that nobody manages
 * accounts and also reviews the record of that management.
 */
function assertSeparationOfDuties(roles: RoleCode[]) {
  if (roles.includes('admin') && roles.includes('auditor')) {
    throw new AppError(
      'VALIDATION_FAILED',
      {
        zh: '系统管理员与审计员角色不能由同一账号兼任',
        en: 'One account cannot be both administrator and auditor',
      },
      [
        {
          field: 'roles',
          message: { zh: '系统管理员与审计员不能兼任', en: 'Administrator and auditor are separate duties' },
        },
      ],
    );
  }
}

export function createUserService(ctx: ServiceContext) {
  const { db, config, crypto } = ctx;

  async function get(_actor: Actor, id: string): Promise<User> {
    const user = await repo.getUser(db, id);
    if (!user) throw notFound(USER);
    return user;
  }

  return {
    async find(_actor: Actor, query: UserListQuery) {
      const { items, total } = await repo.findUsers(db, query);
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
    get,

    async create(actor: Actor, input: UserCreateInput): Promise<User> {
      assertSeparationOfDuties(input.roles);
      if (await repo.usernameTaken(db, input.username)) {
        throw new AppError(
          'CONFLICT',
          { zh: `用户名 ${input.username} 已存在`, en: `Username ${input.username} exists` },
          [{ field: 'username', message: { zh: '用户名已存在', en: 'Username exists' } }],
        );
      }
      const passwordHash = await crypto.hashPassword(input.password, config.passwordIterations);
      return withAudit(db, actor, async (tx) => {
        // An account created by an administrator starts with a password someone else knows: it must be changed.
        const id = await repo.insertUser(
          tx,
          {
            username: input.username,
            displayName: input.displayName,
            organizationId: input.organizationId ?? null,
            passwordHash,
            mustChangePassword: true,
          },
          input.roles,
        );
        const created = (await repo.getUser(tx, id))!;
        return {
          result: created,
          audit: { action: 'user.create', entityType: 'user', entityId: id, after: created },
        };
      });
    },

    async update(actor: Actor, id: string, input: UserUpdateInput): Promise<User> {
      const current = await get(actor, id);
      if (input.roles) assertSeparationOfDuties(input.roles);
      if (id === actor.id && (input.isActive === false || (input.roles && !input.roles.includes('admin')))) {
        throw new AppError('CONFLICT', {
          zh: '不能停用自己或移除自己的管理员角色',
          en: 'You cannot disable yourself or drop your own administrator role',
        });
      }
      return withAudit(db, actor, async (tx) => {
        const { version, roles, ...values } = input;
        if (!(await repo.updateUser(tx, id, version, values))) throw versionConflict();
        if (roles) await repo.setUserRoles(tx, id, roles);
        if (input.isActive === false) await deleteSessionsOfUser(tx, id);
        const updated = (await repo.getUser(tx, id))!;
        const d = diff(current, updated);
        return {
          result: updated,
          audit: {
            action: 'user.update',
            entityType: 'user',
            entityId: id,
            before: d.before,
            after: d.after,
          },
        };
      });
    },

    async resetPassword(actor: Actor, id: string, password: string) {
      await get(actor, id);
      const hash = await crypto.hashPassword(password, config.passwordIterations);
      await withAudit(db, actor, async (tx) => {
        await updatePassword(tx, id, hash, true);
        await deleteSessionsOfUser(tx, id);
        return {
          result: undefined,
          audit: { action: 'user.reset_password', entityType: 'user', entityId: id },
        };
      });
    },

    async unlock(actor: Actor, id: string) {
      const current = await get(actor, id);
      await withAudit(db, actor, async (tx) => {
        if (!(await repo.updateUser(tx, id, current.version, { lockedUntil: null, failedLoginCount: 0 })))
          throw versionConflict();
        return { result: undefined, audit: { action: 'user.unlock', entityType: 'user', entityId: id } };
      });
    },

    findRoles: (_actor: Actor): Promise<Role[]> => repo.findRoles(db) as Promise<Role[]>,

    async setRolePermissions(actor: Actor, roleCode: RoleCode, permissions: Permission[]): Promise<Role> {
      const before = (await repo.findRoles(db)).find((r) => r.code === roleCode);
      if (!before) throw notFound({ zh: '角色', en: 'role' });
      // The audit duty stays with the auditor: granting audit.read to the administrator would undo 三员分立.
      if (roleCode === 'admin' && permissions.includes('audit.read')) {
        throw new AppError(
          'VALIDATION_FAILED',
          {
            zh: '系统管理员不能拥有审计日志查看权限',
            en: 'The administrator role cannot read the audit log',
          },
          [{ field: 'permissions', message: { zh: '三员分立', en: 'Separation of duties' } }],
        );
      }
      return withAudit(db, actor, async (tx) => {
        await repo.setRolePermissions(tx, roleCode, [...new Set(permissions)]);
        const after = (await repo.findRoles(tx)).find((r) => r.code === roleCode)! as Role;
        return {
          result: after,
          audit: {
            action: 'role.update_permissions',
            entityType: 'role',
            entityId: roleCode,
            before: before.permissions,
            after: after.permissions,
          },
        };
      });
    },
  };
}
