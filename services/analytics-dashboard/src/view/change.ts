import type { Formatters } from './formatting';

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
