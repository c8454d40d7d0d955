import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FormSubmission } from '@picasso/shared/metrics';

/** The submissions table's GSI over (`tenant_id`, `submitted_at`) (seed: `tenant-timestamp-index`). */
const TENANT_TIMESTAMP_INDEX = 'tenant-timestamp-index';

/** Port: a tenant's submissions with `submitted_at` in [from, to], newest first, at most `limit`. */
export interface SubmissionReader {
  list(query: { tenantId: string; from: string; to: string; limit: number }): Promise<{ submissions: FormSubmission[]; truncated: boolean }>;
}

/** Reads through the tenant-timestamp index, page after page, up to `limit` + 1 (to tell truncation). */
export class DynamoDbSubmissionReader implements SubmissionReader {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly table: string,
  ) {}

  async list(query: { tenantId: string; from: string; to: string; limit: number }): Promise<{ submissions: FormSubmission[]; truncated: boolean }> {
    const out: FormSubmission[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: TENANT_TIMESTAMP_INDEX,
          KeyConditionExpression: 'tenant_id = :tenant AND submitted_at BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':tenant': query.tenantId, ':from': query.from, ':to': query.to },
          ScanIndexForward: false,
          Limit: query.limit + 1 - out.length,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of res.Items ?? []) {
        out.push({
          submission_id: String(i.submission_id),
          form_id: String(i.form_id ?? ''),
          form_title: String(i.form_title ?? ''),
          submitted_at: String(i.submitted_at),
          ...(i.session_id !== undefined ? { session_id: String(i.session_id) } : {}),
          form_data: (i.form_data as Record<string, unknown> | undefined) ?? {},
        });
      }
      start = res.LastEvaluatedKey;
    } while (start && out.length <= query.limit);
    return { submissions: out.slice(0, query.limit), truncated: out.length > query.limit };
  }
}
