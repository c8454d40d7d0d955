/**
 * One command for the widget's browser tests on a fresh machine:
 *
 *   tsx services/chat-widget/e2e/run-against-local-system.ts [jest args]
 *
 * Starts the whole system the way `make dev` does (`startSystem` + `devParts`: local stack,
 * processor, aggregator on the Athena emulator, dashboard API, dashboard, the widget's demo pages,
 * with the chat backend stand-in before them), on free ports in a temp folder and with no
 * generated traffic, so the tenant's figures are exactly what the test's visitor did; runs
 * `e2e/jest.config.js` against it; stops everything and exits with jest's status. The test asks
 * for an aggregation run through `AGGREGATE_URL` (queue drained, then the aggregator). Needs every
 * bundle of `make test` and Debian chromium (installed if missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { LOCAL_DEV_AUTH, signDashboardToken } from '@picasso/shared/auth';
import { devParts } from '@picasso/dev/parts';
import { repoRoot, startSystem } from '@picasso/dev';

const log = (line: string) => console.error(`widget e2e: ${line}`);

async function main(): Promise<number> {
  const chromium = spawnSync(join(repoRoot, 'services', 'analytics-dashboard', 'scripts', 'ensure-chromium.sh'), { stdio: 'inherit' });
  if (chromium.status !== 0) throw new Error('could not install Debian chromium (services/analytics-dashboard/scripts/ensure-chromium.sh)');

  const dir = mkdtempSync(join(tmpdir(), 'widget-e2e-'));
  // The schedule is slow on purpose: the test runs the aggregator when the visitor is done.
  const system = await startSystem({ dir, log, awsPort: 0, dynamoPort: 0, apiPort: 0, dashboardPort: 0, widgetDemoPort: 0, aggregatorIntervalMs: 3_600_000, processor: { batchSize: 100, batchingWindowMs: 500 } }, devParts);
  const control = createServer((req, res) => {
    system
      .waitUntilQueueDrained()
      .then(() => system.aggregateNow())
      .then(
        () => res.end('aggregated'),
        (error: Error) => res.writeHead(500).end(error.message),
      );
  });
  await new Promise<void>((ok) => control.listen(0, '127.0.0.1', () => ok()));
  try {
    const { master, widgetDemo, api, dashboard } = system.urls;
    if (!master || !widgetDemo || !api || !dashboard) throw new Error(`the system did not report the master, demo page, API and dashboard URLs (got ${JSON.stringify(system.urls)})`);
    const tenant = DEMO_TENANTS[0]!;
    const env = {
      DASHBOARD_URL: dashboard.replace(/\/+$/, ''),
      API_BASE_URL: api.replace(/\/+$/, ''),
      DASHBOARD_TOKEN: await signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, pii: false, ...LOCAL_DEV_AUTH }),
      AGGREGATE_URL: `http://127.0.0.1:${(control.address() as AddressInfo).port}/`,
      ...process.env,
      WIDGET_DEMO_URL: widgetDemo,
      WIDGET_TENANT_HASH: tenant.tenant_hash,
      WIDGET_TENANT_ID: tenant.tenant_id,
      MASTER_URL: master,
      LAKE_OBJECTS_DIR: join(system.stack.s3StorageDir, 'buckets', system.names.lakeBucket, 'objects'),
      NODE_OPTIONS: '--experimental-vm-modules',
    };
    log(`demo pages ${widgetDemo}, master ${master}, tenant ${tenant.tenant_hash}`);
    // Async spawn: the servers live in this process and must keep answering.
    const jest = spawn('npx', ['jest', '-c', 'services/chat-widget/e2e/jest.config.js', ...process.argv.slice(2)], { cwd: repoRoot, env, stdio: 'inherit' });
    return await new Promise<number>((resolve) => jest.on('close', (code) => resolve(code ?? 1)));
  } finally {
    control.close();
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
