import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuthenticationError, TransientError } from '@picasso/shared/errors';
import type { Principal } from '@picasso/shared/auth';
import { apiKeyItemKey, hashApiKey, type ApiKeyItem } from '@picasso/shared/legacy';

/** Port: the principal of a legacy API key; `AuthenticationError` when unknown, revoked or expired. */
export interface ApiKeyAuthenticator {
  authenticate(rawKey: string, now: Date): Promise<Principal>;
}

/** Keys in the daily aggregates table (`pk = APIKEY#<sha256>`, `sk = APIKEY`; `@picasso/shared/legacy`). */
export class DynamoDbApiKeys implements ApiKeyAuthenticator {
  constructor(
    private readonly doc: Pick<DynamoDBDocumentClient, 'send'>,
    private readonly table: string,
  ) {}

  async authenticate(rawKey: string, now: Date): Promise<Principal> {
    // Keys are long random strings; anything else is refused without a read.
    if (!/^[A-Za-z0-9_-]{32,128}$/.test(rawKey)) throw new AuthenticationError('malformed API key');
    let item: ApiKeyItem | undefined;
    try {
      item = (await this.doc.send(new GetCommand({ TableName: this.table, Key: apiKeyItemKey(rawKey), ConsistentRead: true }))).Item as ApiKeyItem | undefined;
    } catch (error) {
      // Fails closed: an unreadable key store is a 500, never an accepted key.
      throw new TransientError(`reading the API key failed: ${(error as Error).name}`, { cause: error });
    }
    if (!item || typeof item.tenant_id !== 'string' || !Array.isArray(item.scopes)) throw new AuthenticationError('unknown API key');
    if (item.revoked) throw new AuthenticationError('API key has been revoked');
    if (item.expires_at !== undefined && item.expires_at <= now.getTime() / 1000) throw new AuthenticationError('API key has expired');
    return {
      tenantId: item.tenant_id,
      tenantHash: item.tenant_hash,
      subject: `api-key:${item.label}`,
      scopes: new Set(item.scopes),
      tokenId: hashApiKey(rawKey).slice(0, 16),
      sessionId: undefined,
      issuedAt: item.created_at ?? 0,
      expiresAt: item.expires_at ?? Number.MAX_SAFE_INTEGER,
    };
  }
}
