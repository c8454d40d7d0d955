/**
 * Stand-in for the chat services' part of `make dev` until it lands (it is another change): the
 * master function's and the streaming handler's Lambda bundles behind the local Function URL
 * hosts, the Bedrock runtime and Knowledge Base emulators, and the Function URL CORS that AWS
 * applies in front of the streaming URL (terraform/chat.tf, `function_url_cors_*`), which the
 * local streaming host does not emulate. It steps aside when the system already has a `master` URL.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3Client } from '@picasso/shared';
import { LOCAL_DEV_AUTH } from '@picasso/shared/auth';
import { startBedrockRuntimeEmulator } from '@picasso/local-stack/bedrock';
import { startKnowledgeBaseEmulator } from '@picasso/local-stack/knowledge-base';
import { startStreamingFunctionUrlServer } from '@picasso/local-stack/streaming';
import { installAwsLambdaGlobal } from '@picasso/local-stack/streaming-response';
import type { SystemPart } from '@picasso/dev';

export const CHAT_AUDIENCE = 'picasso-chat';

/** Options of the stand-in: the model's pace, so a test can watch an answer grow. */
export function chatBackendStandIn(options: { tokenDelayMs?: number; firstTokenDelayMs?: number } = {}): SystemPart {
  return async (ctx) => {
    if (ctx.urls?.master) return undefined;
    const bedrock = await startBedrockRuntimeEmulator({ tokenDelayMs: options.tokenDelayMs ?? 60, firstTokenDelayMs: options.firstTokenDelayMs ?? 200 });
    const kb = await startKnowledgeBaseEmulator({ s3: createS3Client(), configBucket: ctx.names.configBucket });
    const common = {
      CONFIG_BUCKET: ctx.names.configBucket,
      EVENTS_QUEUE_URL: ctx.provisioned.queueUrl,
      LAKE_BUCKET: ctx.names.lakeBucket,
      TOKEN_BLACKLIST_TABLE: ctx.names.tokenBlacklistTable,
      JWT_ISSUER: LOCAL_DEV_AUTH.issuer,
      JWT_AUDIENCE: CHAT_AUDIENCE,
      JWT_SECRET: process.env.JWT_SECRET ?? LOCAL_DEV_AUTH.secret,
      ENVIRONMENT_NAME: ctx.names.environment,
      CONFIG_CACHE_TTL_SECONDS: '1',
    };
    installAwsLambdaGlobal();
    const streamingHandler = await ctx.loadBundle('bedrock-streaming-handler', {
      ...common,
      CONVERSATIONS_TABLE: ctx.names.conversationsTable,
      DEFAULT_MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
      AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: kb.url,
      POWERTOOLS_SERVICE_NAME: 'bedrock-streaming-handler',
    });
    const streaming = await startStreamingFunctionUrlServer({ handler: streamingHandler, functionName: ctx.names.functions['bedrock-streaming-handler'] ?? 'bedrock-streaming-handler' });
    const streamingCors = await functionUrlCors(streaming.url);

    const masterHandler = await ctx.loadBundle('master-function', {
      ...common,
      FORM_SUBMISSIONS_TABLE: ctx.names.formSubmissionsTable,
      AUDIT_TABLE: ctx.names.auditTable,
      RATE_LIMIT_TABLE: ctx.names.conversationsTable,
      STREAMING_URL: `${streamingCors.url}/`,
      POWERTOOLS_SERVICE_NAME: 'master-function',
    });
    const master = await startStreamingFunctionUrlServer({ handler: masterHandler, functionName: ctx.names.functions['master-function'] ?? 'master-function' });
    return {
      banner: [`  chat (stand-in)      master ${master.url}, streaming ${streamingCors.url}/ (Bedrock emulator ${bedrock.url}, KB emulator ${kb.url})`],
      urls: { master: master.url, chatStreaming: `${streamingCors.url}/`, bedrock: bedrock.url },
      stop: async () => {
        await streamingCors.close();
        await master.close();
        await streaming.close();
        await kb.close();
        await bedrock.close();
      },
    };
  };
}

/**
 * A Function URL's CORS configuration as AWS applies it in front of the function
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors): preflights
 * answered without invoking it, the allow-origin header added to every response. Allows any
 * origin (`AllowOrigins: ["*"]`): the chat token travels in a header, never in a cookie.
 */
async function functionUrlCors(target: string): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const upstream = new URL(target);
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'authorization, content-type', 'Access-Control-Max-Age': '600' };
  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(200, cors).end();
      return;
    }
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'access-control-allow-origin': '*' });
      answer.pipe(res);
    });
    forward.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, close: () => new Promise((ok) => server.close(() => ok())) };
}
