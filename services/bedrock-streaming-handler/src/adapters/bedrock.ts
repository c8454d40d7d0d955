import { ConverseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { RetrieveCommand, type BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import type { ConverseRequest, ModelFailureKind, ModelStreamItem, Passage, TokenUsage } from '../ports';

/**
 * Bedrock `ConverseStream`: yields each text delta, then the token usage of the stream's last
 * event, `metadata` (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamMetadataEvent.html).
 * A stream that ends without it (cut, or a model that does not report usage) yields no usage:
 * unknown is not zero.
 */
export async function* converseStream(client: Pick<BedrockRuntimeClient, 'send'>, request: ConverseRequest, maxTokens: number): AsyncIterable<ModelStreamItem> {
  const response = await client.send(
    new ConverseStreamCommand({
      modelId: request.modelId,
      system: [{ text: request.system }],
      messages: [{ role: 'user', content: [{ text: request.question }] }],
      inferenceConfig: { maxTokens },
    }),
    { abortSignal: request.signal },
  );
  for await (const event of response.stream ?? []) {
    // Exception members arrive as stream events when the SDK does not throw them itself.
    const exception = event.throttlingException ?? event.modelStreamErrorException ?? event.internalServerException ?? event.serviceUnavailableException ?? event.validationException;
    if (exception) throw exception;
    const text = event.contentBlockDelta?.delta?.text;
    if (text) yield text;
    const usage = event.metadata?.usage && tokenUsage(event.metadata.usage);
    if (usage) yield usage;
  }
}

/** Both counts as non-negative integers, or nothing: a partial usage is as unknown as none. */
export function tokenUsage(usage: { inputTokens?: number | undefined; outputTokens?: number | undefined }): TokenUsage | undefined {
  const { inputTokens, outputTokens } = usage;
  const valid = (n: number | undefined): n is number => Number.isSafeInteger(n) && n! >= 0;
  return valid(inputTokens) && valid(outputTokens) ? { inputTokens, outputTokens } : undefined;
}

/** Knowledge Base `Retrieve` (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_Retrieve.html). */
export async function retrievePassages(client: Pick<BedrockAgentRuntimeClient, 'send'>, knowledgeBaseId: string, query: string, maxPassages: number, signal: AbortSignal): Promise<Passage[]> {
  const res = await client.send(
    new RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: query }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: maxPassages } } }),
    { abortSignal: signal },
  );
  return (res.retrievalResults ?? [])
    .filter((r) => r.content?.text)
    .map((r) => ({ text: r.content!.text!, source: r.location?.s3Location?.uri ?? r.location?.webLocation?.url, score: r.score ?? 0 }));
}

/** Throttling is its own metric and message; everything else the model says is a model error. */
export function classifyBedrockError(error: unknown): ModelFailureKind {
  const name = (error as { name?: string })?.name ?? '';
  return /throttl|toomanyrequests|serviceQuotaExceeded/i.test(name) ? 'throttled' : 'model_error';
}
