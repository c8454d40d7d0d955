/**
 * `@picasso/shared/csv`: the one CSV writer behind every "Download CSV" (the dashboard builds
 * its panels' files in the browser; the dashboard API writes the PII submissions export), so
 * both follow the same rules (docs/decisions.md, "CSV export"):
 *
 * - RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): CRLF between records, a field holding a
 *   comma, a double quote, CR or LF is quoted, and a double quote inside it is doubled; the first
 *   record is the column header.
 * - UTF-8 with a byte order mark, so Excel reads non-ASCII text as UTF-8 instead of the
 *   system code page.
 * - CSV (formula) injection: a text cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading
 *   `'`, so a spreadsheet shows it as text instead of running it
 *   (https://owasp.org/www-community/attacks/CSV_Injection). Numbers are written as numbers
 *   (`-3.5` stays a number); only text is defused.
 *
 * Pure and dependency-free (the React bundle carries it). No registry CSV library is in the
 * workspace's dependencies; this is the small subset the exports need, tested in `csv.test.ts`.
 */

/** One cell: text, a number (written unformatted, `.` decimals), or empty (`null`/`undefined`). */
export type CsvCell = string | number | boolean | null | undefined;

/** The byte order mark that makes Excel read the file as UTF-8. */
export const CSV_BYTE_ORDER_MARK = '\uFEFF';

/** The media type of every export (RFC 4180 §3 registers `header`; RFC 7111 `charset`). */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';

/** Characters that make a spreadsheet read a cell as a formula when they come first (OWASP). */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Text a spreadsheet would run as a formula, made inert with a leading `'`; other text unchanged. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]!) ? `'${text}` : text;
}

/** One field as written: defused, then quoted when RFC 4180 requires it. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = neutraliseFormula(typeof cell === 'boolean' ? String(cell) : cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A whole file: `header` then `rows`, CRLF after every record (RFC 4180 §2.1–2.2), prefixed with
 * the byte order mark. A row shorter than the header is padded with empty fields, so every record
 * has the same number of fields (§2.4).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const width = header.length;
  const lines = [header, ...rows].map((row) => Array.from({ length: Math.max(width, row.length) }, (_, i) => csvField(row[i])).join(','));
  return `${CSV_BYTE_ORDER_MARK}${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** A file-name part: letters, digits, `.`, `_` and `-` only (no path, no quote for Content-Disposition). */
function fileNamePart(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'unknown';
}

/**
 * `<tenant>-<what>-<start>_<end>.csv`: whose figures, which panel, and the tenant-local days they
 * cover (inclusive), so two exports of different ranges never overwrite each other.
 */
export function csvFileName(parts: { tenant: string; name: string; startDate: string; endDate: string }): string {
  return `${fileNamePart(parts.tenant)}-${fileNamePart(parts.name)}-${fileNamePart(parts.startDate)}_${fileNamePart(parts.endDate)}.csv`;
}
