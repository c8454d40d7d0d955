import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const stack = globalThis.__PICASSO_LOCAL_STACK__;
  if (!stack) return;
  const exited = new Promise((resolve) => stack.child.once('exit', resolve));
  stack.child.kill('SIGTERM');
  const timer = setTimeout(() => stack.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  stack.child.stdout?.destroy();
  rmSync(stack.dir, { recursive: true, force: true });
}
