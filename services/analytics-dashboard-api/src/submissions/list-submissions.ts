import { addDays, localMidnightUtcMs, ValidationError, type AuditTrail, type FormSubmission } from '@picasso/shared';
import type { PageRequest, Period } from '../params';

export type { FormSubmission } from '@picasso/shared';

/** Key of the `tenant-timestamp-index` (table key + index key): what a page resumes from. */
export interface SubmissionCursor {
  submission_id: string;
  tenant_id: string;
  submitted_at: string;
}

/** Port: one page of a tenant's submissions, newest first, `submitted_at` within [from, to]. */
export interface SubmissionStore {
  page(query: { tenantId: string; from: string; to: string; limit: number; startAfter?: SubmissionCursor }): Promise<{ items: FormSubmission[]; last?: SubmissionCursor }>;
}

/** The audit trail is shared with every API that returns PII. */
export type { AuditTrail, PiiReadAudit } from '@picasso/shared';

/** `next_token` is the page's last key as base64url JSON: opaque to callers, checked on return. */
export function encodeCursor(cursor: SubmissionCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Reads a `next_token` back. It must decode to exactly a cursor of the caller's tenant inside the
 * asked window; anything else is a 400 (never another tenant's page).
 */
export function decodeCursor(token: string, tenantId: string, window: { from: string; to: string }): SubmissionCursor {
  const invalid = () => new ValidationError('next_token is not valid for this tenant and range');
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid();
  const keys = Object.keys(value).sort().join(',');
  const c = value as Record<string, unknown>;
  if (keys !== 'submission_id,submitted_at,tenant_id' || typeof c.submission_id !== 'string' || typeof c.submitted_at !== 'string') throw invalid();
  if (c.tenant_id !== tenantId) throw invalid();
  if (c.submitted_at < window.from || c.submitted_at > window.to) throw invalid();
  return value as SubmissionCursor;
}

/**
 * The `submitted_at` window of local days `period` in `timeZone`, as key-condition bounds.
 * Bounds are written without fraction or zone (`YYYY-MM-DDTHH:MM:SS`) so that, compared as
 * strings, every ISO form of an in-window instant (`…:05Z`, `…:05.123Z`) falls between them
 * and the next day's first instant does not.
 */
export function submissionWindow(period: Period, timeZone: string): { from: string; to: string } {
  const from = new Date(localMidnightUtcMs(period.start_date, timeZone)).toISOString().slice(0, 19);
  const to = new Date(localMidnightUtcMs(addDays(period.end_date, 1), timeZone)).toISOString().slice(0, 19);
  return { from, to };
}

export interface SubmissionsPage {
  submissions: FormSubmission[];
  count: number;
  next_token: string | null;
}

/**
 * Reads one page of the caller's submissions and audits the read before returning it: if the
 * audit cannot be written, nothing is returned.
 */
export async function listSubmissions(
  input: { tenantId: string; subject: string; tokenId: string | undefined; period: Period; timeZone: string; page: PageRequest; route: string; requestId: string },
  ports: { store: SubmissionStore; audit: AuditTrail; now: () => Date },
): Promise<SubmissionsPage> {
  const window = submissionWindow(input.period, input.timeZone);
  const startAfter = input.page.nextToken === undefined ? undefined : decodeCursor(input.page.nextToken, input.tenantId, window);
  const { items, last } = await ports.store.page({ tenantId: input.tenantId, ...window, limit: input.page.limit, ...(startAfter ? { startAfter } : {}) });
  await ports.audit.recordPiiRead({
    subject: input.subject,
    tenantId: input.tenantId,
    route: input.route,
    count: items.length,
    requestId: input.requestId,
    period: input.period,
    tokenId: input.tokenId,
    at: ports.now(),
  });
  return { submissions: items, count: items.length, next_token: last ? encodeCursor(last) : null };
}
