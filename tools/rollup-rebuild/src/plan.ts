import { addDays, datesBetween } from '@picasso/shared';

/**
 * Days the lake keeps raw events: `raw_events_retention_days` in `terraform/main.tf`, which sets
 * both the lake bucket's expiration and the processor's `EVENT_MAX_AGE_DAYS` (docs/decisions.md §10).
 */
export const LAKE_RETENTION_DAYS = 90;

/** A range the lake cannot rebuild (all of it expired, or all of it still to come). */
export class RangeRefusedError extends Error {
  override name = 'RangeRefusedError';
}

/** Days of the requested range left alone, with why. */
export interface SkippedDays {
  first: string;
  last: string;
  count: number;
}

export interface RebuildPlan {
  /** UTC lake days to rebuild, oldest first. */
  days: string[];
  /** The days each query reads: one query per chunk. */
  chunks: string[][];
  /** The oldest UTC day the lake still holds whole today. */
  oldestLakeDay: string;
  today: string;
  /** Days before `oldestLakeDay`: their raw events expired, so their rollups are the only record and stay. */
  beforeRetention: SkippedDays | null;
  /** Days after today: nothing to read yet. */
  future: SkippedDays | null;
}

const dayCount = (first: string, last: string) => Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * Which UTC lake days `from`…`to` (inclusive, `YYYY-MM-DD`, already checked) a rebuild at `now`
 * reads, and in how many queries.
 *
 * The lake's lifecycle deletes an object `retentionDays` after it was written, rounded to the
 * next midnight UTC (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html),
 * so the last `retentionDays` UTC days (today included) are whole. An older day may be partly
 * deleted: recomputing it would shrink a rollup that is now the only record of that day (the
 * rollups table has no TTL), so those days are skipped, as are days after today. A range with
 * nothing left is refused.
 *
 * Chunks hold at most `maxDaysPerQuery` days: the aggregator's own bound on one query
 * (`MAX_DAYS_PER_QUERY`), which keeps the partition predicate list of one statement bounded.
 * Inside the retention window a range never needs a second query.
 */
export function planRebuild(input: { from: string; to: string; now: Date; maxDaysPerQuery: number; retentionDays?: number }): RebuildPlan {
  const retentionDays = input.retentionDays ?? LAKE_RETENTION_DAYS;
  const today = input.now.toISOString().slice(0, 10);
  const oldestLakeDay = addDays(today, -(retentionDays - 1));
  if (input.to < oldestLakeDay) {
    throw new RangeRefusedError(
      `${input.from} … ${input.to} lies entirely before the lake's ${retentionDays}-day retention (the oldest whole UTC day is ${oldestLakeDay}): its raw events are gone and its rollups are the only record, so they are left as they are`,
    );
  }
  if (input.from > today) throw new RangeRefusedError(`${input.from} … ${input.to} lies entirely in the future (today is ${today} UTC): there is nothing to rebuild yet`);
  const first = input.from < oldestLakeDay ? oldestLakeDay : input.from;
  const last = input.to > today ? today : input.to;
  const days = datesBetween(first, last);
  const chunks: string[][] = [];
  for (let i = 0; i < days.length; i += input.maxDaysPerQuery) chunks.push(days.slice(i, i + input.maxDaysPerQuery));
  const skipped = (a: string, b: string): SkippedDays => ({ first: a, last: b, count: dayCount(a, b) });
  return {
    days,
    chunks,
    oldestLakeDay,
    today,
    beforeRetention: input.from < oldestLakeDay ? skipped(input.from, addDays(oldestLakeDay, -1)) : null,
    future: input.to > today ? skipped(addDays(today, 1), input.to) : null,
  };
}
