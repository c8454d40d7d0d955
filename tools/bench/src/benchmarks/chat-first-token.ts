import { DEMO_TENANTS } from '@picasso/local-stack';
import { chatTurn, drawChatQuestion, Random } from '@picasso/traffic-generator';
import type { Benchmark } from '../bench-context';
import { absoluteTarget, type BenchFigure } from '../report';
import { median, percentile } from '../statistics';
import { CHAT_DELAYS, startDirectConverse, withChatSystem } from './chat-system';

const TARGET = absoluteTarget('<=', 50);

/**
 * First-token latency the chat path adds over the model. Each measured turn goes twice, back to
 * back with the same question: through the streaming handler (token check, tenant settings,
 * Knowledge Base Retrieve, ConverseStream, SSE through the Function URL host; first `token` frame
 * as the client sees it) and with the production ConverseStream client straight to an emulator
 * with the same delays (first text delta). The figure is the shift of the percentile: p95 (and
 * p50) of the handler's first tokens minus the same percentile of the direct ones. (A percentile
 * of turn-by-turn differences would add both sides' noise; those differences are in the line too.)
 * The baseline is what the direct call itself takes over the configured delay (emulator timers,
 * event-stream framing, a loaded host). One turn at a time, so the figure is latency, not queueing.
 */
export const chatFirstTokenOverhead: Benchmark = {
  name: 'chat_first_token_overhead',
  description: `first-token ms added by the streaming handler over ConverseStream straight to the emulator (first token ${CHAT_DELAYS.firstTokenDelayMs} ms; p95, sequential turns)`,
  async run(ctx) {
    const turns = ctx.quick ? 8 : 40;
    const warmUp = 3;
    return withChatSystem(ctx, async (system) => {
      const direct = await startDirectConverse();
      try {
        const random = new Random(2024);
        const paired: number[] = [];
        const overConfigured: number[] = [];
        const baseline: number[] = [];
        let token = '';
        let streamingUrl = '';
        for (let i = 0; i < warmUp + turns; i += 1) {
          // A fresh session every 5 turns, as visitors come and go (a session is one token check away from any turn).
          if (i % 5 === 0) {
            const res = await fetch(`${system.urls.master}/session`, { method: 'POST', body: JSON.stringify({ t: DEMO_TENANTS[i % DEMO_TENANTS.length]!.tenant_hash }) });
            if (res.status !== 201) throw new Error(`POST /session answered ${res.status}`);
            ({ token, streaming_url: streamingUrl } = (await res.json()) as { token: string; streaming_url: string });
          }
          const question = drawChatQuestion(random);
          const ours = await chatTurn(streamingUrl, token, question, 1 + 2 * (i % 5));
          if (!ours.answered || ours.firstTokenMs === null) throw new Error(`turn ${i} was not answered: ${ours.errorKind}`);
          const theirs = await direct.turn(question);
          if (i < warmUp) continue;
          paired.push(ours.firstTokenMs - theirs.firstTokenMs);
          overConfigured.push(ours.firstTokenMs - CHAT_DELAYS.firstTokenDelayMs);
          baseline.push(theirs.firstTokenMs - CHAT_DELAYS.firstTokenDelayMs);
          ctx.log(`  turn ${i - warmUp + 1}/${turns}: first token through the handler ${Math.round(ours.firstTokenMs)} ms, direct ${Math.round(theirs.firstTokenMs)} ms (configured ${CHAT_DELAYS.firstTokenDelayMs} ms)`);
        }
        // Both lists are "first token minus the configured delay", so their percentiles subtract directly.
        const p95 = percentile(overConfigured, 95) - percentile(baseline, 95);
        const figure: BenchFigure = {
          bench: 'chat_first_token_overhead',
          unit: 'ms (p95)',
          value: p95,
          baseline: percentile(baseline, 95),
          target: TARGET.target,
          pass: TARGET.check(p95),
          p50: median(overConfigured) - median(baseline),
          baseline_p50: median(baseline),
          over_configured_p50: median(overConfigured),
          over_configured_p95: percentile(overConfigured, 95),
          turns,
          emulator_first_token_ms: CHAT_DELAYS.firstTokenDelayMs,
          emulator_token_ms: CHAT_DELAYS.tokenDelayMs,
          measured: 'value: p95 of the client first SSE token frame through the handler (fetch, HTTP/1.1 to the local Function URL host) minus p95 of the first text delta of ConverseStream straight to the emulator (HTTP/2), same questions, back to back; baseline: the direct first delta minus the configured delay; over_configured: through the handler minus the configured delay; paired_differences: handler minus direct, turn by turn',
          paired_differences: paired,
          runs: overConfigured,
          baseline_runs: baseline,
        };
        return [figure];
      } finally {
        await direct.close();
      }
    });
  },
};
