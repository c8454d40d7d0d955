/**
 * The local SQS accepts exactly the characters real SQS accepts in a message body:
 * #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
 * fauxqs 2.4.1 stops at #xFFFD, so every emoji was refused; `patches/fauxqs+2.4.1.patch` (applied
 * by the root `postinstall`) widens its check to the documented set.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { createTestEnvironment, type TestEnvironment } from './testing/test-environment';

/** Characters above U+FFFF (UTF-16 surrogate pairs) that chat is full of, and some below. */
const EMOJI_BODIES = [
  'thanks 👍',
  '🎉🎉🎉 we did it',
  'family 👨‍👩‍👧‍👦, flag 🇺🇸, skin tone 👋🏽',
  'math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and CJK extension B 𠀀, last plane \u{10FFFD}',
  JSON.stringify({ content_preview: 'café ☕ 😀', character_count: 9 }),
];

/** What real SQS refuses: each must still be refused locally. */
const REFUSED_BODIES: Record<string, string> = {
  'a lone high surrogate': 'broken \uD83D emoji',
  'a lone low surrogate': 'broken \uDE00 emoji',
  'a reversed surrogate pair': 'x\uDE00\uD83Dx',
  'U+FFFE': 'noncharacter \uFFFE',
  'U+FFFF': 'noncharacter \uFFFF',
  'NUL': 'nul \u0000 byte',
  'a C0 control character (U+0001)': 'ctrl \u0001',
  'an escape character (U+001B)': 'ansi \u001b[31m',
};

async function receiveAll(env: TestEnvironment): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages } = await env.sqs.send(new ReceiveMessageCommand({ QueueUrl: env.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!Messages?.length) return bodies;
    for (const m of Messages) {
      bodies.push(m.Body!);
      await env.sqs.send(new DeleteMessageCommand({ QueueUrl: env.queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

describe('message bodies on the local SQS', () => {
  let env: TestEnvironment;

  beforeEach(async () => {
    env = await createTestEnvironment('chars');
  });

  it('SendMessage accepts emoji and hands them back intact', async () => {
    // Act (the SDK also checks the MD5 of each body it sends and receives)
    for (const body of EMOJI_BODIES) await env.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: body }));

    // Assess
    expect((await receiveAll(env)).sort()).toEqual([...EMOJI_BODIES].sort());
  });

  it('SendMessageBatch accepts every emoji entry', async () => {
    // Act
    const { Successful, Failed } = await env.sqs.send(
      new SendMessageBatchCommand({ QueueUrl: env.queueUrl, Entries: EMOJI_BODIES.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })) }),
    );

    // Assess
    expect(Failed ?? []).toEqual([]);
    expect(Successful?.map((s) => s.Id).sort()).toEqual(EMOJI_BODIES.map((_, i) => `e${i}`).sort());
    expect((await receiveAll(env)).sort()).toEqual([...EMOJI_BODIES].sort());
  });

  it.each(Object.entries(REFUSED_BODIES))('SendMessage still refuses %s with InvalidMessageContents', async (_what, body) => {
    await expect(env.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: body }))).rejects.toMatchObject({
      // The SDK names it `InvalidMessageContents` or, through SQS's query-compatible error code, `AWS.SimpleQueueService.InvalidMessageContents`.
      name: expect.stringMatching(/(^|\.)InvalidMessageContents$/),
    });
    expect(await receiveAll(env)).toEqual([]);
  });

  it('SendMessageBatch fails the invalid entries alone and accepts their emoji batch-mates', async () => {
    // Prepare: each refused body beside an emoji one, in batches of at most 10.
    const refused = Object.values(REFUSED_BODIES);
    const entries = refused.flatMap((body, i) => [
      { Id: `bad${i}`, MessageBody: body },
      { Id: `ok${i}`, MessageBody: `ok ${i} 🚀` },
    ]);

    // Act
    const results = [];
    for (let i = 0; i < entries.length; i += 10) results.push(await env.sqs.send(new SendMessageBatchCommand({ QueueUrl: env.queueUrl, Entries: entries.slice(i, i + 10) })));

    // Assess
    const failed = results.flatMap((r) => r.Failed ?? []);
    expect(failed.map((f) => f.Id).sort()).toEqual(refused.map((_, i) => `bad${i}`).sort());
    expect(failed.every((f) => f.Code === 'InvalidMessageContents' && f.SenderFault === true)).toBe(true);
    expect((await receiveAll(env)).sort()).toEqual(refused.map((_, i) => `ok ${i} 🚀`).sort());
  });
});
