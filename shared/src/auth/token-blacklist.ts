import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransientError } from '../errors';

/** Port: is this token revoked? */
export interface TokenBlacklist {
  isRevoked(tokenHash: string, now: Date): Promise<boolean>;
}

/** What revoking needs to know about a verified token. */
export interface RevokedToken {
  /** The raw token (its hash is the key when it has no `jti`). */
  token: string;
  tokenId: string | undefined;
  /** The token's `exp`, epoch seconds. */
  expiresAt: number;
}

/**
 * Seconds a blacklist item outlives `exp` + the verifiers' clock tolerance: covers a verifier whose
 * clock runs behind DynamoDB's writer and the writer's own rounding.
 */
export const REVOCATION_TTL_MARGIN_SECONDS = 300;

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
 * The blacklist item's `ttl`: verifiers accept a token until `exp` + their clock tolerance, so
 * an item that expired at `exp` would let a revoked token back in for that window. It must live
 * at least until every verifier refuses the token on `exp` alone.
 */
export function revocationTtl(expiresAt: number, clockToleranceSeconds: number): number {
  return Math.ceil(expiresAt) + clockToleranceSeconds + REVOCATION_TTL_MARGIN_SECONDS;
}

/**
 * The token blacklist table (`token_hash` → `ttl`). The one writer (`revoke`, used by the master
 * function's `POST /revoke`) and the reader (every HTTP entry) live here so they agree on key and
 * TTL. DynamoDB deletes expired items up to days late, so the reader counts an item only while
 * now < `ttl` (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
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
    // An item without a readable ttl fails closed: it counts.
    return !Number.isFinite(ttl) || now.getTime() / 1000 < ttl;
  }

  /**
   * Revokes a token until it can no longer verify anywhere: `ttl` = `exp` + the verifiers' clock
   * tolerance + `REVOCATION_TTL_MARGIN_SECONDS`.
   */
  async revoke(revoked: RevokedToken, options: { clockToleranceSeconds: number; now: Date }): Promise<{ tokenHash: string; ttl: number }> {
    const tokenHash = revocationKey(revoked.token, revoked.tokenId);
    const ttl = revocationTtl(revoked.expiresAt, options.clockToleranceSeconds);
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { token_hash: tokenHash, ttl, revoked_at: options.now.toISOString() } }));
    } catch (error) {
      throw new TransientError(`could not revoke the token in ${this.tableName}: ${(error as Error).name}`, { cause: error });
    }
    return { tokenHash, ttl };
  }
}
