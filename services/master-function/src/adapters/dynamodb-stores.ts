import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putSubmissionOnce, type FormSubmissionItem, type PutSubmissionOutcome } from '@picasso/shared';
import type { AuditEntry } from '../ports';

type Doc = Pick<DynamoDBDocumentClient, 'send'>;

/** The audit table (`audit_id` + `timestamp`): who got or gave up a session token; no token, no PII. */
export class DynamoDbSessionAudit {
  constructor(
    private readonly doc: Doc,
    private readonly tableName: string,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { audit_id: randomUUID(), timestamp: entry.at.toISOString(), action: entry.action, tenant_id: entry.tenantId, session_id: entry.sessionId, token_id: entry.tokenId, request_id: entry.requestId },
        ConditionExpression: 'attribute_not_exists(audit_id)',
      }),
    );
  }
}

/**
 * A fixed-window counter per session and minute: one atomic `ADD` with a condition, so concurrent
 * execution environments share the budget. The item expires (TTL) two minutes after its window.
 */
export class DynamoDbSessionRateLimiter {
  constructor(
    private readonly doc: Doc,
    private readonly tableName: string,
    private readonly perMinute: number,
  ) {}

  async take(sessionId: string, now: Date): Promise<boolean> {
    const window = Math.floor(now.getTime() / 60_000);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { conversation_id: `RATE#${sessionId}#${window}` },
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'request_count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':limit': this.perMinute, ':ttl': (window + 2) * 60 },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** The submissions table through the shared item shape and conditional put. */
export class DynamoDbSubmissions {
  constructor(
    private readonly doc: Doc,
    private readonly tableName: string,
  ) {}

  putOnce(item: FormSubmissionItem): Promise<PutSubmissionOutcome> {
    return putSubmissionOnce(this.doc, this.tableName, item);
  }
}
