/**
 * Headless Debian Chromium through playwright-core: never a downloaded browser build
 * (`scripts/ensure-chromium.sh` installs the Debian package), a fresh profile per session,
 * and every console error, page error and request recorded so a test can fail on them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
    // "Download CSV" saves through the browser's download: the test reads the file it produced.
    acceptDownloads: true,
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

/** A file the page downloaded: the name it suggested and its content, byte order mark included. */
export interface DownloadedFile {
  name: string;
  bytes: Buffer;
  /** UTF-8 decoded with the BOM kept, so a test can check it is there. */
  text: string;
}

/** Clicks `trigger` and returns the file the page downloads because of it (Playwright's download event). */
export async function downloadBy(page: Page, trigger: () => Promise<void>): Promise<DownloadedFile> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), trigger()]);
  const path = await download.path();
  const bytes = readFileSync(path);
  return { name: download.suggestedFilename(), bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}
