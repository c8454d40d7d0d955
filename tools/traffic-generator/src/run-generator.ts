import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createS3Client, createSqsClient, resourceNames, type TenantConfig } from '@picasso/shared';
import { seedTenants as writeTenantConfigs } from '@picasso/local-stack';
import { sendEvents, writeSubmissions } from './delivery';
import { collectTraffic, generateSessions } from './generate-sessions';
import { resolveTenants } from './tenants';

export interface RunGeneratorOptions {
  /** Environment name: queue and table names come from `resourceNames(env)`. */
  env: string;
  /** How many tenants (demo tenants first, then synthesised), or the tenants themselves. */
  tenants: number | TenantConfig[];
  days: number;
  sessionsPerDay: number;
  seed: number;
  /** Last day of traffic, `YYYY-MM-DD`; defaults to today (UTC), which makes runs differ by day. */
  endDate?: string;
  /** Also write the tenants' configs and hash mappings to the config bucket. */
  seedTenants?: boolean;
  /** SDK clients; by default built from the environment (`AWS_ENDPOINT_URL_*`). */
  clients?: { sqs?: SQSClient; s3?: S3Client; doc?: DynamoDBDocumentClient };
  concurrency?: number;
  onProgress?: (progress: { sent: number; total: number; elapsedMs: number }) => void;
}

export interface GeneratorSummary {
  env: string;
  tenants: string[];
  days: number;
  endDate: string;
  /** Epoch ms: sessions with an event after this were left out (the future); regenerate with it to get the same traffic. */
  notAfter: number;
  seed: number;
  sessions: number;
  events: number;
  submissions: number;
  elapsedMs: number;
}

/**
 * Generates the traffic and delivers it the way production would see it: events through the
 * environment's events queue (in server-time order), form submissions straight into the
 * submissions table (as the master function's form handler will, until it exists).
 */
export async function runGenerator(options: RunGeneratorOptions): Promise<GeneratorSummary> {
  const started = Date.now();
  const names = resourceNames(options.env);
  const tenants = typeof options.tenants === 'number' ? resolveTenants(options.tenants) : options.tenants;
  const endDate = options.endDate ?? new Date().toISOString().slice(0, 10);
  const notAfter = Date.now();
  const sqs = options.clients?.sqs ?? createSqsClient();
  const doc = options.clients?.doc ?? createDocumentClient();

  if (options.seedTenants) await writeTenantConfigs(options.clients?.s3 ?? createS3Client(), names.configBucket, tenants);

  const traffic = collectTraffic(
    generateSessions({ tenants, days: options.days, endDate, seed: options.seed, sessionsPerDay: options.sessionsPerDay, environment: options.env, notAfter }),
  );
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: names.eventsQueue }));
  await sendEvents(sqs, QueueUrl!, traffic.events, {
    concurrency: options.concurrency ?? 16,
    onProgress: (p) => options.onProgress?.({ ...p, elapsedMs: Date.now() - started }),
  });
  await writeSubmissions(doc, names.formSubmissionsTable, traffic.submissions);

  return {
    env: options.env,
    tenants: tenants.map((t) => t.tenant_id),
    days: options.days,
    endDate,
    notAfter,
    seed: options.seed,
    sessions: traffic.sessions,
    events: traffic.events.length,
    submissions: traffic.submissions.length,
    elapsedMs: Date.now() - started,
  };
}
