import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type GetQueryExecutionOutput,
  type GetQueryResultsOutput,
  type QueryExecutionState,
  type QueryExecutionStatus,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { AthenaQueryEngine } from './athena-engine';
import { QueryCancelledError, QueryFailedError, QueryTimeoutError } from './query-engine';

const athenaMock = mockClient(AthenaClient);

// The metadata Athena returns for `SELECT hour_start, session_id, events, avg_ms, ok, day, at`.
const columns: ColumnInfo[] = [
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'hour_start', Label: 'hour_start', Type: 'bigint', Precision: 19, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'session_id', Label: 'session_id', Type: 'varchar', Precision: 2147483647, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: true },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'events', Label: 'events', Type: 'integer', Precision: 10, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'avg_ms', Label: 'avg_ms', Type: 'double', Precision: 17, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'ok', Label: 'ok', Type: 'boolean', Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'day', Label: 'day', Type: 'date', Precision: 0, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
  { CatalogName: 'hive', SchemaName: '', TableName: '', Name: 'at', Label: 'at', Type: 'timestamp', Precision: 3, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: false },
];

const row = (...values: (string | undefined)[]) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });
const header = row('hour_start', 'session_id', 'events', 'avg_ms', 'ok', 'day', 'at');

function page(rows: ReturnType<typeof row>[], nextToken?: string): GetQueryResultsOutput {
  return { UpdateCount: 0, ResultSet: { Rows: rows, ResultSetMetadata: { ColumnInfo: columns } }, ...(nextToken ? { NextToken: nextToken } : {}) };
}

const execution = (State: QueryExecutionState, extra: Partial<QueryExecutionStatus> = {}): GetQueryExecutionOutput => ({
  QueryExecution: {
    QueryExecutionId: 'q-123',
    Status: { State, SubmissionDateTime: new Date('2025-12-20T15:00:00Z'), ...extra },
    Statistics: { DataScannedInBytes: 123_456, EngineExecutionTimeInMillis: 900 },
  },
});

function engine(overrides: Partial<ConstructorParameters<typeof AthenaQueryEngine>[1]> = {}) {
  const waits: number[] = [];
  let clock = 0;
  const e = new AthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), {
    workgroup: 'test-picasso-analytics',
    database: 'test_picasso_analytics',
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    ...overrides,
  });
  return { e, waits };
}

beforeEach(() => athenaMock.reset());

describe('AthenaQueryEngine', () => {
  it('runs a parameterised query in the workgroup and returns every page as typed rows', async () => {
    // Prepare: two polls while running, then three result pages (header on the first only).
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED', { CompletionDateTime: new Date() }));
    athenaMock
      .on(GetQueryResultsCommand)
      .resolvesOnce(page([header, row('1766239200', 's1', '3', '1200.5', 'true', '2025-12-20', '2025-12-20 14:23:45.456')], 't1'))
      .resolvesOnce(page([row('1766242800', "o'brien", '1', undefined, 'false', '2025-12-20', undefined)], 't2'))
      .resolvesOnce(page([row('1766246400', 's3', '2', '0.25', 'true', '2025-12-21', '2025-12-21 00:00:00.000')]));
    const { e, waits } = engine();

    // Act
    const result = await e.query('SELECT * FROM events WHERE tenant_id = ? AND year = ? AND ok = ?', ["FOS'402334", 2025, true]);

    // Assess
    const start = athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({
      WorkGroup: 'test-picasso-analytics',
      QueryExecutionContext: { Database: 'test_picasso_analytics' },
      ExecutionParameters: ["'FOS''402334'", '2025', 'true'],
    });
    expect(start.QueryString).not.toContain('FOS');
    expect(result.queryId).toBe('q-123');
    expect(result.bytesScanned).toBe(123_456);
    expect(result.rows).toEqual([
      { hour_start: 1766239200, session_id: 's1', events: 3, avg_ms: 1200.5, ok: true, day: '2025-12-20', at: '2025-12-20T14:23:45.456Z' },
      { hour_start: 1766242800, session_id: "o'brien", events: 1, avg_ms: null, ok: false, day: '2025-12-20', at: null },
      { hour_start: 1766246400, session_id: 's3', events: 2, avg_ms: 0.25, ok: true, day: '2025-12-21', at: '2025-12-21T00:00:00.000Z' },
    ]);
    expect(athenaMock.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 't1', 't2']);
    expect(waits).toEqual([250, 500]); // exponential backoff between polls
  });

  it('omits ExecutionParameters for a statement without parameters', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    athenaMock.on(GetQueryResultsCommand).resolves(page([header]));

    const result = await engine().e.query('SELECT 1');

    expect(athenaMock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ExecutionParameters).toBeUndefined();
    expect(result.rows).toEqual([]);
  });

  it('turns FAILED into a QueryFailedError carrying the state change reason', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock.on(GetQueryExecutionCommand).resolves(
      execution('FAILED', {
        StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
        AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved" },
      }),
    );

    const failure = engine().e.query('SELECT nope FROM events');

    await expect(failure).rejects.toThrow(QueryFailedError);
    await expect(failure).rejects.toThrow(/COLUMN_NOT_FOUND/);
  });

  it('turns CANCELLED into a QueryCancelledError', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock.on(GetQueryExecutionCommand).resolves(execution('CANCELLED', { StateChangeReason: 'Query cancelled by user' }));

    await expect(engine().e.query('SELECT 1')).rejects.toThrow(QueryCancelledError);
  });

  it('stops a query still running at the deadline and says so', async () => {
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athenaMock.on(StopQueryExecutionCommand).resolves({});

    const { e, waits } = engine({ timeoutMs: 2_000 });
    await expect(e.query('SELECT 1')).rejects.toThrow(QueryTimeoutError);

    expect(athenaMock.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'q-123' });
    expect(waits.reduce((a, b) => a + b, 0)).toBe(2_000); // never sleeps past the deadline
  });

  it('stops paging through results when the deadline passes, rather than reading past it', async () => {
    // Prepare: the query succeeds at once; each result page takes 800 ms of the 2 s deadline.
    let clock = 0;
    athenaMock.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-123' });
    athenaMock.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));
    let pages = 0;
    athenaMock.on(GetQueryResultsCommand).callsFake(() => {
      clock += 800;
      pages += 1;
      // Five pages in all: 4 s of reading.
      return page(pages === 1 ? [header, row('1', 's', '1', '1', 'true', '2025-12-20', undefined)] : [row('1', 's', '1', '1', 'true', '2025-12-20', undefined)], pages < 5 ? `t${pages}` : undefined);
    });
    const e = new AthenaQueryEngine(new AthenaClient({ region: 'us-east-1' }), { workgroup: 'w', database: 'd', timeoutMs: 2_000, sleep: async () => undefined, now: () => clock });

    // Act + Assess
    await expect(e.query('SELECT 1')).rejects.toThrow(QueryTimeoutError);
    expect(pages).toBe(3); // 0 → 800 → 1,600 ms started; at 2,400 ms no page is asked for
  });

  it('refuses a query Athena rejects at submission as a QueryFailedError', async () => {
    athenaMock.on(StartQueryExecutionCommand).rejects(Object.assign(new Error('line 1:1: mismatched input'), { name: 'InvalidRequestException' }));

    await expect(engine().e.query('SELEKT 1')).rejects.toThrow(QueryFailedError);
  });
});
