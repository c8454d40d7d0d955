import type { ChatSettingsSource, TenantChatSettings } from '@picasso/shared';
import { AuthenticationError, ForbiddenError } from '@picasso/shared';
import { chatSessionOf, CHAT_SCOPE, requireScope, type Principal } from '@picasso/shared/auth';

export interface TurnRequest {
  tenant: TenantChatSettings;
  sessionId: string;
  question: string;
  stepNumber: number;
}

export type Admission = { ok: true; turn: TurnRequest } | { ok: false; statusCode: number; reason: string; message: string; headers?: Record<string, string> };

export interface AdmissionPorts {
  authenticate(authorization: string | undefined): Promise<Principal>;
  settings: ChatSettingsSource;
}

/**
 * Decides, before any byte is streamed, whether a request may start a turn: POST, a body within
 * the cap, `{ "message": <text>, "step_number"?: n }`, a valid unrevoked chat token whose tenant
 * has a configuration. Every refusal names its reason (a JSON 4xx, not a stream).
 */
export async function admitTurn(
  request: { method: string; headers: Record<string, string | undefined>; body: string | undefined },
  ports: AdmissionPorts,
  limits: { maxBodyBytes: number; maxQuestionChars: number },
): Promise<Admission> {
  const refuse = (statusCode: number, reason: string, message: string, headers?: Record<string, string>): Admission => ({ ok: false, statusCode, reason, message, ...(headers ? { headers } : {}) });
  if (request.method !== 'POST') return refuse(405, 'method_not_allowed', 'POST a JSON body {"message": "..."}', { Allow: 'POST' });
  if (request.body !== undefined && Buffer.byteLength(request.body, 'utf8') > limits.maxBodyBytes) return refuse(413, 'body_too_large', `request body is over ${limits.maxBodyBytes} bytes`);
  let principal: Principal;
  try {
    principal = await ports.authenticate(request.headers.authorization);
    requireScope(principal, CHAT_SCOPE);
  } catch (error) {
    if (error instanceof AuthenticationError) return refuse(401, 'unauthorized', error.message, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    if (error instanceof ForbiddenError) return refuse(403, 'forbidden', error.message);
    throw error;
  }
  const sessionId = chatSessionOf(principal.subject);
  if (!sessionId) return refuse(401, 'unauthorized', 'token is not a chat session token');
  let body: { message?: unknown; step_number?: unknown };
  try {
    body = JSON.parse(request.body ?? '') as typeof body;
  } catch {
    return refuse(400, 'invalid_json', 'body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null) return refuse(400, 'invalid_body', 'body must be a JSON object');
  const question = typeof body.message === 'string' ? body.message.trim() : '';
  if (!question) return refuse(400, 'missing_message', 'message must be non-empty text');
  if (Array.from(question).length > limits.maxQuestionChars) return refuse(400, 'message_too_long', `message is longer than ${limits.maxQuestionChars} characters`);
  const stepNumber = Number.isInteger(body.step_number) && (body.step_number as number) >= 0 && (body.step_number as number) < 100_000 ? (body.step_number as number) : 0;
  const tenant = await ports.settings.byTenantId(principal.tenantId);
  if (!tenant) return refuse(403, 'forbidden', 'the token names a tenant that has no configuration');
  return { ok: true, turn: { tenant, sessionId, question, stepNumber } };
}
