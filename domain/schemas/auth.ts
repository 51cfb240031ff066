import { z } from 'zod';
import { permissions, roleCodes } from '../permissions.ts';
import { bilingual } from './common.ts';

export const LoginInputSchema = z.object({
  username: z.string().trim().min(1, bilingual('请输入用户名', 'Username is required')).max(64),
  password: z.string().min(1, bilingual('请输入密码', 'Password is required')).max(128),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

const passwordClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** 等保 2.0 practice: at least 8 characters from at least 3 of the 4 classes (lower, upper, digit, symbol). */
export const PasswordSchema = z
  .string()
  .min(8, bilingual('密码至少 8 位', 'Password must have at least 8 characters'))
  .max(128)
  .refine(
    (p) => passwordClasses.filter((re) => re.test(p)).length >= 3,
    bilingual(
      '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      'Password must mix at least 3 of: lower-case, upper-case, digits, symbols',
    ),
  );

export const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, bilingual('请输入当前密码', 'Current password is required')),
  newPassword: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;

export const MeSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  organizationId: z.uuid().nullable(),
  organizationName: z.string().nullable(),
  roles: z.array(z.enum(roleCodes)),
  permissions: z.array(z.enum(permissions)),
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

export const MeResponseSchema = z.object({ user: MeSchema, demoMode: z.boolean() });
export type MeResponse = z.infer<typeof MeResponseSchema>;
