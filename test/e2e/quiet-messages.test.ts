/**
 * Quiet messages and reading (README, "The chat"): a message is its text, one quiet meta line and
 * the speaker's picture beside it; its actions show on hover and focus (with a mouse) or behind
 * "…" (on a touch phone), the newest reply's Regenerate and Edit always; a scene's narration is
 * set apart from its speech, a spoken line's quoted speech is highlighted.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchOptions } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, send, startChat, tabTo } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

/** Runs `test` in a fresh browser (closed after it). */
async function withBrowser(options: LaunchOptions, test: (page: Page) => Promise<void>): Promise<void> {
  const browser = await launchBrowser(options);
  try {
    await test(browser.page);
  } finally {
    await browser.close();
  }
}

/** A chat with Ada: her greeting, the user's "Hi." and her one-line answer `reply`. */
async function shortChat(page: Page, reply: string): Promise<void> {
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
  await connectEndpoint(page, server.baseUrl, 'test-model');
  await startChat(page, 'Ada Lovelace');
  await answer(page, 'Hi.', reply, 3);
}

/** Sends `line`, the model answering `reply`, and waits for the `count`th finished message. */
async function answer(page: Page, line: string, reply: string, count: number): Promise<void> {
  server.setScript({ tokens: ['Ada Lovelace: ', reply], usage: { prompt_tokens: 120, completion_tokens: 4 } });
  await send(page, line);
  await page
    .locator('[data-testid="message"][data-status="complete"]')
    .nth(count - 1)
    .waitFor();
}

const opacity = (locator: Locator): Promise<string> => locator.evaluate((el) => getComputedStyle(el).opacity);

describe('quiet messages', () => {
  it('at 1280×800 a short exchange is compact, and the actions show on hover and on focus', async () => {
    await withBrowser({}, async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await shortChat(page, 'Numbers sing.');
      await page.mouse.move(640, 5);
      const messages = page.getByTestId('message');
      const sizes = await messages.evaluateAll((rows) =>
        rows.map((row) => {
          const box = row.getBoundingClientRect();
          const text = row.querySelector('.text')?.getBoundingClientRect();
          const footer = row.querySelector('.message-footer')?.getBoundingClientRect();
          return { height: box.height, under: box.bottom - (text?.bottom ?? box.top), line: text?.height ?? 0, footer: footer?.height ?? 0 };
        }),
      );
      // Before (the meta line, then every action on a line of its own): 124 px a row, 74 px of it under a 24 px line.
      for (const size of sizes) {
        expect(size.line).toBe(24);
        expect(size.height).toBeLessThanOrEqual(92);
        expect(size.under).toBeLessThanOrEqual(size.line + 16);
        expect(size.footer).toBeLessThanOrEqual(size.line + 2);
      }

      // The greeting's actions wait, quiet (no "…" with a mouse); a hover shows them, leaving hides them again.
      const greeting = messages.nth(0);
      const more = greeting.getByTestId('message-more');
      expect(await greeting.getByTestId('more-actions').isVisible()).toBe(false);
      expect(await opacity(more)).toBe('0');
      await greeting.hover();
      expect(await opacity(more)).toBe('1');
      await page.mouse.move(640, 5);
      expect(await opacity(more)).toBe('0');

      // Tab reaches them as before, and they show while they hold the focus.
      await page.getByLabel('Your message').focus();
      await tabTo(page, greeting.getByRole('button', { name: 'Branch' }), { backwards: true, max: 60 });
      expect(await opacity(more)).toBe('1');

      // The newest reply's Regenerate and Edit are always there, outside the quiet ones.
      const reply = messages.nth(2);
      for (const name of ['Regenerate', 'Edit']) {
        const button = reply.getByRole('button', { name, exact: true });
        expect(await button.isVisible()).toBe(true);
        expect(await reply.getByTestId('message-more').getByRole('button', { name, exact: true }).count()).toBe(0);
      }
      await reply.getByRole('button', { name: 'Regenerate' }).waitFor();
      expect(await opacity(reply.getByRole('button', { name: 'Regenerate' }))).toBe('1');
    });
  });

  it('on a touch phone "…" opens and closes the other actions; the newest reply keeps Regenerate and Edit at hand', async () => {
    await withBrowser({ phone: { width: 390, height: 844 } }, async (page) => {
      await shortChat(page, 'Numbers sing.');
      expect(await page.evaluate(() => matchMedia('(hover: none)').matches)).toBe(true);
      const greeting = page.getByTestId('message').nth(0);
      const toggle = greeting.getByTestId('more-actions');
      const branch = greeting.getByRole('button', { name: 'Branch' });
      expect(await toggle.getAttribute('aria-label')).toBe('More actions');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await branch.isVisible()).toBe(false);
      const menu = await toggle.getAttribute('aria-controls');
      expect(await greeting.getByTestId('message-more').getAttribute('id')).toBe(menu);

      await toggle.tap();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await branch.waitFor();
      expect(await greeting.getByRole('button', { name: 'Edit' }).isVisible()).toBe(true);
      await toggle.tap();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await branch.isVisible()).toBe(false);

      const reply = page.getByTestId('message').nth(2);
      expect(await reply.getByRole('button', { name: 'Regenerate' }).isVisible()).toBe(true);
      expect(await reply.getByRole('button', { name: 'Edit' }).isVisible()).toBe(true);
      expect(await reply.getByRole('button', { name: 'Branch' }).isVisible()).toBe(false);
    });
  });
});

describe('reading', () => {
  it('a scene mutes its narration and keeps speech in the body colour; a spoken line highlights its quotes; text keeps a measure', async () => {
    await withBrowser({}, async (page) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await shortChat(page, 'She laughs. "Loud?" *She taps the glass.* “Wait till the foghorn starts,” she says.');
      const line = page.getByTestId('message').nth(2).locator('.text');
      // The chat replies in spoken lines: quoted speech takes the highlight colour, the rest stays as it was.
      expect(await line.locator('.speech').allInnerTexts()).toEqual(['"Loud?"', '“Wait till the foghorn starts,”']);
      const lineStyle = await line.evaluate((el) => {
        const speech = el.querySelector('.speech') as Element;
        const quote = getComputedStyle(document.documentElement).getPropertyValue('--quote').trim();
        const probe = document.createElement('span');
        probe.style.color = quote;
        document.body.append(probe);
        const quoteColour = getComputedStyle(probe).color;
        probe.remove();
        return { speech: getComputedStyle(speech).color, quote: quoteColour, text: getComputedStyle(el).color };
      });
      expect(lineStyle.speech).toBe(lineStyle.quote);
      expect(lineStyle.text).not.toBe(lineStyle.quote);

      await page.getByTestId('chat-reply-form').selectOption('scene');
      await answer(page, 'Go on.', 'He smiles. 「走吧。」 Then, quietly: "Not *yet*."', 5);
      const scene = page.getByTestId('message').nth(4).locator('.text');
      expect(await scene.innerText()).toBe('He smiles. 「走吧。」 Then, quietly: "Not yet."');
      expect(await scene.locator('.speech').allInnerTexts()).toEqual(['「走吧。」', '"Not ', 'yet', '."']);
      const sceneStyle = await scene.evaluate((el) => {
        const style = (node: Element) => ({ italic: getComputedStyle(node).fontStyle === 'italic', colour: getComputedStyle(node).color });
        const body = getComputedStyle(document.documentElement).getPropertyValue('--speech').trim();
        const probe = document.createElement('span');
        probe.style.color = body;
        document.body.append(probe);
        const bodyColour = getComputedStyle(probe).color;
        probe.remove();
        return {
          narration: style(el),
          speech: style(el.querySelector('.speech') as Element),
          stressed: style(el.querySelector('em .speech') as Element),
          bodyColour,
        };
      });
      expect(sceneStyle.narration.italic).toBe(true);
      expect(sceneStyle.narration.colour).not.toBe(sceneStyle.bodyColour);
      expect(sceneStyle.speech).toEqual({ italic: false, colour: sceneStyle.bodyColour });
      expect(sceneStyle.stressed.italic).toBe(true);

      // A long reply is set at about 65–75 characters a line.
      const long = 'The engine weaves algebraic patterns just as the loom weaves flowers and leaves. '.repeat(6).trim();
      await answer(page, 'More.', long, 7);
      const perLine = await page
        .getByTestId('message')
        .nth(6)
        .locator('.text')
        .evaluate((el) => {
          // The text set on one line in the same font gives its average character width.
          const probe = document.createElement('span');
          probe.style.whiteSpace = 'nowrap';
          probe.textContent = el.textContent;
          el.append(probe);
          const average = probe.getBoundingClientRect().width / (probe.textContent ?? '').length;
          probe.remove();
          return el.getBoundingClientRect().width / average;
        });
      expect(perLine).toBeGreaterThan(62);
      expect(perLine).toBeLessThan(78);
    });
  });
});
