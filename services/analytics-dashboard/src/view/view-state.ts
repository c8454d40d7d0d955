/**
 * The view (page + date range) lives in the query string so a view can be shared and reloaded:
 * `?page=conversations&range=7d` or `?page=forms&start=2026-01-01&end=2026-01-31`.
 * The token never goes in the URL (see `auth/token-store.ts`).
 */
import { METRIC_RANGES, type MetricRange } from '../api/contract';
export const PAGES = ['overview', 'conversations', 'quality', 'forms'] as const;
export type Page = (typeof PAGES)[number];

/** The API's preset ranges (one list, `@picasso/shared/api-contract`). */
export const PRESET_RANGES = METRIC_RANGES;
export type PresetRange = MetricRange;

export type DateRange = { kind: 'preset'; range: PresetRange } | { kind: 'custom'; start: string; end: string };

export interface ViewState {
  page: Page;
  range: DateRange;
}

export const DEFAULT_VIEW: ViewState = { page: 'overview', range: { kind: 'preset', range: '7d' } };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Reads the view from a query string; anything unknown or malformed falls back to the default. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const pageParam = params.get('page');
  const page = (PAGES as readonly string[]).includes(pageParam ?? '') ? (pageParam as Page) : DEFAULT_VIEW.page;
  const start = params.get('start');
  const end = params.get('end');
  if (start && end && isIsoDate(start) && isIsoDate(end) && start <= end) {
    return { page, range: { kind: 'custom', start, end } };
  }
  const rangeParam = params.get('range');
  const range = (PRESET_RANGES as readonly string[]).includes(rangeParam ?? '') ? (rangeParam as PresetRange) : '7d';
  return { page, range: { kind: 'preset', range } };
}

/** Writes the view as a query string (with the leading `?`). */
export function serializeViewState(view: ViewState): string {
  const params = new URLSearchParams({ page: view.page });
  if (view.range.kind === 'preset') params.set('range', view.range.range);
  else {
    params.set('start', view.range.start);
    params.set('end', view.range.end);
  }
  return `?${params.toString()}`;
}

/** The API query parameters for a range: `range=7d` or `start_date`/`end_date`. */
export function rangeQuery(range: DateRange): Record<string, string> {
  return range.kind === 'preset' ? { range: range.range } : { start_date: range.start, end_date: range.end };
}

/** A stable key for a range, used to refetch when it changes. */
export function rangeKey(range: DateRange): string {
  return range.kind === 'preset' ? range.range : `${range.start}..${range.end}`;
}
