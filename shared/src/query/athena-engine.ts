import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type Datum,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { TransientError } from '../errors';
import {
  QueryCancelledError,
  QueryFailedError,
  QueryRetryableError,
  QueryTimeoutError,
  type QueryEngine,
  type QueryParam,
  type QueryResult,
  type QueryValue,
} from './query-engine';

export interface AthenaQueryEngineOptions {
  /** The workgroup: its result location, encryption and bytes-scanned cutoff apply. */
  workgroup: string;
  /** Glue database the unqualified table names (`events`) resolve in. */
  database: string;
  catalog?: string;
  /** Overall deadline of one query, polling included; the query is stopped when it passes. */
  timeoutMs?: number;
  /** First wait between GetQueryExecution polls; doubles up to `maxPollMs`. */
  initialPollMs?: number;
  maxPollMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Athena `ExecutionParameters` are SQL literals, not raw values
 * (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html):
 * strings go in single quotes with quotes doubled; numbers and booleans as they are.
 */
export function toAthenaLiteral(value: QueryParam): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`query parameter ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `'${value.replace(/'/g, "''")}'`;
}

/** Athena's text of a value → the port's typed value, by the column's Athena type. */
export function fromAthenaValue(datum: Datum | undefined, column: ColumnInfo): QueryValue {
  const text = datum?.VarCharValue;
  if (text === undefined) return null; // Athena omits VarCharValue for NULL
  switch ((column.Type ?? 'varchar').toLowerCase()) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint':
    case 'double':
    case 'float':
    case 'real':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'date':
      return text;
    case 'timestamp':
    case 'timestamp with time zone': {
      // `2025-12-20 14:23:45.456` (UTC) or `2025-12-20 14:23:45.456 UTC`
      const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: (.+))?$/.exec(text);
      if (!m) return text;
      const zone = m[3];
      const iso = `${m[1]}T${m[2]}${!zone || zone === 'UTC' || zone === 'Z' ? 'Z' : zone}`;
      const ms = Date.parse(iso);
      return Number.isNaN(ms) ? text : new Date(ms).toISOString();
    }
    default:
      return text;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The Athena adapter of the query engine port: StartQueryExecution with execution parameters in
 * the workgroup, GetQueryExecution polled with exponential backoff until a terminal state or the
 * deadline (then StopQueryExecution), GetQueryResults paged through (the first page's first row
 * is the header), values typed from the result set metadata.
 * https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
 */
export class AthenaQueryEngine implements QueryEngine {
  private readonly timeoutMs: number;
  private readonly initialPollMs: number;
  private readonly maxPollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly athena: AthenaClient,
    private readonly options: AthenaQueryEngineOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 300_000;
    this.initialPollMs = options.initialPollMs ?? 250;
    this.maxPollMs = options.maxPollMs ?? 5_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  async query<T = Record<string, QueryValue>>(sql: string, params: readonly QueryParam[] = []): Promise<QueryResult<T>> {
    const deadline = this.now() + this.timeoutMs;
    const queryId = await this.start(sql, params);
    const execution = await this.waitForCompletion(queryId, deadline);
    const rows = await this.readResults<T>(queryId, deadline);
    return { rows, bytesScanned: execution.Statistics?.DataScannedInBytes ?? 0, queryId };
  }

  private async start(sql: string, params: readonly QueryParam[]): Promise<string> {
    try {
      const res = await this.athena.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: this.options.workgroup,
          QueryExecutionContext: { Database: this.options.database, Catalog: this.options.catalog ?? 'AwsDataCatalog' },
          // The API refuses an empty list: omit it when the statement has no parameters.
          ...(params.length ? { ExecutionParameters: params.map(toAthenaLiteral) } : {}),
        }),
      );
      return res.QueryExecutionId!;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'InvalidRequestException') {
        throw new QueryFailedError(`Athena refused the query: ${(error as Error).message}`, '', (error as Error).message, { cause: error });
      }
      throw new TransientError(`StartQueryExecution failed: ${name}`, { cause: error });
    }
  }

  private async waitForCompletion(queryId: string, deadline: number): Promise<QueryExecution> {
    let wait = this.initialPollMs;
    for (;;) {
      const res = await this.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }));
      const execution = res.QueryExecution!;
      const state = execution.Status?.State;
      const reason = execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      if (state === 'SUCCEEDED') return execution;
      if (state === 'FAILED') {
        if (execution.Status?.AthenaError?.Retryable) throw new QueryRetryableError(`Athena query ${queryId} failed (retryable): ${reason}`, queryId, reason);
        throw new QueryFailedError(`Athena query ${queryId} failed: ${reason}`, queryId, reason);
      }
      if (state === 'CANCELLED') throw new QueryCancelledError(`Athena query ${queryId} was cancelled: ${reason}`, queryId, reason);
      const left = deadline - this.now();
      if (left <= 0) {
        await this.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })).catch(() => undefined);
        throw new QueryTimeoutError(`Athena query ${queryId} did not finish within ${this.timeoutMs} ms; it was stopped`, queryId);
      }
      await this.sleep(Math.min(wait, left));
      wait = Math.min(wait * 2, this.maxPollMs);
    }
  }

  /**
   * Pages through the results within the same deadline as the query: a large result read page by
   * page (1,000 rows each) must not carry the caller past it. Each page request gets the time left
   * as its abort signal; none starts once the deadline has passed.
   */
  private async readResults<T>(queryId: string, deadline: number): Promise<T[]> {
    const rows: T[] = [];
    let columns: ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let first = true;
    do {
      const left = deadline - this.now();
      const timedOut = () => new QueryTimeoutError(`reading the results of Athena query ${queryId} did not finish within ${this.timeoutMs} ms`, queryId);
      if (left <= 0) throw timedOut();
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), left);
      let page;
      try {
        page = await this.athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: nextToken, MaxResults: 1000 }), { abortSignal: abort.signal });
      } catch (error) {
        throw abort.signal.aborted ? timedOut() : error;
      } finally {
        clearTimeout(timer);
      }
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const data = page.ResultSet?.Rows ?? [];
      // SELECT results repeat the column names as the first row of the first page only.
      for (const row of first ? data.slice(1) : data) {
        const out: Record<string, QueryValue> = {};
        columns.forEach((column, i) => {
          out[column.Name!] = fromAthenaValue(row.Data?.[i], column);
        });
        rows.push(out as T);
      }
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return rows;
  }
}
