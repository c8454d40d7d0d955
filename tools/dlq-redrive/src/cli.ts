import { createInterface } from 'node:readline/promises';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { createS3Client, createSqsClient, resourceNames } from '@picasso/shared';
import { S3ReplayStore, SqsReplayTarget } from './adapters/s3-replay-store';
import { resolveQueuePair, SqsRedriveQueues } from './adapters/sqs-redrive-queues';
import { parseCliArgs, USAGE, UsageError } from './args';
import { EXIT, runCommand, type CommandIo } from './commands';
import { runReplayCommand } from './replay-command';

/**
 * On-call entry point: `tsx tools/dlq-redrive/src/cli.ts <command> [--env E] [flags]`.
 * Wiring only: arguments → queue names → SQS adapter → command (for `replay`: the lake bucket's
 * S3 adapter and the events queue).
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.ok;
    }
    const names = resourceNames(args.env);
    const interactive = process.stdin.isTTY && process.stderr.isTTY;
    // First Ctrl-C: finish the message in hand and release the rest; a second one exits at once
    // (still safe: held messages reappear when their visibility timeout ends).
    const interrupt = new AbortController();
    process.on('SIGINT', () => {
      if (interrupt.signal.aborted) process.exit(130);
      process.stderr.write('\nstopping after the message in hand (Ctrl-C again to exit now)\n');
      interrupt.abort();
    });
    const io: CommandIo = {
      out: (text) => process.stdout.write(`${text}\n`),
      err: { write: (text) => process.stderr.write(text), isTTY: Boolean(process.stderr.isTTY) },
      ...(interactive
        ? {
            confirm: async (question: string) => {
              const rl = createInterface({ input: process.stdin, output: process.stderr });
              try {
                return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
              } finally {
                rl.close();
              }
            },
          }
        : {}),
    };
    const sqs = createSqsClient();
    if (args.command === 'replay') {
      // The queue is looked up only when something is sent: list and dry run need the bucket alone.
      let queueUrl: Promise<string> | undefined;
      const url = () => (queueUrl ??= sqs.send(new GetQueueUrlCommand({ QueueName: names.eventsQueue })).then((r) => r.QueueUrl!));
      return await runReplayCommand({
        store: new S3ReplayStore(createS3Client(), names.lakeBucket),
        target: { send: async (body) => new SqsReplayTarget(sqs, await url()).send(body) },
        args,
        io,
        bucket: names.lakeBucket,
        queueName: names.eventsQueue,
        signal: interrupt.signal,
      });
    }
    // An endpoint override means an emulator; see SqsRedriveQueuesOptions for why it gets 1 s.
    const emulated = Boolean(process.env.AWS_ENDPOINT_URL_SQS || process.env.AWS_ENDPOINT_URL);
    const port = new SqsRedriveQueues(sqs, await resolveQueuePair(sqs, names), { releaseVisibilitySeconds: emulated ? 1 : 0 });
    return await runCommand({
      signal: interrupt.signal,
      port,
      args,
      dlqName: names.eventsDeadLetterQueue,
      sourceName: names.eventsQueue,
      io,
    });
  } catch (error) {
    const e = error as Error;
    if (e instanceof UsageError || e.name === 'InvalidEnvironmentNameError') {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    if (e.name === 'NoSuchBucket') {
      process.stderr.write(`lake bucket not found for environment ${JSON.stringify((args as { env?: string })?.env)}: ${e.message}\n`);
      return EXIT.incomplete;
    }
    if (e.name === 'QueueDoesNotExist' || e.name === 'AWS.SimpleQueueService.NonExistentQueue') {
      process.stderr.write(`queue not found for environment ${JSON.stringify((args as { env?: string })?.env)}: ${e.message}\n`);
      return EXIT.incomplete;
    }
    process.stderr.write(`dlq-redrive failed: ${e.name}: ${e.message}\n`);
    return EXIT.incomplete;
  }
}

process.exitCode = await main(process.argv.slice(2));
