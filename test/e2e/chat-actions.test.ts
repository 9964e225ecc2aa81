import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { connectEndpoint, createPersona, messageTexts, send, startChat, USER_NAME } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

async function setUpChat(): Promise<Page> {
  const { page } = env.browser;
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Ada Lovelace');
  return page;
}

function reply(text: string): string[] {
  return ['Ada Lovelace: "', text, '"'];
}

async function sendAndWait(page: Page, text: string, count: number): Promise<void> {
  await send(page, text);
  await page
    .locator('[data-testid="message"][data-status="complete"]')
    .nth(count - 1)
    .waitFor();
}

function message(page: Page, index: number): Locator {
  return page.getByTestId('message').nth(index);
}

describe('Chat actions', () => {
  it('Regenerate keeps the earlier reply as a swipe; the arrows switch between them, also after a reload', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: reply('First answer.') });
    await sendAndWait(page, 'Hello.', 3);
    env.server.setScript({ tokens: reply('Second answer.') });
    await message(page, 2).getByRole('button', { name: 'Regenerate' }).click();
    await page.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
    expect(await messageTexts(page)).toEqual(['Good evening.', 'Hello.', 'Second answer.']);
    await message(page, 2).getByRole('button', { name: 'Previous reply' }).click();
    await page.getByTestId('variant-position').filter({ hasText: '1 / 2' }).waitFor();
    expect((await messageTexts(page))[2]).toBe('First answer.');
    await page.reload();
    await page.getByTestId('variant-position').filter({ hasText: '1 / 2' }).waitFor();
    expect(await messageTexts(page)).toEqual(['Good evening.', 'Hello.', 'First answer.']);
  });

  it('edits a line and answers it again, deletes a message after confirming, and branches into a new chat', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: reply('Hi.') });
    await sendAndWait(page, 'Hello.', 3);
    env.server.setScript({ tokens: reply('Yes.') });
    await sendAndWait(page, 'Second.', 5);

    env.server.setScript({ tokens: reply('Welcome back.') });
    await message(page, 1).getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Message text').fill('Hello there.');
    await page.getByRole('button', { name: 'Save and answer again' }).click();
    await page.getByTestId('message').getByText('Welcome back.').waitFor();
    await expect.poll(() => messageTexts(page)).toEqual(['Good evening.', 'Hello there.', 'Welcome back.']);

    await message(page, 2).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => messageTexts(page)).toEqual(['Good evening.', 'Hello there.']);
    await message(page, 1).getByRole('button', { name: 'Reply to this' }).waitFor();

    const before = page.url();
    await message(page, 1).getByRole('button', { name: 'Branch' }).click();
    await page.waitForURL((url) => url.href !== before);
    await expect.poll(() => messageTexts(page)).toEqual(['Good evening.', 'Hello there.']);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/branch/);
    await page.goto(before);
    await expect.poll(() => messageTexts(page)).toEqual(['Good evening.', 'Hello there.']);
  });

  it('Continue carries on a reply that was stopped; Suggest my line drafts into the box and stores nothing', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'The Engine', ' weaves', ' more'], delayMs: 150, stallAfter: 3 });
    await send(page, 'Tell me about the Engine.');
    await page.getByTestId('message').getByText('The Engine weaves').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.locator('[data-testid="message"][data-status="interrupted"]').waitFor();

    env.server.setScript({ tokens: [' algebraic patterns."'] });
    await message(page, 2).getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-testid="message"][data-status="complete"]').nth(2).waitFor();
    expect((await messageTexts(page))[2]).toBe('The Engine weaves algebraic patterns.');
    const continued = env.server.completions().at(-1);
    expect(JSON.stringify(continued?.body)).toContain('The Engine weaves');

    env.server.setScript({ tokens: [`${USER_NAME}: "`, 'How does it', ' store numbers?"'] });
    await page.getByRole('button', { name: 'Suggest my line' }).click();
    await expect.poll(() => page.getByLabel('Your message').inputValue()).toBe('How does it store numbers?');
    expect(await page.getByTestId('message').count()).toBe(3);
    await page.reload();
    await page.getByTestId('message').nth(2).waitFor();
    expect(await page.getByTestId('message').count()).toBe(3);
  });
});
