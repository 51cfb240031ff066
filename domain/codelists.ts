/**
 * Fixed code lists of the project ledger. Codes are stable identifiers stored in the database and in exports;
 * labels are what people read. Every list carries zh-CN and en labels so the server (exports, error messages)
 * and the web app read the same words.
 */
export type Label = { zh: string; en: string };
export type CodeItem<C extends string = string> = { code: C; label: Label };

/** A code list: the codes as a tuple for z.enum, and each code with its zh/en label. */
export function codeList<const C extends string>(items: readonly { code: C; zh: string; en: string }[]) {
  const list: CodeItem<C>[] = items.map((i) => ({ code: i.code, label: { zh: i.zh, en: i.en } }));
  const codes = items.map((i) => i.code) as unknown as readonly [C, ...C[]];
  return { list, codes };
}

export const projectCategories = codeList([
  { code: 'industrial', zh: '产业项目', en: 'Industrial' },
  { code: 'infrastructure', zh: '基础设施', en: 'Infrastructure' },
  { code: 'social', zh: '社会民生', en: 'Social welfare' },
  { code: 'innovation_platform', zh: '科技创新平台', en: 'Innovation platform' },
  { code: 'ecology', zh: '生态环保', en: 'Ecology and environment' },
  { code: 'urban_renewal', zh: '城市更新', en: 'Urban renewal' },
] as const);
export type ProjectCategory = (typeof projectCategories.codes)[number];

export const keyLevels = codeList([
  { code: 'municipal', zh: '市级重点', en: 'Municipal key' },
  { code: 'district', zh: '区级重点', en: 'District key' },
  { code: 'general', zh: '一般', en: 'General' },
] as const);
export type KeyLevel = (typeof keyLevels.codes)[number];

/** The fixed lifecycle for the ledger; the lifecycle issue (#3) turns it into per-category templates. */
export const lifecycleStages = codeList([
  { code: 'planning', zh: '谋划储备', en: 'Planning pipeline' },
  { code: 'signed', zh: '签约', en: 'Signed' },
  { code: 'site_selection', zh: '选址供地', en: 'Site selection and land' },
  { code: 'land_planning_permit', zh: '立项用地规划许可', en: 'Project and land-use planning permit' },
  { code: 'engineering_permit', zh: '工程建设许可', en: 'Engineering construction permit' },
  { code: 'construction_permit', zh: '施工许可', en: 'Construction permit' },
  { code: 'under_construction', zh: '在建', en: 'Under construction' },
  { code: 'completion_acceptance', zh: '竣工验收', en: 'Completion acceptance' },
  { code: 'in_operation', zh: '投产运营', en: 'In operation' },
] as const);
export type LifecycleStage = (typeof lifecycleStages.codes)[number];

export const fundingSources = codeList([
  { code: 'government', zh: '政府投资', en: 'Government' },
  { code: 'social', zh: '社会投资', en: 'Private and social' },
  { code: 'foreign', zh: '外资', en: 'Foreign' },
] as const);

export const organizationTypes = codeList([
  { code: 'department', zh: '职能部门', en: 'Department' },
  { code: 'enterprise', zh: '企业', en: 'Enterprise' },
] as const);
export type OrganizationType = (typeof organizationTypes.codes)[number];

export type Locale = 'zh-CN' | 'en';

export function labelOf(list: readonly CodeItem[], code: string | null | undefined, locale: Locale): string {
  if (!code) return '';
  const item = list.find((i) => i.code === code);
  if (!item) return code;
  return locale === 'en' ? item.label.en : item.label.zh;
}

/** Reverse lookup used by the Excel import, which accepts labels in either language or the code itself. */
export function codeOfLabel<C extends string>(list: readonly CodeItem<C>[], text: string): C | undefined {
  const t = text.trim();
  return list.find((i) => i.code === t || i.label.zh === t || i.label.en.toLowerCase() === t.toLowerCase())
    ?.code;
}
