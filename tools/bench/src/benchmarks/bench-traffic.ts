import type { AnalyticsEvent } from '@picasso/shared';
import { collectTraffic, generateSessions, resolveTenants } from '@picasso/traffic-generator';

/** The traffic every processor benchmark uses: fixed seed, the 3 demo tenants, arrival order. */
export const BENCH_TRAFFIC = { seed: 20251220, tenants: 3, days: 30, endDate: '2025-12-20', sessionsPerDay: 330 } as const;

let cached: AnalyticsEvent[] | undefined;

/**
 * The first `count` generator events in arrival order (server time; tenants interleaved as a
 * shared queue delivers them). Generated once per process.
 */
export function benchEvents(count: number): AnalyticsEvent[] {
  if (!cached) {
    cached = collectTraffic(
      generateSessions({ tenants: resolveTenants(BENCH_TRAFFIC.tenants), days: BENCH_TRAFFIC.days, endDate: BENCH_TRAFFIC.endDate, seed: BENCH_TRAFFIC.seed, sessionsPerDay: BENCH_TRAFFIC.sessionsPerDay, environment: 'bench' }),
    ).events;
  }
  if (cached.length < count) throw new RangeError(`the bench traffic has ${cached.length} events, ${count} were asked for`);
  return cached.slice(0, count);
}
