import type { ReactNode } from 'react';
import type { ComparedMetric, MetricData } from '../api/contract';
import { usePreviousFigures } from '../api/use-previous-period';
import { useDashboard } from '../dashboard-context';
import { describeChange, type Change, type ChangeKind } from '../view/change';
import type { DateRange } from '../view/view-state';

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
