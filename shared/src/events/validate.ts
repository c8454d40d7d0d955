import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_SCHEMAS, type AnalyticsEvent, type EventType } from './registry';

/** Why an event can never be accepted. These strings are the quarantine reasons. */
export type RejectionReason =
  | 'not_json'
  | 'not_an_object'
  | 'unknown_event_type'
  | 'unsupported_schema_version'
  | 'schema_violation';

export type ValidationResult =
  | { ok: true; event: AnalyticsEvent }
  | { ok: false; reason: RejectionReason; detail: string };

// Compiled once per cold start: ajv compilation costs milliseconds, validation microseconds.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date-time']);

const validators = new Map<string, ValidateFunction>();
for (const [type, versions] of Object.entries(EVENT_SCHEMAS)) {
  for (const [version, schema] of Object.entries(versions)) {
    validators.set(`${type}@${version}`, ajv.compile(schema));
  }
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`)
    .join('; ');
}

function isKnownType(type: unknown): type is EventType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

/**
 * Validates a parsed value against the schema its own `event_type` and `schema_version` name.
 * Never throws: the reason is part of the result so callers can quarantine with it.
 */
export function validateEvent(value: unknown): ValidationResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not_an_object', detail: 'an event must be a JSON object' };
  }
  const { event_type: type, schema_version: version } = value as Record<string, unknown>;
  if (!isKnownType(type)) {
    return { ok: false, reason: 'unknown_event_type', detail: `event_type ${JSON.stringify(type)} is not one of ${Object.keys(EVENT_SCHEMAS).join(', ')}` };
  }
  const validate = validators.get(`${type}@${String(version)}`);
  if (!validate) {
    return {
      ok: false,
      reason: 'unsupported_schema_version',
      detail: `${type} has no schema version ${JSON.stringify(version)} (known: ${Object.keys(EVENT_SCHEMAS[type]).join(', ')})`,
    };
  }
  if (!validate(value)) {
    return { ok: false, reason: 'schema_violation', detail: describe(validate.errors) };
  }
  return { ok: true, event: value as AnalyticsEvent };
}

/** Parses an SQS body and validates it. */
export function parseEvent(body: string): ValidationResult {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: 'not_json', detail: (error as Error).message.slice(0, 200) };
  }
  return validateEvent(value);
}
