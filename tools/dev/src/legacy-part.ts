import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, createDocumentClient, localTime } from '@picasso/shared';
import { apiKeyItem, lambdaLogGroup } from '@picasso/shared/legacy';
import { DEMO_TENANTS, LOCAL_LEGACY_API_KEY, localAnalyticsFunctionEnvironment, startFunctionUrlServer, type FunctionUrlHandler } from '@picasso/local-stack';
import { startLogsInsightsEmulator } from '@picasso/local-stack/logs-insights';
import type { SystemPart } from './system';

/**
 * The legacy analytics function (the Bubble dashboard's API): its Lambda bundle behind the
 * Function URL emulator on LEGACY_API_PORT (3005), tier 1 through the Logs Insights emulator over
 * the log lines the local function hosts capture under `<dir>/logs` (the streaming handler's
 * QA_COMPLETE lines). Seeds a dev API key for the first demo tenant.
 */
export const legacyPart: SystemPart = async (ctx) => {
  const logsDir = join(ctx.options.dir, 'logs');
  const group = lambdaLogGroup(ctx.names.functions['bedrock-streaming-handler']);
  // Terraform creates the log group with the function; before the first chat turn it is empty, not absent.
  mkdirSync(join(logsDir, encodeURIComponent(group)), { recursive: true });
  const insights = await startLogsInsightsEmulator({ logsDir });
  const tenant = DEMO_TENANTS[0]!;
  await createDocumentClient().send(
    new PutCommand({ TableName: ctx.names.dailyAggregatesTable, Item: apiKeyItem(LOCAL_LEGACY_API_KEY, { tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, scopes: ['analytics:read'], label: 'make-dev' }) }),
  );
  const handler = await ctx.loadBundle<FunctionUrlHandler>('analytics-function', localAnalyticsFunctionEnvironment(ctx.names, insights.url));
  const port = ctx.options.awsPort === 0 ? 0 : Number(process.env.LEGACY_API_PORT ?? 3005);
  const server = await startFunctionUrlServer({ handler, functionName: ctx.names.functions['analytics-function'], port, functionTimeoutMs: 30_000 });
  const today = localTime(Date.now(), tenant.timezone).date;
  const query = `tenant_hash=${tenant.tenant_hash}&start_date=${addDays(today, -29)}&end_date=${today}`;
  return {
    banner: [
      `  legacy API           ${server.url}   e.g. curl -H 'x-api-key: ${LOCAL_LEGACY_API_KEY}' '${server.url}/analytics?${query}'`,
      `                       or curl -H "Authorization: Bearer $(make -s token TENANT=${tenant.tenant_hash})" '${server.url}/analytics?${query}'`,
      `                       (Logs Insights emulator ${insights.url} over ${logsDir})`,
    ],
    urls: { legacy: server.url },
    stop: async () => {
      await server.close();
      await insights.stop();
    },
  };
};
