import type { ReactNode } from 'react';
import { tableCsv, type CsvCell, type CsvTable } from '../export/panel-csv';

export interface FigureItem {
  /** `data-testid` of the value, e.g. `figure-analytics_summary-sessions` (the e2e reads these). */
  testId: string;
  label: string;
  value: string;
  hint?: ReactNode;
  /** The change against the previous period (`ChangeBadge`), when known. */
  change?: ReactNode;
}

/** Headline numbers as a description list: label, then the formatted value. */
export function Figures({ items }: { items: FigureItem[] }) {
  return (
    <dl className="figures">
      {items.map((item) => (
        <div className="figure" key={item.testId}>
          <dt>{item.label}</dt>
          <dd data-testid={item.testId}>{item.value}</dd>
          {item.change && <dd className="figure-change">{item.change}</dd>}
          {item.hint && <dd className="figure-hint">{item.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

export interface Column<Row> {
  header: string;
  /** Right-align numbers so digits line up. */
  numeric?: boolean;
  cell(row: Row, index: number): ReactNode;
  testId?(row: Row, index: number): string;
  /** The cell's raw value in the panel's CSV (numbers unformatted); a column without it is not exported. */
  csv?(row: Row, index: number): CsvCell;
  /** The CSV header when it needs a unit the table shows in its cells ("Share of abandons (%)"). */
  csvHeader?: string;
  /** In the CSV only: what the table shows another way (a marker beside a value). */
  csvOnly?: boolean;
}

/** A table's exported columns over its rows: the CSV of exactly what the table shows. */
export function dataTableCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): CsvTable {
  return tableCsv(
    columns.flatMap((c) => (c.csv ? [{ header: c.csvHeader ?? c.header, value: c.csv }] : [])),
    rows,
  );
}

/** An accessible table: caption, column headers with scope, first column as row header. */
export function DataTable<Row>({ caption, columns: allColumns, rows, rowKey, captionHidden = false, testId }: { caption: string; columns: Column<Row>[]; rows: Row[]; rowKey(row: Row, index: number): string; captionHidden?: boolean; testId?: string }) {
  const columns = allColumns.filter((c) => !c.csvOnly);
  return (
    <div className="table-scroll" tabIndex={0} role="group" aria-label={caption}>
      <table data-testid={testId}>
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column, c) => {
                const props = { className: column.numeric ? 'numeric' : undefined, 'data-testid': column.testId?.(row, index) };
                return c === 0 ? (
                  <th key={column.header} scope="row" {...props}>
                    {column.cell(row, index)}
                  </th>
                ) : (
                  <td key={column.header} {...props}>
                    {column.cell(row, index)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart's figures as a table, folded away under a disclosure (keyboard and screen reader friendly). */
export function TextAlternative({ children }: { children: ReactNode }) {
  return (
    <details className="text-alternative">
      <summary>Show the figures as a table</summary>
      {children}
    </details>
  );
}
