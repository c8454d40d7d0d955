import { join } from 'node:path';
import { createS3Client } from '@picasso/shared';
import { LOCAL_DEV_AUTH } from '@picasso/shared/auth';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { startBedrockRuntimeEmulator } from '@picasso/local-stack/bedrock';
import { startKnowledgeBaseEmulator } from '@picasso/local-stack/knowledge-base';
import { startLogCapture } from '@picasso/local-stack/log-capture';
import { startStreamingFunctionUrlServer } from '@picasso/local-stack/streaming';
import { installAwsLambdaGlobal } from '@picasso/local-stack/streaming-response';
import type { SystemPart } from './system';

/** Audience of chat session tokens on the local system (Terraform: `chat_jwt_audience`). */
export const LOCAL_CHAT_AUDIENCE = 'picasso-chat';

const numberOf = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/**
 * The chat path: the master function's and the streaming handler's Lambda bundles behind local
 * Function URLs (the handler's in response-streaming mode), Bedrock and the Knowledge Bases as
 * emulators on the real wire, each function's stdout captured per log group under `.local/logs`.
 * Ports: CHAT_MASTER_PORT (3002), CHAT_STREAM_PORT (3003); 0 picks free ones.
 */
export const chatPart: SystemPart = async (ctx) => {
  // A system started on free ports (tests) gets free ports here too, so parallel runs never collide.
  const portOf = (name: string, fallback: number) => (ctx.options.awsPort === 0 ? 0 : numberOf(name, fallback));
  const bedrock = await startBedrockRuntimeEmulator({ firstTokenDelayMs: numberOf('BEDROCK_FIRST_TOKEN_MS', 300), tokenDelayMs: numberOf('BEDROCK_TOKEN_MS', 40) });
  const kb = await startKnowledgeBaseEmulator({ s3: createS3Client(), configBucket: ctx.names.configBucket });
  const logs = startLogCapture({ logsDir: join(ctx.options.dir, 'logs'), echo: ctx.options.awsPort !== 0 });
  const shared = {
    CONFIG_BUCKET: ctx.names.configBucket,
    EVENTS_QUEUE_URL: ctx.provisioned.queueUrl,
    LAKE_BUCKET: ctx.names.lakeBucket,
    TOKEN_BLACKLIST_TABLE: ctx.names.tokenBlacklistTable,
    JWT_ISSUER: LOCAL_DEV_AUTH.issuer,
    JWT_AUDIENCE: LOCAL_CHAT_AUDIENCE,
    JWT_SECRET: process.env.JWT_SECRET ?? LOCAL_DEV_AUTH.secret,
    JWT_SECRET_PARAMETER: '',
    ENVIRONMENT_NAME: ctx.names.environment,
  };
  // The handler module calls awslambda.streamifyResponse at import, as in Lambda.
  installAwsLambdaGlobal();
  const streamingHandler = await ctx.loadBundle<unknown>('bedrock-streaming-handler', {
    ...shared,
    CONVERSATIONS_TABLE: ctx.names.conversationsTable,
    DEFAULT_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: kb.url,
    // QA_COMPLETE is an INFO line and a record the legacy API reads through Logs Insights: it must
    // be written whatever level the rest of make dev logs at (in AWS the level is Powertools' INFO).
    POWERTOOLS_LOG_LEVEL: 'INFO',
  });
  // The streaming URL's CORS as terraform/chat.tf configures it (any widget origin locally): the widget calls it from tenant pages.
  const streaming = await startStreamingFunctionUrlServer({
    handler: streamingHandler,
    functionName: ctx.names.functions['bedrock-streaming-handler'],
    port: portOf('CHAT_STREAM_PORT', 3003),
    logs,
    maxConcurrency: 4,
    cors: { allowOrigins: ['*'], allowMethods: ['POST'], allowHeaders: ['authorization', 'content-type'] },
  });
  const masterHandler = await ctx.loadBundle<unknown>('master-function', {
    ...shared,
    FORM_SUBMISSIONS_TABLE: ctx.names.formSubmissionsTable,
    AUDIT_TABLE: ctx.names.auditTable,
    RATE_LIMIT_TABLE: ctx.names.conversationsTable,
    STREAMING_URL: streaming.url,
  });
  const master = await startStreamingFunctionUrlServer({ handler: masterHandler, functionName: ctx.names.functions['master-function'], port: portOf('CHAT_MASTER_PORT', 3002), logs });
  const hash = DEMO_TENANTS[0]!.tenant_hash;
  return {
    banner: [
      `  master function      ${master.url}   e.g. curl ${master.url}/config?t=${hash}`,
      `  streaming handler    ${streaming.url}   (Bedrock emulator ${bedrock.url}, Knowledge Base emulator ${kb.url})`,
      `  chat turn            TOKEN=$(curl -s -X POST ${master.url}/session -d '{"t":"${hash}"}' | jq -r .token)`,
      `                       curl -N ${streaming.url} -H "Authorization: Bearer $TOKEN" -d '{"message":"Where can I drop off donations?"}'`,
      `  function logs        ${join(ctx.options.dir, 'logs')}/<log group>/`,
    ],
    urls: { master: master.url, streaming: streaming.url },
    stop: async () => {
      await master.close();
      await streaming.close();
      await kb.close();
      await bedrock.close();
      logs.stop();
    },
  };
};
