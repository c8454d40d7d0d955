import { parseArgs } from 'node:util';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { formatChatSummary } from './chat-plan';
import { runChatTraffic } from './chat-traffic';

/** Parsed `--mode chat` arguments, or the problem with them. */
export type ChatCliOptions =
  | { ok: true; masterUrl: string; tenantHashes: string[]; seed: number; concurrency: number; sessions?: number; durationMs?: number; minTurns: number; maxTurns: number; formShare: number }
  | { ok: false; message: string };

/** `30`, `30s`, `2m`, `1500ms` → milliseconds; null if not a duration. */
export function parseDuration(raw: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(raw.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

/**
 * Reads the chat mode's options. Tenants are the demo tenants (the first `--tenants`), or the
 * hashes given with `--tenant-hash a,b`.
 */
export function parseChatArgs(args: string[]): ChatCliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        mode: { type: 'string' },
        'master-url': { type: 'string', default: process.env.CHAT_MASTER_URL ?? 'http://127.0.0.1:3002' },
        tenants: { type: 'string', default: '3' },
        'tenant-hash': { type: 'string' },
        seed: { type: 'string', default: '42' },
        concurrency: { type: 'string', default: '4' },
        sessions: { type: 'string' },
        duration: { type: 'string' },
        turns: { type: 'string', default: '1-4' },
        'form-share': { type: 'string', default: '0.25' },
      },
    }));
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const int = (name: string, min: number) => {
    const n = Number(values[name]);
    return Number.isInteger(n) && n >= min ? n : null;
  };
  const seed = int('seed', 0);
  const concurrency = int('concurrency', 1);
  if (seed === null) return { ok: false, message: `--seed must be a non-negative integer, got ${JSON.stringify(values.seed)}` };
  if (concurrency === null) return { ok: false, message: `--concurrency must be a positive integer, got ${JSON.stringify(values.concurrency)}` };
  const turns = /^(\d+)(?:-(\d+))?$/.exec(String(values.turns));
  const minTurns = turns ? Number(turns[1]) : NaN;
  const maxTurns = turns ? Number(turns[2] ?? turns[1]) : NaN;
  if (!turns || minTurns < 1 || maxTurns < minTurns) return { ok: false, message: `--turns must be N or MIN-MAX with 1 <= MIN <= MAX, got ${JSON.stringify(values.turns)}` };
  const formShare = Number(values['form-share']);
  if (!(formShare >= 0 && formShare <= 1)) return { ok: false, message: `--form-share must be in [0, 1], got ${JSON.stringify(values['form-share'])}` };
  let sessions: number | undefined;
  let durationMs: number | undefined;
  if (values.sessions !== undefined) {
    const n = int('sessions', 1);
    if (n === null) return { ok: false, message: `--sessions must be a positive integer, got ${JSON.stringify(values.sessions)}` };
    sessions = n;
  }
  if (values.duration !== undefined) {
    const ms = parseDuration(String(values.duration));
    if (ms === null || ms <= 0) return { ok: false, message: `--duration must be like 30s, 2m or 1500ms, got ${JSON.stringify(values.duration)}` };
    durationMs = ms;
  }
  if (sessions === undefined && durationMs === undefined) sessions = 20;
  let tenantHashes: string[];
  if (values['tenant-hash']) tenantHashes = String(values['tenant-hash']).split(',').map((s) => s.trim()).filter(Boolean);
  else {
    const n = int('tenants', 1);
    if (n === null || n > DEMO_TENANTS.length) return { ok: false, message: `--tenants must be 1-${DEMO_TENANTS.length} in chat mode (the demo tenants; other tenants: --tenant-hash), got ${JSON.stringify(values.tenants)}` };
    tenantHashes = DEMO_TENANTS.slice(0, n).map((t) => t.tenant_hash);
  }
  if (tenantHashes.length === 0) return { ok: false, message: '--tenant-hash names no tenant' };
  return {
    ok: true,
    masterUrl: String(values['master-url']),
    tenantHashes,
    seed,
    concurrency,
    ...(sessions !== undefined ? { sessions } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    minTurns,
    maxTurns,
    formShare,
  };
}

/** `cli.ts --mode chat ...`: runs the chat mode, progress on stderr, the summary on stdout. Returns the exit code. */
export async function runChatCli(args: string[]): Promise<number> {
  const options = parseChatArgs(args);
  if (!options.ok) {
    console.error(options.message);
    return 2;
  }
  let lastDraw = 0;
  try {
    const { summary } = await runChatTraffic({
      masterUrl: options.masterUrl,
      tenantHashes: options.tenantHashes,
      seed: options.seed,
      concurrency: options.concurrency,
      ...(options.sessions !== undefined ? { sessions: options.sessions } : {}),
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      plan: { minTurns: options.minTurns, maxTurns: options.maxTurns, formShare: options.formShare },
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastDraw < 200) return;
        lastDraw = now;
        process.stderr.write(`\r${p.sessionsDone} sessions, ${p.turnsSent} turns sent, ${p.turnsAnswered} answered, ${p.errors} errors, ${(p.elapsedMs / 1000).toFixed(0)} s   `);
      },
    });
    process.stderr.write('\n');
    console.log(formatChatSummary(summary));
    console.log(JSON.stringify(summary));
    return summary.turnsSent > 0 && summary.turnsAnswered === summary.turnsSent && Object.keys(summary.errors).length === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write('\n');
    console.error(`chat traffic failed: ${(error as Error).message}`);
    return 1;
  }
}
