import ExcelJS from 'exceljs';
import {
  codeOfLabel,
  keyLevels,
  type Label,
  type Locale,
  labelOf,
  lifecycleStages,
  projectCategories,
} from '#domain/codelists.ts';
import { type Project, ProjectCreateInputSchema, projectFieldLabels } from '#domain/schemas/projects.ts';
import type { Actor } from '../../core/actor.ts';
import { AppError, type FieldProblem } from '../../core/errors.ts';
import { localizeIssue, pick } from '../../core/i18n.ts';
import type { ProjectReferences } from '../reference/reference.repo.ts';
import { checkProjectReferences } from './projects.service.ts';

type Column = {
  field: keyof typeof projectFieldLabels;
  required?: boolean;
  width: number;
  money?: boolean;
  /** Text shown in the template's second row. */
  hint: Label;
};

/** The ledger columns shared by the export, the import template and the import. */
export const ledgerColumns: Column[] = [
  {
    field: 'code',
    width: 28,
    hint: {
      zh: '24位，如 2103-500106-04-01-123456；谋划阶段可空',
      en: '24 chars; may be empty while a lead',
    },
  },
  { field: 'name', required: true, width: 36, hint: { zh: '必填', en: 'Required' } },
  {
    field: 'ownerOrgId',
    required: true,
    width: 30,
    hint: { zh: '单位名称或统一社会信用代码', en: 'Name or credit code' },
  },
  {
    field: 'category',
    required: true,
    width: 14,
    hint: {
      zh: projectCategories.list.map((c) => c.label.zh).join('/'),
      en: projectCategories.list.map((c) => c.label.en).join('/'),
    },
  },
  {
    field: 'industryCode',
    required: true,
    width: 16,
    hint: { zh: 'GB/T 4754 行业代码或名称，如 39', en: 'GB/T 4754 code or name' },
  },
  {
    field: 'leadingIndustry',
    width: 16,
    hint: { zh: '新一代信息技术/绿色低碳及智能制造/大健康/高技术服务', en: 'Code or name' },
  },
  {
    field: 'keyLevel',
    required: true,
    width: 12,
    hint: {
      zh: keyLevels.list.map((c) => c.label.zh).join('/'),
      en: keyLevels.list.map((c) => c.label.en).join('/'),
    },
  },
  {
    field: 'divisionCode',
    required: true,
    width: 14,
    hint: { zh: '区县名称或6位代码，如 沙坪坝区', en: 'Name or 6-digit code' },
  },
  { field: 'townCode', width: 14, hint: { zh: '镇街名称或9位代码', en: 'Name or 9-digit code' } },
  { field: 'longitude', width: 12, hint: { zh: 'WGS84 经度', en: 'WGS84' } },
  { field: 'latitude', width: 12, hint: { zh: 'WGS84 纬度', en: 'WGS84' } },
  { field: 'totalInvestment', required: true, width: 16, money: true, hint: { zh: '万元', en: '10k CNY' } },
  {
    field: 'investmentGovernment',
    width: 16,
    money: true,
    hint: { zh: '万元；填写时三项合计须等于总投资', en: 'Sources must add up to the total' },
  },
  { field: 'investmentSocial', width: 16, money: true, hint: { zh: '万元', en: '10k CNY' } },
  { field: 'investmentForeign', width: 16, money: true, hint: { zh: '万元', en: '10k CNY' } },
  { field: 'constructionContent', width: 40, hint: { zh: '建设内容及规模', en: 'Content and scale' } },
  { field: 'plannedStart', width: 14, hint: { zh: 'YYYY-MM-DD', en: 'YYYY-MM-DD' } },
  { field: 'plannedCompletion', width: 14, hint: { zh: 'YYYY-MM-DD', en: 'YYYY-MM-DD' } },
  {
    field: 'stage',
    required: true,
    width: 18,
    hint: { zh: lifecycleStages.list.map((c) => c.label.zh).join('/'), en: 'Stage name' },
  },
  { field: 'chiefUserId', width: 14, hint: { zh: '项目长姓名或用户名', en: 'Name or username' } },
  { field: 'leadDepartmentId', width: 20, hint: { zh: '部门名称', en: 'Department name' } },
  { field: 'tags', width: 20, hint: { zh: '多个用顿号或逗号分隔', en: 'Separated by commas' } },
];

const header = (c: Column, locale: Locale) =>
  pick(projectFieldLabels[c.field], locale) + (c.required ? '*' : '');

function styleHeader(sheet: ExcelJS.Worksheet, rows: number) {
  for (let r = 1; r <= rows; r++) {
    const row = sheet.getRow(r);
    row.font = { bold: r === 1, color: r === 1 ? undefined : { argb: 'FF888888' } };
    row.alignment = { vertical: 'middle', wrapText: r > 1 };
    if (r === 1) row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  }
  sheet.views = [{ state: 'frozen', ySplit: rows }];
}

function exportValue(p: Project, c: Column, locale: Locale): string | number | null {
  switch (c.field) {
    case 'ownerOrgId':
      return p.ownerOrgName;
    case 'category':
      return labelOf(projectCategories.list, p.category, locale);
    case 'keyLevel':
      return labelOf(keyLevels.list, p.keyLevel, locale);
    case 'stage':
      return labelOf(lifecycleStages.list, p.stage, locale);
    case 'industryCode':
      return p.industryName ? `${p.industryCode} ${p.industryName}` : p.industryCode;
    case 'divisionCode':
      return p.divisionName ?? p.divisionCode;
    case 'townCode':
      return p.townName ?? p.townCode;
    case 'chiefUserId':
      return p.chiefName;
    case 'leadDepartmentId':
      return p.leadDepartmentName;
    case 'tags':
      return p.tags.join('、');
    default: {
      const v = p[c.field as keyof Project];
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    }
  }
}

export async function buildLedgerWorkbook(
  projects: Project[],
  locale: Locale,
  leading: ProjectReferences['leadingIndustries'],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guanjia 数字管家';
  const sheet = wb.addWorksheet(locale === 'en' ? 'Projects' : '项目台账');
  const columns = ledgerColumns.map((c) => ({
    header: pick(projectFieldLabels[c.field], locale),
    width: c.width,
    c,
  }));
  columns.push({
    header: locale === 'en' ? 'Updated' : '更新时间',
    width: 20,
    c: { field: 'version', width: 20, hint: { zh: '', en: '' } },
  });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const p of projects) {
    const values = ledgerColumns.map((c) => {
      if (c.field === 'leadingIndustry') {
        const li = leading.find((l) => l.code === p.leadingIndustry);
        return li?.name ?? p.leadingIndustry;
      }
      return exportValue(p, c, locale);
    });
    values.push(p.updatedAt.slice(0, 19).replace('T', ' '));
    sheet.addRow(values);
  }
  ledgerColumns.forEach((c, i) => {
    if (c.money) sheet.getColumn(i + 1).numFmt = '#,##0.00';
    if (c.field === 'longitude' || c.field === 'latitude') sheet.getColumn(i + 1).numFmt = '0.000000';
  });
  styleHeader(sheet, 1);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function buildImportTemplate(locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guanjia 数字管家';
  const sheet = wb.addWorksheet(locale === 'en' ? 'Projects' : '项目台账');
  sheet.columns = ledgerColumns.map((c) => ({ header: header(c, locale), width: c.width }));
  sheet.addRow(ledgerColumns.map((c) => pick(c.hint, locale)));
  ledgerColumns.forEach((c, i) => {
    if (c.money) sheet.getColumn(i + 1).numFmt = '#,##0.00';
  });
  styleHeader(sheet, 2);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const MAX_IMPORT_ROWS = 10_000;

export type ParsedRow = { row: number; values: Record<string, unknown> };

const normalizeHeader = (s: string) => s.replace(/[*＊\s]/g, '').toLowerCase();

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return v.result instanceof Date ? v.result.toISOString().slice(0, 10) : v.result;
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    return cell.text;
  }
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  return v;
}

const badFile = () =>
  new AppError('BAD_REQUEST', {
    zh: '文件不是有效的 Excel (.xlsx) 文件，请使用导入模板',
    en: 'The file is not a valid Excel (.xlsx) workbook; use the import template',
  });

/** Reads the first sheet: the header row is matched by column label (zh or en, the asterisk optional). */
export async function readLedgerFile(buffer: Buffer): Promise<ParsedRow[]> {
  // An .xlsx file is a zip archive: anything else renamed to .xlsx is refused before parsing.
  if (buffer.length < 4 || buffer.readUInt32LE(0) !== 0x04034b50) throw badFile();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw badFile();
  }
  const sheet = wb.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) {
    throw new AppError('BAD_REQUEST', {
      zh: '文件是空的：没有表头和数据行',
      en: 'The file is empty: no header and no rows',
    });
  }
  const headerRow = sheet.getRow(1);
  const byColumn = new Map<number, Column>();
  const unknown: string[] = [];
  headerRow.eachCell((cell, col) => {
    const text = normalizeHeader(String(cellValue(cell) ?? ''));
    if (!text) return;
    const match = ledgerColumns.find(
      (c) =>
        normalizeHeader(projectFieldLabels[c.field].zh) === text ||
        normalizeHeader(projectFieldLabels[c.field].en) === text,
    );
    if (match) byColumn.set(col, match);
    else unknown.push(String(cellValue(cell)));
  });
  const present = new Set([...byColumn.values()].map((c) => c.field));
  const missing = ledgerColumns.filter((c) => c.required && !present.has(c.field));
  if (missing.length) {
    const zh = missing.map((c) => projectFieldLabels[c.field].zh).join('、');
    const en = missing.map((c) => projectFieldLabels[c.field].en).join(', ');
    const extra = unknown.length ? `；无法识别的列：${unknown.join('、')}` : '';
    throw new AppError('BAD_REQUEST', {
      zh: `表头不正确，缺少必填列：${zh}${extra}。请下载导入模板`,
      en: `Wrong header row: missing required columns ${en}${unknown.length ? `; unknown columns: ${unknown.join(', ')}` : ''}. Download the import template`,
    });
  }
  const rows: ParsedRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, unknown> = {};
    let filled = 0;
    for (const [col, c] of byColumn) {
      const v = cellValue(row.getCell(col));
      if (v !== undefined) filled++;
      values[c.field] = v;
    }
    if (filled === 0) return;
    // The template's hint row is skipped wherever it stands.
    if (String(values.name ?? '') === '必填' || String(values.name ?? '') === 'Required') return;
    rows.push({ row: rowNumber, values });
  });
  if (rows.length === 0) {
    throw new AppError('BAD_REQUEST', { zh: '文件中没有数据行', en: 'The file has no data rows' });
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('BAD_REQUEST', {
      zh: `一次最多导入 ${MAX_IMPORT_ROWS} 行，文件有 ${rows.length} 行`,
      en: `At most ${MAX_IMPORT_ROWS} rows per import; the file has ${rows.length}`,
    });
  }
  return rows;
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v).trim());
const num = (v: unknown) => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return v;
  const n = Number(String(v).replace(/[,，\s]/g, ''));
  return Number.isFinite(n) ? n : v;
};

type RowResult = {
  input?: ReturnType<typeof ProjectCreateInputSchema.parse>;
  problems: { column: string; message: string }[];
};

/**
 * Turns one spreadsheet row into a project input: labels become codes, names become ids, then the same zod
 * schema and reference checks as the form apply.
 */
export function convertRow(
  values: Record<string, unknown>,
  refs: ProjectReferences,
  actor: Actor,
  locale: Locale,
): RowResult {
  const problems: { column: string; message: string }[] = [];
  const col = (field: keyof typeof projectFieldLabels) => pick(projectFieldLabels[field], locale);
  const unknownValue = (field: keyof typeof projectFieldLabels, v: string) =>
    problems.push({
      column: col(field),
      message: locale === 'en' ? `Unknown value "${v}"` : `无法识别“${v}”`,
    });

  const lookup = <T>(
    field: keyof typeof projectFieldLabels,
    raw: unknown,
    find: (s: string) => T | undefined,
  ): T | undefined | null => {
    const s = text(raw);
    if (!s) return null;
    const found = find(s);
    if (found === undefined) unknownValue(field, s);
    return found;
  };

  const codeOr = <C extends string>(
    field: keyof typeof projectFieldLabels,
    list: Parameters<typeof codeOfLabel<C>>[0],
    raw: unknown,
  ) => lookup(field, raw, (s) => codeOfLabel(list, s));

  const ownerOrgId = lookup('ownerOrgId', values.ownerOrgId, (s) => {
    const upper = s.toUpperCase();
    return refs.organizations.find((o) => o.type === 'enterprise' && (o.name === s || o.creditCode === upper))
      ?.id;
  });
  const industryCode = lookup('industryCode', values.industryCode, (s) => {
    const code = s.split(/\s+/)[0] ?? s;
    return refs.industries.find((i) => i.code === code || i.name === s)?.code;
  });
  const divisionCode = lookup(
    'divisionCode',
    values.divisionCode,
    (s) => refs.divisions.find((d) => d.level === 2 && (d.code === s || d.name === s))?.code,
  );
  const townCode = lookup(
    'townCode',
    values.townCode,
    (s) =>
      refs.divisions.find(
        (d) =>
          d.level === 3 && (d.code === s || d.name === s) && (!divisionCode || d.parentCode === divisionCode),
      )?.code,
  );
  const candidate = {
    code: text(values.code) ?? null,
    name: text(values.name) ?? '',
    ownerOrgId: ownerOrgId ?? '',
    category: codeOr('category', projectCategories.list, values.category) ?? '',
    industryCode: industryCode ?? '',
    leadingIndustry: lookup(
      'leadingIndustry',
      values.leadingIndustry,
      (s) => refs.leadingIndustries.find((l) => l.code === s || l.name === s)?.code,
    ),
    keyLevel: codeOr('keyLevel', keyLevels.list, values.keyLevel) ?? '',
    divisionCode: divisionCode ?? '',
    townCode: townCode ?? null,
    longitude: num(values.longitude) ?? null,
    latitude: num(values.latitude) ?? null,
    totalInvestment: num(values.totalInvestment),
    investmentGovernment: num(values.investmentGovernment) ?? null,
    investmentSocial: num(values.investmentSocial) ?? null,
    investmentForeign: num(values.investmentForeign) ?? null,
    constructionContent: text(values.constructionContent) ?? null,
    plannedStart: text(values.plannedStart) ?? null,
    plannedCompletion: text(values.plannedCompletion) ?? null,
    stage: codeOr('stage', lifecycleStages.list, values.stage) ?? '',
    chiefUserId: lookup(
      'chiefUserId',
      values.chiefUserId,
      (s) => refs.chiefs.find((c) => c.username === s || c.displayName === s)?.id,
    ),
    leadDepartmentId: lookup(
      'leadDepartmentId',
      values.leadDepartmentId,
      (s) => refs.organizations.find((o) => o.type === 'department' && o.name === s)?.id,
    ),
    tags:
      text(values.tags)
        ?.split(/[,，、;；]/)
        .map((t) => t.trim())
        .filter(Boolean) ?? [],
  };
  // Every problem of the row is reported at once; a column whose value was not recognised is not reported again
  // by the schema check that follows.
  const unrecognised = new Set(problems.map((p) => p.column));
  const parsed = ProjectCreateInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'name') as keyof typeof projectFieldLabels;
      const column = projectFieldLabels[field] ? col(field) : String(field);
      if (unrecognised.has(column)) continue;
      problems.push({
        column,
        message: localizeIssue(issue as unknown as Parameters<typeof localizeIssue>[0], locale),
      });
    }
    return { problems };
  }
  if (problems.length) return { problems };
  const refProblems: FieldProblem[] = checkProjectReferences(refs, parsed.data, actor);
  for (const p of refProblems) {
    problems.push({
      column: col(p.field as keyof typeof projectFieldLabels),
      message: pick(p.message, locale),
    });
  }
  return problems.length ? { problems } : { input: parsed.data, problems };
}
