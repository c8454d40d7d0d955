/**
 * One command for the widget's browser tests on a fresh machine:
 *
 *   tsx services/chat-widget/e2e/run-against-local-system.ts [jest args]
 *
 * Starts the system the way `make dev` does (`startSystem`: local stack, processor) with the chat
 * backend and the widget's demo pages, on free ports in a temp folder; runs `e2e/jest.config.js`
 * against it; stops everything and exits with jest's status. Needs the bundles
 * (`make build-analytics-event-processor build-master-function build-bedrock-streaming-handler
 * build-chat-widget`) and Debian chromium (installed if missing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { chatWidgetPart } from '../../../tools/dev/src/chat-widget-part';
import { repoRoot, startSystem } from '../../../tools/dev/src/system';
import { chatBackendStandIn } from './support/chat-backend';

const log = (line: string) => console.error(`widget e2e: ${line}`);

async function main(): Promise<number> {
  const chromium = spawnSync(join(repoRoot, 'services', 'analytics-dashboard', 'scripts', 'ensure-chromium.sh'), { stdio: 'inherit' });
  if (chromium.status !== 0) throw new Error('could not install Debian chromium (services/analytics-dashboard/scripts/ensure-chromium.sh)');

  const dir = mkdtempSync(join(tmpdir(), 'widget-e2e-'));
  const system = await startSystem({ dir, log, awsPort: 0, dynamoPort: 0, widgetDemoPort: 0, processor: { batchSize: 100, batchingWindowMs: 500 } }, [chatBackendStandIn(), chatWidgetPart]);
  try {
    const { master, widgetDemo } = system.urls;
    if (!master || !widgetDemo) throw new Error(`the system did not report the master and demo page URLs (got ${JSON.stringify(system.urls)})`);
    const tenant = DEMO_TENANTS[0]!;
    const env = {
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
