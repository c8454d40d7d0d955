import type { ReactNode } from 'react';
import type { ComparedMetric, MetricData } from '../api/contract';
import { usePreviousFigures } from '../api/use-previous-period';
import { useDashboard } from '../dashboard-context';
import { figuresCsv, type CsvTable, type FigureRow, type FigureUnit } from '../export/panel-csv';
import { describeChange, type ChangeKind } from '../view/change';
import { NOT_AVAILABLE, type Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';
import { ChangeBadge } from './Change';
import { Figures } from './Figures';

/** One headline figure of a metric: which field, its label and unit (which decides its formatting). */
export interface FigureSpec<D> {
  key: keyof D & string;
  /** Names the figure in test ids (`figure-<metric>-<id>`) when `key` alone does not (a nested percentile); `key` by default. */
  id?: string;
  label: string;
  unit: FigureUnit;
  hint?: string;
  /** In the CSV only (a count the cards explain in words, or the parts of a rate). */
  csvOnly?: boolean;
  /**
   * The figure's value when it is not simply `data[key]`: `null` for a figure the data cannot
   * know (token counts of replies that carry none), shown as unknown instead of 0.
   */
  value?(data: D): number | null;
}

const CHANGE_KINDS: Record<FigureUnit, ChangeKind> = { count: 'count', rate: 'rate', duration: 'duration', currency: 'count' };

/** A figure as the card shows it ("7.1%", "1.3 s", "$0.42"); `null` reads `nullText` ("n/a"). */
export function formatFigure(format: Formatters, unit: FigureUnit, value: number | null, nullText = NOT_AVAILABLE): string {
  if (value === null) return nullText;
  if (unit === 'rate') return format.percent(value);
  if (unit === 'duration') return format.duration(value);
  if (unit === 'currency') return format.money(value);
  return format.count(value);
}

const valueOf = <D,>(spec: FigureSpec<D>, data: D): number | null => (spec.value ? spec.value(data) : (data[spec.key] as number | null));

/** The figures of `specs` as CSV rows, with the previous period's when it is known. */
export function figureRows<D>(specs: readonly FigureSpec<D>[], data: D, previous: D | undefined): FigureRow[] {
  return specs.map((s) => ({ label: s.label, unit: s.unit, value: valueOf(s, data), ...(previous ? { previous: valueOf(s, previous) } : {}) }));
}

/**
 * A headline panel's cards and CSV for a compared metric: each figure with its change against the
 * previous period of the same length (`period_comparison`; no badge while it is unknown), and the
 * CSV of the same figures beside the previous ones.
 */
export function useHeadlineFigures<M extends ComparedMetric>(metric: M, range: DateRange, specs: readonly FigureSpec<MetricData[M]>[], options: { nullText?: string } = {}) {
  const { format } = useDashboard();
  const previous = usePreviousFigures(metric, range);
  const changeOf = (spec: FigureSpec<MetricData[M]>, data: MetricData[M]): ReactNode =>
    previous && <ChangeBadge change={describeChange(valueOf(spec, data), valueOf(spec, previous), CHANGE_KINDS[spec.unit], format)} testId={`change-${metric}-${spec.id ?? spec.key}`} />;
  return {
    cards: (data: MetricData[M]): ReactNode => (
      <Figures
        items={specs
          .filter((s) => !s.csvOnly)
          .map((s) => ({ testId: `figure-${metric}-${s.id ?? s.key}`, label: s.label, value: formatFigure(format, s.unit, valueOf(s, data), options.nullText), hint: s.hint, change: changeOf(s, data) }))}
      />
    ),
    csv: (data: MetricData[M]): CsvTable => figuresCsv(figureRows(specs, data, previous)),
  };
}
