import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type ResultField } from '@aws-sdk/client-cloudwatch-logs';
import fc from 'fast-check';
import { startLogsInsightsEmulator, type LogsInsightsEmulator } from './emulator';
import { parseInsightsQuery } from './query-language';

const GROUP = '/aws/lambda/local-bedrock-streaming-handler';
const DAY = Date.UTC(2026, 10, 20);
const HOUR = 3_600_000;

interface Line {
  timestamp: number;
  message: string;
}

function qaComplete(at: number, tenant: string, session: string, firstTokenMs: number): Line {
  return {
    timestamp: at,
    message: JSON.stringify({ level: 'INFO', message: 'QA_COMPLETE', timestamp: new Date(at).toISOString(), service: 'bedrock-streaming-handler', tenant_id: tenant, session_id: session, timings: { first_token_ms: firstTokenMs, total_ms: firstTokenMs * 3 } }),
  };
}

function writeGroup(dir: string, group: string, streams: Record<string, Line[]>): void {
  const folder = join(dir, encodeURIComponent(group));
  mkdirSync(folder, { recursive: true });
  for (const [stream, lines] of Object.entries(streams)) {
    writeFileSync(join(folder, `${encodeURIComponent(stream)}.ndjson`), lines.map((l) => JSON.stringify({ ...l, ingestionTime: l.timestamp + 5 })).join('\n') + '\n');
  }
}

async function runQuery(client: CloudWatchLogsClient, queryString: string, startMs: number, endMs: number, logGroupNames = [GROUP]) {
  const { queryId } = await client.send(new StartQueryCommand({ logGroupNames, queryString, startTime: Math.floor(startMs / 1000), endTime: Math.floor(endMs / 1000) }));
  for (;;) {
    const res = await client.send(new GetQueryResultsCommand({ queryId }));
    if (res.status !== 'Running' && res.status !== 'Scheduled') return res;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const asObjects = (rows: ResultField[][] | undefined) => (rows ?? []).map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));

describe('the Logs Insights emulator, through the production CloudWatch Logs client', () => {
  let dir: string;
  let emulator: LogsInsightsEmulator;
  let client: CloudWatchLogsClient;
  const lines: Line[] = [];

  beforeAll(async () => {
    // Prepare: two days of QA_COMPLETE lines for two tenants, plus noise, across two streams.
    dir = mkdtempSync(join(tmpdir(), 'insights-'));
    for (let i = 0; i < 48; i += 1) lines.push(qaComplete(DAY + i * HOUR + 1000 * i, i % 3 === 0 ? 'tenant-b' : 'tenant-a', `s-${Math.floor(i / 2)}`, 200 + i));
    lines.push({ timestamp: DAY + HOUR, message: 'START RequestId: 1 Version: $LATEST' });
    lines.push({ timestamp: DAY + 2 * HOUR, message: JSON.stringify({ level: 'INFO', message: 'batch processed', tenant_id: 'tenant-a' }) });
    // On the last second of the first day: inside a window that ends at 23:59:59.
    lines.push(qaComplete(DAY + 24 * HOUR - 500, 'tenant-a', 's-edge', 100));
    writeGroup(dir, GROUP, { '2026/11/20/[$LATEST]a': lines.slice(0, 30), '2026/11/20/[$LATEST]b': lines.slice(30) });
    emulator = await startLogsInsightsEmulator({ logsDir: dir });
    client = new CloudWatchLogsClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });

  afterAll(async () => {
    client.destroy();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a daily stats query equal to a direct count over the captured lines, with days binned in UTC', async () => {
    // Act
    const res = await runQuery(
      client,
      `filter message = "QA_COMPLETE" and tenant_id = "tenant-a"
       | stats count(*) as messages, count_distinct(session_id) as conversations, avg(timings.first_token_ms) as avg_first_token_ms by bin(1d) as day
       | sort day asc`,
      DAY,
      DAY + 2 * 24 * HOUR - 1,
    );
    // Assess
    const expected = new Map<string, { messages: number; sessions: Set<string>; firstToken: number[] }>();
    for (const l of lines) {
      const m = JSON.parse(l.message.startsWith('{') ? l.message : '{}') as { message?: string; tenant_id?: string; session_id?: string; timings?: { first_token_ms: number } };
      if (m.message !== 'QA_COMPLETE' || m.tenant_id !== 'tenant-a') continue;
      const day = new Date(l.timestamp).toISOString().slice(0, 10) + ' 00:00:00.000';
      const e = expected.get(day) ?? { messages: 0, sessions: new Set(), firstToken: [] };
      e.messages += 1;
      e.sessions.add(m.session_id!);
      e.firstToken.push(m.timings!.first_token_ms);
      expected.set(day, e);
    }
    expect(res.status).toBe('Complete');
    expect(asObjects(res.results)).toEqual(
      [...expected.entries()].map(([day, e]) => ({
        day,
        messages: String(e.messages),
        conversations: String(e.sessions.size),
        avg_first_token_ms: String(e.firstToken.reduce((a, b) => a + b, 0) / e.firstToken.length),
      })),
    );
    expect(res.statistics?.recordsScanned).toBe(lines.length);
  });

  it('includes both ends of the time window to the second', async () => {
    const res = await runQuery(client, 'filter session_id = "s-edge" | stats count(*) as n', DAY, DAY + 24 * HOUR - 1000);
    expect(asObjects(res.results)).toEqual([{ n: '1' }]);
  });

  it('returns raw events newest first with @timestamp in UTC, honouring fields, like and limit', async () => {
    const res = await runQuery(client, 'fields @timestamp, session_id | filter @message like /QA_COMPLETE/ and tenant_id = "tenant-b" | limit 2', DAY, DAY + 2 * 24 * HOUR);
    const rows = asObjects(res.results);
    expect(rows).toHaveLength(2);
    expect(rows[0]!['@timestamp']).toBe('2026-11-21 21:00:45.000');
    expect(rows[0]!.session_id).toBe('s-22');
    expect(rows[0]!['@ptr']).toBeTruthy();
  });

  it('refuses a query outside the supported language as MalformedQueryException', async () => {
    await expect(client.send(new StartQueryCommand({ logGroupName: GROUP, queryString: 'parse @message "* *" as a, b', startTime: 0, endTime: 1 }))).rejects.toMatchObject({ name: 'MalformedQueryException' });
  });

  it('refuses a log group that does not exist as ResourceNotFoundException', async () => {
    await expect(client.send(new StartQueryCommand({ logGroupName: '/aws/lambda/nope', queryString: 'stats count(*)', startTime: 0, endTime: 1 }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('stops a query and says whether it was running', async () => {
    const { queryId } = await client.send(new StartQueryCommand({ logGroupName: GROUP, queryString: 'stats count(*)', startTime: 0, endTime: 2_000_000_000 }));
    const stopped = await client.send(new StopQueryCommand({ queryId }));
    expect(typeof stopped.success).toBe('boolean');
    const after = await client.send(new GetQueryResultsCommand({ queryId }));
    expect(stopped.success ? after.status === 'Cancelled' : after.status === 'Complete').toBe(true);
  });
});

describe('the Insights query parser', () => {
  it('never throws anything but MalformedQueryError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseInsightsQuery(text);
        } catch (error) {
          expect((error as Error).name).toBe('MalformedQueryError');
        }
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });
});
