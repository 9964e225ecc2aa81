/**
 * The first-run path on a fresh browser: the first-run screen, "Use my server" with the OpenAI
 * fixture server standing in for the model download, a starter character, its greeting and a
 * streamed reply; returning visits open on the persona list, and "Getting started" reopens the
 * screen. Start without WebGPU (headless Chromium has none) picks the CPU engine; its model host
 * is made unreachable here, so the download fails with a reason that says what to do.
 */
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchBrowser } from '../support/browser.ts';
import { startFixtureServer } from '../support/openai-fixture-server.ts';
import { messageTexts, send, USER_NAME } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const GREETING = "Storm's coming in. You'd best come up before the stairs get wet. Mind the third step.";

describe('first run', () => {
  it('a newcomer connects their server, picks the English starter and gets a streamed reply; the screen does not come back, and "Getting started" reopens it', async () => {
    const server = await startFixtureServer();
    const browser = await launchBrowser({ firstVisit: true });
    try {
      const { page } = browser;
      const errors = collectPageErrors(page);
      await page.goto(baseUrl);
      const screen = page.getByTestId('first-run');
      await screen.getByRole('heading', { level: 1, name: 'Welcome to EGOS' }).waitFor();
      expect(await screen.innerText()).toContain('Everything stays on this device');
      // Headless Chromium has no WebGPU: Start would take the CPU engine's model.
      await screen.getByTestId('first-run-plan').filter({ hasText: 'Qwen2.5 0.5B (491 MB)' }).waitFor();
      expect(await screen.getByRole('button', { name: 'Start', exact: true }).isVisible()).toBe(true);

      await screen.getByRole('button', { name: 'Use my server' }).click();
      await screen.getByLabel('Base URL').fill(server.baseUrl);
      await screen.getByLabel('Model name').fill('test-model');
      await screen.getByRole('button', { name: 'Connect' }).click();
      await screen.getByTestId('first-run-model-ready').waitFor();

      // The name typed here spares the question when the chat opens: the starter's card opens the chat.
      await screen.getByLabel('What should the characters call you? (optional)').fill(USER_NAME);
      await screen.getByRole('button', { name: /Edwin Hale/ }).click();
      await page.getByRole('list', { name: 'Messages' }).waitFor();
      expect(await messageTexts(page)).toEqual([GREETING]);

      server.setScript({ tokens: ['Edwin Hale: "', 'Aye', ',', ' every', ' forty-five', ' seconds', '."'], delayMs: 60 });
      await send(page, 'Is the foghorn always this loud?');
      await page.locator('[data-status="streaming"]').first().waitFor();
      await page.locator('[data-status="complete"]', { hasText: 'Aye, every forty-five seconds.' }).waitFor();
      expect(JSON.stringify(server.completions().at(-1)?.body)).toContain(`${USER_NAME}: \\"Is the foghorn always this loud?\\"`);

      // A returning visit opens on the persona list, with the starter picked and no first-run screen.
      await page.goto(baseUrl);
      await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
      expect(await page.getByTestId('first-run').count()).toBe(0);
      expect(await page.getByRole('list', { name: 'Persona list' }).getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Edwin Hale')]);
      await page.getByTestId('getting-started').click();
      await screen.getByTestId('first-run-model-ready').waitFor();
      await screen.getByRole('button', { name: 'Skip: go to the persona list' }).click();
      await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
      expect(errors.errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });

  it('Start without WebGPU picks the CPU engine and, when the model host cannot be reached, says what to do', async () => {
    const browser = await launchBrowser({ firstVisit: true, args: ['--host-resolver-rules=MAP huggingface.co ~NOTFOUND'] });
    try {
      const { page } = browser;
      await page.goto(baseUrl);
      const screen = page.getByTestId('first-run');
      await screen.getByTestId('first-run-plan').filter({ hasText: 'no WebGPU' }).waitFor();
      await screen.getByRole('button', { name: 'Start', exact: true }).click();
      const failure = screen.getByTestId('first-run-model-error');
      await failure.waitFor();
      expect(await failure.innerText()).toContain('Could not download Qwen2.5 0.5B: the request failed. Check that you are online, then press Retry.');
      expect(await failure.getByRole('button', { name: 'Retry' }).isVisible()).toBe(true);
      // The other ways stay open: the user's own server, the characters, Skip.
      expect(await screen.getByRole('button', { name: 'Use my server' }).isVisible()).toBe(true);
      expect(await screen.getByRole('button', { name: /柳三更/ }).isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
