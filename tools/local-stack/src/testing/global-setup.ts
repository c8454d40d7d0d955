import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../stack';

declare global {
  var __PICASSO_LOCAL_STACK__: LocalStack | undefined;
}

/** Starts one local stack for the whole test run; workers inherit its endpoints via process.env. */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'picasso-test-'));
  const stack = await startLocalStack({ dir });
  globalThis.__PICASSO_LOCAL_STACK__ = stack;
  Object.assign(process.env, stack.env, { PICASSO_TEST_S3_DIR: stack.s3StorageDir, PICASSO_TEST_STACK_DIR: dir });
}
