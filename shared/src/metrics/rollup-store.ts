import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';
import { computeMetric, metricWindow, rollupDaysFor, type ComputedMetric, type MetricPeriod, type MetricTenant } from './compute';
import type { DayRollup } from './rollups';
import type { MetricType } from './types';

/** Port: where day rollups live. */
export interface RollupStore {
  /** The stored rollups of a tenant's UTC days `firstDay`…`lastDay` (days never computed are absent). */
  readDayRollups(tenantId: string, firstDay: string, lastDay: string): Promise<DayRollup[]>;
  /** Replaces a day's rollup wholesale (idempotent). */
  replaceDayRollup(rollup: DayRollup): Promise<void>;
}

/**
 * Rollups in the rollups table: `pk = TENANT#<id>`, `sk = DAY#<YYYY-MM-DD>#PART#<nnn>`, the day
 * as gzip JSON in `body`, split in parts so a busy day stays under DynamoDB's 400 KB item limit
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). Every
 * part carries `parts` and `generation`; a reader assembles a day only from parts of one
 * generation, so a reader racing a rewrite sees the old or the new day, never a mix.
 */
export class DynamoDbRollupStore implements RollupStore {
  static readonly PART_BYTES = 300_000;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async readDayRollups(tenantId: string, firstDay: string, lastDay: string): Promise<DayRollup[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const res = await this.doc.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': `TENANT#${tenantId}`, ':from': `DAY#${firstDay}`, ':to': `DAY#${lastDay}#~` },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(res.Items ?? []));
        start = res.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new TransientError(`reading rollups of ${tenantId} failed: ${(error as Error).name}`, { cause: error });
    }
    const byDay = new Map<string, Record<string, unknown>[]>();
    for (const item of items) {
      const day = item.day as string;
      byDay.set(day, [...(byDay.get(day) ?? []), item]);
    }
    const out: DayRollup[] = [];
    for (const parts of byDay.values()) {
      // Newest complete generation wins; a half-written newer one is ignored until it completes.
      const generations = new Map<string, Record<string, unknown>[]>();
      for (const p of parts) generations.set(p.generation as string, [...(generations.get(p.generation as string) ?? []), p]);
      const complete = [...generations.entries()]
        .filter(([, ps]) => ps.length === (ps[0]!.parts as number))
        .sort(([a], [b]) => (a < b ? 1 : -1))[0];
      if (!complete) continue;
      const body = Buffer.concat(complete[1].sort((a, b) => (a.part as number) - (b.part as number)).map((p) => Buffer.from(p.body as Uint8Array)));
      out.push(JSON.parse(gunzipSync(body).toString('utf8')) as DayRollup);
    }
    return out.sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  async replaceDayRollup(rollup: DayRollup): Promise<void> {
    const body = gzipSync(JSON.stringify(rollup));
    const parts = Math.max(1, Math.ceil(body.length / DynamoDbRollupStore.PART_BYTES));
    const generation = `${rollup.computed_at}#${process.hrtime.bigint().toString(36)}`;
    const pk = `TENANT#${rollup.tenant_id}`;
    const old = await this.partKeys(pk, rollup.day);
    const puts = Array.from({ length: parts }, (_, part) => ({
      PutRequest: {
        Item: {
          pk,
          sk: `DAY#${rollup.day}#PART#${String(part).padStart(3, '0')}`,
          tenant_id: rollup.tenant_id,
          day: rollup.day,
          part,
          parts,
          generation,
          computed_at: rollup.computed_at,
          body: body.subarray(part * DynamoDbRollupStore.PART_BYTES, (part + 1) * DynamoDbRollupStore.PART_BYTES),
        },
      },
    }));
    // Parts share keys across generations (PART#000 …), so a put replaces the old part in place;
    // only parts beyond the new count need deleting.
    const stale = old.filter((sk) => Number(sk.slice(-3)) >= parts).map((sk) => ({ DeleteRequest: { Key: { pk, sk } } }));
    await this.batchWrite([...puts, ...stale]);
  }

  private async partKeys(pk: string, day: string): Promise<string[]> {
    try {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
          ExpressionAttributeValues: { ':pk': pk, ':day': `DAY#${day}#` },
          ProjectionExpression: 'sk',
        }),
      );
      return (res.Items ?? []).map((i) => i.sk as string);
    } catch (error) {
      throw new TransientError(`reading rollup parts of ${pk} ${day} failed: ${(error as Error).name}`, { cause: error });
    }
  }

  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    await batchWriteAll(this.doc, this.table, requests);
  }
}

/**
 * BatchWriteItem in chunks of 25 (the API's limit), re-sending unprocessed items with backoff
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 */
export async function batchWriteAll(doc: DynamoDBDocumentClient, table: string, requests: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new TransientError(`BatchWriteItem on ${table} left ${pending.length} items unprocessed`);
      try {
        const res = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = (res.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined) ?? [];
      } catch (error) {
        throw new TransientError(`BatchWriteItem on ${table} failed: ${(error as Error).name}`, { cause: error });
      }
    }
  }
}

/**
 * The dashboard API's cache-miss path: reads the rollups a period needs and merges one metric,
 * with exactly the code the aggregator uses for the cache.
 */
export async function computeMetricFromRollups<T extends MetricType>(
  store: RollupStore,
  tenantId: string,
  tenant: MetricTenant,
  type: T,
  period: MetricPeriod,
  now: Date,
): Promise<ComputedMetric<T>> {
  const days = rollupDaysFor(metricWindow(period, tenant.timezone, now), type, tenant.timezone);
  const rollups = await store.readDayRollups(tenantId, days[0]!, days[days.length - 1]!);
  return computeMetric(type, period, rollups, tenant, now);
}
