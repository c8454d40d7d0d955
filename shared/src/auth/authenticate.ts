import { AuthenticationError, ForbiddenError } from '../errors';
import { revocationKey, type TokenBlacklist } from './token-blacklist';
import type { Principal, TokenVerifier } from './token-verifier';

// RFC 6750 §2.1: "Bearer" then the token (JWS compact serialisation: three base64url parts).
const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

export interface AuthenticatorPorts {
  verifier: TokenVerifier;
  blacklist: TokenBlacklist;
  now: () => Date;
}

/**
 * Authenticates a request from its `Authorization` header: the token must verify and must not
 * be revoked. The blacklist is read only for tokens that verified, so garbage costs no read.
 */
export async function authenticate(authorization: string | undefined, ports: AuthenticatorPorts): Promise<Principal> {
  if (!authorization) throw new AuthenticationError('missing bearer token');
  const match = BEARER.exec(authorization.trim());
  if (!match) throw new AuthenticationError('authorization header must be "Bearer <token>"');
  const token = match[1]!;
  const principal = await ports.verifier.verify(token);
  if (await ports.blacklist.isRevoked(revocationKey(token, principal.tokenId), ports.now())) throw new AuthenticationError('token has been revoked');
  return principal;
}

/**
 * The tenant comes from the token only. A `tenant_id` / `tenant_hash` query parameter is
 * tolerated when it names the token's own tenant (old dashboard links carry it) and refused otherwise.
 */
export function assertOwnTenant(principal: Principal, query: Record<string, string | undefined>): void {
  const asked = [
    ['tenant_id', query.tenant_id, principal.tenantId],
    ['tenant_hash', query.tenant_hash, principal.tenantHash],
  ] as const;
  for (const [name, value, own] of asked) {
    if (value !== undefined && value !== own) throw new ForbiddenError(`${name} does not match the token's tenant; a token reads only its own tenant`);
  }
}

/** Refuses a principal without `scope`. */
export function requireScope(principal: Principal, scope: string): void {
  if (!principal.scopes.has(scope)) throw new ForbiddenError(`this route needs the ${scope} scope`);
}
