import Ajv, { type ErrorObject } from 'ajv';
import { HH_MM_PATTERN, TENANT_CONFIG_SCHEMA, type TenantConfigDocument } from './tenant-config.schema';
import type { TenantConfig } from './tenant-directory';

export type TenantConfigValidation =
  | { ok: true; config: TenantConfig; warnings: string[] }
  | { ok: false; problems: string[]; warnings: string[] };

// Compiled once per process.
// verbose: errors carry the offending value, so a message can quote it.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
const validateSchema = ajv.compile<TenantConfigDocument>(TENANT_CONFIG_SCHEMA);

const KNOWN_SECTIONS = new Set(Object.keys(TENANT_CONFIG_SCHEMA.properties));

function describe(error: ErrorObject): string {
  const at = error.instancePath || '(top level)';
  if (error.keyword === 'additionalProperties') return `${at}: unknown field ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/start')) return `${at}: must be HH:MM (24-hour), got ${JSON.stringify(error.data)}`;
  if (error.keyword === 'pattern' && error.instancePath.endsWith('/end')) return `${at}: must be HH:MM (24-hour), got ${JSON.stringify(error.data)}`;
  if (error.instancePath.startsWith('/business_hours/days/')) return `${at}: business days are ISO weekdays 1 (Monday) … 7 (Sunday), got ${JSON.stringify(error.data)}`;
  if (error.keyword === 'pattern' && error.instancePath === '/tenant_hash') return `/tenant_hash: must be 4–64 lowercase letters or digits (what the event processor accepts), got ${JSON.stringify(error.data)}`;
  return `${at}: ${error.message ?? 'is invalid'}`;
}

/** True when `Intl` knows `zone` as a time zone (the runtime's ICU data is what the metrics use). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const HH_MM = new RegExp(HH_MM_PATTERN);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * The checks a schema cannot express. They run on a config the schema rejected too (each guards
 * the shape it reads), so one run names every problem of a file.
 */
function semanticProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { timezone, business_hours: hours, forms } = config as { timezone?: unknown; business_hours?: { start?: unknown; end?: unknown }; forms?: unknown };
  if (typeof timezone === 'string' && timezone && !isTimeZone(timezone)) problems.push(`/timezone: ${JSON.stringify(timezone)} is not an IANA time zone (e.g. America/Chicago)`);
  const { start, end } = hours ?? {};
  if (typeof start === 'string' && typeof end === 'string' && HH_MM.test(start) && HH_MM.test(end) && minutes(start) >= minutes(end)) {
    problems.push(`/business_hours: start ${start} must be before end ${end}`);
  }
  const seenForms = new Set<string>();
  (Array.isArray(forms) ? forms : []).forEach((form: { form_id?: unknown; fields?: unknown }, i) => {
    if (typeof form?.form_id !== 'string') return;
    if (seenForms.has(form.form_id)) problems.push(`/forms/${i}/form_id: duplicate form id ${JSON.stringify(form.form_id)}`);
    seenForms.add(form.form_id);
    const seenFields = new Set<unknown>();
    for (const field of Array.isArray(form.fields) ? (form.fields as unknown[]) : []) {
      if (seenFields.has(field)) problems.push(`/forms/${i}/fields: duplicate field ${JSON.stringify(field)} in form ${JSON.stringify(form.form_id)}`);
      seenFields.add(field);
    }
  });
  return problems;
}

/**
 * Validates a parsed tenant config: every problem is one line naming the field (`/path: what is
 * wrong`). Never throws. Unknown top-level sections are warnings, not problems: they are kept as
 * they are but nothing in analytics reads them.
 */
export function validateTenantConfig(value: unknown): TenantConfigValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problems: ['(top level): a tenant config must be a JSON object'], warnings: [] };
  }
  const warnings = Object.keys(value)
    .filter((k) => !KNOWN_SECTIONS.has(k))
    .map((k) => `/${k}: not read by analytics (kept as is)`);
  const schemaValid = validateSchema(value);
  const problems = [...(schemaValid ? [] : (validateSchema.errors ?? []).map(describe)), ...semanticProblems(value as Record<string, unknown>)];
  if (!schemaValid || problems.length > 0) return { ok: false, problems, warnings };
  // Typed assignment, no cast: it compiles only while the schema and `TenantConfig` agree.
  const config: TenantConfig = value;
  return { ok: true, config, warnings };
}

/** Parses JSON text and validates it; a parse error is a problem, not an exception. */
export function parseTenantConfig(text: string): TenantConfigValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`(file): not JSON: ${(error as Error).message}`], warnings: [] };
  }
  return validateTenantConfig(value);
}
