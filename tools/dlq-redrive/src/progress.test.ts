import { formatProgress, ProgressReporter } from './progress';

describe('formatProgress', () => {
  it('draws a bar of what has been handled out of the total', () => {
    expect(formatProgress({ moved: 50, skipped: 0, failed: 0, total: 100 }, 10)).toBe('[#####.....] 50/100 moved');
  });

  it('counts skipped and failed messages as handled and says so', () => {
    expect(formatProgress({ moved: 2, skipped: 1, failed: 1, total: 8 }, 8)).toBe('[####....] 2/8 moved (1 skipped, 1 failed)');
  });

  it('prints a count when the total is unknown', () => {
    expect(formatProgress({ moved: 3, skipped: 0, failed: 0 })).toBe('3 moved');
  });
});

describe('ProgressReporter', () => {
  it('redraws one line on a terminal', () => {
    const written: string[] = [];
    const r = new ProgressReporter({ write: (t) => written.push(t), isTTY: true });
    r.update({ moved: 1, skipped: 0, failed: 0, total: 2 });
    r.finish({ moved: 2, skipped: 0, failed: 0, total: 2 });
    expect(written.every((w) => w.startsWith('\r'))).toBe(true);
    expect(written.at(-1)!.endsWith('\n')).toBe(true);
  });

  it('writes plain lines, at most one per interval, when not on a terminal', () => {
    const written: string[] = [];
    let now = 0;
    const r = new ProgressReporter({ write: (t) => written.push(t), isTTY: false }, () => now, 1000);
    r.update({ moved: 1, skipped: 0, failed: 0, total: 10 });
    now = 10_000;
    r.update({ moved: 2, skipped: 0, failed: 0, total: 10 });
    r.update({ moved: 3, skipped: 0, failed: 0, total: 10 });
    expect(written).toHaveLength(2);
    expect(written.some((w) => w.includes('\r'))).toBe(false);
  });
});
