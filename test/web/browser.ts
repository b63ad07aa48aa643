// The browser tests' harness: Debian's Chromium driven by playwright-core
// (which never downloads a browser), the web companion built once and served
// on localhost, and a page that records every console error and uncaught
// exception. Without /usr/bin/chromium the tests fail, loudly, with the
// command that installs it: a browser test that cannot run must not pass.
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { Server } from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { buildWeb, WEB_DIR } from '../../scripts/web-build';
import { serveStatic } from '../../scripts/web-serve';

export const CHROMIUM = process.env.PACER_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage',
];

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing: the browser tests need Debian's Chromium (apt-get install chromium; .ci/run installs it)`;
}

export interface Harness {
  browser: BrowserContext;
  url: string;
  close(): Promise<void>;
}

let built: Promise<unknown> | null = null;

/** Build the page (once per run), serve it on a free port, start Chromium with a fresh profile. */
export async function start(): Promise<Harness> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  built ??= buildWeb();
  await built;
  const server: Server = await serveStatic(WEB_DIR, 0);
  const port = (server.address() as AddressInfo).port;
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pacer-chromium-'));
  let browser: BrowserContext;
  try {
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
  } catch (e) {
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    browser,
    // "localhost", not 127.0.0.1: the Bluetooth library refuses plain http on any other name
    url: `http://localhost:${port}/`,
    close: async () => {
      await browser.close();
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as they happened. */
  errors: string[];
}

export async function newPage(h: Harness): Promise<WatchedPage> {
  const page = await h.browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { page, errors };
}

/** Through the safety panel: it must be there first, then it is acknowledged. */
export async function acknowledgeSafety(page: Page): Promise<void> {
  await page.locator('#safety').waitFor({ state: 'visible' });
  await page.check('#safety-ack');
  await page.click('#safety-ok');
  await page.locator('#safety').waitFor({ state: 'hidden' });
}

export type { Browser, Page };

/**
 * The hooks every browser test block needs, once: Chromium and the page's server for the block
 * (`b.h`), and each test's page closed after it (give it to `b.keep`).
 */
export function browserBlock(): { readonly h: Harness; readonly w: WatchedPage | null; keep: (w: WatchedPage) => WatchedPage } {
  let h: Harness | null = null;
  let open: WatchedPage | null = null;
  before(async () => {
    h = await start();
  });
  after(async () => {
    await h?.close();
  });
  afterEach(async () => {
    await open?.page.close();
    open = null;
  });
  return {
    get h(): Harness {
      if (!h) throw new Error('browserBlock: no harness before the block started');
      return h;
    },
    /** The test's page, as kept. */
    get w(): WatchedPage | null {
      return open;
    },
    keep: (w) => (open = w),
  };
}
