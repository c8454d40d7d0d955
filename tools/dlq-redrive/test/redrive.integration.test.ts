import { buildEvent } from '@picasso/shared/testing';
import { TokenBucket } from '../src/rate-limiter';
import type { RedriveQueuePort } from '../src/ports';
import { createTestEnvironment, deadLetterEvent, drain, portFor, putInDeadLetterQueue, run, settle, type TestEnvironment } from './queue-fixtures';

const FOS = 'fo85e6a06dcdf4';
const ATL = 'at3c9d0e21b7a5';

/** Three MESSAGE_SENT of FOS, two FORM_COMPLETED of ATL, one body that is not JSON, one without event_type. */
async function seedDeadLetterQueue(env: TestEnvironment) {
  const fosSent = [await deadLetterEvent(env, 'MESSAGE_SENT', FOS), await deadLetterEvent(env, 'MESSAGE_SENT', FOS), await deadLetterEvent(env, 'MESSAGE_SENT', FOS)];
  const atlForms = [await deadLetterEvent(env, 'FORM_COMPLETED', ATL), await deadLetterEvent(env, 'FORM_COMPLETED', ATL)];
  await putInDeadLetterQueue(env, 'not json: call 555-123-4567');
  const { event_type: _none, ...untyped } = buildEvent('MESSAGE_SENT', { tenant_hash: ATL });
  await putInDeadLetterQueue(env, JSON.stringify(untyped));
  return { fosSent, atlForms, untypedId: untyped.event_id, total: 7 };
}

const ids = (messages: { eventId: string | undefined }[]) => messages.map((m) => m.eventId).filter(Boolean).sort();

describe('dlq-redrive on the local stack', () => {
  let env: TestEnvironment;

  beforeEach(async () => {
    env = await createTestEnvironment('dlq');
  });

  it('list counts by event type, tenant and failure reason and leaves every message in the DLQ', async () => {
    // Prepare
    const seeded = await seedDeadLetterQueue(env);
    // Act
    const { code, out } = await run(env, ['list', '--json']);
    // Assess
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({
      total: 7,
      truncated: false,
      byEventType: { MESSAGE_SENT: 3, FORM_COMPLETED: 2, '(none)': 2 },
      byTenant: { [FOS]: 3, [ATL]: 3, '(none)': 1 },
      byReason: { 'transient (exhausted retries)': 5, 'not JSON': 1, 'no event_type': 1 },
      byReceiveCount: { '1': 7 },
    });
    expect(summary.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    const left = await drain(env.sqs, env.deadLetterQueueUrl);
    expect(left).toHaveLength(seeded.total);
    expect(await drain(env.sqs, env.queueUrl)).toHaveLength(0);
  });

  it('list prints readable tables for a human', async () => {
    await seedDeadLetterQueue(env);
    const { out } = await run(env, ['list']);
    expect(out).toContain(`${env.names.eventsDeadLetterQueue}: 7 message(s)`);
    expect(out).toMatch(/failure reason\s+messages\ntransient \(exhausted retries\)\s+5/);
  });

  it('show prints a sample with identifiers and never the message text', async () => {
    // Prepare
    await putInDeadLetterQueue(env, JSON.stringify(buildEvent('MESSAGE_SENT', { tenant_hash: FOS, event_payload: { content_preview: 'reach me at jo@example.com', character_count: 26, word_count: 5 } })));
    await putInDeadLetterQueue(env, 'not json: call 555-123-4567');
    // Act
    const human = await run(env, ['show', '--limit', '5']);
    await settle();
    const json = await run(env, ['show', '--limit', '5', '--json']);
    // Assess
    for (const output of [human.out, json.out]) {
      expect(output).not.toContain('jo@example.com');
      expect(output).not.toContain('555-123-4567');
    }
    expect(human.out).toContain('MESSAGE_SENT');
    expect(human.out).toContain(FOS);
    const rows = JSON.parse(json.out).messages;
    expect(rows).toHaveLength(2);
    expect(rows.map((r: { receiveCount: number }) => r.receiveCount)).toEqual([2, 2]);
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(2);
  });

  it('a dry run reports what would move and moves nothing', async () => {
    // Prepare
    const seeded = await seedDeadLetterQueue(env);
    // Act
    const { code, out } = await run(env, ['redrive', '--dry-run', '--event-type', 'MESSAGE_SENT', '--json']);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ mode: 'dry-run', moved: 3, skipped: 4, movedByTenant: { [FOS]: 3 } });
    expect(await drain(env.sqs, env.queueUrl)).toHaveLength(0);
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(seeded.total);
  });

  it('a filtered redrive moves exactly the matching messages and leaves the rest in the DLQ', async () => {
    // Prepare
    const seeded = await seedDeadLetterQueue(env);
    // Act
    const { code, out } = await run(env, ['redrive', '--event-type', 'MESSAGE_SENT', '--tenant-hash', FOS, '--yes', '--json']);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ mode: 'loop', moved: 3, skipped: 4, failedSends: 0, sentNotDeleted: 0 });
    expect(ids(await drain(env.sqs, env.queueUrl))).toEqual([...seeded.fosSent].sort());
    const left = await drain(env.sqs, env.deadLetterQueueUrl);
    expect(left).toHaveLength(4);
    expect(ids(left)).toEqual([...seeded.atlForms, seeded.untypedId].sort());
  });

  it('an unfiltered redrive falls back to the loop where the endpoint has no move task, and moves everything', async () => {
    // Prepare
    const seeded = await seedDeadLetterQueue(env);
    // Act
    const { code, out, err } = await run(env, ['redrive', '--yes', '--json']);
    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result).toMatchObject({ mode: 'loop', moved: 7, skipped: 0 });
    expect(result.fallbackReason).toMatch(/StartMessageMoveTask is not available/);
    expect(err).toMatch(/falling back/);
    const moved = await drain(env.sqs, env.queueUrl);
    expect(moved).toHaveLength(seeded.total);
    expect(moved.map((m) => m.body)).toContain('not json: call 555-123-4567');
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(0);
  });

  it('keeps the body and message attributes of a redriven message', async () => {
    // Prepare
    const body = JSON.stringify(buildEvent('WIDGET_OPENED', { tenant_hash: FOS }));
    await putInDeadLetterQueue(env, body, { trace_id: { DataType: 'String', StringValue: 'abc-123' }, attempt: { DataType: 'Number', StringValue: '2' } });
    // Act
    await run(env, ['redrive', '--loop', '--yes']);
    // Assess
    const [moved] = await drain(env.sqs, env.queueUrl);
    expect(moved!.body).toBe(body);
    expect(moved!.attributes).toMatchObject({ trace_id: { DataType: 'String', StringValue: 'abc-123' }, attempt: { DataType: 'Number', StringValue: '2' } });
  });

  it('moves at most --max messages', async () => {
    await seedDeadLetterQueue(env);
    const { out } = await run(env, ['redrive', '--max', '2', '--yes', '--json']);
    expect(JSON.parse(out)).toMatchObject({ mode: 'loop', moved: 2 });
    expect(await drain(env.sqs, env.queueUrl)).toHaveLength(2);
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(5);
  });

  it('sends no faster than --rate allows', async () => {
    // Prepare: a clock that moves only when the limiter sleeps, and a port that notes when each send happens on it.
    await seedDeadLetterQueue(env);
    const clock = { ms: 0 };
    const limiter = new TokenBucket({ ratePerSecond: 2, now: () => clock.ms, sleep: async (ms) => void (clock.ms += ms) });
    const sentAt: number[] = [];
    const real = portFor(env);
    const port: RedriveQueuePort = Object.assign(Object.create(real) as RedriveQueuePort, {
      send: async (...a: Parameters<RedriveQueuePort['send']>) => {
        sentAt.push(clock.ms);
        return real.send(...a);
      },
    });
    // Act
    const { out } = await run(env, ['redrive', '--rate', '2', '--yes', '--json'], { port, limiter });
    // Assess: by time t no more than 1 + 2·t messages went (burst 1, 2 per second).
    expect(JSON.parse(out).moved).toBe(7);
    expect(sentAt).toHaveLength(7);
    sentAt.forEach((ms, i) => expect(i + 1).toBeLessThanOrEqual(1 + (2 * ms) / 1000));
    expect(sentAt.at(-1)).toBe(3000);
  });

  it('a crash between send and delete leaves the message in both queues: a duplicate, never a loss', async () => {
    // Prepare: the DLQ delete of the first message fails, as if the process died right after the send.
    const [first, second] = [await deadLetterEvent(env, 'MESSAGE_SENT', FOS), await deadLetterEvent(env, 'MESSAGE_SENT', FOS)];
    const real = portFor(env);
    let deletes = 0;
    const port: RedriveQueuePort = Object.assign(Object.create(real) as RedriveQueuePort, {
      delete: async (...a: Parameters<RedriveQueuePort['delete']>) => {
        deletes += 1;
        if (deletes === 1) throw Object.assign(new Error('connection reset'), { name: 'TimeoutError' });
        return real.delete(...a);
      },
    });
    // Act
    const { code, out } = await run(env, ['redrive', '--loop', '--yes'], { port });
    // Assess
    expect(code).toBe(1);
    expect(out).toContain('sent but not deleted: 1');
    const inSource = ids(await drain(env.sqs, env.queueUrl));
    const inDlq = ids(await drain(env.sqs, env.deadLetterQueueUrl));
    expect(inSource).toEqual([first, second].sort());
    expect(inDlq).toHaveLength(1);
    expect([first, second]).toContain(inDlq[0]);
  });

  it('a failed send leaves the message in the DLQ only', async () => {
    const eventId = await deadLetterEvent(env, 'FORM_STARTED', ATL);
    const real = portFor(env);
    const port: RedriveQueuePort = Object.assign(Object.create(real) as RedriveQueuePort, {
      send: async () => {
        throw Object.assign(new Error('access denied'), { name: 'AccessDenied' });
      },
    });
    const { code, out } = await run(env, ['redrive', '--loop', '--yes'], { port });
    expect(code).toBe(1);
    expect(out).toContain('failed to send: 1');
    expect(await drain(env.sqs, env.queueUrl)).toHaveLength(0);
    expect(ids(await drain(env.sqs, env.deadLetterQueueUrl))).toEqual([eventId]);
  });

  it('an interrupted redrive stops after the message in hand and leaves the rest in the DLQ', async () => {
    // Prepare: Ctrl-C arrives while the second message is being sent.
    const seeded = await seedDeadLetterQueue(env);
    const interrupt = new AbortController();
    const real = portFor(env);
    let sends = 0;
    const port: RedriveQueuePort = Object.assign(Object.create(real) as RedriveQueuePort, {
      send: async (...a: Parameters<RedriveQueuePort['send']>) => {
        sends += 1;
        if (sends === 2) interrupt.abort();
        return real.send(...a);
      },
    });
    // Act
    const { code, out } = await run(env, ['redrive', '--loop', '--yes', '--json'], { port, signal: interrupt.signal });
    // Assess
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ moved: 2, aborted: expect.stringMatching(/interrupted/) });
    const moved = await drain(env.sqs, env.queueUrl);
    const left = await drain(env.sqs, env.deadLetterQueueUrl);
    expect(moved).toHaveLength(2);
    expect(moved.length + left.length).toBe(seeded.total);
  });

  it('status says the local stack has no move tasks', async () => {
    const { code, out } = await run(env, ['status']);
    expect(code).toBe(0);
    expect(out).toMatch(/this endpoint has no message move tasks/);
  });

  it('refuses to redrive without --yes when nobody can confirm', async () => {
    await seedDeadLetterQueue(env);
    const { code, err } = await run(env, ['redrive']);
    expect(code).toBe(3);
    expect(err).toMatch(/add --yes/);
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(7);
  });
});
