/**
 * Serves the built widget (`dist/` under `/widget/`) and a demo host page per tenant (`/<tenant_hash>/`)
 * with Node's http module. Used by `make dev` (tools/dev) and the browser tests.
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoHostPage, demoIndexPage, type DemoTenant } from './demo-pages';

export interface WidgetDemoServerOptions {
  tenants: DemoTenant[];
  /** The master function's URL the pages hand the widget (`data-api`). */
  masterUrl: string;
  /** The built widget; default `services/chat-widget/dist`. */
  dir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface WidgetDemoServer {
  /** Origin of the demo pages (what the tenants must allow). */
  url: string;
  /** One page per tenant hash. */
  pages: Record<string, string>;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/** Starts the demo server; resolves once it listens. Fails at once if the widget was not built. */
export async function startWidgetDemoServer(options: WidgetDemoServerOptions): Promise<WidgetDemoServer> {
  const root = resolve(options.dir ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
  try {
    statSync(join(root, 'widget.js'));
  } catch {
    throw new Error(`${join(root, 'widget.js')} is missing: run make build-chat-widget`);
  }
  const byHash = new Map(options.tenants.map((t) => [t.tenant_hash, t]));
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, type: string, body: string | Buffer, cache = 'no-cache') => res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cache, 'X-Content-Type-Options': 'nosniff' }).end(body);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'GET only');
    if (path === '/') return send(200, 'text/html; charset=utf-8', demoIndexPage(options.tenants));
    const page = /^\/([a-z0-9]{4,64})\/?$/.exec(path);
    if (page && byHash.has(page[1]!)) return send(200, 'text/html; charset=utf-8', demoHostPage(byHash.get(page[1]!)!, { widgetSrc: '/widget/widget.js', masterUrl: options.masterUrl }));
    if (path.startsWith('/widget/')) {
      const file = normalize(join(root, path.slice('/widget/'.length)));
      if (!file.startsWith(root + sep)) return send(404, 'text/plain', 'not found');
      try {
        // Hashed chunks never change; the loader's name is stable, so it is revalidated.
        return send(200, TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', readFileSync(file), file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      } catch {
        return send(404, 'text/plain', 'not found');
      }
    }
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => ok());
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pages: Object.fromEntries(options.tenants.map((t) => [t.tenant_hash, `${url}/${t.tenant_hash}/`])),
    server,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
