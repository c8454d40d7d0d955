import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type MessageAttributeValue, type SQSClient } from '@aws-sdk/client-sqs';
import { buildEvent } from '@picasso/shared/testing';
import type { EventType } from '@picasso/shared';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { parseCliArgs, type CliArgs } from '../src/args';
import { runCommand } from '../src/commands';
import { SqsRedriveQueues } from '../src/adapters/sqs-redrive-queues';
import type { RedriveQueuePort } from '../src/ports';

/** Puts a message straight into the DLQ, as SQS does after `maxReceiveCount` failed receives. */
export async function putInDeadLetterQueue(env: TestEnvironment, body: string, attributes?: Record<string, MessageAttributeValue>): Promise<void> {
  await env.sqs.send(new SendMessageCommand({ QueueUrl: env.deadLetterQueueUrl, MessageBody: body, ...(attributes ? { MessageAttributes: attributes } : {}) }));
}

/** Puts one valid event of `type` for `tenantHash` into the DLQ and returns its event_id. */
export async function deadLetterEvent(env: TestEnvironment, type: EventType, tenantHash: string): Promise<string> {
  const event = buildEvent(type, { tenant_hash: tenantHash });
  await putInDeadLetterQueue(env, JSON.stringify(event));
  return event.event_id;
}

export interface DrainedMessage {
  body: string;
  eventId: string | undefined;
  attributes: Record<string, MessageAttributeValue>;
}

/**
 * On the local stack the tool releases messages with a 1 s visibility timeout (see
 * `SqsRedriveQueuesOptions`): wait that out before reading a queue back.
 */
export const settle = () => new Promise((r) => setTimeout(r, 1100));

/** Reads and deletes everything in a queue: how a test reads back where messages ended up. */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<DrainedMessage[]> {
  await settle();
  const out: DrainedMessage[] = [];
  for (;;) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }));
    if (!Messages?.length) return out;
    for (const m of Messages) {
      let eventId: string | undefined;
      try {
        eventId = (JSON.parse(m.Body ?? '') as { event_id?: string }).event_id;
      } catch {
        eventId = undefined;
      }
      out.push({ body: m.Body ?? '', eventId, attributes: m.MessageAttributes ?? {} });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

export function portFor(env: TestEnvironment): SqsRedriveQueues {
  return new SqsRedriveQueues(
    env.sqs,
    { deadLetterQueueUrl: env.deadLetterQueueUrl, deadLetterQueueArn: env.deadLetterQueueArn, sourceQueueUrl: env.queueUrl, sourceQueueArn: env.queueArn },
    { releaseVisibilitySeconds: 1 },
  );
}

export interface CommandRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs a CLI command in-process against the test environment, as `cli.ts` would with
 * `--env <the test's environment>`; `--wait 0` because the local stack answers at once.
 */
export async function run(env: TestEnvironment, argv: string[], overrides: { port?: RedriveQueuePort } & Partial<Parameters<typeof runCommand>[0]> = {}): Promise<CommandRun> {
  const args = parseCliArgs([...argv, '--env', env.names.environment, '--wait', '0']) as CliArgs;
  let out = '';
  let err = '';
  const code = await runCommand({
    port: portFor(env),
    args,
    dlqName: env.names.eventsDeadLetterQueue,
    sourceName: env.names.eventsQueue,
    io: { out: (t) => void (out += `${t}\n`), err: { write: (t) => void (err += t), isTTY: false } },
    ...overrides,
  });
  return { code, out, err };
}

export { createTestEnvironment };
export type { TestEnvironment };

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');

/** Runs the real CLI in a child process, as on-call would, against the test's environment. */
export function cliProcess(env: Pick<TestEnvironment, 'names'>, argv: string[]): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('tsx', [CLI, ...argv, '--env', env.names.environment], { env: { ...process.env, NODE_OPTIONS: '--no-warnings' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}
