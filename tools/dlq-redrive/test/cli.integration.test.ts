import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { buildEvent } from '@picasso/shared/testing';
import type { SQSEvent } from 'aws-lambda';
import { SqsEventSourcePoller } from '@picasso/local-stack';
import { cliProcess, createTestEnvironment, drain, settle, type TestEnvironment } from './queue-fixtures';

const cli = cliProcess;

describe('the dlq-redrive command line', () => {
  it('redrives messages that reached the DLQ through the redrive policy, and the consumer then takes them', async () => {
    // Prepare: a consumer that fails every record, so SQS moves each to the DLQ after 5 receives.
    const env = await createTestEnvironment('cli', { visibilityTimeoutSeconds: 30, maxReceiveCount: 5 });
    const events = [buildEvent('MESSAGE_SENT'), buildEvent('FORM_STARTED'), buildEvent('MESSAGE_RECEIVED')];
    for (const e of events) await env.sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: JSON.stringify(e) }));
    const failing = new SqsEventSourcePoller({
      sqs: env.sqs,
      queueUrl: env.queueUrl,
      queueArn: env.queueArn,
      functionName: env.names.functions['analytics-event-processor'],
      visibilityTimeoutSeconds: 0,
      handler: async () => {
        throw new Error('S3 unreachable');
      },
    });
    for (let i = 0; i < 10; i += 1) await failing.pollOnce();

    // Act
    const listed = await cli(env, ['list', '--json']);
    const redriven = await cli(env, ['redrive', '--yes']);

    // Assess: list saw the failures as transient ones received more than 5 times …
    expect(listed.code).toBe(0);
    const summary = JSON.parse(listed.out);
    expect(summary).toMatchObject({ total: 3, byReason: { 'transient (exhausted retries)': 3 }, byEventType: { MESSAGE_SENT: 1, FORM_STARTED: 1, MESSAGE_RECEIVED: 1 } });
    expect(Object.keys(summary.byReceiveCount).every((n) => Number(n) >= 5)).toBe(true);
    // … the redrive moved all three back (the loop: the local stack has no move task) …
    expect(redriven.code).toBe(0);
    expect(redriven.out).toContain(`moved 3 message(s) from ${env.names.eventsDeadLetterQueue} to ${env.names.eventsQueue}`);
    expect(redriven.err).toMatch(/falling back to the receive → send → delete loop/);
    expect(redriven.err).toMatch(/3\/3 moved/);
    // … and a healthy consumer now receives every one of them.
    await settle();
    const consumed: string[] = [];
    const healthy = new SqsEventSourcePoller({
      sqs: env.sqs,
      queueUrl: env.queueUrl,
      queueArn: env.queueArn,
      functionName: env.names.functions['analytics-event-processor'],
      handler: async (event: SQSEvent) => {
        consumed.push(...event.Records.map((r) => (JSON.parse(r.body) as { event_id: string }).event_id));
        return { batchItemFailures: [] };
      },
    });
    while ((await healthy.pollOnce()) > 0);
    expect(consumed.sort()).toEqual(events.map((e) => e.event_id).sort());
    expect(await drain(env.sqs, env.deadLetterQueueUrl)).toHaveLength(0);
  });

  it('exits 2 with the usage on a bad flag, and 3 when a redrive is not confirmed', async () => {
    const env = await createTestEnvironment('cli');
    const bad = await cli(env, ['redrive', '--event-type', 'NOPE']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--event-type "NOPE" is not one of/);
    expect(bad.err).toMatch(/usage: dlq-redrive/);
    const unconfirmed = await cli(env, ['redrive']);
    expect(unconfirmed.code).toBe(3);
  });

  it('says which queue is missing when the environment has none', async () => {
    const missing = await cli({ names: { environment: 'nosuchenv' } } as TestEnvironment, ['list']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/queue not found for environment "nosuchenv"/);
  });
});
