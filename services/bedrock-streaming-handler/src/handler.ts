import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { awsClients, createLogger, createMetrics, loadConfig } from '@picasso/shared';
import { streamingHandlerEnv } from './config';
import { createStreamingHandler } from './create-handler';
import { lambdaStreaming } from './lambda-streaming';
import { redact } from './redaction';
import { streamingDependencies } from './wiring';

// Cold start: config validated once; clients (their endpoints from AWS_ENDPOINT_URL_<SERVICE>),
// the signing secret and the tenant settings cache live for the execution environment.
const config = loadConfig(streamingHandlerEnv);
const streaming = lambdaStreaming();
const region = process.env.AWS_REGION ?? 'us-east-1';
// The SDK's own retries would hold the stream silent through backoff; one retry, then the visitor is told.
const bedrock = new BedrockRuntimeClient({ region, maxAttempts: 2 });
const knowledgeBases = new BedrockAgentRuntimeClient({ region, maxAttempts: 2 });

export const handler = streaming.streamifyResponse(
  createStreamingHandler({
    ...streamingDependencies(
      config,
      { doc: awsClients.documentClient(), s3: awsClients.s3(), sqs: awsClients.sqs(), ssm: awsClients.ssm, bedrock, knowledgeBases },
      { logger: createLogger('bedrock-streaming-handler'), metrics: createMetrics('bedrock-streaming-handler') },
      redact,
    ),
    streaming,
  }),
);
