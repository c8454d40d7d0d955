import type { ResourceNames } from '@picasso/shared/resources';
import { startFunctionUrlServer, type FunctionUrlHandler } from './function-url-server';

export interface LocalDashboardApi {
  url: string;
  urls: { api: string };
  banner: string[];
  stop(): Promise<void>;
}

/** Serves the API's handler (the loaded bundle) on `port` (3001 in `make dev`) as its Function URL would. */
export async function serveLocalDashboardApi(options: { handler: FunctionUrlHandler; names: ResourceNames; port?: number; host?: string }): Promise<LocalDashboardApi> {
  const server = await startFunctionUrlServer({
    handler: options.handler,
    functionName: options.names.functions['analytics-dashboard-api'],
    port: options.port ?? 3001,
    ...(options.host ? { host: options.host } : {}),
    functionTimeoutMs: 30_000,
  });
  return {
    url: server.url,
    urls: { api: server.url },
    banner: [`  dashboard API        ${server.url}   e.g. curl -H "Authorization: Bearer $(make -s token TENANT=fo85e6a06dcdf4)" '${server.url}/conversations/summary?range=30d'`],
    stop: () => server.close(),
  };
}
