import ExcelJS from 'exceljs';
import { type Label, type Locale, labelOf, lifecycleStages } from '#domain/codelists.ts';
import type { MissingInspectionReport } from '#domain/schemas/inspections.ts';
import { pick } from '../../core/i18n.ts';

export function missingReportFileName(report: MissingInspectionReport, locale: Locale) {
  return locale === 'en'
    ? `missing-inspections-${report.from}-to-${report.to}.xlsx`
    : `未督查项目-${report.from}至${report.to}.xlsx`;
}

function sheetWith(
  wb: ExcelJS.Workbook,
  name: string,
  columns: { header: Label; width: number }[],
  locale: Locale,
) {
  const sheet = wb.addWorksheet(name);
  sheet.columns = columns.map((c) => ({ header: pick(c.header, locale), width: c.width }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/**
 * The missing-inspection report as a workbook: one row per project-month without an inspection, then a sheet
 * per chief with what he owed and did over the range (督查率 as a number formatted as a percentage).
 */
export async function buildMissingReportWorkbook(
  report: MissingInspectionReport,
  locale: Locale,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guanjia 数字管家';
  const rows = sheetWith(
    wb,
    locale === 'en' ? 'Missing inspections' : '未督查项目',
    [
      { header: { zh: '督查月份', en: 'Month' }, width: 12 },
      { header: { zh: '项目长', en: 'Chief' }, width: 14 },
      { header: { zh: '项目名称', en: 'Project' }, width: 40 },
      { header: { zh: '项目代码', en: 'Project code' }, width: 28 },
      { header: { zh: '阶段', en: 'Stage' }, width: 18 },
      { header: { zh: '项目长任命日期', en: 'Chief since' }, width: 16 },
    ],
    locale,
  );
  for (const r of report.rows) {
    rows.addRow([
      r.month,
      r.chiefName,
      r.projectName,
      r.projectCode ?? '',
      labelOf(lifecycleStages.list, r.stage, locale),
      r.chiefAssignedOn,
    ]);
  }
  const chiefs = sheetWith(
    wb,
    locale === 'en' ? 'By chief' : '按项目长',
    [
      { header: { zh: '项目长', en: 'Chief' }, width: 14 },
      { header: { zh: '应督查（项目·月）', en: 'Owed (project-months)' }, width: 20 },
      { header: { zh: '已督查', en: 'Inspected' }, width: 12 },
      { header: { zh: '未督查', en: 'Missing' }, width: 12 },
      { header: { zh: '督查率', en: 'Coverage' }, width: 12 },
    ],
    locale,
  );
  for (const c of report.chiefs) {
    chiefs.addRow([c.chiefName, c.owed, c.inspected, c.missing, c.owed ? c.inspected / c.owed : null]);
  }
  chiefs.getColumn(5).numFmt = '0.0%';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
