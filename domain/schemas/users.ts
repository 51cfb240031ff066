import { z } from 'zod';
import { permissions, roleCodes } from '../permissions.ts';
import { PasswordSchema } from './auth.ts';
import { bilingual, csvList, pageSchema } from './common.ts';

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  roles: z.array(z.enum(roleCodes)),
  isActive: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const UserCreateInputSchema = z.object({
  username: z
    .string()
    .trim()
    .regex(
      /^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/,
      bilingual(
        '用户名为 3–32 位字母、数字、下划线，以字母开头',
        'Username: 3–32 letters, digits, _ . -, starting with a letter',
      ),
    ),
  displayName: z.string().trim().min(1).max(50),
  organizationId: z.uuid().nullable().optional(),
  roles: z.array(z.enum(roleCodes)).min(1, bilingual('至少选择一个角色', 'Choose at least one role')),
  password: PasswordSchema,
});
export type UserCreateInput = z.infer<typeof UserCreateInputSchema>;

export const UserUpdateInputSchema = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  organizationId: z.uuid().nullable().optional(),
  roles: z.array(z.enum(roleCodes)).min(1).optional(),
  isActive: z.boolean().optional(),
  version: z.number().int().min(1),
});
export type UserUpdateInput = z.infer<typeof UserUpdateInputSchema>;

export const UserResetPasswordInputSchema = z.object({ password: PasswordSchema });

export const UserListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(50).optional(),
  role: csvList(z.enum(roleCodes)),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;
export const UserPageSchema = pageSchema(UserSchema);

/** The small shape other modules use to pick a person (a chief, a liaison). */
export const UserOptionSchema = z.object({ id: z.uuid(), displayName: z.string(), username: z.string() });

export const RoleSchema = z.object({
  code: z.enum(roleCodes),
  name: z.string(),
  nameEn: z.string(),
  permissions: z.array(z.enum(permissions)),
});
export type Role = z.infer<typeof RoleSchema>;
export const RolePermissionsInputSchema = z.object({ permissions: z.array(z.enum(permissions)) });
