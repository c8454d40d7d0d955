/** Something that paces work: `take()` resolves when one more unit may go. */
export interface RateLimiter {
  take(): Promise<void>;
}

export interface TokenBucketOptions {
  /** Units per second the bucket refills. */
  ratePerSecond: number;
  /** Units that may go at once after a pause (default 1: strictly paced). */
  burst?: number;
  /** Milliseconds clock; injected so tests count instead of timing. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token bucket: at most `burst + ratePerSecond × t` units in any stretch of t seconds.
 * It starts full, so the first `burst` units go at once.
 */
export class TokenBucket implements RateLimiter {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError(`rate must be a positive number of messages per second, got ${options.ratePerSecond}`);
    this.burst = Math.max(1, options.burst ?? 1);
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.tokens = this.burst;
    this.last = this.now();
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.options.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.options.ratePerSecond) * 1000));
    }
  }
}

/** No pacing at all (no `--rate`). */
export const unlimited: RateLimiter = { take: async () => {} };
