import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { SCOPES } from './token-verifier';

/**
 * Local development auth settings, shared by `make dev` (the API's environment) and `make token`
 * (which signs with them). Never used in AWS: there the secret comes from SSM and the issuer and
 * audience from Terraform.
 */
export const LOCAL_DEV_AUTH = {
  issuer: 'https://auth.picasso.local',
  audience: 'picasso-analytics-dashboard',
  /** Override with `JWT_SECRET` in both processes. ≥ 32 bytes (HS256). */
  secret: 'local-dev-secret-change-me-0123456789',
} as const;

export interface TokenRequest {
  tenantId: string;
  tenantHash: string;
  subject?: string;
  pii?: boolean;
  secret: string;
  issuer: string;
  audience: string;
  /** Default 12 h. */
  lifetimeSeconds?: number;
  now?: Date;
}

/** Signs a dashboard token (HS256) with this API's claims: tenant, scopes, `sub`, `jti`. */
export async function signDashboardToken(request: TokenRequest): Promise<string> {
  const now = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const scopes: string[] = [SCOPES.analyticsRead, ...(request.pii ? [SCOPES.piiRead] : [])];
  return new SignJWT({ tenant_id: request.tenantId, tenant_hash: request.tenantHash, scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.subject ?? `dev:${request.tenantHash}`)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (request.lifetimeSeconds ?? 12 * 3600))
    .sign(new TextEncoder().encode(request.secret));
}
