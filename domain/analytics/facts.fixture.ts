/** Test helper: a project's attributes with plain defaults, overridden where a test cares. */
import type { ProjectAttributes } from './facts.ts';

export const attributes = (id: string, values: Partial<ProjectAttributes> = {}): ProjectAttributes => ({
  id,
  deleted: false,
  hasCode: false,
  category: 'industrial',
  keyLevel: 'general',
  stage: 'under_construction',
  industryCode: '39',
  leadingIndustry: null,
  divisionCode: '500106',
  townCode: null,
  ownerOrgId: 'owner-1',
  chiefUserId: null,
  leadDepartmentId: null,
  totalInvestment: 1000,
  investmentGovernment: null,
  investmentSocial: null,
  investmentForeign: null,
  plannedStart: null,
  plannedCompletion: null,
  actualStart: null,
  actualCompletion: null,
  light: null,
  ...values,
});
