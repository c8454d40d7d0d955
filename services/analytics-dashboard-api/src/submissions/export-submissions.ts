import { csvFileName, toCsv, type CsvCell } from '@picasso/shared/csv';
import { ValidationError } from '@picasso/shared/errors';
import { localTime } from '@picasso/shared/metrics';
import type { Period } from '../params';
import { submissionWindow, type AuditTrail, type FormSubmission, type SubmissionCursor, type SubmissionStore } from './list-submissions';

/**
 * The most submissions one CSV export holds. A Function URL's buffered response is at most 6 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); 5,000 typical
 * submissions stay well under it, and `MAX_EXPORT_BYTES` guards the rare large one.
 */
export const MAX_EXPORT_ROWS = 5_000;
/** The most bytes one CSV export holds: below the 6 MB response limit with room for headers. */
export const MAX_EXPORT_BYTES = 5 * 1024 * 1024;
/** Submissions read per DynamoDB query while exporting. */
const EXPORT_PAGE_SIZE = 250;

/** What the audit record names as read: the submissions route, as a CSV export. */
export const EXPORT_AUDIT_ROUTE = '/forms/submissions?format=csv';

/** A refused export: more submissions (or bytes) than one file holds. A 400 naming the limit. */
export class ExportTooLargeError extends ValidationError {
  override name = 'ExportTooLargeError';
}

/**
 * Every submission of the window, newest first, page after page; refused (before anything is
 * returned or audited) once there are more than `MAX_EXPORT_ROWS`.
 */
async function readAll(store: SubmissionStore, query: { tenantId: string; from: string; to: string }): Promise<FormSubmission[]> {
  const rows: FormSubmission[] = [];
  let startAfter: SubmissionCursor | undefined;
  do {
    // One more than the limit tells "exactly the limit" from "over it".
    const limit = Math.min(EXPORT_PAGE_SIZE, MAX_EXPORT_ROWS + 1 - rows.length);
    const page = await store.page({ ...query, limit, ...(startAfter ? { startAfter } : {}) });
    rows.push(...page.items);
    if (rows.length > MAX_EXPORT_ROWS) throw new ExportTooLargeError(`this range holds more than ${MAX_EXPORT_ROWS.toLocaleString('en-US')} form submissions, the most one CSV export holds: choose a shorter range`);
    startAfter = page.last;
  } while (startAfter);
  return rows;
}

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM` in the tenant's zone (the column header names the zone). */
function localStamp(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const local = localTime(ms, timeZone);
  return `${local.date} ${twoDigits(local.hour)}:${twoDigits(local.minute)}`;
}

const fieldText = (value: unknown): CsvCell => (value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The submissions as one CSV table: fixed columns, then one column per form field (every field
 * any submission has, in the order first seen). Values go through the shared writer, so a value
 * a visitor typed as `=cmd|…` reaches the spreadsheet as text (docs/decisions.md, "CSV export").
 */
export function submissionsCsv(submissions: readonly FormSubmission[], timeZone: string): string {
  const fields = [...new Set(submissions.flatMap((s) => Object.keys(s.form_data)))];
  const header = ['Submission ID', 'Form ID', 'Form', 'Submitted at (UTC)', `Submitted at (${timeZone})`, 'Session ID', ...fields];
  const rows = submissions.map((s) => [s.submission_id, s.form_id, s.form_title, s.submitted_at, localStamp(s.submitted_at, timeZone), s.session_id ?? null, ...fields.map((f) => fieldText(s.form_data[f]))]);
  return toCsv(header, rows);
}

/**
 * The caller's submissions of `period` as one CSV file, audited like every PII read: one audit
 * record (who, tenant, route, how many rows, period, when; never the values) is written before
 * the file is returned, and if it cannot be written nothing is returned. A refused export (over
 * the limits) returns nothing and so audits nothing.
 */
export async function exportSubmissions(
  input: { tenantId: string; subject: string; tokenId: string | undefined; period: Period; timeZone: string; requestId: string },
  ports: { store: SubmissionStore; audit: AuditTrail; now: () => Date },
): Promise<{ csv: string; fileName: string; count: number }> {
  const rows = await readAll(ports.store, { tenantId: input.tenantId, ...submissionWindow(input.period, input.timeZone) });
  const csv = submissionsCsv(rows, input.timeZone);
  if (Buffer.byteLength(csv, 'utf8') > MAX_EXPORT_BYTES) throw new ExportTooLargeError(`the submissions of this range make a CSV file over ${MAX_EXPORT_BYTES / 1024 / 1024} MiB, the most one export holds: choose a shorter range`);
  await ports.audit.recordPiiRead({
    subject: input.subject,
    tenantId: input.tenantId,
    route: EXPORT_AUDIT_ROUTE,
    count: rows.length,
    requestId: input.requestId,
    period: input.period,
    tokenId: input.tokenId,
    at: ports.now(),
  });
  const fileName = csvFileName({ tenant: input.tenantId, name: 'form-submissions', startDate: input.period.start_date, endDate: input.period.end_date });
  return { csv, fileName, count: rows.length };
}
