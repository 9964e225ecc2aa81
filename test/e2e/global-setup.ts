/**
 * Builds the app once and serves the production build with `vite preview` on a free port;
 * tests read the address with `inject('baseUrl')`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { launchBrowser, RETURNING_PROFILE_ENV } from '../support/browser.ts';
import { skipFirstRun } from './app-driver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Vitest sets NODE_ENV=test, which would compile Svelte in dev mode: build what users get.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = env;
  }
  const port = await freePort();
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port, strictPort: true } });
  const baseUrl = `http://127.0.0.1:${port}/`;
  project.provide('baseUrl', baseUrl);
  // Tests open the app as a returning visitor (the persona list); a test of the first run asks for `firstVisit`.
  const profile = await returningVisitorProfile(baseUrl);
  process.env[RETURNING_PROFILE_ENV] = profile;
  return async () => {
    await server.close();
    await rm(profile, { recursive: true, force: true });
  };
}

/**
 * A closed browser profile in which the app was opened once and its first-run screen skipped,
 * as a visitor who has been here before; without the service worker and caches that visit
 * installed, so each test still installs the app itself.
 */
async function returningVisitorProfile(baseUrl: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'egos-returning-'));
  const browser = await launchBrowser({ firstVisit: true, userDataDir: dir });
  try {
    await browser.page.goto(baseUrl);
    await skipFirstRun(browser.page);
    // Once the service worker is installed, leave the page (no client holds it) and have the browser drop it and its caches.
    await browser.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await browser.page.goto('about:blank');
    const cdp = await browser.context.newCDPSession(browser.page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseUrl).origin, storageTypes: 'service_workers,cache_storage' });
  } finally {
    await browser.close();
  }
  return dir;
}
