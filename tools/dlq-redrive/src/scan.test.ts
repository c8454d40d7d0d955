import type { QueueMessage, RedriveQueuePort } from './ports';
import { scanDeadLetterQueue } from './scan';

/** A DLQ whose receives are scripted: how SQS behaves when a scan outlives the visibility timeout. */
function scriptedQueue(batches: QueueMessage[][], visibleAfter = 0) {
  const released: string[][] = [];
  const port = {
    queues: { deadLetterQueueUrl: 'dlq', deadLetterQueueArn: 'arn:dlq', sourceQueueUrl: 'src', sourceQueueArn: 'arn:src' },
    receive: async () => batches.shift() ?? [],
    release: async (_url: string, handles: string[]) => void released.push(handles),
    depth: async () => ({ visible: visibleAfter, inFlight: 0 }),
  } as unknown as RedriveQueuePort;
  return { port, released };
}

const msg = (id: string, handle: string): QueueMessage => ({ messageId: id, receiptHandle: handle, body: '{}', receiveCount: 1, messageAttributes: {} });

describe('scanDeadLetterQueue', () => {
  it('counts a message that comes back mid-scan once and releases it under its newest handle', async () => {
    // Prepare
    const { port, released } = scriptedQueue([[msg('a', 'a1'), msg('b', 'b1')], [msg('a', 'a2'), msg('c', 'c1')]]);
    // Act
    const { messages, truncated } = await scanDeadLetterQueue(port, { maxMessages: 100, visibilityTimeoutSeconds: 60, waitTimeSeconds: 0 });
    // Assess
    expect(messages.map((m) => m.messageId)).toEqual(['a', 'b', 'c']);
    expect(truncated).toBe(false);
    expect(released).toEqual([['a2', 'b1', 'c1']]);
  });

  it('stops at maxMessages and says the DLQ holds more', async () => {
    const { port, released } = scriptedQueue([[msg('a', 'a1'), msg('b', 'b1')], [msg('c', 'c1')]], 5);
    const { messages, truncated } = await scanDeadLetterQueue(port, { maxMessages: 2, visibilityTimeoutSeconds: 60, waitTimeSeconds: 0 });
    expect(messages).toHaveLength(2);
    expect(truncated).toBe(true);
    expect(released).toEqual([['a1', 'b1']]);
  });

  it('releases what it read even when a receive fails', async () => {
    const { port, released } = scriptedQueue([[msg('a', 'a1')]]);
    let calls = 0;
    const failing = Object.assign(Object.create(port) as RedriveQueuePort, {
      receive: async () => {
        calls += 1;
        if (calls === 2) throw new Error('network down');
        return [msg('a', 'a1')];
      },
    });
    await expect(scanDeadLetterQueue(failing, { maxMessages: 100, visibilityTimeoutSeconds: 60, waitTimeSeconds: 0 })).rejects.toThrow('network down');
    expect(released).toEqual([['a1']]);
  });
});
