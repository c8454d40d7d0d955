import { randomUUID } from 'node:crypto';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { CachedChatSettings, S3TenantDirectory } from '@picasso/shared';
import { authenticate, DynamoDbTokenBlacklist, DynamoDbTokenRevoker, JoseTokenVerifier, signChatToken, signingSecretFromConfig } from '@picasso/shared/auth';
import { SqsEventPublisher } from '@picasso/shared/publishing';
import { DynamoDbSessionAudit, DynamoDbSessionRateLimiter, DynamoDbSubmissions } from './adapters/dynamodb-stores';
import type { MasterFunctionConfig } from './config';
import type { MasterPorts, MasterSettings } from './ports';

/** The spill prefix and `producer` of this function's undeliverable events. */
export const PRODUCER = 'master-function';

/** Builds the domain's ports over SDK clients: the one place adapters are chosen. */
export function masterDependencies(
  config: MasterFunctionConfig,
  clients: { doc: Pick<DynamoDBDocumentClient, 'send'>; s3: S3Client; sqs: Pick<SQSClient, 'send'>; ssm: () => Pick<SSMClient, 'send'> },
  metrics: Metrics,
): { ports: MasterPorts; settings: MasterSettings } {
  const secret = signingSecretFromConfig(config, clients.ssm);
  const verifier = new JoseTokenVerifier(secret, { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS });
  const blacklist = new DynamoDbTokenBlacklist(clients.doc, config.TOKEN_BLACKLIST_TABLE);
  const publisher = new SqsEventPublisher({
    sqs: clients.sqs,
    queueUrl: config.EVENTS_QUEUE_URL,
    producer: PRODUCER,
    spill: { s3: clients.s3, bucket: config.LAKE_BUCKET },
    onSpilled: (count) => metrics.addMetric('EventsSpilled', MetricUnit.Count, count),
  });
  const now = () => new Date();
  return {
    ports: {
      settings: new CachedChatSettings(new S3TenantDirectory(clients.s3, config.CONFIG_BUCKET), config.CONFIG_CACHE_TTL_SECONDS * 1000),
      authenticate: (authorization) => authenticate(authorization, { verifier, blacklist, now }),
      issueToken: async (request) =>
        signChatToken({ ...request, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, lifetimeSeconds: config.SESSION_TOKEN_LIFETIME_SECONDS }, await secret.key()),
      revoker: new DynamoDbTokenRevoker(clients.doc, config.TOKEN_BLACKLIST_TABLE, config.JWT_CLOCK_TOLERANCE_SECONDS),
      audit: new DynamoDbSessionAudit(clients.doc, config.AUDIT_TABLE),
      rateLimiter: new DynamoDbSessionRateLimiter(clients.doc, config.RATE_LIMIT_TABLE, config.EVENTS_PER_SESSION_PER_MINUTE),
      submissions: new DynamoDbSubmissions(clients.doc, config.FORM_SUBMISSIONS_TABLE),
      publish: async (events) => {
        await publisher.publishEvents(events);
      },
      newId: randomUUID,
      now,
    },
    settings: { streamingUrl: config.STREAMING_URL, environment: config.ENVIRONMENT_NAME, maxBodyBytes: config.MAX_BODY_BYTES },
  };
}
