/**
 * Test tool: real-browser helpers for end-to-end tests with playwright-core and the Debian
 * `chromium` package (no browser download). Never used by the product.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Flags every launch uses: headless, no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The chromium binary: `/usr/lib/chromium/chromium` (skips the Debian wrapper's warning) when
 * present, else `/usr/bin/chromium`, overridable with `CHROMIUM_PATH`.
 * @throws Error naming the install command when neither exists.
 */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`Chromium not found (tried ${candidates.join(', ')}). Install it: sudo apt-get install -y chromium`);
  return found;
}

/** Options for {@link launchBrowser}. */
export interface LaunchOptions {
  /** Adds `--enable-unsafe-webgpu`: a SwiftShader (CPU) WebGPU adapter without shader-f16. */
  webgpu?: boolean;
  /** Extra Chromium flags. */
  args?: string[];
  /**
   * Reuse this profile directory (e.g. to reopen after a crash) instead of a fresh temporary
   * one; it is then kept on close, and the caller deletes it.
   */
  userDataDir?: string;
  /** Browser locale, e.g. `zh-CN` (sets `navigator.language(s)` and Accept-Language); default: Chromium's own. */
  locale?: string;
  /** A phone: this viewport (CSS px, device pixel ratio 1) with touch and the mobile viewport meta honoured. */
  phone?: { width: number; height: number };
  /**
   * Start from an empty profile even where a returning visitor's profile is set
   * ({@link RETURNING_PROFILE_ENV}): the app then shows its first-run screen.
   */
  firstVisit?: boolean;
}

/**
 * Environment variable naming a closed profile directory that every new, empty profile starts as
 * a copy of (the e2e global setup makes one in which the app's first run was skipped, so tests
 * open on the persona list as a returning visitor does). Unset: profiles start empty.
 */
export const RETURNING_PROFILE_ENV = 'EGOS_E2E_PROFILE';

/** A launched browser with its first page. */
export interface LaunchedBrowser {
  context: BrowserContext;
  page: Page;
  /** The profile directory in use. */
  userDataDir: string;
  /** Closes the browser and deletes its temporary profile (a given `userDataDir` is kept). */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium on a fresh temporary profile (persistent context, so IndexedDB,
 * caches and service workers behave as for a real user; the profile survives page reloads).
 * @throws Error when Chromium is missing or fails to start.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const ownDir = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'egos-chromium-')));
  const template = options.firstVisit ? undefined : process.env[RETURNING_PROFILE_ENV];
  if (template && (await readdir(userDataDir).catch(() => [])).length === 0) await cp(template, userDataDir, { recursive: true });
  const args = [...CHROMIUM_ARGS, ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []), ...(options.args ?? [])];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      args,
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.phone ? { viewport: options.phone, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } : {}),
    });
  } catch (error) {
    if (ownDir) await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    userDataDir,
    close: async () => {
      await context.close();
      if (ownDir) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Errors a page produced: console `error` messages and uncaught exceptions. */
export interface PageErrorLog {
  /** Every error so far that no `ignore` pattern matches, as `console: …` / `pageerror: …`. */
  readonly errors: string[];
  /** Stops listening. */
  stop(): void;
}

/**
 * Records a page's console errors and uncaught exceptions so a test can assert that none
 * happened: `expect(log.errors).toEqual([])`. Patterns in `ignore` drop expected ones (e.g.
 * `/status of 500/` when a test provokes a server error).
 */
export function collectPageErrors(page: Page, options: { ignore?: RegExp[] } = {}): PageErrorLog {
  const all: string[] = [];
  const onConsole = (message: { type(): string; text(): string }): void => {
    if (message.type() === 'error') all.push(`console: ${message.text()}`);
  };
  const onPageError = (error: Error): void => {
    all.push(`pageerror: ${error.message}`);
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  const ignore = options.ignore ?? [];
  return {
    get errors() {
      return all.filter((line) => !ignore.some((pattern) => pattern.test(line)));
    },
    stop: () => {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
    },
  };
}

/** A tiny static server for one HTML page, on 127.0.0.1 with a random port. */
export interface HtmlServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at every path (a page needs a real http origin for WebGPU, IndexedDB, CORS). */
export async function serveHtml(html: string): Promise<HtmlServer> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
