import type { ChatSession } from './contract';

/** True when a stored session token is past (or within `skewMs` of) its expiry. */
export function sessionExpired(session: ChatSession, now: number, skewMs = 30_000): boolean {
  const expires = Date.parse(session.expires_at);
  return Number.isNaN(expires) || expires - skewMs <= now;
}
