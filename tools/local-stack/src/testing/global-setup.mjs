// Jest global setup (plain ESM: jest loads global setup files without ESM transforms).
// Starts the local stack in a child process on free ports; workers inherit its endpoints.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), 'picasso-test-'));
  const child = spawn('tsx', ['tools/local-stack/src/serve.ts', '--dir', dir, '--aws-port', '0', '--dynamo-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '--no-warnings' },
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('local stack did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`local stack exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{"ready"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line));
    });
  });
  globalThis.__PICASSO_LOCAL_STACK__ = { child, dir };
  Object.assign(process.env, ready.env, { PICASSO_TEST_S3_DIR: ready.s3StorageDir, PICASSO_TEST_STACK_DIR: dir });
}
