import type { DashboardApi } from './api-client';
import type { ComparedMetric, MetricData, MetricEnvelopeOf, PeriodComparison } from './contract';
import { useApiResource } from './use-api-resource';
import { useDashboard } from '../dashboard-context';
import { rangeKey, rangeQuery, type DateRange } from '../view/view-state';

/**
 * One request per API client and range, shared by every panel of a page that shows changes (the
 * headline cards and the trend). Not aborted when one panel goes: another may still wait on it.
 * A failed request is forgotten, so a later render asks again.
 */
const shared = new WeakMap<DashboardApi, Map<string, Promise<MetricEnvelopeOf<'period_comparison'>>>>();

function loadShared(api: DashboardApi, range: DateRange): Promise<MetricEnvelopeOf<'period_comparison'>> {
  let byRange = shared.get(api);
  if (!byRange) shared.set(api, (byRange = new Map()));
  const key = rangeKey(range);
  let request = byRange.get(key);
  if (!request) {
    request = api.getMetric('period_comparison', rangeQuery(range));
    byRange.set(key, request);
    request.catch(() => byRange.delete(key));
  }
  return request;
}

/**
 * The previous period of the same length (`period_comparison`) for a range, or `undefined` while
 * it loads or when it failed: a headline card then shows its figures without the change.
 */
export function usePreviousPeriod(range: DateRange): PeriodComparison | undefined {
  const { api } = useDashboard();
  const resource = useApiResource(`period_comparison|${rangeKey(range)}`, () => loadShared(api, range));
  return resource.state.status === 'ready' ? resource.state.value.data : undefined;
}

/** One headline metric's figures for the previous period, or `undefined`. */
export function usePreviousFigures<M extends ComparedMetric>(metric: M, range: DateRange): MetricData[M] | undefined {
  return usePreviousPeriod(range)?.previous[metric] as MetricData[M] | undefined;
}
