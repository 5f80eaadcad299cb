// Headless Debian Chromium driven by playwright-core: one launch per test file, a fresh profile each time,
// every background service that could phone home switched off (the machine has loopback only).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../artifacts/screenshots');

export interface OpenBrowser {
  browser: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<OpenBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'clv-chromium-'));
  // playwright passes the fresh profile as --user-data-dir itself (it refuses the raw flag).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  /** Requests to anything but file:// (the site must work offline). */
  external: string[];
}

export async function openPage(browser: BrowserContext): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (message: ConsoleMessage) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => { if (!/^(file|data|blob):/.test(request.url())) external.push(request.url()); });
  return { page, errors, external };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
