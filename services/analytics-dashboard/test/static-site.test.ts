/**
 * @jest-environment node
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initialScripts } from '../scripts/measure-bundle';
import { startDashboardServer, type DashboardServer } from '../scripts/serve';

describe('The static server for the built dashboard', () => {
  let dir: string;
  let site: DashboardServer;

  beforeAll(async () => {
    // Prepare: a miniature build output.
    dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><title>x</title></head><body><script type="module" src="./assets/index-abc.js"></script></body></html>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside assets but inside dist');
    site = await startDashboardServer({ dir, port: 0, apiBaseUrl: 'http://127.0.0.1:4001' });
  });
  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app for any page URL, with the API base URL injected and a CSP allowing only that API', async () => {
    const response = await fetch(new URL('/?page=forms&range=7d', site.url));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('<meta name="picasso-api-base-url" content="http://127.0.0.1:4001" />');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:4001");
    expect((await fetch(new URL('/some/deep/link', site.url))).status).toBe(200);
  });

  it('treats a doubled leading slash (`http://host//#token=…`) as the app, not as a bad request', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(site.url);
      request({ host: url.hostname, port: url.port, path: '//' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it('serves hashed assets with long caching and answers 404 for a missing one', async () => {
    const asset = await fetch(new URL('/assets/index-abc.js', site.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(new URL('/assets/index-old.js', site.url))).status).toBe(404);
  });

  it('never serves files outside the build folder', async () => {
    const response = await fetch(new URL('/..%2f..%2fpackage.json', site.url));
    expect(response.status).toBe(404);
  });
});

describe('The bundle budget check', () => {
  it('counts the entry script and module preloads, not lazily loaded chunks', () => {
    const html = '<script type="module" crossorigin src="./assets/index-1.js"></script><link rel="modulepreload" crossorigin href="./assets/vendor-2.js"><link rel="stylesheet" href="./assets/index.css">';
    expect(initialScripts(html)).toEqual(['./assets/index-1.js', './assets/vendor-2.js']);
  });
});
