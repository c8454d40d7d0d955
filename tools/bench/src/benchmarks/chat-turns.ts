import { DEMO_TENANTS } from '@picasso/local-stack';
import { drawChatQuestion, Random, runChatTraffic, type TurnRecord } from '@picasso/traffic-generator';
import type { Benchmark } from '../bench-context';
import type { BenchFigure } from '../report';
import { median } from '../statistics';
import { CHAT_DELAYS, directThroughput, lakeAccounting, startDirectConverse, withChatSystem } from './chat-system';

const CONCURRENCY = 8;
const TURNS_PER_SESSION = 3;

/**
 * Chat turns per second through the master function (session, WIDGET_OPENED) and the streaming
 * handler at a fixed concurrency, median of several runs; then, with the processor running and
 * the queue drained, every turn's MESSAGE_SENT and MESSAGE_RECEIVED counted by message id in the
 * lake (DuckDB): the figure passes only with zero events lost or doubled. Baseline, same run: the
 * same number of turns at the same concurrency straight to a Bedrock emulator with the same delays.
 */
export const chatTurnsPerSecond: Benchmark = {
  name: 'chat_turns_per_second',
  description: `chat turns/s through master + handler + emulator at concurrency ${CONCURRENCY}, every MESSAGE event in the lake exactly once`,
  async run(ctx) {
    const runs = ctx.quick ? 1 : 3;
    const sessions = ctx.quick ? 8 : 32;
    return withChatSystem(ctx, async (system) => {
      const tenantHashes = DEMO_TENANTS.map((t) => t.tenant_hash);
      const rates: number[] = [];
      const turns: TurnRecord[] = [];
      let errors: Record<string, number> = {};
      // A warm-up run: cold bundles, first DynamoDB and S3 calls, the Knowledge Base index.
      await runChatTraffic({ masterUrl: system.urls.master!, tenantHashes, seed: 1, concurrency: CONCURRENCY, sessions: CONCURRENCY, plan: { minTurns: 1, maxTurns: 1, formShare: 0 } }).then((r) => turns.push(...r.turns));
      for (let run = 0; run < runs; run += 1) {
        const result = await runChatTraffic({ masterUrl: system.urls.master!, tenantHashes, seed: 100 + run, concurrency: CONCURRENCY, sessions, plan: { minTurns: TURNS_PER_SESSION, maxTurns: TURNS_PER_SESSION, formShare: 0 } });
        turns.push(...result.turns);
        rates.push(result.summary.turnsPerSecond);
        errors = mergeCounts(errors, result.summary.errors);
        ctx.log(`  run ${run + 1}/${runs}: ${result.summary.turnsAnswered}/${result.summary.turnsSent} turns answered, ${result.summary.turnsPerSecond.toFixed(2)} turns/s`);
      }
      ctx.log('  waiting for the processor to drain the queue, then counting the lake');
      const lake = await lakeAccounting(system, turns);

      const direct = await startDirectConverse();
      const baselineRates: number[] = [];
      try {
        const random = new Random(7);
        for (let run = 0; run < runs; run += 1) {
          const questions = Array.from({ length: sessions * TURNS_PER_SESSION }, () => drawChatQuestion(random));
          baselineRates.push((await directThroughput(direct, questions, CONCURRENCY)).turnsPerSecond);
        }
      } finally {
        await direct.close();
      }
      const answered = turns.filter((t) => t.answered).length;
      const figure: BenchFigure = {
        bench: 'chat_turns_per_second',
        unit: 'turns/s',
        value: median(rates),
        baseline: median(baselineRates),
        target: 'events_lost == 0 and every turn answered',
        pass: lake.eventsLost === 0 && lake.eventsDuplicated === 0 && lake.turnsUnaccounted === 0 && answered === turns.length,
        statistic: 'median',
        events_lost: lake.eventsLost,
        events_duplicated: lake.eventsDuplicated,
        events_expected: lake.expectedEvents,
        turns_sent: turns.length,
        turns_answered: answered,
        errors,
        concurrency: CONCURRENCY,
        sessions_per_run: sessions,
        turns_per_session: TURNS_PER_SESSION,
        emulator_first_token_ms: CHAT_DELAYS.firstTokenDelayMs,
        emulator_token_ms: CHAT_DELAYS.tokenDelayMs,
        runs: rates,
        baseline_runs: baselineRates,
      };
      return [figure];
    });
  },
};

/** Adds error counts by kind. */
function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, n] of Object.entries(b)) out[k] = (out[k] ?? 0) + n;
  return out;
}
