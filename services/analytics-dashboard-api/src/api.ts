import type { DataSource, MetricEnvelope, MetricType, SubmissionsPage } from '@picasso/shared/api-contract';
import { assertOwnTenant, authenticate, type AuthenticatorPorts, requireScope, SCOPES } from '@picasso/shared/auth';
import { serveMetric, type MetricServicePorts } from './metrics/serve-metric';
import { CSV_MEDIA_TYPE } from '@picasso/shared/csv';
import { parseExportFormat, parsePage, parseRange, rangeField, resolvePeriod, type Query } from './params';
import { matchRoute, ROUTES } from './routes';
import { exportSubmissions } from './submissions/export-submissions';
import { listSubmissions, type AuditTrail, type SubmissionStore } from './submissions/list-submissions';
import type { TenantSettings } from './tenant-settings';

/** An HTTP request as the API sees it (headers lower-cased). */
export interface ApiRequest {
  method: string;
  path: string;
  query: Query;
  headers: Record<string, string | undefined>;
  requestId: string;
}

export interface ApiResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** A JSON body (serialised by the handler). */
  body?: unknown;
  /** A body sent as it is (the CSV export), with its `Content-Type` in `headers`. */
  text?: string;
  /** For metrics and logs: where a metric came from. */
  source?: DataSource;
  metric?: MetricType | 'form_submissions';
}

export interface DashboardApiPorts extends AuthenticatorPorts, MetricServicePorts {
  tenants: TenantSettings;
  submissions: SubmissionStore;
  audit: AuditTrail;
}

// Tenant data must never sit in a shared cache.
const NO_STORE = { 'Cache-Control': 'private, no-store' };

const ageSeconds = (updatedAt: Date, now: Date) => Math.max(0, Math.floor((now.getTime() - updatedAt.getTime()) / 1000));

/**
 * The API: route → authenticate → authorise (scope, own tenant) → parse → answer. Errors are
 * thrown (`ValidationError`, `AuthenticationError`, …) and turned into responses by the
 * error-mapping middleware, so every refusal has the same shape.
 */
export async function handleApiRequest(request: ApiRequest, ports: DashboardApiPorts): Promise<ApiResponse> {
  // CORS preflight of a known route: answered without a token (browsers send none); the CORS
  // middleware adds the Access-Control-* headers.
  if (request.method === 'OPTIONS' && ROUTES.has(request.path)) return { statusCode: 204 };
  const route = matchRoute(request.method, request.path);

  const principal = await authenticate(request.headers.authorization, ports);
  requireScope(principal, SCOPES.analyticsRead);
  assertOwnTenant(principal, request.query);
  const range = parseRange(request.query);

  if (route.kind === 'submissions') {
    requireScope(principal, SCOPES.piiRead);
    // `format=csv` exports the whole range as one file; JSON reads one page.
    const page = parseExportFormat(request.query) === 'json' ? parsePage(request.query) : undefined;
    const tenant = await ports.tenants.configOf(principal.tenantId);
    const now = ports.now();
    const period = resolvePeriod(range, tenant.timezone, now);
    if (!page) {
      const file = await exportSubmissions(
        { tenantId: principal.tenantId, subject: principal.subject, tokenId: principal.tokenId, period, timeZone: tenant.timezone, requestId: request.requestId },
        { store: ports.submissions, audit: ports.audit, now: ports.now },
      );
      return {
        statusCode: 200,
        headers: { ...NO_STORE, 'Content-Type': CSV_MEDIA_TYPE, 'Content-Disposition': `attachment; filename="${file.fileName}"` },
        source: 'submissions',
        metric: 'form_submissions',
        text: file.csv,
      };
    }
    const result = await listSubmissions(
      { tenantId: principal.tenantId, subject: principal.subject, tokenId: principal.tokenId, period, timeZone: tenant.timezone, page, route: route.path, requestId: request.requestId },
      { store: ports.submissions, audit: ports.audit, now: ports.now },
    );
    return {
      statusCode: 200,
      headers: NO_STORE,
      source: 'submissions',
      metric: 'form_submissions',
      body: { tenant_id: principal.tenantId, metric: 'form_submissions', range: rangeField(range), period, data: result, source: 'submissions', updated_at: now.toISOString(), age_seconds: 0 } satisfies MetricEnvelope<SubmissionsPage>,
    };
  }

  const tenant = await ports.tenants.configOf(principal.tenantId);
  // The token's tenant keys every read; the config file only lends its calendar.
  const answer = await serveMetric({ tenantId: principal.tenantId, tenant, metric: route.metric, range }, ports);
  return {
    statusCode: 200,
    headers: NO_STORE,
    source: answer.source,
    metric: route.metric,
    body: {
      tenant_id: principal.tenantId,
      metric: route.metric,
      range: rangeField(range),
      period: answer.period,
      data: answer.data,
      source: answer.source,
      updated_at: answer.updatedAt.toISOString(),
      age_seconds: ageSeconds(answer.updatedAt, ports.now()),
    } satisfies MetricEnvelope<unknown>,
  };
}
