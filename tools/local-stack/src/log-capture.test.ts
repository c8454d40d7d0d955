import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { lambdaLogGroupName, logGroupDir, readLogGroup, startLogCapture, type LogCapture } from './log-capture';
import { startStreamingFunctionUrlServer } from './streaming-function-url-server';
import { streamifyResponse, type LambdaResponseStream } from './streaming-response';

describe('Log capture', () => {
  let logsDir: string;
  let capture: LogCapture;

  beforeEach(() => {
    logsDir = mkdtempSync(join(tmpdir(), 'picasso-logs-'));
    capture = startLogCapture({ logsDir });
  });
  afterEach(() => {
    capture.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  it("captures a hosted function's Powertools Logger lines into /aws/lambda/<name>, between START and REPORT", async () => {
    // Prepare: a streaming handler that logs as the chat handler will.
    const logger = new Logger({ serviceName: 'chat', logLevel: 'INFO' });
    const server = await startStreamingFunctionUrlServer({
      functionName: 'picasso-streaming',
      logs: capture,
      handler: streamifyResponse(async (_e: unknown, stream: LambdaResponseStream) => {
        logger.info('QA_COMPLETE', { tenant_id: 'FOS402334', first_token_ms: 12 });
        stream.end('done');
      }),
    });

    // Act
    const res = await fetch(server.url);
    const requestId = res.headers.get('x-amzn-requestid')!;
    await res.text();
    await server.close();

    // Assess
    const events = readLogGroup(logsDir, '/aws/lambda/picasso-streaming');
    expect(events.map((e) => e.message.split(/[\t ]/)[0])).toEqual(['START', expect.stringMatching(/^\{/), 'END', 'REPORT']);
    expect(events[0]!.message).toBe(`START RequestId: ${requestId} Version: $LATEST`);
    expect(JSON.parse(events[1]!.message)).toMatchObject({ level: 'INFO', message: 'QA_COMPLETE', service: 'chat', tenant_id: 'FOS402334', first_token_ms: 12 });
    expect(events[3]!.message).toMatch(new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 1024 MB\\tMax Memory Used: \\d+ MB`));
    expect(events.every((e) => typeof e.timestamp === 'number' && e.ingestionTime >= e.timestamp)).toBe(true);
    expect(events[0]!.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(readdirSync(logsDir)).toEqual([encodeURIComponent('/aws/lambda/picasso-streaming')]);
  });

  it('routes interleaved invocations of two functions to their own log groups, and leaves other writes alone', async () => {
    // Prepare
    let releaseA!: () => void;
    const aMayFinish = new Promise<void>((r) => (releaseA = r));

    // Act: A starts and waits; B logs meanwhile; A logs (stdout and stderr, a line in two writes) after.
    const a = capture.runInvocation({ functionName: 'fn-a', requestId: 'req-a' }, async () => {
      process.stdout.write('a: before\n');
      await aMayFinish;
      process.stdout.write('a: af');
      process.stdout.write('ter\n');
      process.stderr.write('a: to stderr\n');
    });
    await capture.runInvocation({ functionName: 'fn-b', requestId: 'req-b' }, async () => {
      process.stdout.write('b: only line\n');
    });
    process.stdout.write('log capture test: a write outside any invocation\n');
    releaseA();
    await a;

    // Assess
    const messages = (fn: string) => readLogGroup(logsDir, lambdaLogGroupName(fn)).map((e) => e.message).filter((m) => !/^(START|END|REPORT) /.test(m));
    expect(messages('fn-a')).toEqual(['a: before', 'a: after', 'a: to stderr']);
    expect(messages('fn-b')).toEqual(['b: only line']);
    expect(readLogGroup(logsDir, lambdaLogGroupName('fn-b'))[0]!.message).toBe('START RequestId: req-b Version: $LATEST');
    expect(readdirSync(logsDir).sort()).toEqual([logGroupDir('', '/aws/lambda/fn-a'), logGroupDir('', '/aws/lambda/fn-b')].sort());
  });

  it('restores process.stdout.write once stopped', () => {
    const patched = process.stdout.write;
    capture.stop();
    expect(process.stdout.write).not.toBe(patched);
    capture = startLogCapture({ logsDir }); // for afterEach
  });
});
