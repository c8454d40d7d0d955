import type { Writable } from 'node:stream';

/**
 * The response-streaming API of the Lambda Node runtime
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html), typed by
 * `@types/aws-lambda` as the global `awslambda`: present in Lambda and in the local streaming
 * Function URL host, absent from plain Node.
 */
export type ResponseStream = Writable & { setContentType?: (contentType: string) => void };

export interface AwsLambdaStreaming {
  HttpResponseStream: { from(writable: Writable, metadata: Record<string, unknown>): ResponseStream };
}

/** The runtime's streaming API, or a clear error naming what is missing. */
export function lambdaStreaming(): typeof awslambda {
  const api = (globalThis as { awslambda?: typeof awslambda }).awslambda;
  if (!api) throw new Error('awslambda.streamifyResponse is missing: run this handler in Lambda or in the local streaming Function URL host');
  return api;
}
