/**
 * Lean Lambda bundles (issue 9): each Lambda's minified `index.mjs` size and its module
 * initialisation time (importing the bundle in a fresh Node process: what a cold start pays
 * before the handler runs), beside bundles built from the commit before the seams work
 * (`BASELINE_COMMIT`), in the same run, on the same machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@picasso/dev';
import { localAggregatorEnvironment, localDashboardApiEnvironment, localProcessorEnvironment } from '@picasso/local-stack';
import { resourceNames } from '@picasso/shared/resources';
import type { Benchmark } from '../bench-context';
import { absoluteTarget, relativeTarget, type BenchFigure } from '../report';
import { median } from '../statistics';

/** The starting commit: bundles as they were before the seams work. */
export const BASELINE_COMMIT = '3f8f1e5';
const BUDGET_KIB = 300;

const names = resourceNames('bench');
/** Nothing listens there: importing a bundle builds clients but sends nothing. */
const NOWHERE = 'http://127.0.0.1:9';
const LAMBDAS: Record<string, Record<string, string>> = {
  'analytics-event-processor': localProcessorEnvironment(names),
  'analytics-aggregator': localAggregatorEnvironment(names, NOWHERE),
  'analytics-dashboard-api': localDashboardApiEnvironment(names, NOWHERE),
};

/** A git worktree of `commit` with this checkout's node_modules hard-linked (no install). */
function baselineCheckout(commit: string): { dir: string; remove(): void } {
  const dir = join(mkdtempSync(join(tmpdir(), 'picasso-bench-baseline-')), 'repo');
  execFileSync('git', ['-C', repoRoot, 'worktree', 'add', '--detach', '--quiet', dir, commit]);
  // Hard links, as every worktree's node_modules is: nothing is downloaded or copied.
  const workspaces = ['.', 'shared', ...['services', 'tools'].flatMap((g) => readdirSync(join(repoRoot, g)).map((d) => `${g}/${d}`))];
  for (const rel of workspaces) {
    const from = join(repoRoot, rel, 'node_modules');
    if (existsSync(from) && existsSync(join(dir, rel))) execFileSync('cp', ['-al', from, join(dir, rel, 'node_modules')]);
  }
  return {
    dir,
    remove: () => {
      execFileSync('git', ['-C', repoRoot, 'worktree', 'remove', '--force', dir]);
      rmSync(join(dir, '..'), { recursive: true, force: true });
    },
  };
}

/** Builds `service` in `root` with that checkout's own build script; over-budget builds still leave the bundle. */
function buildBundle(root: string, service: string): string {
  spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['tools/build/src/build-service.ts', `services/${service}`], { cwd: root, stdio: 'ignore' });
  const bundle = join(root, 'dist', service, 'index.mjs');
  if (!existsSync(bundle)) throw new Error(`building ${service} in ${root} produced no ${bundle}`);
  return bundle;
}

/** Milliseconds to import `bundle` in a fresh Node process with the service's environment. */
function importMs(bundle: string, env: Record<string, string>): number {
  const script = 'const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, bundle], {
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`importing ${bundle} failed: ${run.stderr.slice(0, 500)}`);
  return Number(run.stdout);
}

export const lambdaBundles: Benchmark = {
  name: 'lambda-bundles',
  description: `Each Lambda's minified index.mjs size and module init time, beside bundles built from ${BASELINE_COMMIT}`,
  async run(ctx) {
    const runs = ctx.quick ? 3 : 15;
    ctx.log(`lambda-bundles: building bundles of ${BASELINE_COMMIT} in a temporary worktree`);
    const baseline = baselineCheckout(BASELINE_COMMIT);
    const figures: BenchFigure[] = [];
    try {
      for (const [service, env] of Object.entries(LAMBDAS)) {
        const ours = buildBundle(repoRoot, service);
        const theirs = buildBundle(baseline.dir, service);
        const size = absoluteTarget('<=', BUDGET_KIB);
        const kib = statSync(ours).size / 1024;
        figures.push({ bench: `${service}.bundle_size`, unit: 'KiB', value: kib, baseline: statSync(theirs).size / 1024, target: size.target, pass: size.check(kib) });
        // Alternate ours and the baseline so machine noise hits both alike.
        const oursMs: number[] = [];
        const theirsMs: number[] = [];
        for (let i = 0; i < runs; i++) {
          oursMs.push(importMs(ours, env));
          theirsMs.push(importMs(theirs, env));
        }
        const init = relativeTarget(0.5);
        const value = median(oursMs);
        const base = median(theirsMs);
        figures.push({ bench: `${service}.module_init`, unit: 'ms', value, baseline: base, target: init.target, pass: init.check(value, base), runs });
      }
    } finally {
      baseline.remove();
    }
    return figures;
  },
};
