import { computeMetric, metricWindow, previousWindow, rollupDaysFor, type MetricTenant } from './compute';
import { latencyBucket, latencyBucketValue, latencyPercentile, LATENCY_RELATIVE_ERROR, addLatencyBuckets } from './latency-sketch';
import { buildDayRollups, type RollupQueryRow } from './rollups';
import { isSmallTalk } from './small-talk';
import { rollupRow } from '../testing/factories';

const utc: MetricTenant = { timezone: 'UTC', business_hours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] } };
const NOW = new Date('2026-03-10T20:00:00Z');

const row = (grain: RollupQueryRow['grain'], hourIso: string, over: Partial<RollupQueryRow>): RollupQueryRow =>
  rollupRow({ grain, hour_start: Date.parse(hourIso) / 1000, ...over });

const rollups = (rows: RollupQueryRow[]) => buildDayRollups('T1', ['2026-03-09', '2026-03-10'], rows, NOW);

/** Nearest-rank percentile of raw values: the value of rank ceil(p · n / 100). */
function exactPercentile(values: number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((percent * sorted.length) / 100)) - 1]!;
}

/** A deterministic pseudo-random source (mulberry32), so a failure reproduces. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the small-talk rule of unanswered questions', () => {
  it.each(['hi', 'hello there', 'thank you so much', "ok thanks, bye", 'good morning', 'thx', "that's helpful"])('counts %j as small talk', (text) => {
    expect(isSmallTalk(text)).toBe(true);
  });

  it.each(['hi, are you open today', 'thanks, how do i donate', 'hours', 'good morning, where are you located', '[EMAIL]', ''])('keeps %j as a question', (text) => {
    expect(isSmallTalk(text)).toBe(false);
  });
});

describe('the latency sketch', () => {
  it('puts every value within the stated relative error of its bucket value', () => {
    for (const ms of [1, 1.5, 7, 99.9, 100, 999, 1000, 1001, 12_345.6, 3_600_000]) {
      const v = latencyBucketValue(latencyBucket(ms));
      expect({ ms, ok: Math.abs(v - ms) <= LATENCY_RELATIVE_ERROR * ms * (1 + 1e-9) }).toEqual({ ms, ok: true });
    }
  });

  it('merged from per-hour parts, gives p50/p95 within the stated error of the exact percentiles', () => {
    // Prepare: 5000 log-normal latencies split at random into 24 "hours", each its own sketch.
    const random = prng(42);
    const values = Array.from({ length: 5000 }, () => Math.exp(Math.log(800) + 0.9 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
    const hours: Map<number, number>[] = Array.from({ length: 24 }, () => new Map());
    for (const v of values) {
      const h = hours[Math.floor(random() * 24)]!;
      const b = latencyBucket(v);
      h.set(b, (h.get(b) ?? 0) + 1);
    }

    // Act: merge the hours' sketches (as [index, count] pairs, the rollup's form).
    const merged = new Map<number, number>();
    for (const h of hours) addLatencyBuckets(merged, [...h.entries()]);

    // Assess
    for (const p of [50, 95]) {
      const exact = exactPercentile(values, p);
      const sketch = latencyPercentile(merged, p)!;
      expect({ p, within: Math.abs(sketch - exact) <= LATENCY_RELATIVE_ERROR * exact * (1 + 1e-9) }).toEqual({ p, within: true });
    }
    expect(latencyPercentile(new Map(), 50)).toBeNull();
  });

  it('reads percentiles by nearest rank', () => {
    // 10 values: p50 is the 5th, p95 the 10th.
    const buckets = new Map<number, number>();
    for (let i = 1; i <= 10; i += 1) addLatencyBuckets(buckets, [[latencyBucket(i * 100), 1]]);
    expect(latencyPercentile(buckets, 50)).toBe(latencyBucketValue(latencyBucket(500)));
    expect(latencyPercentile(buckets, 95)).toBe(latencyBucketValue(latencyBucket(1000)));
  });
});

describe('answer-quality metrics from rollups', () => {
  it('derives the knowledge-base answer rate and the first-token shares from session rows', () => {
    const rows = [
      row('session', '2026-03-10T10:00:00Z', { session_id: 'a', messages_received: 3, kb_replies: 2, first_token_count: 3, first_token_under_1s: 2, first_token_over_10s: 0 }),
      row('session', '2026-03-10T11:00:00Z', { session_id: 'b', messages_received: 1, kb_replies: 0, first_token_count: 1, first_token_under_1s: 0, first_token_over_10s: 1 }),
    ];
    expect(computeMetric('knowledge_base_summary', '1d', rollups(rows), utc, NOW).data).toEqual({ replies: 4, knowledge_base_replies: 2, answer_rate: 50 });
    expect(computeMetric('response_latency', '1d', rollups(rows), utc, NOW).data).toMatchObject({ replies_timed: 4, first_token_under_1s_percentage: 50, first_token_over_10s_percentage: 25 });
    expect(computeMetric('knowledge_base_summary', '1d', rollups([]), utc, NOW).data).toEqual({ replies: 0, knowledge_base_replies: 0, answer_rate: null });
  });

  it('lists unanswered questions normalised as top questions are, across hours, without small talk', () => {
    const rows = [
      row('dimension', '2026-03-10T10:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: 'Do you need DRIVERS?', events: 2 }),
      row('dimension', '2026-03-10T12:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: ' do you need drivers ', events: 1 }),
      row('dimension', '2026-03-10T12:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: 'Call me at [phone]!', events: 1 }),
      row('dimension', '2026-03-10T12:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: 'Thank you!', events: 5 }),
      row('dimension', '2026-03-10T12:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: null, events: 9 }),
      // A visitor message is a top question, not an unanswered one.
      row('dimension', '2026-03-10T12:00:00Z', { event_type: 'MESSAGE_SENT', question: 'Where are you?', events: 4 }),
      // Yesterday is outside 1d.
      row('dimension', '2026-03-09T12:00:00Z', { event_type: 'MESSAGE_RECEIVED', question: 'old', events: 7 }),
    ];
    expect(computeMetric('unanswered_questions', '1d', rollups(rows), utc, NOW).data).toEqual({
      questions: [
        { question: 'do you need drivers', count: 3 },
        { question: 'call me at [PHONE]', count: 1 },
      ],
    });
    expect(computeMetric('unanswered_questions', '7d', rollups(rows), utc, NOW).data.questions[0]).toEqual({ question: 'old', count: 7 });
  });

  it('merges the hourly sketches of a range into p50/p95 in seconds', () => {
    // Prepare: 10 replies over two days; first tokens 100…1000 ms, total times 10× that.
    const rows: RollupQueryRow[] = [];
    for (let i = 1; i <= 10; i += 1) {
      const hour = i <= 5 ? '2026-03-09T10:00:00Z' : '2026-03-10T10:00:00Z';
      rows.push(row('first_token', hour, { first_token_bucket: latencyBucket(i * 100) }));
      rows.push(row('total_time', hour, { total_bucket: latencyBucket(i * 1000) }));
    }
    // The grouping set's row of events that are not replies (no bucket) is ignored.
    rows.push(row('first_token', '2026-03-10T10:00:00Z', { first_token_bucket: null, events: 40 }));

    const week = computeMetric('response_latency', '7d', rollups(rows), utc, NOW).data;
    const round3 = (ms: number) => Math.round(ms) / 1000;
    expect(week.first_token).toEqual({ p50_seconds: round3(latencyBucketValue(latencyBucket(500))), p95_seconds: round3(latencyBucketValue(latencyBucket(1000))) });
    expect(week.total_time.p95_seconds).toBeCloseTo(10, 1);
    expect(week.relative_error).toBe(LATENCY_RELATIVE_ERROR);
    // Only today's five (600…1000 ms) in 1d.
    expect(computeMetric('response_latency', '1d', rollups(rows), utc, NOW).data.first_token.p50_seconds).toBe(round3(latencyBucketValue(latencyBucket(800))));
    expect(computeMetric('response_latency', '1d', rollups([]), utc, NOW).data.first_token).toEqual({ p50_seconds: null, p95_seconds: null });
  });
});

describe('period over period', () => {
  it('merges the previous period of the same length from the same rollups', () => {
    // Prepare: a conversation on 2026-03-03 (in the 7 days before the 7d range 03-04…03-10) and one on 03-10.
    const conversation = (iso: string, session: string) =>
      row('session', iso, { session_id: session, messages_sent: 1, messages_received: 1, kb_replies: 1, first_message_at: Date.parse(iso) / 1000 + 60 });
    const rows = [conversation('2026-03-03T10:00:00Z', 'old'), conversation('2026-03-10T10:00:00Z', 'new')];
    const stored = buildDayRollups('T1', ['2026-03-03', '2026-03-10'], rows, NOW);

    // Act
    const comparison = computeMetric('period_comparison', '7d', stored, utc, NOW);

    // Assess
    expect(comparison.data.previous_period).toEqual({ start_date: '2026-02-25', end_date: '2026-03-03' });
    expect(comparison.data.previous.analytics_summary).toMatchObject({ sessions: 1, conversations: 1, messages: 2 });
    expect(comparison.data.previous.knowledge_base_summary).toEqual({ replies: 1, knowledge_base_replies: 1, answer_rate: 100 });
    expect(comparison.data.previous_trend.map((p) => p.period)).toEqual(['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    expect(comparison.data.previous_trend[6]).toEqual({ period: '2026-03-03', conversations: 1, messages: 2 });
    // The comparison reads the previous period's rollups too; other metrics do not.
    const window = metricWindow('7d', 'UTC', NOW);
    expect(rollupDaysFor(window, 'period_comparison', 'UTC')[0]).toBe('2026-02-24');
    expect(rollupDaysFor(window, 'analytics_summary', 'UTC')[0]).toBe('2026-03-03');
    expect(previousWindow(metricWindow('1d', 'UTC', NOW), 'UTC')).toMatchObject({ range_start: '2026-03-09', range_end: '2026-03-09', granularity: 'hour' });
  });
});
