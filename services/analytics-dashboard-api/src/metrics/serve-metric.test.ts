import type { CachedMetric, ConversationsSummary, TenantConfig } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import type { ColdPathMetrics, ColdPathSlots, MetricCache, MetricFigures, RollupMetrics } from './ports';
import { isFresh, serveMetric } from './serve-metric';

const tenant = DEMO_TENANTS[0] as TenantConfig;
const NOW = new Date('2025-06-10T12:00:00Z');
const data = (n: number): ConversationsSummary => ({ total_conversations: n, total_messages: 0, avg_response_time_seconds: null, avg_first_token_seconds: null, after_hours_count: 0, after_hours_percentage: null });

function cacheItem(ageMs: number, ttlOffsetS = 3600): CachedMetric {
  return { pk: 'p', sk: 's', data: data(1), range_start: '2025-06-04', range_end: '2025-06-10', updated_at: new Date(NOW.getTime() - ageMs).toISOString(), ttl: NOW.getTime() / 1000 + ttlOffsetS };
}

/** Fake ports for the pure decision: each answers with a figure naming itself. */
function ports(options: { cached?: CachedMetric | null; rollups?: boolean }) {
  const figures = (n: number): MetricFigures => ({ data: data(n), period: { start_date: 'x', end_date: 'y' }, updatedAt: NOW });
  const cache: MetricCache = { getMetric: async () => (options.cached ?? null) as never };
  const rollups: RollupMetrics = { mergeFromRollups: async () => (options.rollups ? figures(2) : null) };
  const coldPath: ColdPathMetrics = { computeFromLake: async () => figures(3) };
  const coldPathSlots: ColdPathSlots = { withSlot: (_tenantId, work) => work() };
  return { cache, rollups, coldPath, coldPathSlots, now: () => NOW, cacheMaxAgeMs: 2 * 3_600_000 };
}

describe('choosing where a metric comes from', () => {
  it('takes a cache item younger than two hours', async () => {
    const answer = await serveMetric({ tenantId: tenant.tenant_id, tenant, metric: 'conversations_summary', range: { kind: 'preset', range: '7d' } }, ports({ cached: cacheItem(60_000), rollups: true }));
    expect([answer.source, answer.period]).toEqual(['cache', { start_date: '2025-06-04', end_date: '2025-06-10' }]);
  });

  it('passes over a stale item to the rollups, and over missing rollups to the lake', async () => {
    const stale = cacheItem(2 * 3_600_000);
    expect((await serveMetric({ tenantId: tenant.tenant_id, tenant, metric: 'conversations_summary', range: { kind: 'preset', range: '7d' } }, ports({ cached: stale, rollups: true }))).source).toBe('rollups');
    expect((await serveMetric({ tenantId: tenant.tenant_id, tenant, metric: 'conversations_summary', range: { kind: 'preset', range: '7d' } }, ports({ cached: stale, rollups: false }))).source).toBe('athena');
  });

  it('never takes custom dates from the cache: rollups when they cover the dates, else the lake', async () => {
    const custom = { kind: 'custom', startDate: '2025-06-01', endDate: '2025-06-02' } as const;
    expect((await serveMetric({ tenantId: tenant.tenant_id, tenant, metric: 'conversations_summary', range: custom }, ports({ cached: cacheItem(0), rollups: true }))).source).toBe('rollups');
    expect((await serveMetric({ tenantId: tenant.tenant_id, tenant, metric: 'conversations_summary', range: custom }, ports({ cached: cacheItem(0), rollups: false }))).source).toBe('athena');
  });

  it('treats an item past its TTL or with an unreadable updated_at as stale', () => {
    expect(isFresh(cacheItem(0, -1), NOW, 7_200_000)).toBe(false);
    expect(isFresh({ ...cacheItem(0), updated_at: 'yesterday' }, NOW, 7_200_000)).toBe(false);
    expect(isFresh(cacheItem(7_199_000), NOW, 7_200_000)).toBe(true);
  });
});
