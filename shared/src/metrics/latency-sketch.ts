/**
 * A mergeable latency sketch: log-spaced histogram buckets with a fixed relative error (the
 * bucket mapping of DDSketch, Masson et al., VLDB 2019, https://arxiv.org/abs/1908.10693).
 *
 * A value `x` ms (at least 1 ms; smaller values count as 1 ms) goes to bucket
 * `i = ceil(ln(x) / ln(γ))` with `γ = (1 + α) / (1 − α)`; the bucket stands for
 * `2γ^i / (γ + 1)`, which is within `α` of every value in `(γ^(i−1), γ^i]`. Bucket counts add, so
 * hours and days merge by summing counts, and a quantile read from the merged buckets is within
 * `α` (relative) of the exact quantile — the same rank in the sorted raw values — however the
 * counts were split. The rollup SQL computes `i` (`LATENCY_BUCKET_SQL`); this module reads it.
 */

/** The stated relative error of every percentile served (1 %). */
export const LATENCY_RELATIVE_ERROR = 0.01;

/** γ: each bucket's upper bound over its lower bound. */
export const LATENCY_GAMMA = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);

/**
 * The bucket index of the millisecond value in column `column`, in SQL that Trino and DuckDB read
 * alike (`ln`, `ceil`, `greatest`); `null` stays `null` — explicitly, because DuckDB's `greatest`
 * skips a null argument (`greatest(NULL, 1) = 1`) where Trino's returns null.
 */
export const latencyBucketSql = (column: string) =>
  `CASE WHEN ${column} IS NOT NULL THEN CAST(ceil(ln(greatest(${column}, 1)) / ln(CAST(${LATENCY_GAMMA} AS double))) AS integer) END`;

/** The same bucket index in TypeScript (tests and tools; the rollups take the SQL's). */
export function latencyBucket(ms: number): number {
  return Math.ceil(Math.log(Math.max(ms, 1)) / Math.log(LATENCY_GAMMA));
}

/** The value (ms) bucket `index` stands for. */
export function latencyBucketValue(index: number): number {
  return (2 * LATENCY_GAMMA ** index) / (LATENCY_GAMMA + 1);
}

/** Sparse buckets: `[index, count]` pairs, ascending index, counts > 0. */
export type LatencyBuckets = [number, number][];

/** Adds `from` into `into` (a map from bucket index to count). */
export function addLatencyBuckets(into: Map<number, number>, from: readonly (readonly [number, number])[] | undefined): void {
  for (const [index, count] of from ?? []) into.set(index, (into.get(index) ?? 0) + count);
}

/**
 * The `percent`-th percentile (integer 1–100) in ms, by nearest rank: the value of rank
 * `ceil(percent · n / 100)` (1-based, integer arithmetic so no rounding moves the rank) in the
 * ascending values, read as its bucket's value. `null` when the sketch is empty.
 */
export function latencyPercentile(buckets: ReadonlyMap<number, number>, percent: number): number | null {
  let n = 0;
  for (const c of buckets.values()) n += c;
  if (n === 0) return null;
  const rank = Math.max(1, Math.floor((percent * n + 99) / 100));
  let seen = 0;
  for (const index of [...buckets.keys()].sort((a, b) => a - b)) {
    seen += buckets.get(index)!;
    if (seen >= rank) return latencyBucketValue(index);
  }
  return null; // unreachable: seen reaches n ≥ rank
}
