import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { CachedChatSettings, S3TenantDirectory } from '@picasso/shared';
import { authenticate, DynamoDbTokenBlacklist, JoseTokenVerifier, signingSecretFromConfig } from '@picasso/shared/auth';
import { QA_COMPLETE_MESSAGE } from '@picasso/shared/legacy';
import { SqsEventPublisher } from '@picasso/shared/publishing';
import { classifyBedrockError, converseStream, retrievePassages } from './adapters/bedrock';
import { recordSessionTurn } from './adapters/dynamodb-conversations';
import type { StreamingHandlerConfig } from './config';
import type { StreamingHandlerDependencies } from './create-handler';
import type { Redact } from './message-events';

/** The spill prefix and `producer` of this function's undeliverable events. */
export const PRODUCER = 'bedrock-streaming-handler';

/** Longest answer asked of the model. */
const MAX_ANSWER_TOKENS = 1024;

/** Builds the handler's ports over SDK clients: the one place adapters are chosen. */
export function streamingDependencies(
  config: StreamingHandlerConfig,
  clients: {
    doc: Pick<DynamoDBDocumentClient, 'send'>;
    s3: S3Client;
    sqs: Pick<SQSClient, 'send'>;
    ssm: () => Pick<SSMClient, 'send'>;
    bedrock: Pick<BedrockRuntimeClient, 'send'>;
    knowledgeBases: Pick<BedrockAgentRuntimeClient, 'send'>;
  },
  observability: { logger: Logger; metrics: Metrics },
  redact: Redact,
): Omit<StreamingHandlerDependencies, 'streaming'> {
  const { logger, metrics } = observability;
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
  return {
    admission: {
      authenticate: (authorization) => authenticate(authorization, { verifier, blacklist, now: () => new Date() }),
      settings: new CachedChatSettings(new S3TenantDirectory(clients.s3, config.CONFIG_BUCKET), config.CONFIG_CACHE_TTL_SECONDS * 1000),
    },
    turn: {
      retrieve: (kbId, query, signal) => retrievePassages(clients.knowledgeBases, kbId, query, config.MAX_PASSAGES, signal),
      converse: (request) => converseStream(clients.bedrock, request, MAX_ANSWER_TOKENS),
      classify: classifyBedrockError,
      redact,
      publish: async (events) => {
        await publisher.publishEvents(events);
      },
      recordSession: (record) => recordSessionTurn(clients.doc, config.CONVERSATIONS_TABLE, record),
      logQaComplete: (line) => logger.info(QA_COMPLETE_MESSAGE, { ...line }),
      countFailure: (kind) => {
        // The alarm watches the service-level sum; the per-kind split is for the dashboard.
        metrics.addMetric('ModelFailures', MetricUnit.Count, 1);
        const byKind = metrics.singleMetric();
        byKind.addDimension('kind', kind);
        byKind.addMetric('ModelFailuresByKind', MetricUnit.Count, 1);
      },
      now: () => new Date(),
      newId: randomUUID,
    },
    turnSettings: {
      defaultModelId: config.DEFAULT_MODEL_ID,
      environment: config.ENVIRONMENT_NAME,
      maxPassages: config.MAX_PASSAGES,
      retrieveTimeoutMs: config.RETRIEVE_TIMEOUT_MS,
      firstTokenTimeoutMs: config.FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: config.IDLE_TIMEOUT_MS,
    },
    limits: { maxBodyBytes: config.MAX_BODY_BYTES, maxQuestionChars: config.MAX_QUESTION_CHARS },
    logger,
    metrics,
  };
}
