import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FormSubmission, SubmissionCursor, SubmissionStore } from '../submissions/list-submissions';

/** The GSI over (tenant_id, submitted_at) (seed: `tenant-timestamp-index`). */
export const TENANT_TIMESTAMP_INDEX = 'tenant-timestamp-index';

/** Form submissions through the tenant-timestamp index, newest first. */
export class DynamoDbSubmissionStore implements SubmissionStore {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async page(query: { tenantId: string; from: string; to: string; limit: number; startAfter?: SubmissionCursor }): Promise<{ items: FormSubmission[]; last?: SubmissionCursor }> {
    const res = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TENANT_TIMESTAMP_INDEX,
        KeyConditionExpression: 'tenant_id = :tenant AND submitted_at BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':tenant': query.tenantId, ':from': query.from, ':to': query.to },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startAfter ? { ExclusiveStartKey: { ...query.startAfter } } : {}),
      }),
    );
    const items = (res.Items ?? []).map((i) => ({
      submission_id: String(i.submission_id),
      form_id: String(i.form_id ?? ''),
      form_title: String(i.form_title ?? ''),
      submitted_at: String(i.submitted_at),
      ...(i.session_id !== undefined ? { session_id: String(i.session_id) } : {}),
      form_data: (i.form_data as Record<string, unknown> | undefined) ?? {},
    }));
    const lek = res.LastEvaluatedKey;
    // DynamoDB may return a key after a full page with nothing behind it: the next page is then empty.
    return lek ? { items, last: { submission_id: String(lek.submission_id), tenant_id: String(lek.tenant_id), submitted_at: String(lek.submitted_at) } } : { items };
  }
}

/** The audit trail lives in `@picasso/shared` (every API that returns PII writes the same item). */
export { DynamoDbAuditTrail } from '@picasso/shared/dynamodb';
