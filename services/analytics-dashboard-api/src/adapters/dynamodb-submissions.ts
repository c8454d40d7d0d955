import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SUBMISSIONS_TENANT_TIMESTAMP_INDEX, type FormSubmissionItem } from '@picasso/shared';
import type { AuditTrail, FormSubmission, PiiReadAudit, SubmissionCursor, SubmissionStore } from '../submissions/list-submissions';

/**
 * The API's view of a stored submission (the master function writes `FormSubmissionItem`):
 * its fields by name, so an attribute the writer adds later is not served until it is named here.
 */
function submissionOf(item: FormSubmissionItem): FormSubmission {
  return { submission_id: item.submission_id, form_id: item.form_id, form_title: item.form_title, submitted_at: item.submitted_at, session_id: item.session_id, form_data: item.form_data };
}

/** Form submissions through the tenant-timestamp index (`SUBMISSIONS_TENANT_TIMESTAMP_INDEX`), newest first. */
export class DynamoDbSubmissionStore implements SubmissionStore {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async page(query: { tenantId: string; from: string; to: string; limit: number; startAfter?: SubmissionCursor }): Promise<{ items: FormSubmission[]; last?: SubmissionCursor }> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: SUBMISSIONS_TENANT_TIMESTAMP_INDEX,
        KeyConditionExpression: 'tenant_id = :tenant AND submitted_at BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':tenant': query.tenantId, ':from': query.from, ':to': query.to },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startAfter ? { ExclusiveStartKey: { ...query.startAfter } } : {}),
      }),
    );
    const items = ((res.Items ?? []) as FormSubmissionItem[]).map(submissionOf);
    const lek = res.LastEvaluatedKey as Pick<FormSubmissionItem, keyof SubmissionCursor> | undefined;
    // DynamoDB may return a key after a full page with nothing behind it: the next page is then empty.
    return lek ? { items, last: { submission_id: lek.submission_id, tenant_id: lek.tenant_id, submitted_at: lek.submitted_at } } : { items };
  }
}

/** The audit table (`audit_id` + `timestamp`): one item per PII read, without the PII. */
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
