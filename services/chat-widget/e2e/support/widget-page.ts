/**
 * Driving the widget in headless Debian Chromium (playwright-core, never a downloaded browser;
 * the same executable and flags as the dashboard's browser tests) and reading the lake files the
 * processor wrote for what the visitor did.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface WidgetBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors. */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile with one page. */
export async function openBrowser(viewport = { width: 1280, height: 860 }): Promise<WidgetBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'widget-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, locale: 'en-US', viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The widget's parts (playwright's CSS locators pierce its open shadow root). */
export function widget(page: Page) {
  const host = page.locator('#picasso-chat-widget');
  return {
    host,
    launcher: host.locator('button.launcher'),
    panel: host.getByTestId('panel'),
    input: host.locator('#pw-input'),
    send: host.locator('button.send'),
    announcer: host.getByTestId('announcer'),
    assistant: host.getByTestId('entry-assistant'),
    visitor: host.getByTestId('entry-visitor'),
    problem: host.locator('.problem'),
    button: (name: string | RegExp): Locator => host.getByRole('button', { name }),
  };
}

/** The conversation the widget keeps in session storage. */
export async function storedConversation(page: Page, tenantHash: string): Promise<{ session: { token: string; session_id: string } | null; transcript: { role: string; text: string; status: string }[]; open: boolean }> {
  return page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null'), `picasso-chat:${tenantHash}`);
}

/** Every lake row under `analytics/tenant_id=<tenant>/` (gzip NDJSON objects). */
export function lakeRows(objectsDir: string, tenantId: string): { rows: Record<string, unknown>[]; raw: string } {
  const root = join(objectsDir, 'analytics', `tenant_id=${tenantId}`);
  const texts: string[] = [];
  const walk = (dir: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        texts.push((bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8'));
      }
    }
  };
  walk(root);
  const raw = texts.join('\n');
  const rows = raw
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { rows, raw };
}
