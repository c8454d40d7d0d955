import { createHash } from 'node:crypto';

/**
 * A small seeded PRNG (mulberry32: 32-bit state, passes gjrand/PractRand at this scale) and the
 * distributions the generator draws from. Nothing here reads `Math.random` or the clock, so the
 * same seed always gives the same traffic.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to `weights[i]`. */
  weightedIndex(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i += 1) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal with the given median and shape: right-skewed with a long tail, the usual shape
   * of latencies and human think times.
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A new independent stream derived from this one (for per-tenant or per-session draws). */
  fork(label: string): Random {
    return new Random(hashToUint32(`${this.int(0, 0xffffffff)}:${label}`));
  }
}

/** A stable 32-bit number from any text (first 4 bytes of its SHA-256). */
export function hashToUint32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** A stable short hex digest of `text` (used for ids that must be deterministic). */
export function shortHash(text: string, length = 20): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Zipf weights `1 / rank^s` for ranks 1..n: a few items dominate, a long tail follows. */
export function zipfWeights(n: number, s = 1.1): number[] {
  return Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));
}
