import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogger, createMetrics, loadConfig, type TenantConfig } from '@picasso/shared';
import { signDashboardToken } from '@picasso/shared/auth';
import { lambdaLogGroup } from '@picasso/shared/legacy';
import { startLogsInsightsEmulator, type LogsInsightsEmulator } from '@picasso/local-stack/logs-insights';
import { startFunctionUrlServer, type FunctionUrlServer } from '@picasso/local-stack';
import type { TestEnvironment } from '@picasso/local-stack/testing';
import { analyticsFunctionEnv } from '../src/config';
import { createHandler } from '../src/create-handler';
import { analyticsFunctionDependencies } from '../src/wiring';

export const TEST_AUTH = { issuer: 'https://auth.test.picasso', audience: 'picasso-legacy-test', secret: 'test-secret-0123456789-abcdefghijklmnop' };
/** The streaming handler's function name in a test environment (its log group holds QA_COMPLETE). */
export const streamingFunction = (env: TestEnvironment) => `${env.names.environment}-bedrock-streaming-handler`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface LegacyApi {
  url: string;
  logs: LogsInsightsEmulator;
  get(query: string, headers: Record<string, string>): Promise<{ status: number; body: Json }>;
  close(): Promise<void>;
}

/**
 * The function's real handler and adapters on the test environment, served by the Function URL
 * emulator, Logs Insights by the emulator over `logsDir`. `break` points one tier at a resource
 * that does not exist (or makes Insights fail), to see that tier fail alone.
 */
export async function startLegacyApi(env: TestEnvironment, options: { logsDir: string; now: () => Date; break?: 'logs' | 'daily_table' | 'archive' | 'rollups' }): Promise<LegacyApi> {
  const logs = await startLogsInsightsEmulator({ logsDir: options.logsDir, failWith: () => (options.break === 'logs' ? 'ServiceUnavailableException' : undefined) });
  const missing = (name: string, tier: string) => (options.break === tier ? `${name}-absent` : name);
  const config = loadConfig(analyticsFunctionEnv, {
    DAILY_AGGREGATES_TABLE: missing(env.names.dailyAggregatesTable, 'daily_table'),
    ARCHIVE_BUCKET: missing(env.names.archiveBucket, 'archive'),
    ROLLUPS_TABLE: missing(env.names.rollupsTable, 'rollups'),
    QA_LOG_GROUP: lambdaLogGroup(streamingFunction(env)),
    FORM_SUBMISSIONS_TABLE: env.names.formSubmissionsTable,
    AUDIT_TABLE: env.names.auditTable,
    TOKEN_BLACKLIST_TABLE: env.names.tokenBlacklistTable,
    CONFIG_BUCKET: env.names.configBucket,
    JWT_ISSUER: TEST_AUTH.issuer,
    JWT_AUDIENCE: TEST_AUTH.audience,
    JWT_SECRET: TEST_AUTH.secret,
  });
  const client = new CloudWatchLogsClient({ endpoint: logs.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const handler = createHandler(
    analyticsFunctionDependencies(
      config,
      {
        doc: env.doc,
        s3: env.s3,
        logs: client,
        ssm: () => {
          throw new Error('no SSM in tests');
        },
      },
      { logger: createLogger('analytics-function'), metrics: createMetrics('analytics-function') },
      options.now,
    ),
  );
  const server: FunctionUrlServer = await startFunctionUrlServer({ handler, functionName: `${env.names.environment}-analytics-function`, port: 0, functionTimeoutMs: 30_000 });
  return {
    url: server.url,
    logs,
    async get(query, headers) {
      const res = await fetch(`${server.url}/analytics${query}`, { headers });
      return { status: res.status, body: (await res.json()) as Json };
    },
    async close() {
      client.destroy();
      await server.close();
      await logs.stop();
    },
  };
}

export const bearer = async (tenant: TenantConfig, now: Date, pii = false) => ({
  Authorization: `Bearer ${await signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, pii, now, ...TEST_AUTH })}`,
});

export const tempLogsDir = () => mkdtempSync(join(tmpdir(), 'legacy-logs-'));
