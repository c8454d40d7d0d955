import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient } from '@picasso/shared';

/** What a metered client sent: items written/read and the capacity units DynamoDB reported. */
export interface DynamoDbUsage {
  requests: number;
  itemsWritten: number;
  itemsRead: number;
  writeUnits: number;
  readUnits: number;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
const READS = new Set(['GetItemCommand']);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * A document client that asks DynamoDB for `ReturnConsumedCapacity: TOTAL` on every request and
 * adds up what it reports (dynalite computes it as DynamoDB does: 1 KB per write unit, 4 KB per
 * strongly consistent read unit, half for eventually consistent), so the cost model bills the
 * units a run really consumed rather than an item count.
 */
export function meteredDocumentClient(env: NodeJS.ProcessEnv = process.env): { doc: DynamoDBDocumentClient; usage: DynamoDbUsage; reset(): void } {
  const usage: DynamoDbUsage = { requests: 0, itemsWritten: 0, itemsRead: 0, writeUnits: 0, readUnits: 0 };
  const client: DynamoDBClient = createDynamoDbClient(env);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as unknown as Record<string, unknown>;
      const command = (context as { commandName?: string }).commandName ?? '';
      const capacities = ([] as Capacity[]).concat((output.ConsumedCapacity as Capacity | Capacity[] | undefined) ?? []);
      const units = capacities.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      usage.requests += 1;
      if (WRITES.has(command)) usage.itemsWritten += 1;
      else if (READS.has(command)) usage.itemsRead += output.Item ? 1 : 0;
      else if (command === 'BatchWriteItemCommand') {
        const requested = Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
        const unprocessed = Object.values((output.UnprocessedItems ?? {}) as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
        usage.itemsWritten += requested - unprocessed;
      } else if (command === 'BatchGetItemCommand') {
        usage.itemsRead += Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
      } else if (command === 'QueryCommand' || command === 'ScanCommand') usage.itemsRead += (output.ScannedCount as number | undefined) ?? 0;
      if (WRITES.has(command) || command === 'BatchWriteItemCommand' || command === 'TransactWriteItemsCommand') usage.writeUnits += units;
      else usage.readUnits += units;
      return result;
    },
    { step: 'initialize', name: 'consumedCapacityMeter' },
  );
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    doc,
    usage,
    reset: () => Object.assign(usage, { requests: 0, itemsWritten: 0, itemsRead: 0, writeUnits: 0, readUnits: 0 }),
  };
}
