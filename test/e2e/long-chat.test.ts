import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from '../support/browser.ts';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, seedLongChat, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

async function openSeededChat(page: Page, count: number) {
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Ada Lovelace');
  return seedLongChat(page, count);
}

/** True when `item` lies entirely inside the visible part of `scroller` (1px slack). */
async function fullyVisible(scroller: Locator, item: Locator): Promise<boolean> {
  const [outer, inner] = await Promise.all([scroller.boundingBox(), item.boundingBox()]);
  if (!outer || !inner) return false;
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

/** The item after the message containing `text` (its next sibling in the list) is a summary marker. */
function markerFollows(page: Page, text: string): Promise<boolean> {
  return page
    .getByTestId('message')
    .filter({ hasText: text })
    .evaluate((li) => li.nextElementSibling?.getAttribute('data-testid') === 'summary-marker');
}

describe('a long chat (virtualized list)', () => {
  it('opens 5,000 messages at the latest with a bounded DOM, goes to the first with Home, and still sends', async () => {
    const { page } = env.browser;
    const log = collectPageErrors(page);
    const seeded = await openSeededChat(page, 5000);
    const history = page.getByRole('region', { name: 'Chat history' });
    const last = page.getByTestId('message').filter({ hasText: seeded.last });
    await last.waitFor();
    await expect.poll(() => fullyVisible(history, last)).toBe(true);

    const rendered = await page.getByTestId('message').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(100);
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(2500);
    const total = 5000 + seeded.summaries;
    expect(await last.getAttribute('aria-setsize')).toBe(String(total));
    expect(await last.getAttribute('aria-posinset')).toBe(String(total));
    expect(await markerFollows(page, 'Message 4997:')).toBe(true);
    expect(await page.getByRole('list', { name: 'Messages' }).count()).toBe(1);

    await history.focus();
    await page.keyboard.press('Home');
    const first = page.getByTestId('message').filter({ hasText: seeded.first });
    await first.waitFor();
    await expect.poll(() => fullyVisible(history, first)).toBe(true);
    expect(await first.getAttribute('aria-posinset')).toBe('1');
    expect(await markerFollows(page, 'Message 6:')).toBe(true);
    expect(await page.getByTestId('message').count()).toBeLessThan(100);
    await page.getByTestId('jump-to-latest').waitFor();

    // A row above the viewport growing (as when measured) does not move the text being read.
    for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
    await page.waitForTimeout(200);
    const before = await history.evaluate((el) => {
      const view = el.getBoundingClientRect();
      const rows = [...el.querySelectorAll('ol > li')] as HTMLElement[];
      const reading = rows.find((r) => r.getBoundingClientRect().top >= view.top);
      const above = rows[0];
      if (!reading || !above || above.getBoundingClientRect().bottom > view.top) return null;
      (window as { __reading?: Element }).__reading = reading;
      const top = reading.getBoundingClientRect().top;
      above.style.paddingTop = '300px';
      return top;
    });
    expect(before).not.toBeNull();
    await page.waitForTimeout(200);
    const after = await page.evaluate(() => (window as { __reading?: Element }).__reading?.getBoundingClientRect().top);
    expect(Math.abs((after ?? 0) - (before ?? 0))).toBeLessThanOrEqual(1);
    await page.keyboard.press('End');
    await expect.poll(() => fullyVisible(history, last)).toBe(true);
    await page.getByTestId('jump-to-latest').waitFor({ state: 'detached' });

    env.server.setScript({ tokens: ['Ada Lovelace: "', 'The', ' engine', ' remembers', ' every', ' card."'], delayMs: 40 });
    await send(page, 'Still with me after all this time?');
    const reply = page.locator('[data-status="complete"]', { hasText: 'The engine remembers every card.' });
    await reply.waitFor();
    await expect.poll(() => fullyVisible(history, reply)).toBe(true);
    await expect.poll(() => page.getByTestId('reply-announcer').innerText()).toBe('Ada Lovelace: The engine remembers every card.');
    expect(await page.getByTestId('jump-to-latest').count()).toBe(0);
    expect(log.errors.filter((e) => !/status of|summar/i.test(e))).toEqual([]);
  });

  it('follows a streaming reply at the bottom, never pulls a reader who scrolled up, and fits a phone', async () => {
    const { page } = env.browser;
    await page.setViewportSize({ width: 390, height: 800 });
    await openSeededChat(page, 300);
    const history = page.getByRole('region', { name: 'Chat history' });
    await page.getByTestId('message').filter({ hasText: 'Message 300:' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await history.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    const words = Array.from({ length: 24 }, (_, i) => ` word${i}`);
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'Counting', ...words, '."'], delayMs: 60 });
    await send(page, 'Count for me, slowly.');
    const streaming = page.locator('[data-status="streaming"]');
    await streaming.locator('.text', { hasText: 'word6' }).waitFor();
    expect(await fullyVisible(history, streaming)).toBe(true);
    await streaming.locator('.text', { hasText: 'word12' }).waitFor();
    expect(await fullyVisible(history, streaming)).toBe(true);

    await history.focus();
    await page.keyboard.press('PageUp');
    await page.getByTestId('jump-to-latest').waitFor();
    const readingAt = await history.evaluate((el) => el.scrollTop);
    await page.locator('[data-status="complete"]', { hasText: 'word23.' }).waitFor();
    await page.waitForTimeout(200);
    expect(Math.abs((await history.evaluate((el) => el.scrollTop)) - readingAt)).toBeLessThanOrEqual(1);

    await page.getByTestId('jump-to-latest').click();
    const reply = page.locator('[data-status="complete"]', { hasText: 'word23.' });
    await expect.poll(() => fullyVisible(history, reply)).toBe(true);
    await page.getByTestId('jump-to-latest').waitFor({ state: 'detached' });
  });
});
