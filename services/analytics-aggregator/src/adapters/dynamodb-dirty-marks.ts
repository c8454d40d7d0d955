import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '@picasso/shared';
import type { DirtyMark, DirtyMarkStore } from '../ports';

/**
 * The processor's marks (`pk = TENANT#<id>`, `sk = DAY#<YYYY-MM-DD>`, `version` bumped by every
 * mark). A mark is deleted only if its version is the one the run read
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html),
 * so a mark set while the run was querying survives for the next run.
 */
export class DynamoDbDirtyMarks implements DirtyMarkStore {
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
        for (const item of res.Items ?? []) {
          marks.push({ tenantId: item.tenant_id as string, day: item.day as string, version: Number(item.version) });
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
          Key: { pk: `TENANT#${mark.tenantId}`, sk: `DAY#${mark.day}` },
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
