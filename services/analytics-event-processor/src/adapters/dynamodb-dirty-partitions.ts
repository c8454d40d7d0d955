import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError, type Partition } from '@picasso/shared';
import type { DirtyPartitionMarker } from '../ports';

/**
 * Dirty marks: `pk = TENANT#<id>`, `sk = DAY#<YYYY-MM-DD>`. Every mark bumps `version`; the
 * aggregator deletes a mark only if `version` is still the one it read, so a mark set while a
 * run is in progress survives to the next run.
 */
export class DynamoDbDirtyPartitions implements DirtyPartitionMarker {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async markDirty({ tenantId, day }: Partition, at: Date): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `TENANT#${tenantId}`, sk: `DAY#${day}` },
          UpdateExpression: 'ADD #v :one SET tenant_id = :t, #d = :d, marked_at = :at',
          ExpressionAttributeNames: { '#v': 'version', '#d': 'day' },
          ExpressionAttributeValues: { ':one': 1, ':t': tenantId, ':d': day, ':at': at.toISOString() },
        }),
      );
    } catch (error) {
      throw new TransientError(`marking ${tenantId}/${day} dirty failed: ${(error as Error).name}`, { cause: error });
    }
  }
}
