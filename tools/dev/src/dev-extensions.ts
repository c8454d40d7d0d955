import {
  DEMO_TENANTS,
  LocalSchedule,
  localAggregatorEnvironment,
  localDashboardApiEnvironment,
  serveLocalDashboardApi,
  type FunctionUrlHandler,
  type ScheduledHandler,
} from '@picasso/local-stack';
import { startAthenaEmulator } from '@picasso/shared/duckdb';
import { LOCAL_DEV_AUTH, signDashboardToken } from '@picasso/shared/auth';
import { startDashboardServer } from 'analytics-dashboard/serve';
import { chatPart } from './chat-part';
import { chatWidgetPart } from './chat-widget-part';
import { legacyPart } from './legacy-part';
import type { SystemPart } from './system';

export { chatWidgetPart };

/**
 * The aggregator's Lambda bundle on an emulated EventBridge schedule, querying the lake through
 * the local Athena emulator (DuckDB behind the Athena API), so the bundle's production wiring runs
 * unchanged. Later parts find the emulator at `ctx.urls.athena` (the dashboard API's cold path).
 */
const aggregatorPart: SystemPart = async (ctx) => {
  const athena = await startAthenaEmulator({ s3StorageDir: ctx.stack.s3StorageDir, lakeBucket: ctx.names.lakeBucket });
  const handler = await ctx.loadBundle<ScheduledHandler>('analytics-aggregator', localAggregatorEnvironment(ctx.names, athena.url));
  const intervalMs = ctx.options.aggregatorIntervalMs ?? 60_000;
  let lastError = '';
  const schedule = new LocalSchedule({
    handler,
    ruleName: ctx.names.aggregatorScheduleRule,
    functionName: ctx.names.functions['analytics-aggregator'],
    intervalMs,
    runImmediately: true,
    onRun: ({ ok, durationMs, error }) => {
      if (!ok && error?.message !== lastError) ctx.options.log?.(`aggregator: run failed after ${durationMs} ms: ${error?.message}`);
      lastError = ok ? '' : (error?.message ?? '');
    },
  });
  schedule.start();
  return {
    banner: [`  aggregator           every ${intervalMs / 1000} s on an emulated schedule (Athena API emulator ${athena.url})`],
    urls: { athena: athena.url },
    aggregateNow: () => schedule.fire(),
    stop: async () => {
      await schedule.stop();
      await athena.stop();
    },
  };
};

/** The dashboard API's Lambda bundle behind the Function URL emulator; cold path via the Athena emulator. */
const dashboardApiPart: SystemPart = async (ctx) => {
  const athena = ctx.urls?.athena;
  if (!athena) throw new Error('the dashboard API needs the Athena emulator: start the aggregator part first');
  const handler = await ctx.loadBundle<FunctionUrlHandler>('analytics-dashboard-api', localDashboardApiEnvironment(ctx.names, athena, process.env));
  return serveLocalDashboardApi({ handler, names: ctx.names, port: ctx.options.apiPort ?? 3001 });
};

/**
 * The built React dashboard on its static server. The banner's link hands a dev token for the
 * first demo tenant over in the URL fragment, which the page stores in session storage and
 * removes from the address bar at once (fragments never reach a server).
 */
const dashboardPart: SystemPart = async (ctx) => {
  const apiBaseUrl = (ctx.urls?.api ?? `http://127.0.0.1:${ctx.options.apiPort ?? 3001}`) as string;
  const site = await startDashboardServer({ port: ctx.options.dashboardPort ?? 3000, apiBaseUrl });
  const tenant = DEMO_TENANTS[0]!;
  const token = await signDashboardToken({
    tenantId: tenant.tenant_id,
    tenantHash: tenant.tenant_hash,
    pii: true,
    secret: process.env.JWT_SECRET ?? LOCAL_DEV_AUTH.secret,
    issuer: process.env.JWT_ISSUER ?? LOCAL_DEV_AUTH.issuer,
    audience: process.env.JWT_AUDIENCE ?? LOCAL_DEV_AUTH.audience,
  });
  return {
    banner: [`  dashboard            ${site.url}#token=${token}`, `                       (signed in as ${tenant.name}, PII scope; any other tenant: make -s token TENANT=<hash>)`],
    urls: { dashboard: site.url },
    stop: () => site.close(),
  };
};

/** Parts of the system beyond the processor, started in this order (the widget's demo pages need the chat services before them). */
export const devParts: SystemPart[] = [aggregatorPart, dashboardApiPart, dashboardPart, chatPart, chatWidgetPart, legacyPart];
