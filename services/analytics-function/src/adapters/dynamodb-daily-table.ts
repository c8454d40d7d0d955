import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@picasso/shared/errors';
import { dailyItemKey, formsItemKey, isDailyItem, isFormsItem, type DailyConversationsItem, type DailyFormsItem } from '@picasso/shared/legacy';
import type { DailyTable } from '../ports';

/** BatchGetItem reads at most 100 keys per call (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html). */
const BATCH_KEYS = 100;

/**
 * The daily items of many days at once: `DATE#` and `FORMS#` keys in BatchGetItem calls of 100,
 * sent in parallel, unprocessed keys re-sent with backoff. An item of another shape or schema
 * version is treated as absent.
 */
export class DynamoDbDailyTable implements DailyTable {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly table: string,
  ) {}

  async readDays(tenantId: string, dates: readonly string[]): Promise<Map<string, { daily?: DailyConversationsItem; forms?: DailyFormsItem }>> {
    const keys = dates.flatMap((d) => [dailyItemKey(tenantId, d), formsItemKey(tenantId, d)]);
    const chunks: (typeof keys)[] = [];
    for (let i = 0; i < keys.length; i += BATCH_KEYS) chunks.push(keys.slice(i, i + BATCH_KEYS));
    const items = (await Promise.all(chunks.map((c) => this.batchGet(c)))).flat();
    const out = new Map<string, { daily?: DailyConversationsItem; forms?: DailyFormsItem }>();
    for (const item of items) {
      const sk = String(item.sk);
      const date = sk.slice(sk.indexOf('#') + 1);
      const entry = out.get(date) ?? {};
      if (sk.startsWith('DATE#') && isDailyItem(item, tenantId, date)) entry.daily = item;
      else if (sk.startsWith('FORMS#') && isFormsItem(item, tenantId, date)) entry.forms = item;
      out.set(date, entry);
    }
    return out;
  }

  private async batchGet(keys: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let pending = keys;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      if (attempt > 6) throw new TransientError(`BatchGetItem on ${this.table} left ${pending.length} keys unprocessed`);
      const res = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }));
      found.push(...(res.Responses?.[this.table] ?? []));
      pending = (res.UnprocessedKeys?.[this.table]?.Keys as Record<string, string>[] | undefined) ?? [];
    }
    return found;
  }
}
