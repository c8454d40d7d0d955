import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { AwsJsonError, startAwsJsonServer } from '@picasso/shared/aws-json-server';
import { join } from 'node:path';
import { runInsightsQuery, toLogRecord, type LogRecord, type ResultRow } from './evaluate';
import { MalformedQueryError, parseInsightsQuery } from './query-language';

/**
 * A local stand-in for CloudWatch Logs Insights, so `@aws-sdk/client-cloudwatch-logs` runs
 * unchanged with `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=<url>`. It speaks the AWS JSON 1.1 protocol
 * (`X-Amz-Target: Logs_20140328.<Action>`) for StartQuery, GetQueryResults and StopQuery
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_StartQuery.html)
 * over the log lines the local function hosts capture: one folder per log group under `logsDir`
 * (the group name URL-encoded), one NDJSON file per log stream, one
 * `{"timestamp": ms, "ingestionTime": ms, "message": "<raw line>"}` per line
 * (tools/local-stack/README.md). The query language is the subset in `query-language.ts`.
 *
 * As in Insights: `startTime`/`endTime` are epoch seconds and both ends are inclusive (a line at
 * 23:59:59.500 belongs to a window ending at 23:59:59); `bin()` and every timestamp are UTC; a
 * log group that does not exist is a `ResourceNotFoundException`; a query it cannot parse is a
 * `MalformedQueryException`; `limit` (request or query) caps the rows, default 1000, max 10000.
 */

interface Query {
  id: string;
  status: 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled';
  rows: ResultRow[];
  statistics: { recordsMatched: number; recordsScanned: number; bytesScanned: number };
}

export interface LogsInsightsEmulatorOptions {
  /** The folder the function hosts write captured lines to. */
  logsDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Fails every StartQuery with this exception type (e.g. `ServiceUnavailableException`): tests of a tier that is down. */
  failWith?: () => string | undefined;
}

export interface LogsInsightsEmulator {
  /** The value of `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS`. */
  url: string;
  /** Queries started, newest last (query string and log groups), for tests that count them. */
  history: { queryString: string; logGroups: string[] }[];
  stop(): Promise<void>;
}

/** `arn:aws:logs:us-east-1:123:log-group:/aws/lambda/x:*` or a plain name → the group name. */
function groupName(identifier: string): string {
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(identifier);
  return arn ? arn[1]! : identifier;
}

/** Reads every line of the named groups whose timestamp lies in [startMs, endMs]. */
export async function readLogGroups(logsDir: string, groups: string[], startMs: number, endMs: number): Promise<LogRecord[]> {
  const records: LogRecord[] = [];
  for (const group of groups) {
    const dir = join(logsDir, encodeURIComponent(group));
    if (!existsSync(dir)) throw new AwsJsonError('ResourceNotFoundException', `The specified log group does not exist: ${group}`);
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.ndjson')) continue;
      const stream = decodeURIComponent(file.slice(0, -'.ndjson'.length));
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        if (!line) continue;
        let parsed: { timestamp?: unknown; ingestionTime?: unknown; message?: unknown };
        try {
          parsed = JSON.parse(line) as typeof parsed;
        } catch {
          continue; // a line cut by a crash mid-write: Lambda would not have delivered it either
        }
        if (typeof parsed.timestamp !== 'number' || typeof parsed.message !== 'string') continue;
        if (parsed.timestamp < startMs || parsed.timestamp > endMs) continue;
        records.push(toLogRecord({ timestamp: parsed.timestamp, ingestionTime: typeof parsed.ingestionTime === 'number' ? parsed.ingestionTime : parsed.timestamp, message: parsed.message }, group, stream));
      }
    }
  }
  return records;
}

/** Starts the emulator; stop it with `stop()`. */
export async function startLogsInsightsEmulator(options: LogsInsightsEmulatorOptions): Promise<LogsInsightsEmulator> {
  const queries = new Map<string, Query>();
  const history: LogsInsightsEmulator['history'] = [];

  const actions: Record<string, (input: Record<string, unknown>) => unknown> = {
    StartQuery: (input) => {
      const failure = options.failWith?.();
      if (failure) throw new AwsJsonError(failure, 'The service is unavailable (injected by the emulator)', failure === 'ServiceUnavailableException' ? 503 : 400);
      const identifiers = [input.logGroupName, ...((input.logGroupNames as unknown[]) ?? []), ...((input.logGroupIdentifiers as unknown[]) ?? [])].filter(
        (g): g is string => typeof g === 'string' && g.length > 0,
      );
      if (!identifiers.length) throw new AwsJsonError('InvalidParameterException', 'specify logGroupName, logGroupNames or logGroupIdentifiers');
      const { startTime, endTime, queryString } = input;
      if (typeof startTime !== 'number' || typeof endTime !== 'number' || startTime > endTime) {
        throw new AwsJsonError('InvalidParameterException', 'startTime and endTime are epoch seconds with startTime <= endTime');
      }
      if (typeof queryString !== 'string') throw new AwsJsonError('InvalidParameterException', 'queryString is required');
      const limit = input.limit === undefined ? 1000 : Number(input.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AwsJsonError('InvalidParameterException', 'limit must be an integer from 1 to 10000');
      let commands;
      try {
        commands = parseInsightsQuery(queryString);
      } catch (error) {
        if (error instanceof MalformedQueryError) throw new AwsJsonError('MalformedQueryException', error.message);
        throw error;
      }
      const groups = identifiers.map(groupName);
      for (const g of groups) {
        if (!existsSync(join(options.logsDir, encodeURIComponent(g)))) throw new AwsJsonError('ResourceNotFoundException', `The specified log group does not exist: ${g}`);
      }
      const query: Query = { id: randomUUID(), status: 'Running', rows: [], statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 } };
      queries.set(query.id, query);
      history.push({ queryString, logGroups: groups });
      readLogGroups(options.logsDir, groups, startTime * 1000, endTime * 1000 + 999).then(
        (records) => {
          if (query.status !== 'Running') return;
          try {
            const outcome = runInsightsQuery(commands, records, limit);
            query.rows = outcome.rows;
            query.statistics = { recordsMatched: outcome.recordsMatched, recordsScanned: outcome.recordsScanned, bytesScanned: outcome.bytesScanned };
            query.status = 'Complete';
          } catch {
            query.status = 'Failed';
          }
        },
        () => {
          if (query.status === 'Running') query.status = 'Failed';
        },
      );
      return { queryId: query.id };
    },
    GetQueryResults: (input) => {
      const query = typeof input.queryId === 'string' ? queries.get(input.queryId) : undefined;
      if (!query) throw new AwsJsonError('ResourceNotFoundException', `Query ${String(input.queryId)} does not exist`);
      return { status: query.status, results: query.status === 'Complete' ? query.rows : [], statistics: query.statistics };
    },
    StopQuery: (input) => {
      const query = typeof input.queryId === 'string' ? queries.get(input.queryId) : undefined;
      if (!query) throw new AwsJsonError('ResourceNotFoundException', `Query ${String(input.queryId)} does not exist`);
      const running = query.status === 'Running' || query.status === 'Scheduled';
      if (running) query.status = 'Cancelled';
      return { success: running };
    },
  };

  const server = await startAwsJsonServer({
    targetPrefix: 'Logs_20140328',
    actions,
    unknownOperationType: 'InvalidOperationException',
    internalError: { type: 'ServiceUnavailableException', status: 503 },
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  });
  return {
    url: server.url,
    history,
    stop: () => server.close(),
  };
}
