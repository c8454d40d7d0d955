import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { startSystem, type RunningSystem } from '@picasso/dev';
import { chatPart } from '@picasso/dev/chat';
import { startBedrockRuntimeEmulator } from '@picasso/local-stack/bedrock';
import { DuckDbQueryEngine } from '@picasso/shared/duckdb';
import { accountTurnsInLake, MESSAGE_EVENT_COUNTS_SQL, type LakeAccounting, type LakeEventCount, type TurnRecord } from '@picasso/traffic-generator';
import type { BenchContext } from '../bench-context';

/**
 * What the chat benchmarks share: the `make dev` chat path (master function and streaming handler
 * bundles, Bedrock and Knowledge Base emulators, the processor behind the emulated SQS trigger) on
 * its own local stack, and the baseline: the production ConverseStream client straight to a
 * Bedrock emulator with the same delays, no handler in between.
 */

/** Emulator delays of every chat benchmark: realistic in shape, small so a run stays short. */
export const CHAT_DELAYS = { firstTokenDelayMs: 300, tokenDelayMs: 10 } as const;

/** The model id the local chat path uses (tools/dev chat part). */
const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';

/**
 * Runs `fn` against the chat path on a private stack (free ports, temp folder), then stops it and
 * puts back the bench's own environment variables (the system points the SDK at its own stack).
 */
export async function withChatSystem<T>(ctx: BenchContext, fn: (system: RunningSystem) => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'picasso-bench-chat-'));
  process.env.BEDROCK_FIRST_TOKEN_MS = String(CHAT_DELAYS.firstTokenDelayMs);
  process.env.BEDROCK_TOKEN_MS = String(CHAT_DELAYS.tokenDelayMs);
  ctx.log('  starting the chat path (master function, streaming handler, processor) on its own stack');
  let system: RunningSystem | undefined;
  try {
    system = await startSystem({ dir, env: 'bench', awsPort: 0, dynamoPort: 0, processor: { batchSize: 100, batchingWindowMs: 200 } }, [chatPart]);
    return await fn(system);
  } finally {
    await system?.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Waits for the events queue to drain, then checks every turn's MESSAGE events in the lake (DuckDB over the lake files). */
export async function lakeAccounting(system: RunningSystem, turns: readonly TurnRecord[]): Promise<LakeAccounting> {
  await system.waitUntilQueueDrained(300_000);
  const engine = await DuckDbQueryEngine.open({ s3StorageDir: system.stack.s3StorageDir, lakeBucket: system.names.lakeBucket });
  try {
    return accountTurnsInLake(turns, (await engine.query<LakeEventCount>(MESSAGE_EVENT_COUNTS_SQL)).rows);
  } finally {
    engine.close();
  }
}

/** The baseline side: a Bedrock emulator with the chat path's delays and the production client pointed at it. */
export interface DirectConverse {
  /** One ConverseStream read to the end; ms from sending to the first text delta, and in all. */
  turn(question: string): Promise<{ firstTokenMs: number; totalMs: number }>;
  close(): Promise<void>;
}

export async function startDirectConverse(): Promise<DirectConverse> {
  const emulator = await startBedrockRuntimeEmulator({ ...CHAT_DELAYS });
  const client = new BedrockRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' }, maxAttempts: 1 });
  return {
    async turn(question) {
      const t0 = performance.now();
      const out = await client.send(new ConverseStreamCommand({ modelId: MODEL_ID, messages: [{ role: 'user', content: [{ text: question }] }], inferenceConfig: { maxTokens: 512 } }));
      let firstTokenMs: number | undefined;
      for await (const event of out.stream ?? []) {
        if (firstTokenMs === undefined && event.contentBlockDelta?.delta?.text) firstTokenMs = performance.now() - t0;
      }
      if (firstTokenMs === undefined) throw new Error('the emulator streamed no text');
      return { firstTokenMs, totalMs: performance.now() - t0 };
    },
    async close() {
      client.destroy();
      await emulator.close();
    },
  };
}

/** `count` direct turns, `concurrency` at a time: turns per second and each turn's first token. */
export async function directThroughput(direct: DirectConverse, questions: readonly string[], concurrency: number): Promise<{ turnsPerSecond: number; firstTokenMs: number[] }> {
  const firstTokenMs: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < questions.length) {
        const q = questions[next++]!;
        firstTokenMs.push((await direct.turn(q)).firstTokenMs);
      }
    }),
  );
  return { turnsPerSecond: (questions.length / (performance.now() - t0)) * 1000, firstTokenMs };
}
