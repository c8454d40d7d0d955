import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';
import type { Partition } from '../lake/layout';

/**
 * The dirty-mark item (docs/architecture.md, "Contracts"): one per (tenant, UTC day) the
 * processor wrote to since the aggregator last cleared it. Written by the processor, read and
 * deleted by the aggregator, through the two halves of one adapter below.
 */
export interface DirtyMarkItem {
  /** `TENANT#<tenant_id>` */
  pk: string;
  /** `DAY#<YYYY-MM-DD>` */
  sk: string;
  tenant_id: string;
  day: string;
  /** Bumped by every mark, so the aggregator can tell a mark set while it ran. */
  version: number;
  marked_at: string;
}

/** One (tenant, UTC day) the processor wrote to since the last run, with its mark's version. */
export interface DirtyMark extends Partition {
  version: number;
}

/** The key of the mark of one partition. */
export function dirtyMarkKey({ tenantId, day }: Partition): Pick<DirtyMarkItem, 'pk' | 'sk'> {
  return { pk: `TENANT#${tenantId}`, sk: `DAY#${day}` };
}

/** Port of the processor: tells the aggregator which partitions have new rows. */
export interface DirtyPartitionMarker {
  markDirty(partition: Partition, at: Date): Promise<void>;
}

/** Port of the aggregator: the marks, as it reads and clears them. */
export interface DirtyMarkStore {
  listMarks(): Promise<DirtyMark[]>;
  /**
   * Deletes the mark only if its version is still `mark.version`; returns false when a newer
   * mark was set meanwhile (the day is dirty again and stays for the next run).
   */
  clearMark(mark: DirtyMark): Promise<boolean>;
}

/**
 * The processor's side of the dirty-partitions table: every mark bumps `version`. A separate class
 * from the reader's, in this module beside the item's key and shape, so the processor's bundle
 * carries (and its IAM role allows) only `UpdateItem`.
 */
export class DynamoDbDirtyMarker implements DirtyPartitionMarker {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async markDirty(partition: Partition, at: Date): Promise<void> {
    const { tenantId, day } = partition;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: dirtyMarkKey(partition),
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

/**
 * The aggregator's side: it scans the marks and deletes one only if its version is the one the run
 * read (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html),
 * so a mark set while a run was querying survives for the next run.
 */
export class DynamoDbDirtyMarkStore implements DirtyMarkStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async listMarks(): Promise<DirtyMark[]> {
    const marks: DirtyMark[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        // The table only ever holds what is dirty now: small, so a consistent scan is cheap.
        const res = await this.doc.send(new ScanCommand({ TableName: this.table, ConsistentRead: true, ExclusiveStartKey: start }));
        for (const item of (res.Items ?? []) as DirtyMarkItem[]) {
          marks.push({ tenantId: item.tenant_id, day: item.day, version: Number(item.version) });
        }
        start = res.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new TransientError(`reading dirty marks from ${this.table} failed: ${(error as Error).name}`, { cause: error });
    }
    return marks;
  }

  async clearMark(mark: DirtyMark): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: dirtyMarkKey(mark),
          ConditionExpression: '#v = :seen',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':seen': mark.version },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return false;
      throw new TransientError(`clearing mark ${mark.tenantId}/${mark.day} failed: ${(error as Error).name}`, { cause: error });
    }
  }
}
