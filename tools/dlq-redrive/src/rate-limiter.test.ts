import { TokenBucket } from './rate-limiter';

/** A clock that moves only when the limiter sleeps, so pacing is counted, not timed. */
function fakeTime() {
  const t = { now: 0, sleeps: 0 };
  return { t, now: () => t.now, sleep: async (ms: number) => void ((t.now += ms), (t.sleeps += 1)) };
}

describe('TokenBucket', () => {
  it('never lets more than burst + rate × t units through by time t', async () => {
    // Prepare
    const { t, now, sleep } = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 2, now, sleep });
    const takenAt: number[] = [];
    // Act
    for (let i = 0; i < 20; i += 1) {
      await bucket.take();
      takenAt.push(t.now);
    }
    // Assess
    takenAt.forEach((ms, i) => expect(i + 1).toBeLessThanOrEqual(2 + (4 * ms) / 1000 + 1e-9));
    expect(takenAt[19]).toBe(4500);
  });

  it('lets the first burst through without waiting', async () => {
    const { t, now, sleep } = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 3, now, sleep });
    for (let i = 0; i < 3; i += 1) await bucket.take();
    expect(t.sleeps).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(/positive/);
  });
});
