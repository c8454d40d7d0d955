/**
 * `make build-<service>`: bundles `services/<service>/src/handler.ts` with esbuild (ESM, minified,
 * source map, AWS SDK bundled so the deployed code never depends on the runtime's SDK version),
 * embeds the service's own version, and zips it to `dist/<service>.zip` for Terraform.
 *
 *   tsx tools/build/src/build-service.ts <service dir>
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { zipSync } from 'fflate';

const serviceDir = resolve(process.argv[2] ?? '.');
const service = basename(serviceDir);
const pkg = JSON.parse(readFileSync(join(serviceDir, 'package.json'), 'utf8')) as { version: string; bundleBudgetKiB?: number };

/**
 * The most a Lambda's minified `index.mjs` may weigh (docs/decisions.md, "Lean Lambda bundles"):
 * size is cold-start time. A service may carry a higher `bundleBudgetKiB` in its package.json
 * only while it works its way down to this.
 */
export const LAMBDA_BUNDLE_BUDGET_KIB = 300;
const budgetKiB = pkg.bundleBudgetKiB ?? LAMBDA_BUNDLE_BUDGET_KIB;
const repoRoot = resolve(serviceDir, '..', '..');
const outDir = join(repoRoot, 'dist', service);

/** Resolves the SDK's default credential chain to the environment provider (see lambda-credentials.ts). */
const lambdaCredentialsOnly: Plugin = {
  name: 'lambda-credentials-only',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({ path: join(import.meta.dirname, 'lambda-credentials.ts') }));
  },
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const result = await build({
  entryPoints: [join(serviceDir, 'src', 'handler.ts')],
  outfile: join(outDir, 'index.mjs'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // The AWS SDK and Powertools ship ES module builds under `module`; esbuild's Node default
  // (`main` first) would pick their CommonJS builds, which it cannot tree-shake.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  metafile: true,
  legalComments: 'none',
  // Bundled CommonJS dependencies still call require() for Node built-ins.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { 'process.env.SERVICE_VERSION': JSON.stringify(pkg.version), 'process.env.SERVICE_NAME': JSON.stringify(service) },
  // DuckDB is a native module used only by local tooling, never in a Lambda bundle.
  external: ['@duckdb/node-api'],
  plugins: [lambdaCredentialsOnly],
  logLevel: 'warning',
});

writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
const files: Record<string, Uint8Array> = {
  'index.mjs': readFileSync(join(outDir, 'index.mjs')),
  'index.mjs.map': readFileSync(join(outDir, 'index.mjs.map')),
};
const zipPath = join(repoRoot, 'dist', `${service}.zip`);
// A fixed mtime makes the zip (and Terraform's source_code_hash) depend on the code only.
writeFileSync(zipPath, zipSync(Object.fromEntries(Object.entries(files).map(([n, d]) => [n, [d, { mtime: new Date('2020-01-01T00:00:00Z') }]])), { level: 9 }));

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const bundleBytes = statSync(join(outDir, 'index.mjs')).size;
console.log(`${service}@${pkg.version}: index.mjs ${kb(bundleBytes)} (budget ${budgetKiB} KiB), ${zipPath.replace(repoRoot + '/', '')} ${kb(statSync(zipPath).size)}`);
if (bundleBytes > budgetKiB * 1024) {
  console.error(`${service}: index.mjs is ${kb(bundleBytes)}, over its ${budgetKiB} KiB budget; dist/${service}/meta.json shows what it carries (https://esbuild.github.io/analyze/).`);
  process.exit(1);
}
