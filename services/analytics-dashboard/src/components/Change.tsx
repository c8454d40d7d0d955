import type { ReactNode } from 'react';
import type { ComparedMetric, MetricData } from '../api/contract';
import { usePreviousFigures } from '../api/use-previous-period';
import { useDashboard } from '../dashboard-context';
import type { Formatters } from '../view/formatting';
import type { DateRange } from '../view/view-state';

/** How a figure is compared: counts and durations by relative change, rates by percentage points. */
export type ChangeKind = 'count' | 'duration' | 'rate';

export interface Change {
  /** "+12.5%", "−3.1 pts", "new", "no change", "n/a". */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'unknown';
}

/**
 * The change of a headline figure against the previous period of the same length
 * (docs/metrics.md, "Period over period"). A count that was 0 and is not now is "new"; a figure
 * with no value in either period has no change to show ("n/a").
 */
export function describeChange(current: number | null, previous: number | null | undefined, kind: ChangeKind, format: Formatters): Change {
  if (current === null || previous === null || previous === undefined) return { text: 'n/a', direction: 'unknown' };
  const diff = current - previous;
  if (Math.abs(diff) < 1e-9) return { text: 'no change', direction: 'flat' };
  const direction = diff > 0 ? 'up' : 'down';
  const sign = diff > 0 ? '+' : '−';
  if (kind === 'rate') return { text: `${sign}${new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }).format(Math.abs(diff))} pts`, direction };
  if (previous === 0) return { text: 'new', direction };
  return { text: `${sign}${format.percent(Math.abs((100 * diff) / previous))}`, direction };
}

/** The change badge under a headline figure, with the comparison spelled out for screen readers. */
export function ChangeBadge({ change, testId }: { change: Change; testId: string }) {
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '';
  return (
    <span className={`change change-${change.direction}`}>
      {arrow && <span aria-hidden="true">{arrow} </span>}
      <span data-testid={testId}>{change.text}</span>
      <span className="visually-hidden"> against the previous period</span>
    </span>
  );
}

/**
 * For a headline panel: a function giving each figure's change badge against the previous
 * period, or `undefined` while the previous period is unknown (loading or failed).
 */
export function useChanges<M extends ComparedMetric>(metric: M, range: DateRange) {
  const previous = usePreviousFigures(metric, range);
  const { format } = useDashboard();
  return (current: MetricData[M], key: keyof MetricData[M] & string, kind: ChangeKind): ReactNode => {
    if (!previous) return undefined;
    const value = (figures: MetricData[M]) => figures[key] as number | null;
    return <ChangeBadge change={describeChange(value(current), value(previous), kind, format)} testId={`change-${metric}-${key}`} />;
  };
}
