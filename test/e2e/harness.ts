/** The usual e2e set-up: one OpenAI-protocol fixture server per file, a fresh browser per test. */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser, type LaunchedBrowser, type LaunchOptions } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer } from '../support/openai-fixture-server.ts';

export interface AppHarness {
  /** The fixture server of this file (its script is reset before each test). */
  readonly server: FixtureServer;
  /** This test's browser (closed after it). */
  readonly browser: LaunchedBrowser;
}

/** Registers the hooks and returns live handles to the current server and browser (launched with `launch`). */
export function useAppHarness(launch: LaunchOptions = {}): AppHarness {
  let server: FixtureServer | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(async () => {
    browser = await launchBrowser(launch);
    server?.setScript({});
  });
  afterEach(async () => {
    await browser?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the fixture server starts in beforeAll');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeEach');
      return browser;
    },
  };
}
