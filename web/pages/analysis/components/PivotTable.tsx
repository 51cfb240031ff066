import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import {
  type Pivot,
  type PivotMeasure,
  type PivotQuery,
  type PivotValues,
  pivotMeasureLabels,
} from '#domain/schemas/analysis.ts';
import { useI18n } from '../../../i18n/i18n-context.tsx';
import { cellLedgerHref } from '../analysis-query.ts';
import { comparedMeasures, formatMeasure, isPercent } from '../pivot-chart.ts';

type Row = {
  key: number;
  label: string;
  drill: Record<string, string> | null;
  cells: PivotValues[];
  total: PivotValues;
  lastYear: PivotValues | undefined;
};

/** The change against a year earlier: percentage points for a rate, per cent for an amount. */
function yoyText(measure: PivotMeasure, now: number | null | undefined, before: number | null | undefined) {
  if (now === null || now === undefined || before === null || before === undefined) return '—';
  const diff = now - before;
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '';
  if (isPercent(measure)) return `${sign}${Math.abs(diff).toFixed(2)}pp`;
  if (before === 0) return diff === 0 ? '0.0%' : '—';
  return `${sign}${Math.abs((diff / before) * 100).toFixed(1)}%`;
}

/**
 * The pivot as a table: the row dimension down the side, per column value (and the total) one column per measure,
 * a total row; with the year-earlier comparison, last year's value and the change per compared measure. Every
 * figure opens the ledger filtered to its cell where the ledger can filter so.
 */
export function PivotTable({ pivot, query }: { pivot: Pivot; query: PivotQuery }) {
  const { t, pick } = useI18n();
  const measures = pivot.measures;
  const compared = pivot.comparison ? measures.filter((m) => comparedMeasures.has(m)) : [];
  const measureTitle = (m: PivotMeasure) => pick(pivotMeasureLabels[m]);

  const figure = (
    measure: PivotMeasure,
    values: PivotValues | undefined,
    href: string | undefined,
    where: { row: number | 'total'; col: number | 'total' },
  ) => {
    const value = values?.[measure];
    const text = formatMeasure(measure, value);
    const attributes = {
      'data-row': where.row,
      'data-col': where.col,
      'data-measure': measure,
      'data-value': value ?? '',
      className: 'gj-money',
    };
    return href && value !== null && value !== undefined ? (
      <Link to={href} {...attributes}>
        {text}
      </Link>
    ) : (
      <span {...attributes}>{text}</span>
    );
  };

  const rows: Row[] = pivot.rows.values.map((v, r) => ({
    key: r,
    label: pick(v.label),
    drill: v.drill,
    cells: pivot.cells[r] ?? [],
    total: pivot.rowTotals[r] ?? {},
    lastYear: pivot.comparison?.rowTotals[r],
  }));

  const measureColumns = (col: number | 'total'): ColumnsType<Row> =>
    measures.map((m) => ({
      key: `${col}-${m}`,
      title: measureTitle(m),
      align: 'right',
      render: (_v, row) => {
        const colDrill = col === 'total' ? undefined : (pivot.cols?.values[col]?.drill ?? null);
        const values = col === 'total' || !pivot.cols ? row.total : row.cells[col];
        return figure(m, values, cellLedgerHref(query, row.drill, colDrill), { row: row.key, col });
      },
    }));

  const yoyColumns: ColumnsType<Row> = compared.length
    ? [
        {
          key: 'yoy',
          title: t('analysis.yoyGroup', {
            from: pivot.comparison?.period.from ?? '',
            to: pivot.comparison?.period.to ?? '',
          }),
          children: compared.flatMap((m) => [
            {
              key: `yoy-${m}`,
              title: t('analysis.lastYearOf', { measure: measureTitle(m) }),
              align: 'right' as const,
              render: (_v: unknown, row: Row) => (
                <span
                  className="gj-money"
                  data-row={row.key}
                  data-yoy={m}
                  data-value={row.lastYear?.[m] ?? ''}
                >
                  {formatMeasure(m, row.lastYear?.[m])}
                </span>
              ),
            },
            {
              key: `yoy-change-${m}`,
              title: t('analysis.change'),
              align: 'right' as const,
              render: (_v: unknown, row: Row) => (
                <span className="gj-money">{yoyText(m, row.total[m], row.lastYear?.[m])}</span>
              ),
            },
          ]),
        },
      ]
    : [];

  const labelColumn: ColumnsType<Row>[number] = {
    key: 'label',
    title: pick(pivot.rows.label),
    fixed: 'left',
    render: (_v, row) => {
      const href = cellLedgerHref(query, row.drill);
      return href ? (
        <Link to={href} data-row-label={row.key}>
          {row.label}
        </Link>
      ) : (
        <span data-row-label={row.key}>{row.label}</span>
      );
    },
  };

  const columns: ColumnsType<Row> = pivot.cols
    ? [
        labelColumn,
        ...pivot.cols.values.map((v, c) => ({
          key: `col-${c}`,
          title: pick(v.label),
          children: measureColumns(c),
        })),
        { key: 'total', title: t('analysis.total'), children: measureColumns('total') },
        ...yoyColumns,
      ]
    : [labelColumn, ...measureColumns('total'), ...yoyColumns];

  const totals: PivotValues[] = pivot.cols ? [...pivot.colTotals, pivot.grandTotal] : [pivot.grandTotal];
  return (
    <Table<Row>
      className="gj-pivot"
      data-testid="pivot-table"
      size="small"
      bordered
      rowKey="key"
      pagination={false}
      dataSource={rows}
      columns={columns}
      scroll={{ x: 'max-content' }}
      summary={() => {
        let index = 0;
        return (
          <Table.Summary>
            <Table.Summary.Row className="gj-pivot-total">
              <Table.Summary.Cell index={index++}>
                <Typography.Text strong data-row-label="total">
                  {t('analysis.total')}
                </Typography.Text>
              </Table.Summary.Cell>
              {totals.flatMap((values, c) => {
                const isGrand = c === totals.length - 1;
                const colDrill = isGrand || !pivot.cols ? {} : (pivot.cols.values[c]?.drill ?? null);
                const colKey = isGrand ? 'total' : (pivot.cols?.values[c]?.key ?? String(c));
                return measures.map((m) => (
                  <Table.Summary.Cell index={index++} key={`${colKey}-${m}`} align="right">
                    <strong>
                      {figure(m, values, cellLedgerHref(query, colDrill), {
                        row: 'total',
                        col: isGrand ? 'total' : c,
                      })}
                    </strong>
                  </Table.Summary.Cell>
                ));
              })}
              {compared.flatMap((m) => [
                <Table.Summary.Cell index={index++} key={`yoy-${m}`} align="right">
                  <strong className="gj-money" data-row="total" data-yoy={m}>
                    {formatMeasure(m, pivot.comparison?.grandTotal[m])}
                  </strong>
                </Table.Summary.Cell>,
                <Table.Summary.Cell index={index++} key={`yoy-change-${m}`} align="right">
                  <strong className="gj-money">
                    {yoyText(m, pivot.grandTotal[m], pivot.comparison?.grandTotal[m])}
                  </strong>
                </Table.Summary.Cell>,
              ])}
            </Table.Summary.Row>
          </Table.Summary>
        );
      }}
    />
  );
}
