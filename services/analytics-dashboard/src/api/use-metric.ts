import { useEffect } from 'react';
import { useDashboard } from '../dashboard-context';
import { rangeKey, rangeQuery, type DateRange } from '../view/view-state';
import type { MetricEnvelopeOf, MetricType } from './contract';
import { useApiResource, type Resource } from './use-api-resource';

/** Fetches one metric for a range; refetches when the range changes. */
export function useMetric<M extends MetricType>(metric: M, range: DateRange): Resource<MetricEnvelopeOf<M>> {
  const { api, reportTenantTimeZone } = useDashboard();
  const resource = useApiResource(`${metric}|${rangeKey(range)}`, (signal) => api.getMetric(metric, rangeQuery(range), signal));

  const data = resource.state.status === 'ready' ? (resource.state.value.data as unknown) : undefined;
  useEffect(() => {
    // Heatmap and trend carry the tenant's time zone; other panels use it for instants.
    if (data && typeof data === 'object' && 'timezone' in data && typeof data.timezone === 'string') reportTenantTimeZone(data.timezone);
  }, [data, reportTenantTimeZone]);

  return resource;
}
