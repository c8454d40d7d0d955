import { DEFAULT_RANGE } from '@picasso/shared/api-contract';
import { ValidationError } from '@picasso/shared/errors';
import { DAY_MS, isCalendarDate, localTime, MAX_PERIOD_DAYS, metricWindow, METRIC_RANGES, type MetricRange } from '@picasso/shared/metrics';

/** A query's range as asked: a preset, or custom tenant-local dates. */
export type RangeRequest = { kind: 'preset'; range: MetricRange } | { kind: 'custom'; startDate: string; endDate: string };

/** Tenant-local days the answer covers, inclusive (the contract's `Period`). */
export type { Period } from '@picasso/shared/api-contract';
import type { Period } from '@picasso/shared/api-contract';

export type Query = Record<string, string | undefined>;

/** The longest custom range (a leap year). */
export const MAX_CUSTOM_DAYS = MAX_PERIOD_DAYS;
export { DEFAULT_RANGE };

/**
 * Reads `range` or `start_date` + `end_date`. Syntax only; `resolvePeriod` applies the checks
 * that need the tenant's calendar.
 */
export function parseRange(query: Query): RangeRequest {
  const { range, start_date: start, end_date: end } = query;
  if (start !== undefined || end !== undefined) {
    if (range !== undefined) throw new ValidationError('use either range or start_date and end_date, not both');
    if (start === undefined) throw new ValidationError('start_date is required with end_date');
    if (end === undefined) throw new ValidationError('end_date is required with start_date');
    if (!isCalendarDate(start)) throw new ValidationError('start_date must be a date written YYYY-MM-DD');
    if (!isCalendarDate(end)) throw new ValidationError('end_date must be a date written YYYY-MM-DD');
    if (start > end) throw new ValidationError('start_date must not be after end_date');
    if ((Date.parse(end) - Date.parse(start)) / DAY_MS + 1 > MAX_CUSTOM_DAYS) throw new ValidationError(`start_date to end_date must span at most ${MAX_CUSTOM_DAYS} days`);
    return { kind: 'custom', startDate: start, endDate: end };
  }
  if (range === undefined) return { kind: 'preset', range: DEFAULT_RANGE };
  if (!(METRIC_RANGES as readonly string[]).includes(range)) throw new ValidationError(`range must be one of ${METRIC_RANGES.join(', ')}`);
  return { kind: 'preset', range: range as MetricRange };
}

/**
 * The local days a range covers for a tenant in `timeZone` at `now`: `Nd` is the N days ending
 * today (today included). Custom ranges may not end after the tenant's today.
 */
export function resolvePeriod(request: RangeRequest, timeZone: string, now: Date): Period {
  if (request.kind === 'custom') {
    const today = localTime(now.getTime(), timeZone).date;
    if (request.endDate > today) throw new ValidationError(`end_date must not be in the future (today is ${today} in ${timeZone})`);
    return { start_date: request.startDate, end_date: request.endDate };
  }
  // The metrics library owns the calendar: the same window the aggregator caches.
  const window = metricWindow(request.range, timeZone, now);
  return { start_date: window.range_start, end_date: window.range_end };
}

/** The `range` field of a response: the preset, or the custom dates. */
export function rangeField(request: RangeRequest): MetricRange | { start_date: string; end_date: string } {
  return request.kind === 'preset' ? request.range : { start_date: request.startDate, end_date: request.endDate };
}

export interface PageRequest {
  limit: number;
  nextToken: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** Reads `limit` (1–100, default 25) and `next_token` of the submissions route. */
export function parsePage(query: Query): PageRequest {
  const { limit: rawLimit, next_token: nextToken } = query;
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== undefined) {
    if (!/^\d{1,3}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_PAGE_SIZE) {
      throw new ValidationError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    limit = Number(rawLimit);
  }
  if (nextToken !== undefined && (nextToken.length === 0 || nextToken.length > 2048)) throw new ValidationError('next_token is not valid');
  return { limit, nextToken };
}

/** How `/forms/submissions` answers: JSON pages (default), or every submission of the range as one CSV file. */
export type ExportFormat = 'json' | 'csv';

/**
 * Reads `format` of the submissions route. `csv` exports the whole range in one file, so the
 * paging parameters do not apply to it and are refused rather than silently ignored.
 */
export function parseExportFormat(query: Query): ExportFormat {
  const { format } = query;
  if (format === undefined || format === 'json') return 'json';
  if (format !== 'csv') throw new ValidationError('format must be json or csv');
  if (query.limit !== undefined || query.next_token !== undefined) throw new ValidationError('limit and next_token do not apply to format=csv: the export holds every submission of the range');
  return 'csv';
}
