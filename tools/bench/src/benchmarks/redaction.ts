import { redactPii } from '@picasso/shared/privacy';
import type { Benchmark } from '../bench-context';
import type { BenchFigure } from '../report';
import { absoluteTarget } from '../report';
import { median } from '../statistics';
import { seedRedactPii } from './redaction-seed';

const BODY_CHARS = 256 * 1024;
const SEED_CHARS = 16 * 1024;

const CHAT =
  '{"event_type":"MESSAGE_SENT","event_payload":{"content_preview":"Hi, I am Jane (jane.doe+news@example.co.uk), call me on +44 20 7946 0958 or (512) 555-0143. ' +
  'My card 4111 1111 1111 1111 was charged $1,234.56 on 2025-12-31 at 10:30 for order #123456789; SSN 123-45-6789, ZIP 78701-1234."}} ';

/** 256 KB bodies: a realistic chat message, then inputs built to make a scanner or a backtracking pattern work hardest. */
const BODIES: Record<string, string> = {
  chat_with_pii: CHAT,
  email_chars_without_at: 'jane.doe+news-',
  digits: '4',
  digits_and_spaces: '1 ',
  digit_groups: '12-',
  spaces: ' ',
  at_signs: 'a@',
  dotted_labels: 'a.',
};

/** A flat string of `length` characters repeating `unit` (Buffer round trip: no rope for V8 to walk). */
function body(unit: string, length: number): string {
  return Buffer.from(unit.repeat(Math.ceil(length / unit.length)).slice(0, length), 'utf8').toString('utf8');
}

function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Redaction of a 256 KB body (the largest SQS message, which reaches the quarantine whole), per
 * body kind, median of several runs after a warm-up. Baseline, same run and same body: the seed's
 * regular expressions on the body's first 16 KB only, because on the adversarial kinds the full
 * body takes minutes (they are quadratic). `floor_ms` is a plain `charCodeAt` pass over the full
 * body: the least any scanner can cost.
 */
export const redaction: Benchmark = {
  name: 'redaction',
  description: 'PII redaction of 256 KB bodies (chat text and adversarial inputs), beside the seed regexes on 16 KB',
  async run(ctx) {
    const runs = ctx.quick ? 5 : 15;
    const seedRuns = ctx.quick ? 1 : 3;
    const target = absoluteTarget('<=', 50);
    const figures: BenchFigure[] = [];
    for (const [kind, unit] of Object.entries(BODIES)) {
      const text = body(unit, BODY_CHARS);
      const seedText = body(unit, SEED_CHARS);
      for (let i = 0; i < 3; i += 1) redactPii(text); // warm-up: JIT
      const ours = Array.from({ length: runs }, () => timeMs(() => redactPii(text)));
      const seed = Array.from({ length: seedRuns }, () => timeMs(() => seedRedactPii(seedText)));
      const floor = Array.from({ length: runs }, () =>
        timeMs(() => {
          let sum = 0;
          for (let i = 0; i < text.length; i += 1) sum += text.charCodeAt(i);
          return sum;
        }),
      );
      const value = median(ours);
      ctx.log(`redaction: ${kind} ${value.toFixed(1)} ms`);
      figures.push({
        bench: `redaction_256kb_${kind}`,
        unit: 'ms',
        value,
        baseline: median(seed),
        target: target.target,
        pass: target.check(value),
        statistic: 'median',
        body_chars: text.length,
        baseline_chars: seedText.length,
        baseline_kind: "the seed's regex redaction on the first 16 KB of the same body",
        floor_ms: median(floor),
        redactions: redactPii(text).redactions,
        runs: ours,
        baseline_runs: seed,
      });
    }
    return figures;
  },
};
