import { z } from 'zod';
import { organizationTypes } from '../codelists.ts';
import { bilingual, csvList, pageSchema } from './common.ts';

export const organizationFieldLabels = {
  name: { zh: '名称', en: 'Name' },
  type: { zh: '类型', en: 'Type' },
  creditCode: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  creditCodeOverrideReason: { zh: '校验例外理由', en: 'Reason for accepting a failing code' },
  contactName: { zh: '联系人', en: 'Contact' },
  contactPhone: { zh: '联系电话', en: 'Phone' },
  divisionCode: { zh: '所在区县', en: 'District' },
} as const;

const organizationFields = {
  name: z
    .string()
    .trim()
    .min(2, bilingual('名称至少 2 个字', 'Name must have at least 2 characters'))
    .max(100),
  type: z.enum(organizationTypes.codes),
  creditCode: z.string().trim().toUpperCase().max(18).nullable().optional(),
  /**
   * Codes with a bad check character circulate on real licences (domain.md §2): an administrator may accept one
   * with a written reason, which the audit log keeps.
   */
  creditCodeOverrideReason: z.string().trim().min(4).max(500).nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{5,20}$/, bilingual('电话号码格式不正确', 'Invalid phone number'))
    .nullable()
    .optional(),
  divisionCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .optional(),
};

export const OrganizationCreateInputSchema = z.object(organizationFields);
export type OrganizationCreateInput = z.infer<typeof OrganizationCreateInputSchema>;

export const OrganizationUpdateInputSchema = z.object({
  ...z.object(organizationFields).partial().shape,
  version: z.number().int().min(1),
});
export type OrganizationUpdateInput = z.infer<typeof OrganizationUpdateInputSchema>;

export const OrganizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.enum(organizationTypes.codes),
  creditCode: z.string().nullable(),
  creditCodeOverride: z.boolean(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  divisionCode: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

export const OrganizationListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  type: csvList(z.enum(organizationTypes.codes)),
  q: z.string().trim().max(100).optional(),
});
export type OrganizationListQuery = z.infer<typeof OrganizationListQuerySchema>;

export const OrganizationPageSchema = pageSchema(OrganizationSchema);
