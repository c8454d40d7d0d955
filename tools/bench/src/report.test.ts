import { absoluteTarget, formatBenchLine, relativeTarget } from './report';
import { median, percentile, round } from './statistics';

describe('bench statistics', () => {
  it('takes the middle value as the median, averaging the middle two of an even count', () => {
    // Assess
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('takes nearest-rank percentiles', () => {
    // Prepare
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);

    // Assess
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(() => percentile(values, 0)).toThrow(RangeError);
  });

  it('rounds to three decimals by default', () => {
    expect(round(1 / 3)).toBe(0.333);
  });
});

describe('bench JSON lines', () => {
  it('prints one parseable line with the figure, the baseline, their ratio, the target and the verdict first', () => {
    // Prepare
    const target = absoluteTarget('>=', 10_000);

    // Act
    const line = formatBenchLine({ bench: 'processor_throughput', unit: 'events/s', value: 12345.6789, baseline: 2469.1, target: target.target, pass: target.check(12345.6789), runs: [12000.12345, 13000] });

    // Assess
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual(['bench', 'unit', 'value', 'baseline', 'ratio', 'target', 'pass', 'runs']);
    expect(JSON.parse(line)).toEqual({ bench: 'processor_throughput', unit: 'events/s', value: 12345.679, baseline: 2469.1, ratio: 5.00007, target: '>=10000', pass: true, runs: [12000.123, 13000] });
  });

  it('judges relative targets against the baseline of the same run', () => {
    // Prepare
    const target = relativeTarget(0.01);

    // Assess
    expect(target.target).toBe('<=1% of baseline');
    expect(target.check(100, 10_000)).toBe(true);
    expect(target.check(101, 10_000)).toBe(false);
  });

  it('gives no ratio when the baseline is zero', () => {
    // Act
    const line = JSON.parse(formatBenchLine({ bench: 'x', unit: 'ms', value: 1, baseline: 0, target: '<=5', pass: true }));

    // Assess
    expect(line.ratio).toBeNull();
  });
});
