import type { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { DeliveryError, sendEvents } from './delivery';

/** An SQS port whose first SendMessageBatch fails entry `failId` with a server fault. */
function flakySqs(failAlways = false) {
  const sentBodies: string[] = [];
  let calls = 0;
  return {
    sentBodies,
    calls: () => calls,
    send: (command: SendMessageBatchCommand) => {
      calls += 1;
      const entries = command.input.Entries!;
      const failing = failAlways || calls === 1 ? entries.slice(0, 1) : [];
      const ok = entries.filter((e) => !failing.includes(e));
      sentBodies.push(...ok.map((e) => e.MessageBody!));
      return Promise.resolve({ Successful: ok.map((e) => ({ Id: e.Id })), Failed: failing.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) });
    },
  };
}

describe('the generator delivery', () => {
  it('retries an entry SQS failed and counts every event sent once', async () => {
    // Prepare
    const sqs = flakySqs();
    const events = Array.from({ length: 12 }, (_, i) => ({ event_id: `e${i}` }));

    // Act
    const sent = await sendEvents(sqs, 'q', events, { concurrency: 1 });

    // Assess
    expect(sent).toBe(12);
    expect(sqs.sentBodies.map((b) => (JSON.parse(b) as { event_id: string }).event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
  });

  it('reports an entry that keeps failing as a DeliveryError, never as sent', async () => {
    const sqs = flakySqs(true);
    await expect(sendEvents(sqs, 'q', [{ event_id: 'a' }, { event_id: 'b' }], { maxAttempts: 3 })).rejects.toThrow(DeliveryError);
    await expect(sendEvents(flakySqs(true), 'q', [{ event_id: 'a' }, { event_id: 'b' }], { maxAttempts: 3 })).rejects.toThrow('1 of 2 events could not be sent after 3 attempts');
    expect(sqs.calls()).toBe(3);
  });
});
