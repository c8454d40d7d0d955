import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { PutObjectCommand } from '@aws-sdk/client-s3';
import { chunkForSqs, PublishError, spillKey, SqsEventPublisher, SQS_BATCH_MAX_BYTES, type SpillRecord } from './sqs-event-publisher';

type Entry = { Id: string; MessageBody: string };
type BatchAnswer = (entries: Entry[], call: number) => { Successful?: { Id: string }[]; Failed?: { Id: string; Code: string; SenderFault: boolean; Message?: string }[] } | Error;

/** An SQS port that answers each SendMessageBatch call with `answer`, recording every call. */
function fakeSqs(answer: BatchAnswer) {
  const calls: Entry[][] = [];
  return {
    calls,
    send: (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries as Entry[];
      calls.push(entries);
      const result = answer(entries, calls.length);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    },
  };
}

function fakeS3() {
  const objects = new Map<string, string>();
  return { objects, send: (command: PutObjectCommand) => (objects.set(command.input.Key!, command.input.Body as string), Promise.resolve({})) };
}

const allOk: BatchAnswer = (entries) => ({ Successful: entries.map((e) => ({ Id: e.Id })) });
const noSleep = () => Promise.resolve();
const NOW = new Date('2026-03-04T05:06:07.000Z');

describe('chunkForSqs', () => {
  it('keeps at most 10 entries per batch', () => {
    const { chunks } = chunkForSqs(Array.from({ length: 23 }, (_, i) => `m${i}`));
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 3]);
  });

  it('keeps each batch within 256 KiB of bodies and sets apart a body SQS can never take', () => {
    const big = 'x'.repeat(100 * 1024);
    const { chunks, oversized } = chunkForSqs([big, big, big, 'y'.repeat(SQS_BATCH_MAX_BYTES + 1), 'small']);
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    expect(chunks.every((c) => c.reduce((n, b) => n + Buffer.byteLength(b), 0) <= SQS_BATCH_MAX_BYTES)).toBe(true);
    expect(oversized).toHaveLength(1);
  });

  it('counts bytes, not characters (emoji are four bytes in UTF-8)', () => {
    const emoji = '😀'.repeat(20 * 1024); // 80 KiB of UTF-8 in 40 Ki UTF-16 units
    expect(chunkForSqs([emoji, emoji, emoji, emoji]).chunks.map((c) => c.length)).toEqual([3, 1]);
  });
});

describe('spillKey', () => {
  it('is the replay layout: spill/<producer>/year=/month=/day=/<uuid>.json in UTC', () => {
    expect(spillKey('bedrock-streaming-handler', new Date('2026-01-02T23:59:59-05:00'), 'abc')).toBe('spill/bedrock-streaming-handler/year=2026/month=01/day=03/abc.json');
  });
});

describe('SqsEventPublisher', () => {
  it('retries an entry SQS failed transiently and reports it sent, without resending the others', async () => {
    // Prepare: the second entry fails with a server fault on the first call only
    const sqs = fakeSqs((entries, call) =>
      call === 1
        ? { Successful: [{ Id: '0' }, { Id: '2' }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] }
        : allOk(entries, call),
    );
    const s3 = fakeS3();
    const publisher = new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'test', spill: { s3, bucket: 'lake' }, sleep: noSleep });

    // Act
    const result = await publisher.publish(['a', 'b', 'c']);

    // Assess
    expect(result).toEqual({ sent: 3, spilled: 0, spillKeys: [] });
    expect(sqs.calls.map((c) => c.map((e) => e.MessageBody))).toEqual([['a', 'b', 'c'], ['b']]);
    expect(s3.objects.size).toBe(0);
  });

  it('spills what still fails after the last attempt, in the replay format, and counts it', async () => {
    // Prepare
    const sqs = fakeSqs((entries) => ({ Successful: entries.filter((e) => e.MessageBody !== 'stuck').map((e) => ({ Id: e.Id })), Failed: entries.filter((e) => e.MessageBody === 'stuck').map((e) => ({ Id: e.Id, Code: 'ServiceUnavailable', SenderFault: false })) }));
    const s3 = fakeS3();
    const spilled: number[] = [];
    const publisher = new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'master-function', spill: { s3, bucket: 'lake' }, maxAttempts: 3, sleep: noSleep, now: () => NOW, onSpilled: (n) => spilled.push(n) });

    // Act
    const result = await publisher.publish(['ok', 'stuck']);

    // Assess
    expect(sqs.calls).toHaveLength(3);
    expect(result.sent).toBe(1);
    expect(result.spilled).toBe(1);
    expect(spilled).toEqual([1]);
    const [key] = result.spillKeys;
    expect(key).toMatch(/^spill\/master-function\/year=2026\/month=03\/day=04\/[0-9a-f-]{36}\.json$/);
    const record = JSON.parse(s3.objects.get(key!)!) as SpillRecord;
    expect(record).toEqual({ producer: 'master-function', spilled_at: NOW.toISOString(), reason: expect.stringContaining('ServiceUnavailable'), bodies: ['stuck'] });
  });

  it('does not retry an entry SQS refused as a sender fault, but spills it at once', async () => {
    const sqs = fakeSqs((entries) => ({ Failed: entries.map((e) => ({ Id: e.Id, Code: 'InvalidMessageContents', SenderFault: true })) }));
    const s3 = fakeS3();
    const result = await new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'p', spill: { s3, bucket: 'lake' }, sleep: noSleep }).publish(['bad']);
    expect(sqs.calls).toHaveLength(1);
    expect(result.spilled).toBe(1);
  });

  it('retries a whole call that threw (network) and then spills', async () => {
    const sqs = fakeSqs(() => Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }));
    const s3 = fakeS3();
    const result = await new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'p', spill: { s3, bucket: 'lake' }, maxAttempts: 2, sleep: noSleep }).publish(['a', 'b']);
    expect(sqs.calls).toHaveLength(2);
    expect(result).toMatchObject({ sent: 0, spilled: 2 });
    expect((JSON.parse([...s3.objects.values()][0]!) as SpillRecord).reason).toContain('ECONNREFUSED');
  });

  it('treats an entry missing from both lists as not sent', async () => {
    const sqs = fakeSqs((entries, call) => (call === 1 ? { Successful: [] } : allOk(entries, call)));
    const result = await new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'p', sleep: noSleep }).publish(['a']);
    expect(result.sent).toBe(1);
    expect(sqs.calls).toHaveLength(2);
  });

  it('throws, never reports success, when an event can be neither sent nor spilled', async () => {
    const sqs = fakeSqs((entries) => ({ Failed: entries.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) }));
    await expect(new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'p', maxAttempts: 2, sleep: noSleep }).publish(['a'])).rejects.toThrow(PublishError);
    const failingS3 = { send: () => Promise.reject(new Error('AccessDenied')) };
    await expect(new SqsEventPublisher({ sqs, queueUrl: 'q', producer: 'p', maxAttempts: 1, spill: { s3: failingS3, bucket: 'lake' }, sleep: noSleep }).publish(['a'])).rejects.toThrow(/nor spilled/);
  });
});
