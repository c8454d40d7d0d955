import { randomUUID } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** One audit record of a PII read: who, which tenant, what route, how many rows. Never the rows. */
export interface PiiReadAudit {
  subject: string;
  tenantId: string;
  route: string;
  count: number;
  requestId: string;
  period: { start_date: string; end_date: string };
  tokenId: string | undefined;
  at: Date;
}

/** Port: the audit trail. */
export interface AuditTrail {
  recordPiiRead(entry: PiiReadAudit): Promise<void>;
}

/**
 * The audit table (`audit_id` + `timestamp`): one item per PII read, without the PII. Written by
 * every API that returns form values (dashboard API, legacy analytics function).
 */
export class DynamoDbAuditTrail implements AuditTrail {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async recordPiiRead(entry: PiiReadAudit): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          audit_id: randomUUID(),
          timestamp: entry.at.toISOString(),
          action: 'pii_read',
          subject: entry.subject,
          tenant_id: entry.tenantId,
          route: entry.route,
          records_returned: entry.count,
          request_id: entry.requestId,
          period_start: entry.period.start_date,
          period_end: entry.period.end_date,
          ...(entry.tokenId ? { token_id: entry.tokenId } : {}),
        },
        ConditionExpression: 'attribute_not_exists(audit_id)',
      }),
    );
  }
}
