/**
 * The CPU engine end to end: the production build in headless Chromium without WebGPU, the
 * real wllama (llama.cpp in WebAssembly) inference path, and a tiny GGUF model the test builds
 * (a bigram table that always says TINY_REPLY, see test/support/tiny-gguf/story-model.ts),
 * served cross-origin by a local server.
 */
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Usage } from '../../src/core/usage.ts';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startGgufServer, type GgufServer } from '../support/tiny-gguf/gguf-server.ts';
import { buildTinyStoryModel, TINY_REPLY, TINY_REPLY_START } from '../support/tiny-gguf/story-model.ts';
import { createPersona, messageTexts, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const GREETING = 'Hello there, traveller.';
let server: GgufServer;
let serverOpen = false;
let browser: LaunchedBrowser;

async function closeServer(): Promise<void> {
  if (!serverOpen) return;
  serverOpen = false;
  await server.close();
}

beforeEach(async () => {
  server = await startGgufServer({ 'tiny-story.gguf': buildTinyStoryModel().bytes });
  serverOpen = true;
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
  await closeServer();
});

/** Opens the Engine screen and submits a GGUF address. */
async function loadFromAddress(page: Page, url: string): Promise<void> {
  await page.getByTestId('engine-link').click();
  await page.getByLabel('GGUF address').fill(url);
  await page.getByRole('button', { name: 'Load from address' }).click();
}

/**
 * Records every text the newest reply shows while it streams (`…` while it is still empty). With `stopAt`, clicks the Stop
 * button (in the page, the moment the text contains it): the tiny model writes a token in
 * about 2 ms, faster than a test could click from outside, so the page reacts to its own DOM.
 */
async function watchReply(page: Page, stopAt?: string): Promise<void> {
  await page.evaluate((marker) => {
    const w = window as unknown as { replyTexts: string[] };
    w.replyTexts = [];
    const observer = new MutationObserver(() => {
      const streaming = document.querySelector('[data-testid="message"][data-status="streaming"] .text');
      const text = streaming?.textContent ?? '';
      if (text !== '' && w.replyTexts.at(-1) !== text) w.replyTexts.push(text);
      if (marker && text.includes(marker)) {
        const stop = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Stop');
        stop?.click();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  }, stopAt ?? null);
}

async function replyTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { replyTexts: string[] }).replyTexts);
}

/** Usage stored with the assistant replies that have one, oldest first (read from IndexedDB). */
async function storedUsage(page: Page): Promise<Usage[]> {
  return page.evaluate(
    () =>
      new Promise<Usage[]>((resolve, reject) => {
        const open = indexedDB.open('egos');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('messages').objectStore('messages').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            const rows = all.result as Array<{ role: string; seq: number; usage?: Usage }>;
            resolve(
              rows
                .filter((m) => m.role === 'assistant' && m.usage)
                .sort((a, b) => a.seq - b.seq)
                .map((m) => m.usage as Usage),
            );
            open.result.close();
          };
        };
      }),
  );
}

describe('CPU engine (wllama) on a tiny generated GGUF', () => {
  it('downloads through the UI, streams real llama.cpp replies cut at the closing quote, stops, and restores from the cache offline', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Echo', description: 'A lighthouse keeper who welcomes travellers.', greeting: GREETING });
    const modelUrl = `${server.origin}/models/tiny-story.gguf`;
    const started = Date.now();
    await loadFromAddress(page, modelUrl);
    await page.getByTestId('cpu-loaded').waitFor({ timeout: 20_000 });
    const loadMs = Date.now() - started;
    await expect(page.getByTestId('cpu-recommended').isVisible()).resolves.toBe(true);
    expect(await page.getByRole('status').filter({ hasText: 'Ready:' }).innerText()).toBe('Ready: tiny-story.gguf (CPU)');
    expect(server.requests.filter((r) => r.startsWith('GET /models/'))).toHaveLength(1);

    await startChat(page, 'Echo');
    await watchReply(page);
    const sent = Date.now();
    await send(page, 'Good evening. Who keeps this light?');
    const replies = page.locator('[data-testid="message"][data-status="complete"]', { hasText: 'road began.' });
    await replies.first().waitFor();
    const replyMs = Date.now() - sent;
    expect(await messageTexts(page)).toEqual([GREETING, 'Good evening. Who keeps this light?', TINY_REPLY]);
    const partials = (await replyTexts(page)).filter((text) => text !== '…');
    expect(partials.length).toBeGreaterThan(10);
    for (const partial of partials) expect(TINY_REPLY.startsWith(partial)).toBe(true);

    await watchReply(page, 'little');
    await send(page, 'Tell me about the harbour.');
    const stopped = page.locator('[data-status="interrupted"]');
    await stopped.waitFor();
    const partial = await stopped.locator('.text').innerText();
    expect(partial.startsWith(`${TINY_REPLY_START} Lamps glow along my little`)).toBe(true);
    expect(TINY_REPLY.startsWith(partial) && partial.length < TINY_REPLY.length).toBe(true);
    expect(await stopped.getByTestId('interrupted').innerText()).toBe('Stopped');

    await closeServer();
    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.locator('[data-status="interrupted"]').waitFor();
    expect(await messageTexts(page)).toEqual([GREETING, 'Good evening. Who keeps this light?', TINY_REPLY, 'Tell me about the harbour.', partial]);
    await page.getByTestId('engine-link').click();
    await page.getByTestId('cpu-loaded').waitFor({ timeout: 20_000 });
    await page.goBack();
    await send(page, 'Still there?');
    await replies.nth(1).waitFor();
    expect((await messageTexts(page)).at(-1)).toBe(TINY_REPLY);
    await send(page, 'And then?');
    await replies.nth(2).waitFor();
    const [fresh, next] = (await storedUsage(page)).slice(-2);
    expect(fresh?.prefillTokens).toBe(fresh?.promptTokens);
    expect(next?.prefillTokens).toBeLessThan((next?.promptTokens ?? 0) / 2);
    expect(errors.errors).toEqual([]);
    console.info(
      `CPU engine e2e: download + load ${loadMs} ms (with one page reload), first reply ${replyMs} ms;`,
      `last reply prefilled ${next?.prefillTokens} of ${next?.promptTokens} prompt tokens, decoded ${next?.completionTokens} at ${Math.round(next?.decodeTokensPerSecond ?? 0)} tokens/s`,
    );
  });

  it('checks the address, explains a file that is not a GGUF, and cancels a slow download', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await page.getByTestId('engine-link').click();
    await page.getByLabel('GGUF address').fill('ftp://example.com/model.gguf');
    await page.getByRole('button', { name: 'Load from address' }).click();
    expect(await page.getByTestId('gguf-problem').innerText()).toMatch(/Use an https:\/\/ address/);

    await page.getByLabel('GGUF address').fill(`${server.origin}/page.html`);
    await page.getByRole('button', { name: 'Load from address' }).click();
    expect(await page.getByTestId('gguf-problem').innerText()).toMatch(/does not end in \.gguf \(page\.html\)/);
    await page.getByRole('button', { name: 'Load anyway' }).click();
    const error = page.getByTestId('cpu-load-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.innerText()).toMatch(/is not a GGUF model .* so it was not kept/);

    await loadFromAddress(page, `${server.origin}/slow/tiny-story.gguf`);
    const progress = page.getByTestId('progress-text');
    await progress.filter({ hasText: 'Downloading tiny-story.gguf' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('cpu-load-error').count()).toBe(0);
    const custom = page.locator(`[data-testid="cpu-model"][data-model-id="${server.origin}/slow/tiny-story.gguf"]`);
    expect(await custom.getByRole('button', { name: 'Download and load' }).isVisible()).toBe(true);
  });
});
