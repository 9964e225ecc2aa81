import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from '../support/browser.ts';
import { useAppHarness } from './harness.ts';
import { createPersona, newChat, rewriteMessages, seedLongChat, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** Replaces the text of seeded messages (by `seq`) straight in IndexedDB, then reloads. */
async function rewrite(page: Page, chatId: string, texts: Record<number, string>): Promise<void> {
  await rewriteMessages(page, Object.fromEntries(Object.entries(texts).map(([seq, text]) => [`seed-${chatId}-${seq}`, text])));
  await page.reload();
}

/** True when `item` lies entirely inside the visible part of `scroller` (1px slack). */
async function fullyVisible(scroller: Locator, item: Locator): Promise<boolean> {
  const [outer, inner] = await Promise.all([scroller.boundingBox(), item.boundingBox()]);
  if (!outer || !inner) return false;
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

/** The texts the page's search highlight covers (CSS Custom Highlight API). */
function highlighted(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const highlight = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('egos-search');
    return highlight ? [...highlight].map((range) => range.toString()) : [];
  });
}

/** Whether the last Ctrl+F reached the window with its default (the browser's find) prevented. */
function lastFindPrevented(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (window as { __findPrevented?: boolean }).__findPrevented);
}

describe('search in chats', () => {
  it('finds a word near the top of a 5,000-message chat, scrolls to it and highlights it; Chinese too; Ctrl+F', async () => {
    const { page } = env.browser;
    const log = collectPageErrors(page);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await startChat(page, 'Ada Lovelace');
    const seeded = await seedLongChat(page, 5000);
    await rewrite(page, seeded.chatId, {
      2: 'Message 3: The orrery in the drawing room turns slowly, Mr Babbage.',
      7: 'Message 8: 花谢花飞花满天，红消香断有谁怜？',
    });
    const history = page.getByRole('region', { name: 'Chat history' });
    await page.getByTestId('message').filter({ hasText: seeded.last }).waitFor();
    await page.evaluate(() => {
      window.addEventListener('keydown', (event) => {
        if (event.key.toLowerCase() === 'f' && event.ctrlKey) (window as { __findPrevented?: boolean }).__findPrevented = event.defaultPrevented;
      });
    });

    // Ctrl+F in the chat opens the search box (the browser's find cannot see messages off screen).
    await history.focus();
    await page.keyboard.press('Control+f');
    const box = page.getByRole('searchbox', { name: 'Search this chat' });
    await box.waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await lastFindPrevented(page)).toBe(true);

    const started = Date.now();
    await box.fill('ORRERY');
    const results = page.getByTestId('chat-search').getByTestId('search-result');
    await results.first().waitFor();
    console.log(`search "ORRERY" over 5,000 messages: results shown ${Date.now() - started} ms after typing (fill to render, headless Chromium)`);
    expect(await results.count()).toBe(1);
    const result = await results.first().innerText();
    expect(result).toContain('Ada Lovelace');
    expect(result).toContain('The orrery in the drawing room');
    await page.getByText('1 message contains “ORRERY”.').waitFor();

    // Pressed again in the box, Ctrl+F is left to the browser.
    await page.keyboard.press('Control+f');
    expect(await lastFindPrevented(page)).toBe(false);

    await results.first().click();
    const target = page.locator(`[data-message-id="seed-${seeded.chatId}-2"]`);
    await target.waitFor();
    await expect.poll(() => fullyVisible(history, target)).toBe(true);
    expect(await target.getAttribute('data-search-hit')).toBe('');
    await expect.poll(() => highlighted(page)).toEqual(['orrery']);
    expect(await page.getByTestId('message').count()).toBeLessThan(100);
    // The list folds away so the chat has the room; the focus is back in the box.
    expect(await results.count()).toBe(0);
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByTestId('search-show-results').click();
    expect(await results.count()).toBe(1);

    // Chinese, without spaces: a substring of a sentence.
    await box.fill('花满天');
    await page.getByText('1 message contains “花满天”.').waitFor();
    await results.first().click();
    const chinese = page.locator(`[data-message-id="seed-${seeded.chatId}-7"]`);
    await expect.poll(() => fullyVisible(history, chinese)).toBe(true);
    await expect.poll(() => highlighted(page)).toEqual(['花满天']);

    // Many hits: listed up to the limit, counted in full; Escape closes and clears the highlight.
    await box.fill('Message 4');
    await page.getByText(/^1,?111 messages contain “Message 4”; the first 200 are listed/).waitFor();
    await box.press('Escape');
    await page.getByTestId('chat-search-open').waitFor();
    expect(await page.locator('[data-search-hit]').count()).toBe(0);
    expect(await highlighted(page)).toEqual([]);
    expect(log.errors).toEqual([]);
  });

  it("searches all of a persona's chats from the persona page and opens the other chat at the hit", async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await startChat(page, 'Ada Lovelace');
    const first = await seedLongChat(page, 5000);
    await rewrite(page, first.chatId, { 4: 'Message 5: The orrery turns.' });
    await page.getByRole('link', { name: 'Ada Lovelace' }).first().click();
    await newChat(page);
    const second = await seedLongChat(page, 300);
    await rewrite(page, second.chatId, { 120: 'Message 121: An astrolabe on the desk, 星盘。' });

    await page.goto(new URL(`#/persona/${encodeURIComponent(first.personaId)}`, baseUrl).href);
    const box = page.getByRole('searchbox', { name: 'Search all chats with Ada Lovelace' });
    await box.fill('orrery');
    const results = page.getByTestId('persona-chat-search').getByTestId('search-result');
    await page.getByText('1 message contains “orrery”.').waitFor();
    expect(await results.first().innerText()).toContain('Chat 1');
    await results.first().click();
    const history = page.getByRole('region', { name: 'Chat history' });
    const hit = page.locator(`[data-message-id="seed-${first.chatId}-4"]`);
    await expect.poll(() => fullyVisible(history, hit)).toBe(true);
    expect(page.url()).toContain(`/chat/${encodeURIComponent(first.chatId)}/message/`);
    await expect.poll(() => highlighted(page)).toEqual(['orrery']);
    expect(await page.getByRole('searchbox', { name: 'Search this chat' }).inputValue()).toBe('orrery');

    await page.goBack();
    await page.getByRole('searchbox', { name: 'Search all chats with Ada Lovelace' }).fill('星盘');
    await page.getByText('1 message contains “星盘”.').waitFor();
    const other = page.getByTestId('persona-chat-search').getByTestId('search-result').first();
    expect(await other.innerText()).toContain('Chat 2');
    await other.click();
    const inSecond = page.locator(`[data-message-id="seed-${second.chatId}-120"]`);
    await expect.poll(() => fullyVisible(history, inSecond)).toBe(true);
    await expect.poll(() => highlighted(page)).toEqual(['星盘']);
    expect(page.url()).toContain(`/chat/${encodeURIComponent(second.chatId)}/`);
  });
});
