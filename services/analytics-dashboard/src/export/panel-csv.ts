/**
 * What a panel's "Download CSV" writes (docs/decisions.md, "CSV export"): the figures the panel
 * shows, unformatted (`31.7`, not "31.7%"; units in the column header), one header row, built in
 * the browser from the same data as the panel's table. The file name carries the tenant, the panel
 * and the tenant-local days covered; a column of local dates or hours names the time zone.
 */
import { csvFileName, toCsv, type CsvCell } from '@picasso/shared/csv';

export type { CsvCell };

/** A panel's figures as a table: the header row, then one row per record. */
export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
}

/** How a headline figure is written: its unit goes in the header ("Conversion rate (%)"). */
export type FigureUnit = 'count' | 'rate' | 'duration' | 'currency';

/** One headline figure of a card panel, as the card shows it and the CSV writes it. */
export interface FigureRow {
  label: string;
  unit: FigureUnit;
  value: number | null;
  /** The same figure for the previous period of the same length, when the panel has it. */
  previous?: number | null;
}

const UNIT_HEADERS: Record<FigureUnit, string> = { count: 'count', rate: '%', duration: 'seconds', currency: 'USD' };

/**
 * The cards of a headline panel: `Figure, Unit, Value` (and `Previous period` when any figure
 * has one). A figure with no value (nothing to divide by, nothing timed, unknown) is an empty
 * cell, never a 0.
 */
export function figuresCsv(figures: readonly FigureRow[]): CsvTable {
  const withPrevious = figures.some((f) => f.previous !== undefined);
  return {
    header: ['Figure', 'Unit', 'Value', ...(withPrevious ? ['Previous period'] : [])],
    rows: figures.map((f) => [f.label, UNIT_HEADERS[f.unit], f.value, ...(withPrevious ? [f.previous ?? null] : [])]),
  };
}

/** A column of an exported table: its header and the raw value of each row. */
export interface CsvColumn<Row> {
  header: string;
  value(row: Row, index: number): CsvCell;
}

/** Rows of a table panel, one column per `CsvColumn`. */
export function tableCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): CsvTable {
  return { header: columns.map((c) => c.header), rows: rows.map((row, i) => columns.map((c) => c.value(row, i))) };
}

/** The file a panel's button saves: name and UTF-8 content (with BOM). */
export function panelCsvFile(table: CsvTable, where: { tenant: string; panel: string; period: { start_date: string; end_date: string } }): { name: string; content: string } {
  return {
    name: csvFileName({ tenant: where.tenant, name: where.panel, startDate: where.period.start_date, endDate: where.period.end_date }),
    content: toCsv(table.header, table.rows),
  };
}
