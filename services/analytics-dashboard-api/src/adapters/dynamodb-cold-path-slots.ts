import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@picasso/shared';
import { TooManyRequestsError } from '../errors';
import type { ColdPathSlots } from '../metrics/ports';

export interface ColdPathSlotOptions {
  /** Cold-path queries one tenant may have in flight across every instance of the function. */
  slotsPerTenant: number;
  /**
   * How long a lease lives if its holder never releases it (the instance died mid-query): the
   * query deadline plus a margin, so a lease never outlives the query it guards by much.
   */
  leaseSeconds: number;
  /** `Retry-After` of a refusal: about one cold query; a slot is freed as soon as its query ends. */
  retryAfterSeconds: number;
  now?: () => Date;
}

const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

/**
 * Per-tenant cold-path slots as lease items in the dashboard cache table (`pk = TENANT#<id>`,
 * `sk = COLD_PATH_SLOT#<n>`, `ttl`): a slot is taken with a conditional put that succeeds only if
 * the slot is free or its lease has expired, and given back with a delete conditioned on the
 * holder's lease id, so an expired lease taken over by another request is never freed by its old
 * holder. Lease items carry no tenant data and share the table's TTL; the aggregator's scan reads
 * `METRIC#…` items only (docs/decisions.md §26). Conditional writes:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html
 */
export class DynamoDbColdPathSlots implements ColdPathSlots {
  private readonly now: () => Date;

  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
    private readonly options: ColdPathSlotOptions,
  ) {
    if (!Number.isInteger(options.slotsPerTenant) || options.slotsPerTenant < 1) throw new RangeError('slotsPerTenant must be a positive integer');
    this.now = options.now ?? (() => new Date());
  }

  async withSlot<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const lease = await this.acquire(tenantId);
    if (!lease) {
      const n = this.options.slotsPerTenant;
      throw new TooManyRequestsError(
        `at most ${n} cold-path (Athena) ${n === 1 ? 'query' : 'queries'} per tenant may run at once and all are in use; retry after ${this.options.retryAfterSeconds} s`,
        this.options.retryAfterSeconds,
      );
    }
    try {
      return await work();
    } finally {
      await this.release(lease);
    }
  }

  private async acquire(tenantId: string): Promise<{ key: { pk: string; sk: string }; leaseId: string } | null> {
    const nowS = Math.floor(this.now().getTime() / 1000);
    const leaseId = randomUUID();
    // Start at a random slot so concurrent requests do not all contend for slot 0.
    const first = Math.floor(Math.random() * this.options.slotsPerTenant);
    for (let i = 0; i < this.options.slotsPerTenant; i += 1) {
      const key = { pk: `TENANT#${tenantId}`, sk: `COLD_PATH_SLOT#${(first + i) % this.options.slotsPerTenant}` };
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, lease_id: leaseId, ttl: nowS + this.options.leaseSeconds, acquired_at: new Date(nowS * 1000).toISOString() },
            // Free, or held by a lease that expired (DynamoDB deletes expired items late).
            ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: { ':now': nowS },
          }),
        );
        return { key, leaseId };
      } catch (error) {
        if (isConditionFailure(error)) continue;
        throw new TransientError(`taking a cold-path slot in ${this.tableName} failed: ${(error as Error).name}`, { cause: error });
      }
    }
    return null;
  }

  private async release(lease: { key: { pk: string; sk: string }; leaseId: string }): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: lease.key,
          ConditionExpression: 'lease_id = :lease',
          ExpressionAttributeValues: { ':lease': lease.leaseId },
        }),
      );
    } catch {
      // Not ours any more (expired and taken over) or DynamoDB failed: either way the lease's ttl
      // frees the slot, and the answer already computed is not thrown away for it.
    }
  }
}
