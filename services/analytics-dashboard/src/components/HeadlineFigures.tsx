import type { ReactNode } from 'react';
import type { ComparedMetric, MetricData } from '../api/contract';
import { usePreviousFigures } from '../api/use-previous-period';
import { useDashboard } from '../dashboard-context';
import { figuresCsv, type CsvTable, type FigureRow, type FigureUnit } from '../export/panel-csv';
import type { ChangeKind } from '../view/change';
import type { Formatters } from '../view/formatting';
import { useChanges } from './Change';
import { Figures } from './Figures';

/** One headline figure of a metric: which field, its label and unit (which decides its formatting). */
export interface FigureSpec<D> {
  key: keyof D & string;
  label: string;
  unit: FigureUnit;
  hint?: string;
}

const CHANGE_KINDS: Record<FigureUnit, ChangeKind> = { count: 'count', rate: 'rate', duration: 'duration', currency: 'count' };

/** A figure as the card shows it ("7.1%", "1.3 s", "$0.42"); `null` reads "n/a". */
export function formatFigure(format: Formatters, unit: FigureUnit, value: number | null): string {
  if (unit === 'rate') return format.percent(value);
  if (unit === 'duration') return format.duration(value);
  if (unit === 'currency') return format.money(value);
  return value === null ? format.percent(null) : format.count(value);
}

/** The figures of `specs` as CSV rows, with the previous period's when it is known. */
export function figureRows<D>(specs: readonly FigureSpec<D>[], data: D, previous: D | undefined): FigureRow[] {
  const valueOf = (figures: D, key: keyof D) => figures[key] as number | null;
  return specs.map((s) => ({ label: s.label, unit: s.unit, value: valueOf(data, s.key), ...(previous ? { previous: valueOf(previous, s.key) } : {}) }));
}

/**
 * A headline panel's cards and CSV for a compared metric: each figure with its change against the
 * previous period (when known), and the CSV of the same figures beside the previous ones.
 */
export function useHeadlineFigures<M extends ComparedMetric>(metric: M, range: Parameters<typeof useChanges>[1], specs: readonly FigureSpec<MetricData[M]>[]) {
  const { format } = useDashboard();
  const change = useChanges(metric, range);
  const previous = usePreviousFigures(metric, range);
  return {
    cards: (data: MetricData[M]): ReactNode => (
      <Figures items={specs.map((s) => ({ testId: `figure-${metric}-${s.key}`, label: s.label, value: formatFigure(format, s.unit, data[s.key] as number | null), hint: s.hint, change: change(data, s.key, CHANGE_KINDS[s.unit]) }))} />
    ),
    csv: (data: MetricData[M]): CsvTable => figuresCsv(figureRows(specs, data, previous)),
  };
}
