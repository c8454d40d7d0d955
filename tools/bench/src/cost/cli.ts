/**
 * `make cost`: runs the benchmarks the cost model needs (or reads a saved `make bench` output),
 * and writes docs/cost.md.
 *   tsx tools/bench/src/cost/cli.ts [--quick] [--from bench.jsonl] [--workspace production] [--out docs/cost.md]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { batchingAt, BATCHING_DAYS, COST_BENCHMARKS, defaultAssumptions, deploymentFromTerraform, GENERATOR_DEFAULTS, measuredFigures, parseBenchLines, trafficProfile } from './inputs';
import { monthlyCost, type CostInputs } from './model';
import { AWS_PRICES_US_EAST_1 } from './prices';
import { renderCostPage } from './render';

const TENANT_COUNTS = [10, 100, 1000] as const;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    from: { type: 'string' },
    workspace: { type: 'string', default: 'production' },
    out: { type: 'string', default: join(repoRoot, 'docs/cost.md') },
  },
});

let benchText: string;
let benchSource: string;
if (values.from) {
  benchText = readFileSync(values.from, 'utf8');
  benchSource = `the saved bench output \`${values.from}\` (its lines are at the end of this page)`;
} else {
  const args = [join(repoRoot, 'tools/bench/src/run.ts'), '--only', COST_BENCHMARKS.join(','), ...(values.quick ? ['--quick'] : [])];
  console.error(`make cost: tsx ${args.join(' ')}`);
  const run = spawnSync('tsx', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    console.error(`the bench failed (exit ${run.status}); its output:\n${run.stdout}`);
    process.exit(1);
  }
  benchText = run.stdout;
  benchSource = `\`tsx tools/bench/src/run.ts --only ${COST_BENCHMARKS.join(',')}${values.quick ? ' --quick' : ''}\``;
}

const lines = parseBenchLines(benchText);
// --quick pushes 10,000 events instead of 100,000 and aggregates 5 tenants × 7 days instead of 20 × 30.
const quickFigures = lines.some((l) => l.bench === 'lake_bytes_per_event' && l.events !== 100_000);
benchSource += quickFigures ? '; these are `--quick` figures' : '; these are the full benchmarks, not `--quick`';
const deployment = deploymentFromTerraform(repoRoot, values.workspace);
const now = new Date();
console.error(`make cost: generating the traffic profile (${GENERATOR_DEFAULTS.tenants} tenants × ${GENERATOR_DEFAULTS.days} days)`);
const traffic = trafficProfile(deployment.aggregatorIntervalMinutes);
const inputs: CostInputs = { traffic, measured: measuredFigures(lines), deployment, assumptions: defaultAssumptions(now) };
const results = TENANT_COUNTS.map((tenants) => {
  console.error(`make cost: replaying ${tenants} tenants × ${BATCHING_DAYS} days of arrivals through the batcher`);
  const batching = batchingAt(tenants, deployment, inputs.assumptions);
  return {
    tenants,
    batching,
    ours: monthlyCost('ours', tenants, batching.ours, inputs, AWS_PRICES_US_EAST_1),
    seed: monthlyCost('seed', tenants, batching.seed, inputs, AWS_PRICES_US_EAST_1),
  };
});

const command = ['make cost', ...(values.quick ? ['ARGS=--quick'] : []), ...(values.from ? [`ARGS="--from ${values.from}"`] : [])].join(' ');
writeFileSync(
  values.out,
  renderCostPage({
    command,
    generatedAt: now,
    benchSource,
    workspace: values.workspace,
    inputs,
    traffic: { tenants: traffic.tenants, days: traffic.days, sessionsPerDay: traffic.sessionsPerDay, seed: GENERATOR_DEFAULTS.seed },
    prices: AWS_PRICES_US_EAST_1,
    results,
    batchingDays: BATCHING_DAYS,
    benchLines: lines.map((l) => JSON.stringify(l)),
  }),
);
for (const r of results) console.error(`${r.tenants} tenants: ours $${r.ours.totalUsd.toFixed(2)}/month, seed $${r.seed.totalUsd.toFixed(2)}/month`);
console.error(`make cost: wrote ${values.out}`);
