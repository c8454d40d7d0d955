import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';
import { addDays, datesBetween, localMidnightUtcMs, utcDaysCovering } from '../metrics/calendar';
import { CONVERSATION_LOOKBACK_MS, type MetricTenant } from '../metrics/compute';
import { batchWriteAll } from '../metrics/rollup-store';
import { buildDayRollups, type DayRollup, type RollupQueryRow } from '../metrics/rollups';
import type { QueryEngine } from '../query/query-engine';
import { tenantHourlyRollupQuery } from '../sql/rollup-queries';
import { archiveKey, buildDailyItems, dailyItemKey, encodeArchive, type DailyConversationsItem, type DailyFormsItem } from './daily-aggregate';

/** Port: where a finished day's items and archive file go. */
export interface DailyAggregateWriter {
  /** True when the day's `DATE#` item exists. */
  hasDay(tenantId: string, date: string): Promise<boolean>;
  /** Writes both items and the archive file (idempotent: the same day overwrites itself). */
  writeDay(items: { daily: DailyConversationsItem; forms: DailyFormsItem }): Promise<void>;
}

/**
 * The daily table and the archive bucket. The archive file is written with the items, not moved
 * later: a day is in the archive as soon as it is finished, the reader switches to it after 90
 * days, and the item expires by TTL (docs/decisions.md §30), so no move job can fail half-way.
 */
export class DynamoDbS3DailyAggregates implements DailyAggregateWriter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly s3: Pick<S3Client, 'send'>,
    private readonly archiveBucket: string,
  ) {}

  async hasDay(tenantId: string, date: string): Promise<boolean> {
    try {
      const res = await this.doc.send(new GetCommand({ TableName: this.table, Key: dailyItemKey(tenantId, date), ProjectionExpression: 'pk' }));
      return res.Item !== undefined;
    } catch (error) {
      throw new TransientError(`reading the daily item of ${tenantId} ${date} failed: ${(error as Error).name}`, { cause: error });
    }
  }

  async writeDay(items: { daily: DailyConversationsItem; forms: DailyFormsItem }): Promise<void> {
    const { tenant_id: tenantId, date } = items.daily;
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.archiveBucket, Key: archiveKey(tenantId, date), Body: encodeArchive(items), ContentType: 'application/gzip' }));
    } catch (error) {
      throw new TransientError(`writing the archive of ${tenantId} ${date} failed: ${(error as Error).name}`, { cause: error });
    }
    await batchWriteAll(this.doc, this.table, [{ PutRequest: { Item: items.daily } }, { PutRequest: { Item: items.forms } }]);
  }
}

/** The UTC days of rollups that tenant-local days `first`…`last` need (conversation lookback included). */
export function rollupDaysForLocalDays(first: string, last: string, timeZone: string): string[] {
  return utcDaysCovering(localMidnightUtcMs(first, timeZone) - CONVERSATION_LOOKBACK_MS, localMidnightUtcMs(addDays(last, 1), timeZone));
}

export interface RebuildReport {
  dates: string[];
  queriesRun: number;
  bytesScanned: number;
  written: number;
}

/**
 * Rebuilds the daily items and archive files of tenant-local days `first`…`last` from the lake:
 * ONE rollup query over the UTC days they need (as the aggregator queries), then each day built
 * with `buildDailyItems` and written, unless `dryRun`. Used by the backfill command.
 */
export async function rebuildDailyAggregates(
  input: { tenantId: string; tenant: MetricTenant; first: string; last: string; dryRun: boolean; computedAt: Date },
  ports: { engine: QueryEngine; writer: DailyAggregateWriter; onProgress?: (done: number, total: number, items: { daily: DailyConversationsItem; forms: DailyFormsItem }) => void },
): Promise<RebuildReport> {
  const dates = datesBetween(input.first, input.last);
  const days = rollupDaysForLocalDays(input.first, input.last, input.tenant.timezone);
  const { sql, params } = tenantHourlyRollupQuery(input.tenantId, days);
  const result = await ports.engine.query<RollupQueryRow>(sql, params);
  const rollups: DayRollup[] = buildDayRollups(input.tenantId, days, result.rows, input.computedAt);
  let written = 0;
  for (const [i, date] of dates.entries()) {
    const items = buildDailyItems(input.tenantId, date, rollups, input.tenant);
    if (!input.dryRun) {
      await ports.writer.writeDay(items);
      written += 1;
    }
    ports.onProgress?.(i + 1, dates.length, items);
  }
  return { dates, queriesRun: 1, bytesScanned: result.bytesScanned, written };
}
