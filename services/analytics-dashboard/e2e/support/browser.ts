/**
 * Headless Debian Chromium through playwright-core: never a downloaded browser build
 * (`scripts/ensure-chromium.sh` installs the Debian package), a fresh profile per session,
 * and every console error, page error and request recorded so a test can fail on them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
  close(): Promise<void>;
}

/** A new Chromium with its own fresh `--user-data-dir` (nothing shared between sessions). */
export async function openBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dashboard-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'en-US',
    viewport: options.viewport ?? { width: 1366, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  context.on('request', (request) => requests.push(request.url()));
  return {
    context,
    page,
    errors,
    requests,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once no panel is loading (skeletons gone, every panel settled). */
export async function waitForPanels(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="skeleton"], [data-state="loading"]').length === 0 && document.querySelectorAll('section.panel').length > 0, undefined, { timeout: 60_000 });
}
