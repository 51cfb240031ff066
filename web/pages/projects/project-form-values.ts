import dayjs, { type Dayjs } from 'dayjs';
import { type Project, type ProjectCreateInput, ProjectCreateInputSchema } from '#domain/schemas/projects.ts';

type DateField = 'plannedStart' | 'plannedCompletion';

/** What the antd form holds: the create input, with dates as dayjs values for the date pickers. */
export type ProjectFormValues = Partial<
  Omit<ProjectCreateInput, DateField> & { [K in DateField]: Dayjs | null }
>;

export const projectFormFields = Object.keys(ProjectCreateInputSchema.shape) as (keyof ProjectCreateInput)[];

export function projectToFormValues(p: Project): ProjectFormValues {
  return {
    code: p.code,
    name: p.name,
    ownerOrgId: p.ownerOrgId,
    category: p.category,
    industryCode: p.industryCode,
    leadingIndustry: p.leadingIndustry,
    keyLevel: p.keyLevel,
    divisionCode: p.divisionCode,
    townCode: p.townCode,
    longitude: p.longitude,
    latitude: p.latitude,
    totalInvestment: p.totalInvestment,
    investmentGovernment: p.investmentGovernment,
    investmentSocial: p.investmentSocial,
    investmentForeign: p.investmentForeign,
    constructionContent: p.constructionContent,
    plannedStart: p.plannedStart ? dayjs(p.plannedStart) : null,
    plannedCompletion: p.plannedCompletion ? dayjs(p.plannedCompletion) : null,
    stage: p.stage,
    chiefUserId: p.chiefUserId,
    leadDepartmentId: p.leadDepartmentId,
    tags: p.tags,
  };
}

const blankToNull = (v: string | null | undefined) =>
  v === undefined || v === null || v.trim() === '' ? null : v;

/**
 * The form's values as the API input, before the schema checks them: empty optional fields become null (so an
 * edit can clear them), dates become YYYY-MM-DD. Required fields left empty stay undefined for the schema to
 * report.
 */
export function formValuesToInput(v: ProjectFormValues): Record<keyof ProjectCreateInput, unknown> {
  return {
    code: blankToNull(v.code),
    name: v.name,
    ownerOrgId: v.ownerOrgId ?? undefined,
    category: v.category,
    industryCode: v.industryCode,
    leadingIndustry: blankToNull(v.leadingIndustry),
    keyLevel: v.keyLevel,
    divisionCode: v.divisionCode,
    townCode: blankToNull(v.townCode),
    longitude: v.longitude ?? null,
    latitude: v.latitude ?? null,
    totalInvestment: v.totalInvestment ?? undefined,
    investmentGovernment: v.investmentGovernment ?? null,
    investmentSocial: v.investmentSocial ?? null,
    investmentForeign: v.investmentForeign ?? null,
    constructionContent: blankToNull(v.constructionContent),
    plannedStart: v.plannedStart ? v.plannedStart.format('YYYY-MM-DD') : null,
    plannedCompletion: v.plannedCompletion ? v.plannedCompletion.format('YYYY-MM-DD') : null,
    stage: v.stage,
    chiefUserId: v.chiefUserId ?? null,
    leadDepartmentId: v.leadDepartmentId ?? null,
    tags: (v.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
  };
}
