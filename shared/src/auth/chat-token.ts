import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbTokenBlacklist } from './token-blacklist';

/** The scope of a widget chat session token. */
export const CHAT_SCOPE = 'chat';

export interface ChatTokenRequest {
  tenantId: string;
  tenantHash: string;
  sessionId: string;
  issuer: string;
  /** The chat path's audience (master function and streaming handler), never the dashboard's. */
  audience: string;
  lifetimeSeconds: number;
  now: Date;
  tokenId?: string;
}

export interface SignedChatToken {
  token: string;
  tokenId: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * Signs a short-lived chat session token (HS256): `tenant_id`, `tenant_hash`, `session_id`,
 * scope `chat`, `jti`, `iat`, `exp`. `sub` is the session so the shared verifier's required
 * claims hold.
 */
export async function signChatToken(request: ChatTokenRequest, key: Uint8Array): Promise<SignedChatToken> {
  const issuedAt = Math.floor(request.now.getTime() / 1000);
  const expiresAt = issuedAt + request.lifetimeSeconds;
  const tokenId = request.tokenId ?? randomUUID();
  const token = await new SignJWT({ tenant_id: request.tenantId, tenant_hash: request.tenantHash, session_id: request.sessionId, scope: CHAT_SCOPE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(`session:${request.sessionId}`)
    .setJti(tokenId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key);
  return { token, tokenId, issuedAt, expiresAt };
}

/** The session id a chat token's `sub` carries (`session:<id>`), or undefined. */
export function chatSessionOf(subject: string): string | undefined {
  return subject.startsWith('session:') && subject.length > 'session:'.length ? subject.slice('session:'.length) : undefined;
}

/** Port: puts a token on the blacklist until it can no longer verify. */
export interface TokenRevoker {
  revoke(rawToken: string, tokenId: string | undefined, expiresAt: number): Promise<void>;
}

/**
 * The master function's `TokenRevoker` over the one blacklist writer
 * (`DynamoDbTokenBlacklist.revoke`, docs/decisions.md §30): same key as every reader, `ttl` past
 * `exp` by the verifiers' clock tolerance and a margin.
 */
export class DynamoDbTokenRevoker implements TokenRevoker {
  private readonly blacklist: DynamoDbTokenBlacklist;

  constructor(
    doc: Pick<DynamoDBDocumentClient, 'send'>,
    tableName: string,
    private readonly clockToleranceSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.blacklist = new DynamoDbTokenBlacklist(doc, tableName);
  }

  async revoke(rawToken: string, tokenId: string | undefined, expiresAt: number): Promise<void> {
    await this.blacklist.revoke({ token: rawToken, tokenId, expiresAt }, { clockToleranceSeconds: this.clockToleranceSeconds, now: this.now() });
  }
}
