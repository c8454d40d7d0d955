import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbMetricCache } from '@picasso/shared/dynamodb';
import { TransientError } from '@picasso/shared/errors';
import { CACHE_STATE_SORT_KEY } from '@picasso/shared/metrics';
import type { CacheState, MetricCacheWriter } from '../ports';

/** The shared cache adapter plus the one scan the aggregator needs to find stale tenants. */
export class DynamoDbMetricCacheWriter extends DynamoDbMetricCache implements MetricCacheWriter {
  constructor(
    private readonly documentClient: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    super(documentClient, tableName);
  }

  async listCacheStates(): Promise<CacheState[]> {
    const states: CacheState[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const res = await this.documentClient.send(
          new ScanCommand({
            TableName: this.tableName,
            FilterExpression: 'sk = :sk',
            ProjectionExpression: 'pk, updated_at, range_end',
            ExpressionAttributeValues: { ':sk': CACHE_STATE_SORT_KEY },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of res.Items ?? []) {
          states.push({ tenantId: String(item.pk).replace(/^TENANT#/, ''), updatedAt: item.updated_at as string, rangeEnd: item.range_end as string });
        }
        start = res.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new TransientError(`scanning ${this.tableName} failed: ${(error as Error).name}`, { cause: error });
    }
    return states;
  }
}
