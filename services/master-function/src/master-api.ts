import { AuthenticationError, ForbiddenError, ValidationError, type TenantChatSettings } from '@picasso/shared';
import { chatSessionOf, CHAT_SCOPE, requireScope, type Principal } from '@picasso/shared/auth';
import { validateFormValues } from './form-validation';
import { HttpError } from './http-error';
import type { MasterPorts, MasterSettings } from './ports';
import { buildWidgetEvents, formCompletedEvent, type SessionIdentity } from './widget-events';

export interface MasterRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-cased names (Function URL events deliver them so). */
  headers: Record<string, string | undefined>;
  body: string | undefined;
  requestId: string;
}

export interface MasterResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Set on refusals: the reason, for the log line and the metric. */
  refusal?: string;
}

const ROUTES: Record<string, string[]> = {
  '/config': ['GET'],
  '/session': ['POST'],
  '/revoke': ['POST'],
  '/events': ['POST'],
  '/form_submission': ['POST'],
};

const SUBMISSION_ID = /^[A-Za-z0-9_-]{8,128}$/;
const TENANT_HASH = /^[a-z0-9]{4,64}$/;

/**
 * The master function's routes. Every refusal is a 4xx naming its reason; CORS headers are
 * added only for an origin the tenant allows (a request from any other origin is refused).
 */
export async function handleMasterRequest(req: MasterRequest, ports: MasterPorts, settings: MasterSettings): Promise<MasterResponse> {
  const origin = req.headers.origin;
  try {
    const methods = ROUTES[req.path];
    if (!methods) throw new HttpError(404, 'route_not_found', `no route ${req.path}; routes: ${Object.keys(ROUTES).join(', ')}`);
    // Preflight carries no token, so it cannot name a tenant: it reveals nothing and the real request is checked.
    if (req.method === 'OPTIONS') return { statusCode: 204, headers: origin ? preflightHeaders(origin, methods) : {} };
    if (!methods.includes(req.method)) throw new HttpError(405, 'method_not_allowed', `${req.path} accepts ${methods.join(', ')}`);
    if (req.body !== undefined && Buffer.byteLength(req.body, 'utf8') > settings.maxBodyBytes) throw new HttpError(413, 'body_too_large', `request body is over ${settings.maxBodyBytes} bytes`);

    if (req.path === '/config') {
      const tenant = await tenantByHash(req.query.t, ports);
      return ok(200, publicWidgetConfig(tenant, settings.streamingUrl), corsFor(tenant, origin));
    }
    if (req.path === '/session') {
      const body = parseBody(req.body, true);
      const tenant = await tenantByHash((body.t as string | undefined) ?? req.query.t, ports);
      const cors = corsFor(tenant, origin);
      const now = ports.now();
      const sessionId = ports.newId();
      const signed = await ports.issueToken({ tenantId: tenant.tenantId, tenantHash: tenant.tenantHash, sessionId, now });
      await ports.audit.record({ action: 'session_issued', tenantId: tenant.tenantId, sessionId, tokenId: signed.tokenId, at: now, requestId: req.requestId });
      return ok(201, { token: signed.token, session_id: sessionId, expires_at: new Date(signed.expiresAt * 1000).toISOString(), streaming_url: settings.streamingUrl }, { ...cors, 'Cache-Control': 'no-store' });
    }

    const principal = await ports.authenticate(req.headers.authorization);
    requireScope(principal, CHAT_SCOPE);
    const who = identityOf(principal);
    const tenant = await ports.settings.byTenantId(who.tenantId);
    if (!tenant) throw new ForbiddenError('the token names a tenant that has no configuration');
    const cors = corsFor(tenant, origin);

    if (req.path === '/revoke') {
      const raw = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')![1]!;
      await ports.revoker.revoke(raw, principal.tokenId, principal.expiresAt);
      await ports.audit.record({ action: 'token_revoked', tenantId: who.tenantId, sessionId: who.sessionId, tokenId: principal.tokenId ?? '', at: ports.now(), requestId: req.requestId });
      return ok(200, { revoked: true }, cors);
    }
    if (req.path === '/events') {
      const events = buildWidgetEvents(parseBody(req.body), who, { now: ports.now(), environment: settings.environment, newId: ports.newId });
      for (let i = 0; i < events.length; i += 1) {
        if (!(await ports.rateLimiter.take(who.sessionId, ports.now()))) throw new HttpError(429, 'rate_limited', 'this session sent too many events; retry in a minute');
      }
      await ports.publish(events);
      return ok(202, { accepted: events.length }, cors);
    }
    return await submitForm(parseBody(req.body), tenant, who, ports, settings, cors);
  } catch (error) {
    return refusal(error, origin);
  }
}

async function submitForm(body: Record<string, unknown>, tenant: TenantChatSettings, who: SessionIdentity, ports: MasterPorts, settings: MasterSettings, cors: Record<string, string>): Promise<MasterResponse> {
  const submissionId = body.submission_id;
  if (typeof submissionId !== 'string' || !SUBMISSION_ID.test(submissionId)) throw new HttpError(400, 'invalid_submission_id', 'submission_id must be 8-128 characters of A-Z a-z 0-9 _ - (a UUID generated by the widget)');
  const form = tenant.forms.find((f) => f.form_id === body.form_id);
  if (!form) throw new HttpError(400, 'unknown_form', `form_id must be one of this tenant's forms: ${tenant.forms.map((f) => f.form_id).join(', ')}`);
  const checked = validateFormValues(form, body.values);
  if (!checked.ok) throw new HttpError(400, 'invalid_form_values', checked.problems.map((p) => `${p.field} ${p.problem}`).join('; '));
  const duration = typeof body.duration_seconds === 'number' && body.duration_seconds >= 0 ? body.duration_seconds : undefined;
  const now = ports.now();
  const outcome = await ports.submissions.putOnce({
    submission_id: submissionId,
    tenant_id: who.tenantId,
    form_id: form.form_id,
    form_title: form.title,
    submitted_at: now.toISOString(),
    session_id: who.sessionId,
    form_data: checked.values,
  });
  // Emitted on a duplicate too: the first call may have stored the item and failed before publishing;
  // the event id derives from the submission id, so the pipeline counts it once either way.
  await ports.publish([formCompletedEvent({ submissionId, formId: form.form_id, formTitle: form.title, fieldsCompleted: Object.keys(checked.values).length, durationSeconds: duration }, who, { now, environment: settings.environment })]);
  return ok(outcome === 'created' ? 201 : 200, { submission_id: submissionId, duplicate: outcome === 'duplicate' }, cors);
}

/** What any visitor may see of a tenant: no prompt, model or Knowledge Base. */
export function publicWidgetConfig(tenant: TenantChatSettings, streamingUrl: string) {
  return {
    tenant_hash: tenant.tenantHash,
    name: tenant.name,
    greeting: tenant.greeting,
    streaming_url: streamingUrl,
    forms: tenant.forms.map((f) => ({ form_id: f.form_id, title: f.title, fields: f.fields.map((x) => ({ name: x.name, label: x.label, type: x.type, required: x.required, max_length: x.maxLength })) })),
  };
}

async function tenantByHash(hash: string | undefined, ports: MasterPorts): Promise<TenantChatSettings> {
  if (!hash) throw new HttpError(400, 'missing_tenant', 'the tenant hash t is required');
  if (!TENANT_HASH.test(hash)) throw new HttpError(400, 'invalid_tenant', 't must be 4-64 lowercase letters and digits');
  const tenant = await ports.settings.byTenantHash(hash);
  if (!tenant) throw new HttpError(404, 'unknown_tenant', `no tenant ${hash}`);
  return tenant;
}

function identityOf(principal: Principal): SessionIdentity {
  const sessionId = chatSessionOf(principal.subject);
  if (!sessionId) throw new AuthenticationError('token is not a chat session token');
  return { tenantId: principal.tenantId, tenantHash: principal.tenantHash, sessionId };
}

function parseBody(body: string | undefined, optional = false): Record<string, unknown> {
  if (body === undefined || body === '') {
    if (optional) return {};
    throw new HttpError(400, 'missing_body', 'a JSON body is required');
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'invalid_body', 'body must be a JSON object');
  return value as Record<string, unknown>;
}

/** CORS for a browser origin the tenant lists; any other browser origin is refused (403). */
function corsFor(tenant: TenantChatSettings, origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  if (!tenant.allowedOrigins.includes(origin)) throw new HttpError(403, 'origin_not_allowed', `origin ${origin.slice(0, 200)} is not allowed for this tenant`);
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

function preflightHeaders(origin: string, methods: string[]): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '), 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '600', Vary: 'Origin' };
}

function ok(statusCode: number, body: unknown, headers: Record<string, string>): MasterResponse {
  return { statusCode, headers: { 'Content-Type': 'application/json', ...headers }, body };
}

function refusal(error: unknown, origin: string | undefined): MasterResponse {
  const [status, reason, message, extra]: [number, string, string, Record<string, string>] =
    error instanceof HttpError
      ? [error.statusCode, error.reason, error.message, {}]
      : error instanceof AuthenticationError
        ? [401, 'unauthorized', error.message, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }]
        : error instanceof ForbiddenError
          ? [403, 'forbidden', error.message, {}]
          : error instanceof ValidationError
            ? [400, 'bad_request', error.message, {}]
            : [0, '', '', {}];
  if (status === 0) throw error;
  // A refusal to a browser still names its reason to the page: echo the origin (the body reveals no tenant data).
  const cors: Record<string, string> = origin && reason !== 'origin_not_allowed' ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
  return { statusCode: status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...extra, ...cors }, body: { error: reason, message }, refusal: reason };
}
