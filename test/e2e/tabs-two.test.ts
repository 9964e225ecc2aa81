import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import type { Page } from 'playwright-core';
import { connectEndpoint, createPersona, messageTexts, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const SLOW = { tokens: ['Ada: "', 'Once', ' upon', ' a', ' time', ' there', ' was', ' an', ' engine."'], delayMs: 300 };

/** A first tab with a persona, a connected endpoint and an open chat; returns the chat's URL. */
async function firstTabInChat(): Promise<string> {
  const { page } = env.browser;
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening.' });
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Ada');
  return page.url();
}

/** Another tab of the same browser profile, opened at `url`, with the saved endpoint reconnected. */
async function secondTab(url: string): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(url);
  await page.getByTestId('engine-link').getByText('test-model').waitFor();
  return page;
}

describe('two tabs on one chat', () => {
  it('only one tab generates; the other sees the reply stream in live and is told why it cannot send', async () => {
    const url = await firstTabInChat();
    const tabA = env.browser.page;
    const tabB = await secondTab(url);
    await tabB.getByRole('list', { name: 'Messages' }).waitFor();

    env.server.setScript(SLOW);
    await send(tabA, 'Tell me a story.');
    await tabB.getByTestId('message').nth(2).locator('.text', { hasText: 'Once upon' }).waitFor();
    expect(await tabB.getByTestId('message').nth(2).getAttribute('data-status')).toBe('streaming');
    expect(await messageTexts(tabB)).toContain('Tell me a story.');

    await send(tabB, 'Me too!');
    await tabB
      .getByTestId('chat-error')
      .getByText(/generating a reply in another tab/)
      .waitFor();
    expect(await tabB.getByLabel('Your message').inputValue()).toBe('Me too!');

    await tabB.locator('[data-status="complete"]', { hasText: 'there was an engine.' }).waitFor();
    expect(env.server.completions()).toHaveLength(1);

    env.server.setScript({ tokens: ['Ada: "', 'Gladly."'] });
    await tabB.getByLabel('Your message').press('Enter');
    await tabA.locator('[data-status="complete"]', { hasText: 'Gladly.' }).waitFor();
    expect(await messageTexts(tabA)).toEqual(['Good evening.', 'Tell me a story.', 'Once upon a time there was an engine.', 'Me too!', 'Gladly.']);
    expect(env.server.completions()).toHaveLength(2);
  });

  it('a tab opened while another generates does not mark that reply interrupted', async () => {
    const url = await firstTabInChat();
    env.server.setScript(SLOW);
    await send(env.browser.page, 'Tell me a story.');
    await env.browser.page.getByTestId('message').nth(2).locator('.text', { hasText: 'Once' }).waitFor();
    const late = await env.browser.context.newPage();
    await late.goto(url);
    const reply = late.getByTestId('message').nth(2);
    await reply.waitFor();
    expect(await reply.getAttribute('data-status')).toBe('streaming');
    expect(await late.getByTestId('interrupted').count()).toBe(0);
    await late.locator('[data-status="complete"]', { hasText: 'there was an engine.' }).waitFor();
    await late.reload();
    await late.locator('[data-status="complete"]', { hasText: 'there was an engine.' }).waitFor();
  });

  it('a persona created in one tab appears in the other tab’s list without a reload', async () => {
    const tabA = env.browser.page;
    await tabA.goto(baseUrl);
    const tabB = await env.browser.context.newPage();
    await tabB.goto(baseUrl);
    await tabB.getByRole('heading', { name: 'Personas' }).waitFor();
    await createPersona(tabA, { name: 'Grace Hopper', description: 'Admiral.', greeting: 'Hello, sailor.' });
    await tabB.getByRole('link', { name: /Grace Hopper/ }).waitFor();
  });
});
