import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, messageTexts, send, startChat } from './app-driver.ts';
import { serveFiles, type TestServer } from './pwa-static-server.ts';

const baseUrl = inject('baseUrl');
let fixture: FixtureServer;
let hostile: TestServer;
let browser: LaunchedBrowser | undefined;

beforeAll(async () => {
  fixture = await startFixtureServer();
  hostile = await serveFiles({ '/evil.js': { body: 'window.evilRan = true;', type: 'text/javascript' } });
});
afterAll(async () => {
  await fixture.close();
  await hostile.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

interface Violation {
  directive: string;
  blocked: string;
}

/** Records every `securitypolicyviolation` event of the page, across reloads. */
async function recordViolations(page: Page): Promise<Violation[]> {
  const violations: Violation[] = [];
  await page.exposeBinding('reportCspViolation', (_source, v: Violation) => void violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: Violation): void }).reportCspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
  return violations;
}

describe('Content-Security-Policy of the built app', () => {
  it('runs persona, endpoint chat and engine screen without a single violation', async () => {
    // A server that is not on this machine (as far as the page can tell): its origin is not allowed until configured.
    browser = await launchBrowser({ webgpu: true, args: ['--host-resolver-rules=MAP endpoint.test 127.0.0.1'] });
    const remote = fixture.baseUrl.replace('127.0.0.1', 'endpoint.test');
    const { page } = browser;
    const violations = await recordViolations(page);
    const log = collectPageErrors(page);
    await page.goto(baseUrl);
    await page.locator('meta[http-equiv="Content-Security-Policy"]').nth(1).waitFor({ state: 'attached' });
    const metas = await page.locator('meta[http-equiv="Content-Security-Policy"]').evaluateAll((els) => els.map((e) => e.getAttribute('content') ?? ''));
    expect(metas[0]).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(metas[1]).toMatch(/^connect-src 'self' https:\/\/huggingface\.co/);

    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await page.evaluate(() => ((window as unknown as { beforeConnect: boolean }).beforeConnect = true));
    await connectEndpoint(page, remote, 'test-model');
    expect(await page.evaluate(() => (window as unknown as { beforeConnect?: boolean }).beforeConnect)).toBeUndefined();
    const connect = await page.locator('meta[http-equiv="Content-Security-Policy"]').nth(1).getAttribute('content');
    expect(connect).toMatch(new RegExp(`http://endpoint\\.test:\\d+$`));
    await startChat(page, 'Ada Lovelace');
    fixture.setScript({ tokens: ['Ada Lovelace: "', 'Numbers', ' weave', '."'] });
    await send(page, 'Tell me about the Engine.');
    await page.locator('[data-status="complete"]', { hasText: 'Numbers weave.' }).waitFor();
    expect(await messageTexts(page)).toEqual(['Good evening.', 'Tell me about the Engine.', 'Numbers weave.']);

    await page.getByTestId('engine-link').click();
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('storage-status').waitFor();
    await page.getByRole('link', { name: 'EGOS' }).click();
    await page.getByRole('heading', { name: 'Personas' }).waitFor();

    expect(violations).toEqual([]);
    expect(log.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });

  it('blocks scripts from other origins, inline scripts and requests to hosts nobody configured', async () => {
    browser = await launchBrowser({ args: ['--host-resolver-rules=MAP evil.test 127.0.0.1'] });
    const { page } = browser;
    const violations = await recordViolations(page);
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Personas' }).waitFor();
    const evilUrl = `${hostile.url.replace('127.0.0.1', 'evil.test')}evil.js`;

    await page.evaluate((src) => {
      const external = document.createElement('script');
      external.src = src;
      document.head.append(external);
      const inline = document.createElement('script');
      inline.textContent = 'window.inlineRan = true;';
      document.head.append(inline);
    }, evilUrl);
    const fetchError = await page.evaluate(
      async (url) =>
        fetch(url).then(
          () => 'no error',
          (e: unknown) => String(e),
        ),
      evilUrl,
    );
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(3);

    expect(await page.evaluate(() => [(window as { evilRan?: boolean }).evilRan, (window as { inlineRan?: boolean }).inlineRan])).toEqual([
      undefined,
      undefined,
    ]);
    expect(fetchError).toMatch(/Failed to fetch/);
    expect(violations).toEqual(
      expect.arrayContaining([
        { directive: 'script-src-elem', blocked: evilUrl },
        { directive: 'script-src-elem', blocked: 'inline' },
        { directive: 'connect-src', blocked: evilUrl },
      ]),
    );
    expect(hostile.requests).toEqual([]);
  });
});
