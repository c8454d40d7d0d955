import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__PICASSO_LOCAL_STACK__?.stop();
  const dir = process.env.PICASSO_TEST_STACK_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
