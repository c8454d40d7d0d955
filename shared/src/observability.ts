import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of every metric the pipeline emits. */
export const METRICS_NAMESPACE = 'PicassoAnalytics';

/**
 * Keys whose values never reach a log line: tokens, message text, form values (docs/architecture.md, "Security").
 * Matched case-insensitively anywhere in a logged object.
 */
const REDACTED_KEYS = new Set([
  'authorization',
  'token',
  'jwt',
  'body',
  'content_preview',
  'form_data',
  'email',
  'phone',
  'password',
  'secret',
  'question',
  'answer',
]);

/** JSON replacer used by every logger: sensitive keys become "[REDACTED]". */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (key && REDACTED_KEYS.has(key.toLowerCase())) return '[REDACTED]';
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** The service's logger singleton: JSON, with redaction, service name from the service. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, jsonReplacerFn: redactingReplacer });
}

/** The service's metrics singleton (EMF to stdout, read by CloudWatch). */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}
