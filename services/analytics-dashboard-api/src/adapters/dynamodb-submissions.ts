import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SUBMISSIONS_TENANT_TIMESTAMP_INDEX, type FormSubmissionItem } from '@picasso/shared';
import type { FormSubmission, SubmissionCursor, SubmissionStore } from '../submissions/list-submissions';

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

/** The audit trail lives in `@picasso/shared` (every API that returns PII writes the same item). */
export { DynamoDbAuditTrail } from '@picasso/shared/dynamodb';
