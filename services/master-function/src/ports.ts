import type { ChatSettingsSource, FormSubmissionItem, PutSubmissionOutcome } from '@picasso/shared';
import type { Principal, SignedChatToken, TokenRevoker } from '@picasso/shared/auth';

/** Everything the master function's domain needs from the outside world. */
export interface MasterPorts {
  settings: ChatSettingsSource;
  /** Verifies a bearer header (signature, claims, blacklist) into a principal. */
  authenticate(authorization: string | undefined): Promise<Principal>;
  /** Signs a chat token for a new session. */
  issueToken(request: { tenantId: string; tenantHash: string; sessionId: string; now: Date }): Promise<SignedChatToken>;
  revoker: TokenRevoker;
  audit: { record(entry: AuditEntry): Promise<void> };
  /** Takes one unit of a session's budget; false when the budget is spent. */
  rateLimiter: { take(sessionId: string, now: Date): Promise<boolean> };
  submissions: { putOnce(item: FormSubmissionItem): Promise<PutSubmissionOutcome> };
  /** Puts events on the events queue (retrying, spilling what SQS refuses). */
  publish(events: object[]): Promise<void>;
  newId(): string;
  now(): Date;
}

export interface AuditEntry {
  action: 'session_issued' | 'token_revoked';
  tenantId: string;
  sessionId: string;
  tokenId: string;
  at: Date;
  requestId: string;
}

export interface MasterSettings {
  streamingUrl: string;
  environment: string;
  maxBodyBytes: number;
}
