import type { Locale } from '#domain/codelists.ts';
import type { Permission, RoleCode } from '#domain/permissions.ts';
import type { ChangePasswordInput, LoginInput, Me } from '#domain/schemas/auth.ts';
import type { Actor } from '../../core/actor.ts';
import type { ServiceContext } from '../../core/context.ts';
import { AppError, invalidField } from '../../core/errors.ts';
import { withAudit } from '../../core/transaction.ts';
import * as repo from './auth.repo.ts';

/** 等保 2.0 practice: lock after 5 failed logins, for 15 minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Periodic password change; demo mode is exempt so published demo passwords keep working. */
export const PASSWORD_MAX_AGE_DAYS = 90;
/** Writing last_seen_at on every request would turn reads into writes; a minute's slack is harmless. */
const TOUCH_INTERVAL_MS = 60_000;

type RequestMeta = { ip: string | null; userAgent: string | null; locale: Locale };

const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', { zh: '用户名或密码错误', en: 'Wrong username or password' });

export function createAuthService(ctx: ServiceContext) {
  const { db, config, crypto } = ctx;
  let dummy: Promise<string> | undefined;
  const dummyHash = () => {
    dummy ??= crypto.hashPassword(crypto.randomToken(), config.passwordIterations);
    return dummy;
  };

  function mustChangePassword(user: {
    mustChangePassword: boolean;
    isDemo: boolean;
    passwordChangedAt: Date;
  }) {
    if (user.mustChangePassword) return true;
    if (config.demoMode) return false;
    if (user.isDemo) return true;
    return Date.now() - user.passwordChangedAt.getTime() > PASSWORD_MAX_AGE_DAYS * 86_400_000;
  }

  async function buildActor(
    user: NonNullable<Awaited<ReturnType<typeof repo.getUserRow>>>,
    meta: RequestMeta,
    /** Read with the session (repo.getSessionWithUser); otherwise read here. */
    read?: { roles: RoleCode[]; permissions: Permission[]; organizationName: string | null },
  ): Promise<Actor> {
    const { roles, permissions } = read ?? (await repo.findRolesAndPermissions(db, user.id));
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      organizationId: user.organizationId,
      organizationName: read
        ? read.organizationName
        : await repo.findOrganizationName(db, user.organizationId),
      roles,
      permissions: new Set(permissions),
      mustChangePassword: mustChangePassword(user),
      ip: meta.ip,
      locale: meta.locale,
    };
  }

  /** Checks the password, applies the lockout policy and opens a session. Every attempt is audited. */
  async function login(input: LoginInput, meta: RequestMeta): Promise<{ token: string; actor: Actor }> {
    const user = await repo.findUserByUsername(db, input.username);
    const now = new Date();
    const failure = async (detail: string) => {
      await withAudit(db, null, async () => {
        return {
          result: undefined,
          audit: {
            action: 'auth.login',
            entityType: 'user',
            entityId: user?.id ?? null,
            outcome: 'failure',
            detail,
            after: { username: input.username, ip: meta.ip },
          },
        };
      });
    };
    if (!user?.isActive) {
      // Spend the same time as a real check, so response times do not tell which usernames exist.
      await crypto.verifyPassword(input.password, await dummyHash());
      await failure(user ? 'account disabled' : 'unknown username');
      throw invalidCredentials();
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await failure('account locked');
      const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
      throw new AppError('ACCOUNT_LOCKED', {
        zh: `连续登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
        en: `Too many failed logins: the account is locked for another ${minutes} minute(s)`,
      });
    }
    const ok = await crypto.verifyPassword(input.password, user.passwordHash);
    if (!ok) {
      const failed = user.failedLoginCount + 1;
      const locks = failed >= MAX_FAILED_LOGINS;
      await db.transaction(async (tx) => {
        await repo.updateUserLoginState(tx, user.id, {
          failedLoginCount: locks ? 0 : failed,
          lockedUntil: locks ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null,
        });
      });
      await failure(locks ? `wrong password; locked for ${LOCK_MINUTES} min` : `wrong password (${failed})`);
      if (locks) {
        throw new AppError('ACCOUNT_LOCKED', {
          zh: `连续 ${MAX_FAILED_LOGINS} 次登录失败，账号已锁定 ${LOCK_MINUTES} 分钟`,
          en: `${MAX_FAILED_LOGINS} failed logins: the account is locked for ${LOCK_MINUTES} minutes`,
        });
      }
      throw invalidCredentials();
    }
    const token = crypto.randomToken();
    const actor = await buildActor(user, meta);
    await withAudit(db, actor, async (tx) => {
      await repo.updateUserLoginState(tx, user.id, {
        failedLoginCount: 0,
        lockedUntil: null,
        lastLoginAt: now,
      });
      await repo.createSession(tx, {
        id: crypto.digest(token),
        userId: user.id,
        expiresAt: new Date(now.getTime() + config.sessionAbsoluteHours * 3_600_000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      });
      return { result: undefined, audit: { action: 'auth.login', entityType: 'user', entityId: user.id } };
    });
    return { token, actor };
  }

  /**
   * The actor behind a session cookie, or null when the session is unknown, idle too long (default 30 min)
   * or past its absolute lifetime.
   */
  async function resolveSession(
    token: string,
    meta: RequestMeta,
  ): Promise<{ actor: Actor; sessionId: string } | null> {
    const sessionId = crypto.digest(token);
    const row = await repo.getSessionWithUser(db, sessionId);
    if (!row) return null;
    const now = Date.now();
    const idleLimit = row.session.lastSeenAt.getTime() + config.sessionIdleMinutes * 60_000;
    if (now > idleLimit || now > row.session.expiresAt.getTime() || !row.user.isActive) {
      await repo.deleteSession(db, sessionId);
      return null;
    }
    if (now - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await repo.touchSession(db, sessionId, new Date(now));
    }
    return { actor: await buildActor(row.user, meta, row), sessionId };
  }

  async function logout(actor: Actor, sessionId: string) {
    await withAudit(db, actor, async (tx) => {
      await repo.deleteSession(tx, sessionId);
      return { result: undefined, audit: { action: 'auth.logout', entityType: 'user', entityId: actor.id } };
    });
  }

  async function changePassword(actor: Actor, sessionId: string, input: ChangePasswordInput) {
    const user = await repo.getUserRow(db, actor.id);
    if (!user || !(await crypto.verifyPassword(input.currentPassword, user.passwordHash))) {
      throw invalidField('currentPassword', { zh: '当前密码不正确', en: 'The current password is wrong' });
    }
    if (input.currentPassword === input.newPassword) {
      throw invalidField('newPassword', {
        zh: '新密码不能与当前密码相同',
        en: 'The new password must differ from the current one',
      });
    }
    const hash = await crypto.hashPassword(input.newPassword, config.passwordIterations);
    await withAudit(db, actor, async (tx) => {
      // A demo account outside demo mode had to change its password; from now on it is an ordinary account.
      await repo.updatePassword(tx, actor.id, hash, false);
      // Other sessions of this account may have been opened with the old password.
      await repo.deleteSessionsOfUser(tx, actor.id, sessionId);
      return {
        result: undefined,
        audit: { action: 'auth.change_password', entityType: 'user', entityId: actor.id },
      };
    });
  }

  return {
    login,
    logout,
    resolveSession,
    changePassword,
    demoMode: config.demoMode,
    cookieSecure: config.cookieSecure,
  };
}

export function toMe(actor: Actor): Me {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    organizationId: actor.organizationId,
    organizationName: actor.organizationName,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: actor.mustChangePassword,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
