import pLimit from 'p-limit';

/**
 * Runs `fn` over `items` with at most `limit` in flight (p-limit does the bookkeeping), and
 * rejects with the first failure once started work settles the way `Promise.all` does.
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  const run = pLimit(Math.max(1, limit));
  await Promise.all(items.map((item, index) => run(() => fn(item, index))));
}

/** `forEachLimited` over the indexes `0 … count - 1`. */
export async function forEachIndexLimited(count: number, limit: number, fn: (index: number) => Promise<unknown>): Promise<void> {
  await forEachLimited(Array.from({ length: count }, (_, i) => i), limit, (i) => fn(i));
}
