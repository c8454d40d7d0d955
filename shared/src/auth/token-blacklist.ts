import { createHash } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Port: is this token revoked? */
export interface TokenBlacklist {
  isRevoked(tokenHash: string, now: Date): Promise<boolean>;
}

/**
 * The blacklist key of a token: SHA-256 hex of its `jti` when it has one (so revoking survives
 * re-encoding), else of the raw token. Whoever revokes a token writes this key.
 */
export function revocationKey(rawToken: string, jti: string | undefined): string {
  return createHash('sha256')
    .update(jti ?? rawToken)
    .digest('hex');
}

/**
 * The token blacklist table (`token_hash` → `ttl` = the token's `exp`). DynamoDB deletes expired
 * items up to days late, so an item whose `ttl` has passed is ignored (its token has expired anyway).
 */
export class DynamoDbTokenBlacklist implements TokenBlacklist {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly tableName: string,
  ) {}

  async isRevoked(tokenHash: string, now: Date): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { token_hash: tokenHash }, ProjectionExpression: 'token_hash, #ttl', ExpressionAttributeNames: { '#ttl': 'ttl' } }),
    );
    if (!Item) return false;
    const ttl = Number(Item.ttl);
    return !Number.isFinite(ttl) || ttl > now.getTime() / 1000;
  }
}
