/**
 * The Markdown renderer (marked and DOMPurify, the largest piece of a chat's code) is not on the
 * way to a chat's first screen when its latest lines are plain: they show at once, with the HTML
 * the renderer gives them; a chat whose latest lines have Markdown waits for the renderer, so
 * nothing shows raw and then changes.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { rewriteMessages } from './app-driver.ts';
import { useAppHarness } from './harness.ts';
import { READING_CHAT, seedReadingChat } from './phone-reading.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
const NEWEST = `reading-${READING_CHAT.length - 1}`;

/** Holds every request for the renderer's code until `release` is called. */
async function holdRenderer(page: Page): Promise<{ requested: () => boolean; release: () => Promise<void> }> {
  const held: Route[] = [];
  let released = false;
  await page.route('**/assets/render-markdown-*.js', async (route) => {
    if (released) await route.continue();
    else held.push(route);
  });
  return {
    requested: () => held.length > 0,
    release: async () => {
      released = true;
      await Promise.all(held.map((route) => route.continue()));
    },
  };
}

describe('loading the Markdown renderer', () => {
  it('shows a chat of plain lines before the renderer arrives, as it shows them after; a chat with Markdown waits for it', async () => {
    const { page } = env.browser;
    const chat = await seedReadingChat(page, baseUrl);
    const newest = page.locator(`[data-message-id="${NEWEST}"] .text`);

    await page.goto('about:blank');
    const plain = await holdRenderer(page);
    await page.goto(chat);
    await newest.waitFor();
    const before = await newest.innerHTML();
    expect(before).toContain(`<p>${READING_CHAT.at(-1)}</p>`);
    await plain.release();
    // Once on screen, the chat asks for the renderer; the line's HTML does not change when it arrives.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('render-markdown-')));
    expect(await newest.innerHTML()).toBe(before);
    await page.unroute('**/assets/render-markdown-*.js');

    await rewriteMessages(page, { [NEWEST]: '*smiles* "Then we begin."' });
    await page.goto('about:blank');
    const marked = await holdRenderer(page);
    await page.goto(chat);
    await expect.poll(() => marked.requested()).toBe(true);
    // While the renderer is held back, the chat is not shown (its newest line would show raw).
    await page.getByText('Opening chat…').waitFor();
    expect(await page.locator(`[data-message-id="${NEWEST}"]`).count()).toBe(0);
    await marked.release();
    await newest.locator('em', { hasText: 'smiles' }).waitFor();
  });
});
