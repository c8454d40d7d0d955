import { PicassoError, TransientError } from '../errors';

/**
 * The query engine port (docs/architecture.md, "Query engine port"): the same SQL text (Trino dialect, positional `?`
 * parameters) runs on Athena in AWS and on DuckDB over the local lake files.
 *
 * Values come back typed: integers and doubles as `number`, booleans as `boolean`, `date` as
 * `YYYY-MM-DD`, `timestamp` as an ISO-8601 string (UTC), NULL as `null`, everything else as string.
 */
export type QueryParam = string | number | boolean;
export type QueryValue = string | number | boolean | null;

export interface QueryResult<T> {
  rows: T[];
  /** Bytes of lake data the engine read (Athena: DataScannedInBytes; DuckDB: bytes of files read). */
  bytesScanned: number;
  queryId: string;
}

export interface QueryEngine {
  query<T = Record<string, QueryValue>>(sql: string, params?: readonly QueryParam[]): Promise<QueryResult<T>>;
}

/** A query the engine ran and rejected (syntax, permissions, scan limit…): fix, don't retry. */
export class QueryFailedError extends PicassoError {
  override name = 'QueryFailedError';
  constructor(
    message: string,
    readonly queryId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A query failure the engine calls retryable (Athena `AthenaError.Retryable`). */
export class QueryRetryableError extends TransientError {
  override name = 'QueryRetryableError';
  constructor(
    message: string,
    readonly queryId: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** Somebody (an operator, a workgroup) cancelled the query. */
export class QueryCancelledError extends PicassoError {
  override name = 'QueryCancelledError';
  constructor(
    message: string,
    readonly queryId: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The query did not finish within the caller's deadline; it was stopped. */
export class QueryTimeoutError extends TransientError {
  override name = 'QueryTimeoutError';
  constructor(
    message: string,
    readonly queryId: string,
  ) {
    super(message);
  }
}

/**
 * Expands a `{{name}}` slot into `count` copies of `unit` joined by `joiner`. SQL text then holds
 * only placeholders for a variable number of values (say, N partition days); the values still go
 * through the engine's parameters, never into the text.
 */
export function expandSlot(sql: string, name: string, unit: string, count: number, joiner: string): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`slot ${name} needs at least one value`);
  if (/\{\{|\}\}|'/.test(unit)) throw new RangeError('a slot unit holds placeholders only');
  const slot = `{{${name}}}`;
  if (!sql.includes(slot)) throw new RangeError(`SQL has no slot ${slot}`);
  return sql.split(slot).join(Array.from({ length: count }, () => unit).join(joiner));
}
