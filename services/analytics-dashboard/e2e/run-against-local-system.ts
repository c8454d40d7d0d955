/**
 * One command for the dashboard's end-to-end test on a fresh machine:
 *
 *   tsx services/analytics-dashboard/e2e/run-against-local-system.ts [jest args]
 *
 * Starts the whole system the way `make dev` does (`startSystem` + `devParts`: local stack,
 * processor, aggregator on the Athena emulator, dashboard API, the built dashboard), but on free
 * ports in a temp folder; fills it with the traffic generator; aggregates; mints a token with and
 * one without `pii:read`; runs `e2e/jest.config.js` against it; stops everything and exits with
 * jest's status. Needs the Lambda bundles (`make build-analytics-event-processor
 * build-analytics-aggregator build-analytics-dashboard-api`) and the dashboard build
 * (`make build-analytics-dashboard`); installs Debian chromium if it is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { runGenerator } from '@picasso/traffic-generator';
import { devParts } from '@picasso/dev/parts';
import { repoRoot, startSystem } from '@picasso/dev';
import { LOCAL_DEV_AUTH, signDashboardToken } from '@picasso/shared/auth';

const log = (line: string) => console.error(`dashboard e2e: ${line}`);

async function main(): Promise<number> {
  const chromium = spawnSync(join(import.meta.dirname, '..', 'scripts', 'ensure-chromium.sh'), { stdio: 'inherit' });
  if (chromium.status !== 0) throw new Error('could not install Debian chromium (scripts/ensure-chromium.sh)');

  const dir = mkdtempSync(join(tmpdir(), 'dashboard-e2e-'));
  // Port 0: free ports, so the test runs beside a `make dev`. The schedule is slow on purpose:
  // the figures must not change between what the browser shows and what the test reads.
  const system = await startSystem({ dir, log, awsPort: 0, dynamoPort: 0, apiPort: 0, dashboardPort: 0, aggregatorIntervalMs: 3_600_000 }, devParts);
  try {
    const generated = await runGenerator({ env: system.names.environment, tenants: DEMO_TENANTS.length, days: 30, sessionsPerDay: 20, seed: 42 });
    log(`generated ${generated.events} events, ${generated.submissions} submissions`);
    await system.waitUntilQueueDrained();
    await system.aggregateNow();

    const apiUrl = system.urls.api?.replace(/\/+$/, '');
    const dashboardUrl = system.urls.dashboard?.replace(/\/+$/, '');
    if (!apiUrl || !dashboardUrl) throw new Error(`the system did not report the API and dashboard URLs (got ${JSON.stringify(system.urls)})`);
    const tenant = DEMO_TENANTS[0]!;
    const sign = (pii: boolean) => signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, pii, ...LOCAL_DEV_AUTH });
    const env = { ...process.env, API_BASE_URL: apiUrl, DASHBOARD_URL: dashboardUrl, TOKEN: await sign(false), TOKEN_PII: await sign(true), NODE_OPTIONS: '--experimental-vm-modules' };
    log(`dashboard ${dashboardUrl}, API ${apiUrl}, tenant ${tenant.tenant_hash}`);

    // Async spawn: the API and the dashboard server live in this process and must keep answering.
    const jest = spawn('npx', ['jest', '-c', 'services/analytics-dashboard/e2e/jest.config.js', ...process.argv.slice(2)], { cwd: repoRoot, env, stdio: 'inherit' });
    return await new Promise<number>((resolve) => jest.on('close', (code) => resolve(code ?? 1)));
  } finally {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
