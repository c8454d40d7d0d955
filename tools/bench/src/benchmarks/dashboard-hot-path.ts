import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { AthenaQueryEngine, cacheKey, computeAllMetrics, createAthenaClient, createLogger, createMetrics, createSsmClient, DynamoDbRollupStore, loadConfig, toCachedMetric } from '@picasso/shared';
import { startAthenaEmulator } from '@picasso/shared/duckdb';
import { DEMO_TENANTS, lambdaContext } from '@picasso/local-stack';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { signDashboardToken } from '@picasso/shared/auth';
import { createHandler, dashboardApiDependencies, dashboardApiEnv, QueryEngineMetrics, RollupStoreMetrics, ROUTES } from 'analytics-dashboard-api';
import { localDashboardApiEnvironment } from '@picasso/local-stack';
import type { Benchmark } from '../bench-context';
import { absoluteTarget } from '../report';
import { median, percentile } from '../statistics';

const RANGES = ['1d', '7d', '30d', '90d'] as const;

function functionUrlEvent(path: string, query: Record<string, string>, token: string): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { authorization: `Bearer ${token}`, host: '127.0.0.1:3001', origin: 'http://127.0.0.1:5173' },
    queryStringParameters: query,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'bench',
      domainName: '127.0.0.1:3001',
      domainPrefix: '127',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    isBase64Encoded: false,
  };
}

const elapsedMs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * Hot-path latency of the dashboard API: the real handler wired as in production (Middy, CORS,
 * JWT verification with `jose`, blacklist lookup, cache read on the local DynamoDB), invoked in process with Function
 * URL events for all nine metrics × four ranges in turn, every answer checked to come from the
 * cache. Baseline, interleaved request by request: one bare GetItem of the same cache item, the
 * floor any DynamoDB-backed answer stands on.
 */
export const dashboardHotPath: Benchmark = {
  name: 'dashboard_hot_path',
  description: 'dashboard API hot path (cache) latency over 1,000 in-process requests, beside a bare GetItem',
  async run(ctx) {
    const requests = ctx.quick ? 200 : 1000;
    const warmUp = 50;
    const { names } = ctx.environment;
    const tenant = DEMO_TENANTS[0]!;
    const now = new Date();

    // A fresh cache item for every metric and range, as the aggregator writes them.
    const items = computeAllMetrics([], tenant, now).map((m) => toCachedMetric(tenant.tenant_id, m.range, m, now));
    for (let i = 0; i < items.length; i += 25) {
      await ctx.doc.send(new BatchWriteCommand({ RequestItems: { [names.dashboardCacheTable]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    // The production wiring (`handler.ts`, what the bundle runs), configured as `make dev` configures it.
    const athena = await startAthenaEmulator({ s3StorageDir: ctx.s3StorageDir, lakeBucket: names.lakeBucket });
    const env = localDashboardApiEnvironment(names, athena.url, {});
    const config = loadConfig(dashboardApiEnv, env);
    const handler = createHandler(
      dashboardApiDependencies(
        config,
        { doc: ctx.doc, s3: ctx.s3, ssm: () => createSsmClient() },
        {
          rollups: new RollupStoreMetrics(new DynamoDbRollupStore(ctx.doc, names.rollupsTable)),
          coldPath: new QueryEngineMetrics(new AthenaQueryEngine(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: athena.url }), { workgroup: config.ATHENA_WORKGROUP, database: config.ATHENA_DATABASE })),
        },
        { logger: createLogger('analytics-dashboard-api'), metrics: createMetrics('analytics-dashboard-api') },
      ),
    );
    const token = await signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, secret: env.JWT_SECRET!, issuer: env.JWT_ISSUER!, audience: env.JWT_AUDIENCE!, now });
    const routes = [...ROUTES.values()].filter((r) => r.kind === 'metric');

    const ours: number[] = [];
    const baseline: number[] = [];
    try {
      for (let i = 0; i < warmUp + requests; i += 1) {
        const route = routes[i % routes.length]!;
        const range = RANGES[Math.floor(i / routes.length) % RANGES.length]!;
        if (route.kind !== 'metric') continue;
        const context = lambdaContext(names.functions['analytics-dashboard-api'], 30_000);

        let t = process.hrtime.bigint();
        const res = (await handler(functionUrlEvent(route.path, { range }, token), context)) as APIGatewayProxyStructuredResultV2;
        const oursMs = elapsedMs(t);
        const source = res.statusCode === 200 ? (JSON.parse(res.body!) as { source: string }).source : `HTTP ${res.statusCode}`;
        if (source !== 'cache') throw new Error(`${route.path}?range=${range} was answered from ${source}, not the cache`);

        t = process.hrtime.bigint();
        await ctx.doc.send(new GetCommand({ TableName: names.dashboardCacheTable, Key: cacheKey(tenant.tenant_id, route.metric, range) }));
        const baselineMs = elapsedMs(t);

        if (i < warmUp) continue; // first connections, JIT, the tenant config read
        ours.push(oursMs);
        baseline.push(baselineMs);
        if ((i - warmUp + 1) % 250 === 0) ctx.log(`dashboard_hot_path: ${i - warmUp + 1}/${requests} requests`);
      }
    } finally {
      await athena.stop();
    }

    const target = absoluteTarget('<=', 50);
    const figure = (statistic: 'p50' | 'p99', value: number, base: number) => ({
      bench: `dashboard_hot_path_${statistic}`,
      unit: 'ms',
      value,
      baseline: base,
      target: target.target,
      pass: target.check(value),
      statistic,
      requests,
      warm_up: warmUp,
      baseline_kind: 'bare GetItem of the same cache item',
      mean: ours.reduce((a, b) => a + b, 0) / ours.length,
      max: Math.max(...ours),
    });
    return [figure('p50', median(ours), median(baseline)), figure('p99', percentile(ours, 99), percentile(baseline, 99))];
  },
};
