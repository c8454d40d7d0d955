import type { AuditTrail } from '@picasso/shared/dynamodb';
import { AuthenticationError, PicassoError } from '@picasso/shared/errors';
import { localTime, type FormSubmission } from '@picasso/shared/metrics';
import type { TenantConfig } from '@picasso/shared/tenants';
import { assertOwnTenant, authenticate, requireScope, SCOPES, type AuthenticatorPorts, type Principal } from '@picasso/shared/auth';
import { localDayWindow } from '@picasso/shared/legacy';
import type { ApiKeyAuthenticator } from './adapters/dynamodb-api-keys';
import type { SubmissionReader } from './adapters/dynamodb-submissions';
import { answerAnalytics, parsePeriod, type AnalyticsAnswer, type AnalyticsPorts } from './legacy-analytics';
import type { TenantSettings } from './ports';

export const ROUTE = '/analytics';
/** Submissions returned at most with one answer (newest first); `submissions.truncated` says when there were more. */
export const MAX_SUBMISSIONS = 500;

export class RouteNotFoundError extends PicassoError {
  override name = 'RouteNotFoundError';
}
export class MethodNotAllowedError extends PicassoError {
  override name = 'MethodNotAllowedError';
}

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-cased names. */
  headers: Record<string, string | undefined>;
  requestId: string;
}

export interface LegacyApiPorts extends AuthenticatorPorts, AnalyticsPorts {
  apiKeys: ApiKeyAuthenticator;
  tenants: TenantSettings;
  submissions: SubmissionReader;
  audit: AuditTrail;
}

export type LegacyAnswer = AnalyticsAnswer & {
  tenant_hash: string;
  generated_at: string;
  /** Only for a credential with the `pii:read` scope; every such read is audited. */
  submissions?: { items: FormSubmission[]; count: number; truncated: boolean };
};

/** `x-api-key` (the Bubble dashboard's key) or `Authorization: Bearer <JWT>`; never both. */
async function principalOf(request: ApiRequest, ports: LegacyApiPorts): Promise<Principal> {
  const key = request.headers['x-api-key'];
  if (key !== undefined && request.headers.authorization !== undefined) throw new AuthenticationError('send either x-api-key or a bearer token, not both');
  if (key !== undefined) return ports.apiKeys.authenticate(key.trim(), ports.now());
  return authenticate(request.headers.authorization, ports);
}

/**
 * `GET /analytics?tenant_hash=&start_date=&end_date=`: authenticate, authorise (scope, own
 * tenant: a `tenant_hash`/`tenant_id` naming another tenant is 403), answer from the three tiers,
 * and for a PII-scoped credential add the period's submissions after auditing the read.
 */
export async function handleLegacyRequest(request: ApiRequest, ports: LegacyApiPorts): Promise<{ answer: LegacyAnswer; principal: Principal }> {
  const path = request.path.length > 1 ? request.path.replace(/\/$/, '') : request.path;
  if (path !== ROUTE) throw new RouteNotFoundError(`no route ${JSON.stringify(request.path.slice(0, 200))}`);
  if (request.method !== 'GET') throw new MethodNotAllowedError(`${ROUTE} answers GET only`);
  const principal = await principalOf(request, ports);
  requireScope(principal, SCOPES.analyticsRead);
  assertOwnTenant(principal, request.query);
  const tenant: TenantConfig = await ports.tenants.configOf(principal.tenantId);
  const now = ports.now();
  const period = parsePeriod(request.query, localTime(now.getTime(), tenant.timezone).date);
  const answer = await answerAnalytics({ tenantId: principal.tenantId, tenant, period, now }, ports);
  const out: LegacyAnswer = { ...answer, tenant_hash: principal.tenantHash, generated_at: now.toISOString() };
  if (principal.scopes.has(SCOPES.piiRead)) {
    // Bounds without fraction or zone compare as strings below every ISO form of the next day's first instant.
    const from = new Date(localDayWindow(period.start_date, tenant.timezone).startMs).toISOString().slice(0, 19);
    const to = new Date(localDayWindow(period.end_date, tenant.timezone).endMs).toISOString().slice(0, 19);
    const { submissions, truncated } = await ports.submissions.list({ tenantId: principal.tenantId, from, to, limit: MAX_SUBMISSIONS });
    // Audited before anything is returned: if the audit write fails, the request fails.
    await ports.audit.recordPiiRead({ subject: principal.subject, tenantId: principal.tenantId, route: ROUTE, count: submissions.length, requestId: request.requestId, period, tokenId: principal.tokenId, at: now });
    out.submissions = { items: submissions, count: submissions.length, truncated };
  }
  return { answer: out, principal };
}
