import type { Change } from '../view/change';

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
