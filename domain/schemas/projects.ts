import { z } from 'zod';
import { keyLevels, lifecycleStages, projectCategories } from '../codelists.ts';
import { parseProjectCode } from '../project-code.ts';
import { bilingual, bilingualIssue, booleanQuery, csvList, isoDateSchema, pageSchema } from './common.ts';

/** Field labels, used for form labels, export headers and validation messages. */
export const projectFieldLabels = {
  code: { zh: '项目代码', en: 'Project code' },
  name: { zh: '项目名称', en: 'Project name' },
  ownerOrgId: { zh: '项目单位', en: 'Owner' },
  category: { zh: '项目类别', en: 'Category' },
  industryCode: { zh: '所属行业', en: 'Industry' },
  leadingIndustry: { zh: '主导产业', en: 'Leading industry' },
  keyLevel: { zh: '重点级别', en: 'Key level' },
  divisionCode: { zh: '所在区县', en: 'District' },
  townCode: { zh: '所在镇街', en: 'Town / street' },
  longitude: { zh: '经度', en: 'Longitude' },
  latitude: { zh: '纬度', en: 'Latitude' },
  totalInvestment: { zh: '总投资（万元）', en: 'Total investment (10k CNY)' },
  investmentGovernment: { zh: '政府投资（万元）', en: 'Government (10k CNY)' },
  investmentSocial: { zh: '社会投资（万元）', en: 'Social (10k CNY)' },
  investmentForeign: { zh: '外资（万元）', en: 'Foreign (10k CNY)' },
  constructionContent: { zh: '建设内容及规模', en: 'Construction content and scale' },
  plannedStart: { zh: '计划开工', en: 'Planned start' },
  plannedCompletion: { zh: '计划竣工', en: 'Planned completion' },
  stage: { zh: '当前阶段', en: 'Stage' },
  chiefUserId: { zh: '项目长', en: 'Project chief' },
  leadDepartmentId: { zh: '牵头部门', en: 'Lead department' },
  tags: { zh: '标签', en: 'Tags' },
  version: { zh: '版本', en: 'Version' },
} as const;
export type ProjectField = keyof typeof projectFieldLabels;

export const ProjectCodeSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseProjectCode(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', ...bilingualIssue(parsed.message.zh, parsed.message.en) });
  });

const money = (max = 100_000_000) =>
  z
    .number()
    .min(0, bilingual('金额不能为负数', 'Amount cannot be negative'))
    .max(max, bilingual('金额超出范围', 'Amount is out of range'));

/** Projects in China: a rough WGS84 bounding box catches swapped or mistyped coordinates. */
const longitude = z.number().min(73, bilingual('经度应在 73–136 之间', 'Longitude must be 73–136')).max(136);
const latitude = z.number().min(3, bilingual('纬度应在 3–54 之间', 'Latitude must be 3–54')).max(54);

const projectFields = {
  code: ProjectCodeSchema.nullable().optional(),
  name: z
    .string()
    .trim()
    .min(2, bilingual('项目名称至少 2 个字', 'Name must have at least 2 characters'))
    .max(100, bilingual('项目名称最多 100 个字', 'Name must have at most 100 characters')),
  ownerOrgId: z.uuid(bilingual('请选择项目单位', 'Choose the owner')),
  category: z.enum(projectCategories.codes, bilingual('请选择项目类别', 'Choose a category')),
  industryCode: z.string().trim().min(1, bilingual('请选择所属行业', 'Choose an industry')).max(8),
  leadingIndustry: z.string().max(8).nullable().optional(),
  keyLevel: z.enum(keyLevels.codes, bilingual('请选择重点级别', 'Choose a key level')),
  divisionCode: z.string().regex(/^\d{6}$/, bilingual('区县代码应为 6 位数字', 'District code has 6 digits')),
  townCode: z
    .string()
    .regex(/^\d{9}$/, bilingual('镇街代码应为 9 位数字', 'Town code has 9 digits'))
    .nullable()
    .optional(),
  longitude: longitude.nullable().optional(),
  latitude: latitude.nullable().optional(),
  totalInvestment: money(),
  investmentGovernment: money().nullable().optional(),
  investmentSocial: money().nullable().optional(),
  investmentForeign: money().nullable().optional(),
  constructionContent: z.string().trim().max(2000).nullable().optional(),
  plannedStart: isoDateSchema.nullable().optional(),
  plannedCompletion: isoDateSchema.nullable().optional(),
  stage: z.enum(lifecycleStages.codes, bilingual('请选择当前阶段', 'Choose a stage')),
  chiefUserId: z.uuid().nullable().optional(),
  leadDepartmentId: z.uuid().nullable().optional(),
  tags: z
    .array(z.string().trim().min(1).max(20))
    .max(20, bilingual('标签最多 20 个', 'At most 20 tags'))
    .optional(),
};

type CrossFieldInput = {
  totalInvestment?: number;
  investmentGovernment?: number | null;
  investmentSocial?: number | null;
  investmentForeign?: number | null;
  plannedStart?: string | null;
  plannedCompletion?: string | null;
  longitude?: number | null;
  latitude?: number | null;
};

/** Rules across fields, shared by create, update and import. */
export function checkProjectCrossFields(p: CrossFieldInput, ctx: z.RefinementCtx) {
  const parts = [p.investmentGovernment, p.investmentSocial, p.investmentForeign];
  if (p.totalInvestment !== undefined && parts.some((x) => x !== null && x !== undefined)) {
    const sum = parts.reduce<number>((a, x) => a + (x ?? 0), 0);
    // 资金来源合计应等于总投资; a cent of rounding is tolerated because figures are typed in 万元.
    if (Math.abs(sum - p.totalInvestment) > 0.01) {
      ctx.addIssue({
        code: 'custom',
        path: ['totalInvestment'],
        ...bilingualIssue(
          `资金来源合计 ${sum} 万元与总投资 ${p.totalInvestment} 万元不一致`,
          `Funding sources add up to ${sum}, not the total investment ${p.totalInvestment}`,
        ),
      });
    }
  }
  if (p.plannedStart && p.plannedCompletion && p.plannedCompletion < p.plannedStart) {
    ctx.addIssue({
      code: 'custom',
      path: ['plannedCompletion'],
      ...bilingual('计划竣工日期不能早于计划开工日期', 'Planned completion cannot precede planned start'),
    });
  }
  const hasLon = p.longitude !== null && p.longitude !== undefined;
  const hasLat = p.latitude !== null && p.latitude !== undefined;
  if (hasLon !== hasLat) {
    ctx.addIssue({
      code: 'custom',
      path: [hasLon ? 'latitude' : 'longitude'],
      ...bilingual('经度和纬度须同时填写', 'Give both longitude and latitude'),
    });
  }
}

export const ProjectCreateInputSchema = z.object(projectFields).superRefine(checkProjectCrossFields);
export type ProjectCreateInput = z.infer<typeof ProjectCreateInputSchema>;

export const ProjectUpdateInputSchema = z
  .object({
    ...z.object(projectFields).partial().shape,
    version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
  })
  .superRefine(checkProjectCrossFields);
export type ProjectUpdateInput = z.infer<typeof ProjectUpdateInputSchema>;

export const ProjectDeleteInputSchema = z.object({
  reason: z.string().trim().min(2, bilingual('请填写删除原因', 'Give a reason for deleting')).max(500),
});
export type ProjectDeleteInput = z.infer<typeof ProjectDeleteInputSchema>;

export const ProjectSchema = z.object({
  id: z.uuid(),
  code: z.string().nullable(),
  codeFormat: z.enum(['current', 'legacy']).nullable(),
  name: z.string(),
  ownerOrgId: z.uuid(),
  ownerOrgName: z.string(),
  category: z.enum(projectCategories.codes),
  industryCode: z.string(),
  industryName: z.string().nullable(),
  leadingIndustry: z.string().nullable(),
  keyLevel: z.enum(keyLevels.codes),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  totalInvestment: z.number(),
  investmentGovernment: z.number().nullable(),
  investmentSocial: z.number().nullable(),
  investmentForeign: z.number().nullable(),
  constructionContent: z.string().nullable(),
  plannedStart: z.string().nullable(),
  plannedCompletion: z.string().nullable(),
  stage: z.enum(lifecycleStages.codes),
  chiefUserId: z.uuid().nullable(),
  chiefName: z.string().nullable(),
  leadDepartmentId: z.uuid().nullable(),
  leadDepartmentName: z.string().nullable(),
  tags: z.array(z.string()),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  deleteReason: z.string().nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const projectSortFields = [
  'name',
  'code',
  'category',
  'industryCode',
  'leadingIndustry',
  'keyLevel',
  'divisionCode',
  'totalInvestment',
  'plannedStart',
  'plannedCompletion',
  'stage',
  'updatedAt',
  'createdAt',
  'deletedAt',
] as const;

export const ProjectListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(projectSortFields).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Chinese substring of the name (any length), pinyin initials or full pinyin, or part of the code. */
  q: z.string().trim().max(100).optional(),
  category: csvList(z.enum(projectCategories.codes)),
  keyLevel: csvList(z.enum(keyLevels.codes)),
  stage: csvList(z.enum(lifecycleStages.codes)),
  /** A GB/T 4754 section letter or division code: a section matches all its divisions. */
  industryCode: csvList(z.string().max(8)),
  leadingIndustry: csvList(z.string().max(8)),
  divisionCode: csvList(z.string().regex(/^\d{6}$/)),
  townCode: csvList(z.string().regex(/^\d{9}$/)),
  ownerOrgId: csvList(z.uuid()),
  chiefUserId: csvList(z.uuid()),
  leadDepartmentId: csvList(z.uuid()),
  tag: z.string().trim().max(20).optional(),
  hasCode: booleanQuery,
  /** With (true) or without (false) coordinates: the map links to the projects it cannot place. */
  hasLocation: booleanQuery,
  investmentMin: z.coerce.number().min(0).optional(),
  investmentMax: z.coerce.number().min(0).optional(),
  plannedStartFrom: isoDateSchema.optional(),
  plannedStartTo: isoDateSchema.optional(),
  plannedCompletionFrom: isoDateSchema.optional(),
  plannedCompletionTo: isoDateSchema.optional(),
  /** Actual start (开工) and completion (竣工) dates, inclusive: "started this year" is a date range here. */
  actualStartFrom: isoDateSchema.optional(),
  actualStartTo: isoDateSchema.optional(),
  actualCompletionFrom: isoDateSchema.optional(),
  actualCompletionTo: isoDateSchema.optional(),
  /** Only soft-deleted projects (the recycle bin); needs project.restore. */
  deleted: booleanQuery,
});
export type ProjectListQuery = z.infer<typeof ProjectListQuerySchema>;

export const ProjectPageSchema = pageSchema(ProjectSchema);
export type ProjectPage = z.infer<typeof ProjectPageSchema>;

export const ProjectStageCountsQuerySchema = ProjectListQuerySchema.omit({
  page: true,
  pageSize: true,
  sort: true,
  order: true,
}).extend({
  /**
   * Count each project at the stage it stood in at the end of this day, as its stage history tells (the monthly
   * bulletin counts by the month's last day); without it, the current stage. The `stage` filter then applies to
   * that stage too.
   */
  asOf: isoDateSchema.optional(),
});
export type ProjectStageCountsQuery = z.infer<typeof ProjectStageCountsQuerySchema>;

export const ProjectStageCountsSchema = z.array(
  z.object({ stage: z.enum(lifecycleStages.codes), count: z.number().int() }),
);

export const importModes = ['validate', 'all-or-nothing', 'valid-only'] as const;
export const ProjectImportQuerySchema = z.object({
  mode: z.enum(importModes).default('validate'),
});

export const ImportRowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ProjectImportResultSchema = z.object({
  mode: z.enum(importModes),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  invalidRows: z.number().int(),
  imported: z.number().int(),
  errors: z.array(ImportRowErrorSchema),
});
export type ProjectImportResult = z.infer<typeof ProjectImportResultSchema>;
