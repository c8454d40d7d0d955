/**
 * Support for the whole-pipeline golden test: the system exactly as `make dev` runs it (built
 * Lambda bundles, Athena emulator, Function URL emulator, built dashboard) on free ports in a temp
 * folder, a small HTTP client for the dashboard API, and a guard against the tenants' local date
 * changing while the test runs (the aggregator's cache and the API's answers are both "as of
 * today" in each tenant's time zone).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricWindow, type TenantConfig } from '@picasso/shared';
import { devParts } from '../src/dev-extensions';
import { repoRoot, startSystem, type RunningSystem } from '../src/system';

/** What `devParts` loads: the Lambda bundles and the dashboard's static build. */
const BUILT_ARTIFACTS = [
  'dist/analytics-event-processor/index.mjs',
  'dist/analytics-aggregator/index.mjs',
  'dist/analytics-dashboard-api/index.mjs',
  'dist/master-function/index.mjs',
  'dist/bedrock-streaming-handler/index.mjs',
  'dist/analytics-function/index.mjs',
  'services/analytics-dashboard/dist/index.html',
];

/** Throws, naming what is missing, unless every bundle the system runs has been built under `root`. */
export function assertBuilt(root: string = repoRoot): void {
  const missing = BUILT_ARTIFACTS.filter((p) => !existsSync(join(root, p)));
  if (missing.length > 0) {
    throw new Error(`the golden API test runs the built bundles, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: run \`make build\` (make test builds them first)`);
  }
}

export interface GoldenSystem {
  system: RunningSystem;
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the `make dev` system on free ports in a fresh temp folder. The aggregator's schedule is
 * a day long so that only explicit `aggregateNow()` calls change the cache while the test reads it.
 */
export async function startGoldenSystem(): Promise<GoldenSystem> {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'golden-api-'));
  const lines: string[] = [];
  let system: RunningSystem;
  try {
    system = await startSystem(
      { dir, awsPort: 0, dynamoPort: 0, apiPort: 0, dashboardPort: 0, aggregatorIntervalMs: 24 * 3_600_000, log: (line) => lines.push(line) },
      devParts,
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const apiUrl = system.urls.api?.replace(/\/+$/, '');
  if (!apiUrl) {
    await system.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the system did not report the dashboard API's URL (got ${JSON.stringify(system.urls)})`);
  }
  return {
    system,
    apiUrl,
    async stop() {
      await system.stop();
      rmSync(dir, { recursive: true, force: true });
      // A failed scheduled run would otherwise go unseen: the cache would simply be missing.
      if (lines.length > 0) console.warn(`golden system log:\n${lines.join('\n')}`);
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** GET `path` with `query` and a bearer token; the body parsed as JSON. */
export async function getJson<T = Record<string, unknown>>(apiUrl: string, path: string, query: Record<string, string>, token: string): Promise<ApiAnswer<T>> {
  const url = `${apiUrl}${path}?${new URLSearchParams(query).toString()}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${path}?${new URLSearchParams(query).toString()} answered ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, body: body as T };
}

/**
 * Each tenant's local date at `now`. The cache, the rollup merge and the golden SQL all cover
 * whole local days ending "today"; if a tenant's midnight passes during the test, the API's
 * answers and the golden windows legitimately differ, which must not read as a wrong figure.
 */
export class LocalDayGuard {
  private readonly days: string;

  constructor(
    private readonly tenants: readonly TenantConfig[],
    readonly now: Date,
  ) {
    this.days = this.localDays(now);
  }

  private localDays(at: Date): string {
    return this.tenants.map((t) => `${t.tenant_id} ${metricWindow('1d', t.timezone, at).range_end} (${t.timezone})`).join(', ');
  }

  /** Throws a clear error if any tenant's local date is no longer the one at `now`. */
  assertUnchanged(): void {
    const current = this.localDays(new Date());
    if (current !== this.days) {
      throw new Error(`a tenant's local midnight passed during the golden test (local days at start: ${this.days}; now: ${current}); the comparison is void, run it again`);
    }
  }
}
