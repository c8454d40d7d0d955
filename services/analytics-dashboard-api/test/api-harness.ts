import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AthenaQueryEngine, createAthenaClient, createLogger, createMetrics, createSsmClient, DynamoDbRollupStore, loadConfig, type AnalyticsEvent, type QueryEngine } from '@picasso/shared';
import { DEMO_TENANTS } from '@picasso/local-stack';
import { startFunctionUrlServer, type FunctionUrlServer } from '@picasso/local-stack';
import { createTestEnvironment, type TestEnvironment } from '@picasso/local-stack/testing';
import { DynamoDbTokenBlacklist, revocationKey, signDashboardToken } from '@picasso/shared/auth';
import { dashboardApiEnv } from '../src/config';
import { createHandler } from '../src/create-handler';
import { startAthenaEmulator } from '@picasso/shared/duckdb';
// Not in the package's exports: test support shared with the query engine's own tests.
import { writeLakeBatch } from '@picasso/shared/testing';
import { QueryEngineMetrics } from '../src/adapters/lake-metrics';
import { RollupStoreMetrics } from '../src/adapters/rollup-metrics';
import { dashboardApiDependencies } from '../src/wiring';

/** A parsed JSON body: tests read whatever the API answered and assert on it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const TEST_AUTH = { issuer: 'https://auth.test.picasso', audience: 'picasso-dashboard-test', secret: 'test-secret-0123456789-abcdefghijklmnop' };
export const [FOSTER, ATLAS] = [DEMO_TENANTS[0]!, DEMO_TENANTS[1]!];
export const ALLOWED_ORIGIN = 'https://dashboard.test.picasso';

export interface ApiUnderTest {
  env: TestEnvironment;
  server: FunctionUrlServer;
  /** GET (or `method`) a path of the API over HTTP, as a browser or curl would. */
  call(path: string, options?: { token?: string; method?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: Json }>;
  tokenFor(tenant?: { tenant_id: string; tenant_hash: string }, options?: { pii?: boolean; now?: Date; lifetimeSeconds?: number }): Promise<string>;
  /** Revokes as the master function's `POST /revoke` does: through the blacklist's one writer. */
  revoke(token: string, jti: string | undefined, expiresAt: number): Promise<void>;
  /** Every query the cold path sent to the (emulated) Athena API: its SQL parameters, in order. */
  athenaQueries: (readonly unknown[])[];
  /** Writes a raw blacklist item with the given `ttl` (an item DynamoDB has not deleted yet). */
  putBlacklistItem(token: string, jti: string | undefined, ttl: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The dashboard API on a fresh local-stack environment, served by the Function URL emulator:
 * real tables, real config bucket, real rollup store, the Athena adapter on the Athena emulator
 * (DuckDB over the real lake files).
 */
/** Writes events to the environment's lake as the processor lays them out (shared test writer). */
export function writeLakeEvents(env: TestEnvironment, tenantId: string, events: AnalyticsEvent[]): Promise<void> {
  return writeLakeBatch(env.s3, env.names.lakeBucket, tenantId, events);
}

/** A counting port over the real Athena adapter: records what each query was asked, then runs it. */
class CountingQueryEngine implements QueryEngine {
  readonly queries: (readonly unknown[])[] = [];
  constructor(private readonly engine: QueryEngine) {}
  query<T>(sql: string, params: readonly (string | number | boolean)[] = []) {
    this.queries.push(params);
    return this.engine.query<T>(sql, params);
  }
}

export async function startApi(options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<ApiUnderTest> {
  const env = await createTestEnvironment('api');
  const { names } = env;
  const config = loadConfig(dashboardApiEnv, {
    DASHBOARD_CACHE_TABLE: names.dashboardCacheTable,
    ROLLUPS_TABLE: names.rollupsTable,
    FORM_SUBMISSIONS_TABLE: names.formSubmissionsTable,
    AUDIT_TABLE: names.auditTable,
    TOKEN_BLACKLIST_TABLE: names.tokenBlacklistTable,
    CONFIG_BUCKET: names.configBucket,
    JWT_ISSUER: TEST_AUTH.issuer,
    JWT_AUDIENCE: TEST_AUTH.audience,
    JWT_SECRET: TEST_AUTH.secret,
    CORS_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    ATHENA_WORKGROUP: names.athenaWorkgroup,
    ATHENA_DATABASE: names.glueDatabase,
    ...options.env,
  });
  // The cold path as in AWS, the Athena adapter, talking to the local Athena emulator (DuckDB over this environment's lake files).
  const athena = await startAthenaEmulator({ s3StorageDir: env.s3StorageDir, lakeBucket: names.lakeBucket });
  const athenaClient = createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: athena.url });
  const counting = new CountingQueryEngine(new AthenaQueryEngine(athenaClient, { workgroup: config.ATHENA_WORKGROUP, database: config.ATHENA_DATABASE, timeoutMs: 20_000, initialPollMs: 10 }));
  const coldPath = new QueryEngineMetrics(counting);
  const handler = createHandler(
    dashboardApiDependencies(
      config,
      { doc: env.doc, s3: env.s3, ssm: () => createSsmClient() },
      { rollups: new RollupStoreMetrics(new DynamoDbRollupStore(env.doc, names.rollupsTable)), coldPath },
      { logger: createLogger('analytics-dashboard-api'), metrics: createMetrics('analytics-dashboard-api') },
      options.now,
    ),
  );
  const server = await startFunctionUrlServer({ handler, functionName: names.functions['analytics-dashboard-api'] });
  return {
    env,
    server,
    athenaQueries: counting.queries,
    async call(path, opts = {}) {
      const res = await fetch(`${server.url}${path}`, {
        method: opts.method ?? 'GET',
        headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    tokenFor(tenant = FOSTER, o = {}) {
      return signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, ...TEST_AUTH, ...o });
    },
    async revoke(token, jti, expiresAt) {
      await new DynamoDbTokenBlacklist(env.doc, names.tokenBlacklistTable).revoke({ token, tokenId: jti, expiresAt }, { clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_SECONDS, now: new Date() });
    },
    async putBlacklistItem(token, jti, ttl) {
      await env.doc.send(new PutCommand({ TableName: names.tokenBlacklistTable, Item: { token_hash: revocationKey(token, jti), ttl, revoked_at: new Date().toISOString() } }));
    },
    async close() {
      await server.close();
      await athena.stop();
    },
  };
}

/** The claims of a JWT, unverified (tests only). */
export function claimsOf(token: string): Record<string, Json> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
