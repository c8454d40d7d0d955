import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionTurnRecord } from '../ports';

/** Session items live this long after their last turn (the table's TTL attribute is `ttl`). */
const SESSION_RETENTION_SECONDS = 90 * 24 * 3600;

/**
 * The session item in the conversations table (`conversation_id` = session id): counts and the
 * last turn's outcome, updated atomically per turn. No message text is stored here.
 */
export async function recordSessionTurn(doc: Pick<DynamoDBDocumentClient, 'send'>, tableName: string, record: SessionTurnRecord): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { conversation_id: record.sessionId },
      UpdateExpression: 'SET tenant_id = :tenant, last_message_id = :msg, last_turn_at = :at, last_outcome = :outcome, #ttl = :ttl, started_at = if_not_exists(started_at, :at) ADD turn_count :one, #outcomeCount :one',
      ExpressionAttributeNames: { '#ttl': 'ttl', '#outcomeCount': `${record.outcome}_count` },
      ExpressionAttributeValues: { ':tenant': record.tenantId, ':msg': record.messageId, ':at': record.at.toISOString(), ':outcome': record.outcome, ':ttl': Math.floor(record.at.getTime() / 1000) + SESSION_RETENTION_SECONDS, ':one': 1 },
    }),
  );
}
