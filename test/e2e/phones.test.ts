/**
 * The app on phones (390×844 and 360×740, touch): the chat gives the conversation the screen
 * with its tools behind one button, the composer stays above the on-screen keyboard, the newest
 * reply swipes between its alternatives, every control is a 44 px target, and the key screens'
 * layout matches the committed baseline (`__layout__/phones.json`, see layout-baseline.ts).
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createBackup, serializeBackup } from '../../src/core/backup/create-backup.ts';
import { withGroupChat } from '../../src/core/backup/fixtures.test-support.ts';
import { connectEndpoint, messageTexts, send, tabTo } from './app-driver.ts';
import { useAppHarness } from './harness.ts';
import { checkLayout, measureScreen } from './layout-baseline.ts';

const baseUrl = inject('baseUrl');
const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };
const env = useAppHarness({ phone: PHONE });

/**
 * The share of a 390×844 screen the conversation had before the phone layout (the sample chat,
 * measured as below on 2026-12-08): the header, the chat's controls line, five folded panels
 * and a two-line composer with two stacked buttons left it 45 %.
 */
const CONVERSATION_BEFORE = 0.45;

const go = (page: Page, hash: string) => page.goto(new URL(hash, baseUrl).href);

/** Restores the sample library with its group chat, then reloads once the service worker is in (so no "works offline" notice moves the layout later). */
async function restoreSample(page: Page): Promise<void> {
  const file = serializeBackup(createBackup({ ...withGroupChat(), settings: [] }, { includeApiKeys: false, now: Date.UTC(2025, 0, 1) }).file);
  await go(page, '#/data');
  await page.getByLabel('Restore from file').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(file, 'utf8') });
  // A browser that already has data (the starter characters) asks how to restore: replace it.
  const replace = page.getByRole('button', { name: 'Replace everything here' });
  await page.getByTestId('restore-result').or(replace).first().waitFor();
  if (await replace.isVisible()) {
    await replace.click();
    await page.getByRole('button', { name: 'Replace', exact: true }).click();
  }
  await page.getByTestId('restore-result').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
}

async function openChat(page: Page, chatId: string): Promise<void> {
  await go(page, `#/persona/persona-1/chat/${chatId}`);
  await page.getByRole('list', { name: 'Messages' }).waitFor();
  await page.getByTestId('message').first().waitFor();
}

/** The share of the screen where messages show: the message list on screen, above the composer. */
function conversationShare(page: Page): Promise<number> {
  return page.evaluate(() => {
    const list = document.querySelector('.message-list')?.getBoundingClientRect();
    const composer = document.querySelector('.composer')?.getBoundingClientRect();
    if (!list || !composer) throw new Error('no message list or composer on the screen');
    const visible = Math.min(list.bottom, composer.top, innerHeight) - Math.max(list.top, 0);
    return Math.max(0, visible) / innerHeight;
  });
}

/** Boxes that must not overlap: the first's bottom at or above the second's top. */
async function above(page: Page, upper: string, lower: string): Promise<{ upperBottom: number; lowerTop: number }> {
  return page.evaluate(
    ([a, b]) => ({
      upperBottom: Math.round(document.querySelector(a ?? '')?.getBoundingClientRect().bottom ?? NaN),
      lowerTop: Math.round(document.querySelector(b ?? '')?.getBoundingClientRect().top ?? NaN),
    }),
    [upper, lower],
  );
}

/** Chooses a theme in the header's menu (on a phone behind the Menu button) and closes the menu again. */
async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.getByTestId('menu-toggle').click();
  await page.getByLabel('Theme').selectOption(theme);
  await page.getByTestId('menu-toggle').click();
}

/**
 * Every visible control smaller than 44×44 px, as `tag "name" W×H`: links, buttons, selects,
 * fields, disclosure summaries (a checkbox or radio button counts with the label around it).
 * Exempt: links inside running text (a paragraph), which WCAG 2.5.5 leaves inline.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>('a[href], button, select, input:not([type="hidden"]), textarea, summary, [role="button"]');
    const small: string[] = [];
    for (const el of controls) {
      if (el.closest('[aria-hidden="true"], .sr-only')) continue;
      if (el.tagName === 'A' && el.closest('p') && !el.classList.contains('button')) continue;
      const own = el.getBoundingClientRect();
      if (own.width === 0 || own.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const isCheck = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
      const box = isCheck ? (el.closest('label')?.getBoundingClientRect() ?? own) : own;
      if (box.width < 43.5 || box.height < 43.5) {
        const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
        small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  });
}

/** Drags a finger on the screen from one point to another in steps (touch events, so pointer events of type touch). */
async function fingerDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let step = 1; step <= 8; step++) {
    const at = { x: from.x + ((to.x - from.x) * step) / 8, y: from.y + ((to.y - from.y) * step) / 8 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('phones', () => {
  it('gives the conversation the screen, with every chat tool behind one button that works by touch and keyboard', async () => {
    const { page } = env.browser;
    await restoreSample(page);
    await openChat(page, 'chat-a');
    const share = await conversationShare(page);
    expect(share, `the conversation had ${CONVERSATION_BEFORE} of the screen before`).toBeGreaterThanOrEqual(0.75);
    expect(share / CONVERSATION_BEFORE).toBeGreaterThanOrEqual(1.65);

    // The tools are closed: one button, named, telling its state.
    const toggle = page.getByTestId('chat-tools-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('authors-note').isVisible()).toBe(false);
    expect(await page.getByTestId('chat-reply-form').isVisible()).toBe(false);

    // By keyboard: Tab to it, Enter opens; every panel and control is there; Escape closes and gives the focus back.
    await tabTo(page, toggle);
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    for (const id of ['chat-reply-form', 'chat-search-open', 'persona-state', 'authors-note', 'style-panel', 'chat-books', 'chat-rating']) {
      expect(await page.getByTestId(id).isVisible(), id).toBe(true);
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);

    // By touch: Search in the tools closes them and opens the search box.
    await toggle.tap();
    await page.getByTestId('chat-search-open').tap();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.getByRole('searchbox').first().waitFor();

    // A group chat: the characters bar sits between the messages and the composer, not under it.
    await openChat(page, 'chat-group');
    const bar = await above(page, '[data-testid="group-bar"]', '.composer');
    expect(bar.upperBottom).toBeLessThanOrEqual(bar.lowerTop);
    expect((await above(page, '.composer', 'body')).upperBottom).toBeLessThanOrEqual(PHONE.height);
    expect(await conversationShare(page)).toBeGreaterThanOrEqual(0.6);

    // The smaller phone.
    await page.setViewportSize(SMALL_PHONE);
    await openChat(page, 'chat-a');
    expect(await conversationShare(page)).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps the composer above the on-screen keyboard, resized page or only a smaller visual viewport', async () => {
    const { page } = env.browser;
    await restoreSample(page);
    expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toContain('interactive-widget=resizes-content');
    await openChat(page, 'chat-a');
    await page.getByLabel('Your message').focus();

    // Safari: the page keeps its height, the visual viewport shrinks above the keyboard.
    const composerBottom = () => page.locator('.composer').evaluate((el) => Math.round(el.getBoundingClientRect().bottom));
    await page.evaluate(() => {
      const viewport = window.visualViewport;
      if (!viewport) throw new Error('no visualViewport');
      Object.defineProperty(viewport, 'height', { configurable: true, get: () => 500 });
      viewport.dispatchEvent(new Event('resize'));
    });
    expect(await composerBottom()).toBeLessThanOrEqual(500);
    expect(await conversationShare(page)).toBeGreaterThan(0.2);
    await page.evaluate(() => {
      const viewport = window.visualViewport;
      if (!viewport) throw new Error('no visualViewport');
      Reflect.deleteProperty(viewport, 'height');
      viewport.dispatchEvent(new Event('resize'));
    });
    expect(await composerBottom()).toBeGreaterThan(780);

    // Chrome on Android (interactive-widget=resizes-content): the page itself gets shorter.
    await page.setViewportSize({ width: PHONE.width, height: 480 });
    expect(await composerBottom()).toBeLessThanOrEqual(480);
    expect(await page.getByLabel('Your message').evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('swipes the newest reply between its alternatives and to a new one, and leaves vertical drags to scrolling', async () => {
    const { page } = env.browser;
    await restoreSample(page);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await openChat(page, 'chat-a');
    // Mozart replies in scenes: the text comes as it is.
    env.server.setScript({ tokens: ['First answer.'] });
    await send(page, 'Hello.');
    const done = (text: string) => page.locator('[data-testid="message"][data-status="complete"]', { hasText: text }).waitFor();
    await done('First answer.');
    const reply = page.getByTestId('message').last();
    const box = await reply.boundingBox();
    if (!box) throw new Error('the reply is not on the screen');
    const middle = { x: box.x + box.width / 2, y: box.y + Math.min(box.height / 2, 30) };

    // To the left past the last alternative: a new one, as Regenerate.
    env.server.setScript({ tokens: ['Second answer.'] });
    await fingerDrag(page, middle, { x: middle.x - 150, y: middle.y + 6 });
    await reply.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
    await done('Second answer.');
    expect((await messageTexts(page)).at(-1)).toBe('Second answer.');
    const asked = env.server.completions().length;

    // To the right: the previous one; to the left again: back to the second, nothing asked.
    await fingerDrag(page, middle, { x: middle.x + 150, y: middle.y });
    await reply.getByTestId('variant-position').filter({ hasText: '1 / 2' }).waitFor();
    expect((await messageTexts(page)).at(-1)).toBe('First answer.');

    // Vertical and diagonal drags are scrolling, never a swipe; nor is a swipe on another message.
    await fingerDrag(page, middle, { x: middle.x - 20, y: middle.y + 160 });
    await fingerDrag(page, middle, { x: middle.x - 90, y: middle.y - 80 });
    const userLine = await page.getByTestId('message').nth(-2).boundingBox();
    if (!userLine) throw new Error('the user line is not on the screen');
    await fingerDrag(page, { x: userLine.x + userLine.width / 2, y: userLine.y + 20 }, { x: userLine.x + userLine.width / 2 - 150, y: userLine.y + 20 });
    expect(await reply.getByTestId('variant-position').textContent()).toBe('1 / 2');

    // The vertical drag scrolled the list: find the reply again.
    await reply.scrollIntoViewIfNeeded();
    const now = await reply.boundingBox();
    if (!now) throw new Error('the reply is not on the screen');
    const start = { x: now.x + now.width / 2, y: now.y + 30 };
    await fingerDrag(page, start, { x: start.x - 150, y: start.y });
    await reply.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
    expect(env.server.completions().length).toBe(asked);
  });

  it('makes every control on the chat screen and the persona list a 44 px touch target', async () => {
    const { page } = env.browser;
    await restoreSample(page);
    await go(page, '#/');
    await page
      .getByRole('link', { name: /Mozart/ })
      .first()
      .waitFor();
    const report: Record<string, string[]> = { 'persona list': await smallTargets(page) };
    await page.getByTestId('menu-toggle').tap();
    report['persona list, menu open'] = await smallTargets(page);
    await page.getByTestId('menu-toggle').tap();
    await openChat(page, 'chat-a');
    // The sample persona's picture is a damaged WebP: its initial shows instead of a broken image.
    await expect.poll(() => page.locator('#chat-title [data-testid="avatar"]').getAttribute('data-kind')).toBe('initial');
    report.chat = await smallTargets(page);
    await page.getByTestId('chat-tools-toggle').tap();
    await page.locator('#chat-tools details:not([open])').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    report['chat, tools open'] = await smallTargets(page);
    await openChat(page, 'chat-group');
    report['group chat'] = await smallTargets(page);
    expect(report).toEqual({ 'persona list': [], 'persona list, menu open': [], chat: [], 'chat, tools open': [], 'group chat': [] });
  });

  it('keeps the layout of the key screens at 390×844 and 360×740, in light and dark', async () => {
    const { page } = env.browser;
    await restoreSample(page);
    const problems: string[] = [];
    const chatParts = {
      header: '.topbar',
      title: '#chat-title',
      'tools button': '[data-testid="chat-tools-toggle"]',
      tools: '#chat-tools',
      messages: '.message-list',
      composer: '.composer',
      'message box': '#composer-input',
    };
    // With the tools open their height (and so the list's) depends on whether read aloud has found its voices yet: left out.
    const toolsOpenParts = { header: chatParts.header, title: chatParts.title, 'tools button': chatParts['tools button'], composer: chatParts.composer };
    const colours = { page: 'html', header: '.topbar', reply: '.message.assistant', 'own line': '.message.user', 'message box': '#composer-input' };
    for (const size of [PHONE, SMALL_PHONE]) {
      const at = `${size.width}x${size.height}`;
      await page.setViewportSize(size);
      await go(page, '#/');
      await page
        .getByRole('link', { name: /Mozart/ })
        .first()
        .waitFor();
      problems.push(
        ...(await checkLayout(
          page,
          'phones',
          `persona list @${at}`,
          await measureScreen(page, { header: '.topbar', title: 'main h1', 'first persona': 'main .card' }),
        )),
      );
      await openChat(page, 'chat-a');
      problems.push(...(await checkLayout(page, 'phones', `chat @${at}`, await measureScreen(page, chatParts, colours))));
      await page.getByTestId('chat-tools-toggle').click();
      problems.push(...(await checkLayout(page, 'phones', `chat, tools open @${at}`, await measureScreen(page, toolsOpenParts))));
      await page.getByTestId('chat-tools-toggle').click();
      await chooseTheme(page, 'dark');
      problems.push(...(await checkLayout(page, 'phones', `chat, dark @${at}`, await measureScreen(page, chatParts, colours))));
      await chooseTheme(page, 'light');
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
