import { MAX_DAYS_PER_QUERY } from 'analytics-aggregator/aggregate';
import { LAKE_RETENTION_DAYS, planRebuild, RangeRefusedError } from './plan';

const NOW = new Date('2026-11-20T23:59:59Z');

describe('planRebuild', () => {
  it('reads the lake’s last 90 UTC days, today included, with one query', () => {
    const plan = planRebuild({ from: '2026-08-23', to: '2026-11-20', now: NOW, maxDaysPerQuery: MAX_DAYS_PER_QUERY });

    expect(plan.days).toHaveLength(LAKE_RETENTION_DAYS);
    expect(plan.chunks).toEqual([plan.days]);
    expect(plan).toMatchObject({ oldestLakeDay: '2026-08-23', today: '2026-11-20', beforeRetention: null, future: null });
  });

  it('never needs a second query inside the retention window, whatever the aggregator’s bound', () => {
    expect(MAX_DAYS_PER_QUERY).toBeGreaterThanOrEqual(LAKE_RETENTION_DAYS);
  });

  it('splits a range longer than one query’s bound into consecutive chunks', () => {
    const plan = planRebuild({ from: '2026-08-23', to: '2026-11-20', now: NOW, maxDaysPerQuery: 40 });

    expect(plan.chunks.map((c) => [c[0], c.at(-1), c.length])).toEqual([
      ['2026-08-23', '2026-10-01', 40],
      ['2026-10-02', '2026-11-10', 40],
      ['2026-11-11', '2026-11-20', 10],
    ]);
  });

  it('skips the days before the retention and after today, and says which', () => {
    const plan = planRebuild({ from: '2026-08-01', to: '2026-11-25', now: NOW, maxDaysPerQuery: MAX_DAYS_PER_QUERY });

    expect([plan.days[0], plan.days.at(-1)]).toEqual(['2026-08-23', '2026-11-20']);
    expect(plan.beforeRetention).toEqual({ first: '2026-08-01', last: '2026-08-22', count: 22 });
    expect(plan.future).toEqual({ first: '2026-11-21', last: '2026-11-25', count: 5 });
  });

  it('refuses a range entirely before the retention or entirely after today', () => {
    expect(() => planRebuild({ from: '2026-07-01', to: '2026-08-22', now: NOW, maxDaysPerQuery: 100 })).toThrow(RangeRefusedError);
    expect(() => planRebuild({ from: '2026-07-01', to: '2026-08-22', now: NOW, maxDaysPerQuery: 100 })).toThrow(/oldest whole UTC day is 2026-08-23/);
    expect(() => planRebuild({ from: '2026-11-21', to: '2026-11-22', now: NOW, maxDaysPerQuery: 100 })).toThrow(/entirely in the future \(today is 2026-11-20 UTC\)/);
  });

  it('takes the UTC day of the clock, not a local one', () => {
    const plan = planRebuild({ from: '2026-11-21', to: '2026-11-21', now: new Date('2026-11-21T00:00:00Z'), maxDaysPerQuery: 100 });

    expect(plan.days).toEqual(['2026-11-21']);
  });
});
