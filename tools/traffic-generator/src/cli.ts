/**
 * Synthetic chat-widget traffic for one environment.
 *   tsx tools/traffic-generator/src/cli.ts --env local --tenants 3 --days 30 --sessions-per-day 40 --seed 42 [--end-date YYYY-MM-DD] [--seed-tenants]
 * Progress on stderr; one summary line on stdout.
 */
import { parseArgs } from 'node:util';
import { runGenerator } from './run-generator';
import { isCalendarDate } from '@picasso/shared/metrics';

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      env: { type: 'string', default: 'local' },
      tenants: { type: 'string', default: '3' },
      days: { type: 'string', default: '30' },
      'sessions-per-day': { type: 'string', default: '40' },
      seed: { type: 'string', default: '42' },
      'end-date': { type: 'string' },
      'seed-tenants': { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '16' },
    },
  }));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const tenants = positiveInt('tenants', values.tenants as string);
const endDate = values['end-date'] as string | undefined;
if (endDate !== undefined && !isCalendarDate(endDate)) {
  console.error(`--end-date must be YYYY-MM-DD, got ${JSON.stringify(endDate)}`);
  process.exit(2);
}
if (tenants > 3 && !values['seed-tenants']) {
  console.error(`warning: tenants beyond the 3 demo tenants have no mapping unless --seed-tenants is given; their events will be quarantined`);
}

let lastDraw = 0;
try {
  const summary = await runGenerator({
    env: values.env as string,
    tenants: Math.max(1, tenants),
    days: Math.max(1, positiveInt('days', values.days as string)),
    sessionsPerDay: positiveInt('sessions-per-day', values['sessions-per-day'] as string),
    seed: positiveInt('seed', values.seed as string),
    ...(endDate ? { endDate } : {}),
    seedTenants: Boolean(values['seed-tenants']),
    concurrency: Math.max(1, positiveInt('concurrency', values.concurrency as string)),
    onProgress: ({ sent, total, elapsedMs }) => {
      const now = Date.now();
      if (sent < total && now - lastDraw < 100) return;
      lastDraw = now;
      const rate = elapsedMs > 0 ? Math.round((sent / elapsedMs) * 1000) : 0;
      process.stderr.write(`\rsent ${sent} / ${total} events (${rate} events/s)   `);
    },
  });
  process.stderr.write('\n');
  console.log(
    `generated ${summary.sessions} sessions, sent ${summary.events} events, wrote ${summary.submissions} form submissions ` +
      `for ${summary.tenants.length} tenants over ${summary.days} days to ${summary.endDate} (env ${summary.env}, seed ${summary.seed}) in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
  );
} catch (error) {
  process.stderr.write('\n');
  console.error(`traffic generator failed: ${(error as Error).message}`);
  process.exit(1);
}
