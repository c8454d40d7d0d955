/**
 * Serves the built dashboard (`dist/`) with Node's http module: static files, SPA fallback to
 * `index.html`, and the API base URL injected as `<meta name="picasso-api-base-url">` so one build
 * works against an API on any port. Used by `make dev` (port 3000) and the end-to-end test.
 *
 *   tsx services/analytics-dashboard/scripts/serve.ts [--port 3000] [--host 127.0.0.1] [--api-base-url http://127.0.0.1:3001] [--dir dist]
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DashboardServerOptions {
  /** The built site; default `services/analytics-dashboard/dist`. */
  dir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  apiBaseUrl: string;
}

export interface DashboardServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `index.html` with the API base URL meta tag added to its head. */
export function injectApiBaseUrl(indexHtml: string, apiBaseUrl: string): string {
  return indexHtml.replace('<head>', `<head>\n    <meta name="picasso-api-base-url" content="${escapeAttribute(apiBaseUrl)}" />`);
}

function securityHeaders(apiBaseUrl: string): Record<string, string> {
  const apiOrigin = new URL(apiBaseUrl).origin;
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${apiOrigin}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Starts the static server; resolves once it listens. */
export async function startDashboardServer({ dir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist'), host = '127.0.0.1', port = 3000, apiBaseUrl }: DashboardServerOptions): Promise<DashboardServer> {
  const root = resolve(dir);
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) throw new Error(`${indexPath} does not exist: run \`npm run build -w services/analytics-dashboard\` first`);
  // Read per request: a rebuild while the server runs (new hashed chunk names) is picked up.
  const index = () => injectApiBaseUrl(readFileSync(indexPath, 'utf8'), apiBaseUrl);
  const headers = securityHeaders(apiBaseUrl);

  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    let pathname: string;
    try {
      // Prefixing the origin (not passing it as a base) keeps a path like `//` a path, not a host.
      pathname = decodeURIComponent(new URL(`http://localhost${request.url ?? '/'}`).pathname);
    } catch {
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request');
      return;
    }
    const file = normalize(join(root, pathname));
    const insideRoot = file === root || file.startsWith(root + sep);
    const isFile = insideRoot && existsSync(file) && statSync(file).isFile() && file !== indexPath;
    if (isFile) {
      // Vite names assets by content hash, so they can be cached for good.
      const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
      response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cache });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
      return;
    }
    if (extname(pathname) && pathname !== '/index.html') {
      // A missing asset is a 404, not the app: a stale chunk name should fail loudly.
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES['.html']!, 'Cache-Control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : index());
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: () => new Promise<void>((resolveClose, reject) => server.close((error) => (error ? reject(error) : resolveClose()))),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.DASHBOARD_PORT ?? '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-base-url': { type: 'string', default: process.env.API_BASE_URL ?? 'http://127.0.0.1:3001' },
      dir: { type: 'string' },
    },
  });
  const started = await startDashboardServer({ port: Number(values.port), host: values.host, apiBaseUrl: values['api-base-url'], dir: values.dir });
  console.log(JSON.stringify({ msg: 'analytics dashboard listening', url: started.url, api_base_url: values['api-base-url'] }));
  const stop = () => void started.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
