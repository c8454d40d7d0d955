import type { ErrorObject } from 'ajv';
import * as compiled from './compiled-validators';
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

/** An ajv standalone validate function: true or false, with `errors` set after a false. */
interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// Compiled at build time (shared/scripts/compile-validators.ts, docs/decisions.md "Validators
// compiled ahead of time"): importing this module compiles nothing, so cold starts stay short.
const validators = compiled as unknown as Record<string, CompiledValidator | undefined>;

function validatorFor(type: EventType, version: string): CompiledValidator | undefined {
  if (!Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS[type], version)) return undefined;
  return validators[`${type}_${version.replace(/\./g, '_')}`];
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
  const validate = validatorFor(type, String(version));
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
