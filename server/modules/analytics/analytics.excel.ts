import ExcelJS from 'exceljs';
import type { Locale } from '#domain/codelists.ts';
import {
  type Pivot,
  type PivotMeasure,
  type PivotValues,
  pivotMeasureLabels,
} from '#domain/schemas/analysis.ts';

const pick = (label: { zh: string; en: string }, locale: Locale) => (locale === 'en' ? label.en : label.zh);

const numberFormat: Record<PivotMeasure, string> = {
  count: '#,##0',
  totalInvestment: '#,##0.00',
  annualPlan: '#,##0.00',
  completed: '#,##0.00',
  // Values are percentages already (45.12 means 45.12 %).
  completionRate: '0.00"%"',
  share: '0.00"%"',
};

type Table = Pick<Pivot, 'cells' | 'rowTotals' | 'colTotals' | 'grandTotal'>;

/**
 * One sheet of the pivot: the row dimension down the first column; per column value (and the total) one column
 * per measure under a merged heading; a total row at the bottom. Headers are frozen, numbers formatted.
 */
function addTableSheet(wb: ExcelJS.Workbook, name: string, pivot: Pivot, table: Table, locale: Locale) {
  const sheet = wb.addWorksheet(name);
  const total = locale === 'en' ? 'Total' : '合计';
  const measures = pivot.measures;
  const groups = [...(pivot.cols ? pivot.cols.values.map((v) => pick(v.label, locale)) : []), total];
  const headerRows = pivot.cols ? 2 : 1;

  const corner = pick(pivot.rows.label, locale);
  if (pivot.cols) {
    const top = sheet.getRow(1);
    top.getCell(1).value = `${corner} \\ ${pick(pivot.cols.label, locale)}`;
    groups.forEach((g, i) => {
      const first = 2 + i * measures.length;
      top.getCell(first).value = g;
      if (measures.length > 1) sheet.mergeCells(1, first, 1, first + measures.length - 1);
    });
    sheet.mergeCells(1, 1, 2, 1);
  }
  const measureRow = sheet.getRow(headerRows);
  if (!pivot.cols) measureRow.getCell(1).value = corner;
  groups.forEach((_, i) => {
    measures.forEach((m, j) => {
      measureRow.getCell(2 + i * measures.length + j).value = pick(pivotMeasureLabels[m], locale);
    });
  });

  const write = (rowNumber: number, label: string, values: PivotValues[]) => {
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = label;
    values.forEach((v, i) => {
      measures.forEach((m, j) => {
        const cell = row.getCell(2 + i * measures.length + j);
        cell.value = v[m] ?? null;
        cell.numFmt = numberFormat[m];
      });
    });
  };
  const withTotal = (cells: PivotValues[], rowTotal: PivotValues) =>
    pivot.cols ? [...cells, rowTotal] : cells;
  pivot.rows.values.forEach((v, r) => {
    write(
      headerRows + 1 + r,
      pick(v.label, locale),
      withTotal(table.cells[r] ?? [], table.rowTotals[r] ?? {}),
    );
  });
  write(
    headerRows + 1 + pivot.rows.values.length,
    total,
    pivot.cols ? [...table.colTotals, table.grandTotal] : [table.grandTotal],
  );

  sheet.getColumn(1).width = 28;
  for (let c = 2; c <= 1 + groups.length * measures.length; c++) sheet.getColumn(c).width = 16;
  for (let r = 1; r <= headerRows; r++) {
    const row = sheet.getRow(r);
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
  }
  sheet.getRow(headerRows + 1 + pivot.rows.values.length).font = { bold: true };
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: headerRows }];
}

/** The pivot as a workbook: the table, the same table a year earlier when asked for, and how it was made. */
export async function buildPivotWorkbook(pivot: Pivot, locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Guanjia 数字管家';
  const en = locale === 'en';
  addTableSheet(wb, en ? 'Analysis' : '投资结构分析', pivot, pivot, locale);
  if (pivot.comparison) {
    addTableSheet(wb, en ? 'A year earlier' : '上年同期', pivot, pivot.comparison, locale);
  }
  const about = wb.addWorksheet(en ? 'Notes' : '说明');
  about.getColumn(1).width = 120;
  const p = pivot.period;
  const lines = [
    en
      ? `Period ${p.from} to ${p.to}; annual plans of ${p.year}.`
      : `统计期间 ${p.from} 至 ${p.to}；年度计划为 ${p.year} 年度。`,
    ...(pivot.comparison
      ? [
          en
            ? `A year earlier: ${pivot.comparison.period.from} to ${pivot.comparison.period.to}; plans of ${pivot.comparison.period.year}.`
            : `上年同期：${pivot.comparison.period.from} 至 ${pivot.comparison.period.to}；${pivot.comparison.period.year} 年度计划。`,
        ]
      : []),
    ...pivot.notes.map((n) => pick(n, locale)),
  ];
  lines.forEach((line, i) => {
    about.getRow(i + 1).getCell(1).value = line;
    about.getRow(i + 1).alignment = { wrapText: true };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
