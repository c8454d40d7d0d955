/**
 * The whole system on the local stack, as one object: what `make dev` runs, and what end-to-end
 * tests (the dashboard's browser tests, the golden tests) start on free ports in a temp folder.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createDynamoDbClient, createS3Client, createSqsClient, resourceNames, type ResourceNames } from '@picasso/shared';
import {
  localProcessorEnvironment,
  provisionEnvironment,
  seedTenants,
  SqsEventSourcePoller,
  startLocalStack,
  type LocalStack,
  type ProvisionedEnvironment,
  type SqsHandler,
} from '@picasso/local-stack';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface SystemOptions {
  /** State folder (`.local` for make dev; a temp folder in tests). */
  dir: string;
  env?: string;
  awsPort?: number;
  dynamoPort?: number;
  apiPort?: number;
  dashboardPort?: number;
  /** The chat widget's demo host pages. */
  widgetDemoPort?: number;
  processor?: { batchSize?: number; batchingWindowMs?: number; concurrency?: number };
  aggregatorIntervalMs?: number;
  log?: (line: string) => void;
}

export interface ProcessorStats {
  invocations: number;
  records: number;
  failed: number;
}

export interface RunningSystem {
  names: ResourceNames;
  stack: LocalStack;
  provisioned: ProvisionedEnvironment;
  processorStats: ProcessorStats;
  /** Lines for the banner, from every part that started. */
  banner: string[];
  urls: Record<string, string>;
  /** Resolves when the events queue has no visible or in-flight message. */
  waitUntilQueueDrained(timeoutMs?: number): Promise<void>;
  /** Runs the aggregator now (if it is part of the system) and waits for it. */
  aggregateNow(): Promise<void>;
  stop(): Promise<void>;
}

/** A part of the system beyond the processor (aggregator, dashboard API, dashboard). */
export type SystemPart = (ctx: SystemContext) => Promise<StartedPart | undefined>;
export interface SystemContext {
  options: SystemOptions;
  names: ResourceNames;
  stack: LocalStack;
  provisioned: ProvisionedEnvironment;
  /** URLs of the parts started before this one (`api`, `dashboard`). */
  urls?: Record<string, string>;
  /** Imports a service's Lambda bundle with `vars` set, as a cold start would. */
  loadBundle<T>(service: string, vars: Record<string, string>): Promise<T>;
}
export interface StartedPart {
  stop(): Promise<void>;
  banner: string[];
  urls?: Record<string, string>;
  aggregateNow?: () => Promise<void>;
}

async function loadBundle<T>(service: string, vars: Record<string, string>): Promise<T> {
  const bundle = join(repoRoot, 'dist', service, 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run make build-${service}`);
  return importBundle<T>(bundle, vars);
}

/**
 * Imports a Lambda bundle's `handler` with `vars` in the environment for the import only.
 */
export async function importBundle<T>(bundle: string, vars: Record<string, string>): Promise<T> {
  // The bundle reads its configuration (and builds its clients) at import, exactly as on a Lambda
  // cold start: its variables are set for the import only, then the previous values come back,
  // so no bundle sees another's configuration.
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const mod = (await import(`${pathToFileURL(bundle).href}?t=${Date.now()}`)) as { handler: T };
    return mod.handler;
  } finally {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function startSystem(options: SystemOptions, parts: SystemPart[] = []): Promise<RunningSystem> {
  const names = resourceNames(options.env ?? 'local');
  const stack = await startLocalStack({ dir: options.dir, awsPort: options.awsPort ?? 0, dynamoPort: options.dynamoPort ?? 0 });
  Object.assign(process.env, stack.env, {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  });
  const s3 = createS3Client();
  const sqs = createSqsClient();
  const provisioned = await provisionEnvironment(names, { s3, sqs, dynamoDb: createDynamoDbClient() }, { visibilityTimeoutSeconds: 60, maxReceiveCount: 5 });
  await seedTenants(s3, names.configBucket);

  const processorStats: ProcessorStats = { invocations: 0, records: 0, failed: 0 };
  const processor = await loadBundle<SqsHandler>('analytics-event-processor', localProcessorEnvironment(names));
  const poller = new SqsEventSourcePoller({
    sqs,
    queueUrl: provisioned.queueUrl,
    queueArn: provisioned.queueArn,
    handler: processor,
    functionName: names.functions['analytics-event-processor'],
    batchSize: options.processor?.batchSize ?? 1000,
    maxBatchingWindowMs: options.processor?.batchingWindowMs ?? 1000,
    concurrency: options.processor?.concurrency ?? 2,
    onInvoke: (s) => {
      processorStats.invocations += 1;
      processorStats.records += s.records;
      processorStats.failed += s.failed;
    },
  });
  poller.start();

  const started: StartedPart[] = [{ stop: () => poller.stop(), banner: [] }];
  const ctx: SystemContext = { options, names, stack, provisioned, loadBundle, urls: {} };
  try {
    for (const part of parts) {
      const p = await part(ctx);
      if (p) {
        started.push(p);
        Object.assign(ctx.urls!, p.urls ?? {});
      }
    }
  } catch (error) {
    for (const p of started.reverse()) await p.stop().catch(() => undefined);
    await stack.stop();
    throw error;
  }

  return {
    names,
    stack,
    provisioned,
    processorStats,
    banner: started.flatMap((p) => p.banner),
    urls: Object.assign({}, ...started.map((p) => p.urls ?? {})) as Record<string, string>,
    async waitUntilQueueDrained(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { Attributes: a } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: provisioned.queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        if (Number(a?.ApproximateNumberOfMessages) + Number(a?.ApproximateNumberOfMessagesNotVisible) === 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the events queue did not drain in time');
    },
    async aggregateNow() {
      for (const p of started) await p.aggregateNow?.();
    },
    async stop() {
      for (const p of started.reverse()) await p.stop().catch(() => undefined);
      await stack.stop();
    },
  };
}
