import { randomUUID } from 'node:crypto';
import { AwsJsonError, startAwsJsonServer } from './aws-json-server';
import { DuckDbQueryEngine } from './duckdb-engine';
import type { QueryParam, QueryValue } from './query-engine';

/**
 * A local stand-in for the Athena API over the DuckDB engine, so the real Athena adapter
 * (`AthenaQueryEngine` over `@aws-sdk/client-athena`) runs on one machine with
 * `AWS_ENDPOINT_URL_ATHENA=<url>`. It speaks the AWS JSON 1.1 protocol
 * (https://docs.aws.amazon.com/athena/latest/APIReference/Welcome.html) for the four calls the
 * adapter makes: StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution.
 * Requests are not authenticated (it binds to loopback); workgroup and database are accepted
 * as given. Result column types are inferred from the values (`double`, `boolean`, `varchar`).
 */

interface Execution {
  id: string;
  query: string;
  workgroup: string;
  database: string | undefined;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  reason?: string;
  submittedAt: number;
  completedAt?: number;
  bytesScanned: number;
  rows: Record<string, QueryValue>[];
  columns: { name: string; type: string }[];
}

/** Athena execution parameters are SQL literals; DuckDB wants the values. */
export function fromAthenaLiteral(literal: string): QueryParam {
  const text = literal.trim();
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  throw new AwsJsonError('InvalidRequestException', `unsupported execution parameter ${JSON.stringify(literal)}: use a quoted string, a number or a boolean`);
}

function columnsOf(rows: Record<string, QueryValue>[], names: string[]): { name: string; type: string }[] {
  return names.map((name) => {
    const sample = rows.map((r) => r[name]).find((v) => v !== null && v !== undefined);
    const type = typeof sample === 'number' ? 'double' : typeof sample === 'boolean' ? 'boolean' : 'varchar';
    return { name, type };
  });
}

function text(v: QueryValue): { VarCharValue?: string } {
  return v === null || v === undefined ? {} : { VarCharValue: String(v) };
}

export interface AthenaEmulatorOptions {
  s3StorageDir: string;
  lakeBucket: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface AthenaEmulator {
  /** e.g. `http://127.0.0.1:4599`: the value of `AWS_ENDPOINT_URL_ATHENA`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the emulator; stop it with `stop()`. */
export async function startAthenaEmulator(options: AthenaEmulatorOptions): Promise<AthenaEmulator> {
  const engine = await DuckDbQueryEngine.open({ s3StorageDir: options.s3StorageDir, lakeBucket: options.lakeBucket });
  const executions = new Map<string, Execution>();

  const execution = (id: unknown): Execution => {
    const e = typeof id === 'string' ? executions.get(id) : undefined;
    if (!e) throw new AwsJsonError('InvalidRequestException', `QueryExecution ${String(id)} was not found`);
    return e;
  };

  const actions: Record<string, (input: Record<string, unknown>) => unknown> = {
    StartQueryExecution: (input) => {
      if (typeof input.QueryString !== 'string' || !input.QueryString.trim()) throw new AwsJsonError('InvalidRequestException', 'QueryString is required');
      const params = ((input.ExecutionParameters as string[] | undefined) ?? []).map(fromAthenaLiteral);
      const e: Execution = {
        id: randomUUID(),
        query: input.QueryString,
        workgroup: (input.WorkGroup as string | undefined) ?? 'primary',
        database: (input.QueryExecutionContext as { Database?: string } | undefined)?.Database,
        state: 'RUNNING',
        submittedAt: Date.now() / 1000,
        bytesScanned: 0,
        rows: [],
        columns: [],
      };
      executions.set(e.id, e);
      engine.query(e.query, params).then(
        (result) => {
          if (e.state !== 'RUNNING') return;
          e.rows = result.rows;
          e.columns = columnsOf(result.rows, result.rows.length ? Object.keys(result.rows[0]!) : []);
          e.bytesScanned = result.bytesScanned;
          e.state = 'SUCCEEDED';
          e.completedAt = Date.now() / 1000;
        },
        (error: Error) => {
          if (e.state !== 'RUNNING') return;
          e.state = 'FAILED';
          e.reason = error.message;
          e.completedAt = Date.now() / 1000;
        },
      );
      return { QueryExecutionId: e.id };
    },
    GetQueryExecution: (input) => {
      const e = execution(input.QueryExecutionId);
      return {
        QueryExecution: {
          QueryExecutionId: e.id,
          Query: e.query,
          StatementType: 'DML',
          WorkGroup: e.workgroup,
          QueryExecutionContext: e.database ? { Database: e.database } : {},
          Status: {
            State: e.state,
            SubmissionDateTime: e.submittedAt,
            ...(e.completedAt ? { CompletionDateTime: e.completedAt } : {}),
            ...(e.reason ? { StateChangeReason: e.reason } : {}),
            ...(e.state === 'FAILED' ? { AthenaError: { ErrorCategory: 2, ErrorType: 1000, Retryable: false, ErrorMessage: e.reason } } : {}),
          },
          Statistics: { DataScannedInBytes: e.bytesScanned },
        },
      };
    },
    GetQueryResults: (input) => {
      const e = execution(input.QueryExecutionId);
      if (e.state !== 'SUCCEEDED') throw new AwsJsonError('InvalidRequestException', `Query has not yet finished. Current state: ${e.state}`);
      const max = Math.min(Number(input.MaxResults ?? 1000), 1000);
      const offset = input.NextToken ? Number(input.NextToken) : 0;
      // The first page starts with the header row and holds one data row fewer.
      const take = offset === 0 ? max - 1 : max;
      const page = e.rows.slice(offset, offset + take).map((r) => ({ Data: e.columns.map((c) => text(r[c.name] ?? null)) }));
      const rows = offset === 0 ? [{ Data: e.columns.map((c) => ({ VarCharValue: c.name })) }, ...page] : page;
      const next = offset + take < e.rows.length ? String(offset + take) : undefined;
      return {
        UpdateCount: 0,
        ResultSet: {
          Rows: rows,
          ResultSetMetadata: { ColumnInfo: e.columns.map((c) => ({ CatalogName: 'hive', SchemaName: '', TableName: '', Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: c.type === 'varchar' })) },
        },
        ...(next ? { NextToken: next } : {}),
      };
    },
    StopQueryExecution: (input) => {
      const e = execution(input.QueryExecutionId);
      if (e.state === 'RUNNING' || e.state === 'QUEUED') {
        e.state = 'CANCELLED';
        e.reason = 'Query cancelled by user';
        e.completedAt = Date.now() / 1000;
      }
      return {};
    },
  };

  const server = await startAwsJsonServer({
    targetPrefix: 'AmazonAthena',
    actions,
    unknownOperationType: 'InvalidRequestException',
    internalError: { type: 'InternalServerException', status: 500 },
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  return {
    url: server.url,
    stop: async () => {
      await server.close();
      engine.close();
    },
  };
}
