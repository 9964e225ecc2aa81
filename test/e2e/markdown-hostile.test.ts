import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import type { Page } from 'playwright-core';
import { exportCardV3Json } from '../../src/core/cards/index.ts';
import { connectEndpoint, createPersona, newChat, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** Hostile snippets; each would set `window.__pwned` or paint the page red if it ran. No double quotes (a quote ends a reply). */
const PAYLOADS = [
  '<img src=x onerror=window.__pwned=1>',
  '<svg onload=window.__pwned=2><circle r=9></circle></svg>',
  '<style>body{background:rgb(255,0,0) !important}</style>',
  '<iframe src=javascript:window.__pwned=3></iframe>',
  '<a href=javascript:window.__pwned=4>html link</a>',
  '[markdown link](javascript:window.__pwned=5)',
  '[data link](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD02PC9zY3JpcHQ+)',
  '![image](https://127.0.0.1:9/x.png)',
  '<script>window.__pwned=7</script>',
  '<b onclick=window.__pwned=8 style=color:red>styled</b>',
];

/** Asserts that nothing hostile ran or landed in the DOM, and that no injected CSS applies. */
async function assertInert(page: Page): Promise<void> {
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
  );
  expect(handlers).toEqual([]);
  const messages = page.getByRole('list', { name: 'Messages' });
  // The app's own avatars (data-testid="avatar") are chrome beside the text; nothing the text holds may become an element.
  expect(await messages.locator(':is(img, svg, iframe, style, script, object, embed, b, [style]):not([data-testid="avatar"])').count()).toBe(0);
  expect(await messages.locator('.markdown [class], .markdown [id]').count()).toBe(0);
  const hrefs = await messages.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 0, 0)');
}

describe('hostile Markdown and HTML in messages', () => {
  it('a model reply renders italic actions, bold and safe links, while hostile HTML, links and CSS stay inert text', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada');
    const body = ['*bows politely* **Welcome.** See [the notes](https://example.com/notes).', ...PAYLOADS].join(' ');
    env.server.setScript({ tokens: ['Ada: "', ...body.match(/.{1,12}/gs)!, '"'] });
    await send(page, 'Show me everything. <img src=y onerror=window.__pwned=9> [me](javascript:window.__pwned=10)');
    const reply = page.locator('[data-status="complete"]', { hasText: 'Welcome.' });
    await reply.waitFor();

    expect(await reply.locator('em').first().innerText()).toBe('bows politely');
    expect(await reply.locator('strong').innerText()).toBe('Welcome.');
    const link = reply.getByRole('link', { name: 'the notes' });
    expect(await link.getAttribute('href')).toBe('https://example.com/notes');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const shown = await reply.locator('.text').innerText();
    expect(shown).toContain('<style>body{background:rgb(255,0,0) !important}</style>');
    expect(shown).toContain('<img src=x onerror=window.__pwned=1>');
    expect(shown).toContain('markdown link');
    expect(await reply.getByRole('link').count()).toBe(1);
    await assertInert(page);
    await page.reload();
    await reply.waitFor();
    await assertInert(page);
  });

  it('hostile text in an imported character card (name, greeting, description) stays inert', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    const card = exportCardV3Json({
      name: 'Mallory <img src=x onerror=window.__pwned=11>',
      description: 'A trickster. <svg onload=window.__pwned=12></svg> <style>body{background:rgb(255,0,0)}</style>',
      greeting: `*grins* Hello! ${PAYLOADS.join('\n')}`,
      creatorNotes: '<iframe src=javascript:window.__pwned=13></iframe> [x](javascript:window.__pwned=14)',
    });
    await page.getByLabel('Import card').setInputFiles({ name: 'mallory.json', mimeType: 'application/json', buffer: Buffer.from(card, 'utf8') });
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await newChat(page);
    const greeting = page.getByTestId('message').first();
    await greeting.locator('em', { hasText: 'grins' }).waitFor();
    expect(await greeting.locator('.text').innerText()).toContain('<svg onload=window.__pwned=2>');
    await assertInert(page);
    await page.goto(new URL('#/', baseUrl).href);
    await page
      .getByRole('link', { name: /Mallory/ })
      .first()
      .click();
    await page.getByRole('heading', { name: /Mallory/ }).waitFor();
    await assertInert(page);
  });
});
