import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { AthenaQueryEngine, cacheKey, computeAllMetrics, createAthenaClient, createLogger, createMetrics, createSsmClient, DynamoDbRollupStore, LAKE_PREFIX, loadConfig, toCachedMetric } from '@picasso/shared';
import { startAthenaEmulator } from '@picasso/shared/duckdb';
import { DEMO_TENANTS, lambdaContext } from '@picasso/local-stack';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { signDashboardToken } from '@picasso/shared/auth';
import { createHandler, dashboardApiDependencies, dashboardApiEnv, QueryEngineMetrics, RollupStoreMetrics, ROUTES } from 'analytics-dashboard-api';
import { localDashboardApiEnvironment } from '@picasso/local-stack';
import { countObjects, type Benchmark } from '../bench-context';
import { absoluteTarget } from '../report';
import { median, percentile } from '../statistics';
import { BENCH_TRAFFIC } from './bench-traffic';

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
    // For the cost model (docs/cost.md): the bytes each cold-path query scans (Athena bills them).
    const coldQueryBytes: number[] = [];
    const handler = createHandler(
      dashboardApiDependencies(
        config,
        { doc: ctx.doc, s3: ctx.s3, ssm: () => createSsmClient() },
        {
          rollups: new RollupStoreMetrics(new DynamoDbRollupStore(ctx.doc, names.rollupsTable)),
          coldPath: new QueryEngineMetrics(
            new AthenaQueryEngine(createAthenaClient({ ...process.env, AWS_ENDPOINT_URL_ATHENA: athena.url }), { workgroup: config.ATHENA_WORKGROUP, database: config.ATHENA_DATABASE }),
            ({ bytesScanned }) => coldQueryBytes.push(bytesScanned),
          ),
        },
        { logger: createLogger('analytics-dashboard-api'), metrics: createMetrics('analytics-dashboard-api') },
      ),
    );
    const token = await signDashboardToken({ tenantId: tenant.tenant_id, tenantHash: tenant.tenant_hash, secret: env.JWT_SECRET!, issuer: env.JWT_ISSUER!, audience: env.JWT_AUDIENCE!, now });
    const routes = [...ROUTES.values()].filter((r) => r.kind === 'metric');

    const ours: number[] = [];
    const baseline: number[] = [];
    let coldLake = { objects: 0, bytes: 0 };
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

      // One cold-path request (custom dates: always the lake) over the bench traffic's 30 days,
      // beside the tenant's lake bytes it could read (whatever earlier benchmarks wrote there).
      const start = new Date(Date.parse(BENCH_TRAFFIC.endDate) - (BENCH_TRAFFIC.days - 1) * 86_400_000).toISOString().slice(0, 10);
      const cold = (await handler(functionUrlEvent('/conversations/summary', { start_date: start, end_date: BENCH_TRAFFIC.endDate }, token), lambdaContext(names.functions['analytics-dashboard-api'], 30_000))) as APIGatewayProxyStructuredResultV2;
      if (cold.statusCode !== 200) throw new Error(`the cold-path request answered HTTP ${cold.statusCode}: ${cold.body}`);
      coldLake = await countObjects(ctx.s3, names.lakeBucket, `${LAKE_PREFIX}tenant_id=${tenant.tenant_id}/`);
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
    const coldBytes = coldQueryBytes.reduce((a, b) => a + b, 0);
    return [
      figure('p50', median(ours), median(baseline)),
      figure('p99', percentile(ours, 99), percentile(baseline, 99)),
      {
        bench: 'dashboard_cold_query_bytes',
        unit: 'bytes',
        value: coldBytes,
        baseline: coldLake.bytes,
        target: 'informational (cost model input; baseline: the tenant\'s lake bytes in the range)',
        pass: true,
        queries: coldQueryBytes.length,
        days: BENCH_TRAFFIC.days,
        lake_objects_in_range: coldLake.objects,
      },
    ];
  },
};
