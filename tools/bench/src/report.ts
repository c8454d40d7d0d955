import { round } from './statistics';

/**
 * One figure of one benchmark: our value beside the baseline measured in the same run, the
 * target it is held to, and whether it met it. Extra fields say how it was measured.
 */
export interface BenchFigure {
  bench: string;
  unit: string;
  /** Our value (a median where there are several runs). */
  value: number;
  baseline: number;
  /** e.g. `">=10000"`, `"<=1% of baseline"`. */
  target: string;
  pass: boolean;
  [detail: string]: unknown;
}

/** A target on the value itself (`>=` or `<=` a number). */
export function absoluteTarget(op: '>=' | '<=', limit: number): { target: string; check: (value: number) => boolean } {
  return { target: `${op}${limit}`, check: (v) => (op === '>=' ? v >= limit : v <= limit) };
}

/** A target on our value relative to the baseline, e.g. at most 25 % of it. */
export function relativeTarget(maxShareOfBaseline: number): { target: string; check: (value: number, baseline: number) => boolean } {
  return { target: `<=${round(maxShareOfBaseline * 100, 2)}% of baseline`, check: (v, b) => v <= b * maxShareOfBaseline };
}

/**
 * The JSON line printed for a figure: `bench` and `unit` first, then `value`, `baseline`,
 * `ratio` (value ÷ baseline), `target`, `pass`, then the details. Numbers are rounded.
 */
export function formatBenchLine(figure: BenchFigure): string {
  const { bench, unit, value, baseline, target, pass, ...details } = figure;
  const roundAll = (v: unknown): unknown => (typeof v === 'number' ? round(v) : Array.isArray(v) ? v.map(roundAll) : v);
  const ordered: Record<string, unknown> = {
    bench,
    unit,
    value: round(value),
    baseline: round(baseline),
    ratio: baseline === 0 ? null : round(value / baseline, 5),
    target,
    pass,
  };
  for (const [k, v] of Object.entries(details)) ordered[k] = roundAll(v);
  return JSON.stringify(ordered);
}
