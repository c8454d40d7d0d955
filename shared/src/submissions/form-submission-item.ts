import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The submissions table's GSI over (`tenant_id`, `submitted_at`) (seed: `tenant-timestamp-index`). */
export const SUBMISSIONS_TENANT_TIMESTAMP_INDEX = 'tenant-timestamp-index';

/**
 * The one item shape of the form submissions table (PII, KMS-encrypted): written by the master
 * function and the traffic generator, read by the dashboard API through
 * `tenant-timestamp-index`. `submitted_at` is UTC ISO 8601 so the range key sorts by time.
 */
export interface FormSubmissionItem {
  submission_id: string;
  tenant_id: string;
  form_id: string;
  form_title: string;
  submitted_at: string;
  session_id: string;
  /** The visitor's answers: only ever in this table, never in an event, a log or the lake. */
  form_data: Record<string, string>;
}

export type PutSubmissionOutcome = 'created' | 'duplicate';

/**
 * Puts a submission once: a conditional put on `submission_id`, so a client retrying the same
 * submission id stores nothing twice ('duplicate' tells the caller not to emit its event again).
 */
export async function putSubmissionOnce(doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, item: FormSubmissionItem): Promise<PutSubmissionOutcome> {
  try {
    await doc.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(submission_id)' }));
    return 'created';
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'duplicate';
    throw error;
  }
}
