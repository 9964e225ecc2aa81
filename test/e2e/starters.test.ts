import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, headerLink, messageTexts, send, startChat, USER_NAME } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

describe('starter characters', () => {
  it('a fresh browser adds them, chats with the English one, and lists their world books', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await page.getByRole('button', { name: 'Add starter characters' }).click();
    await page.getByTestId('starters-result').waitFor();
    const list = page.getByRole('list', { name: 'Persona list' });
    await list.getByRole('link', { name: /Edwin Hale/ }).waitFor();
    await list.getByRole('link', { name: /柳三更/ }).waitFor();
    // Once the list is not empty, a small link adds them again, which adds nothing new.
    await page.getByRole('button', { name: 'Add the starter characters' }).click();
    await page.getByTestId('starters-result').filter({ hasText: 'already in your list' }).waitFor();
    expect(await list.getByRole('listitem').count()).toBe(2);

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Edwin Hale');
    expect(await messageTexts(page)).toEqual(["Storm's coming in. You'd best come up before the stairs get wet. Mind the third step."]);
    env.server.setScript({ tokens: ['Edwin Hale: "', 'Aye', ',', ' every', ' forty-five', ' seconds', '."'], delayMs: 60 });
    await send(page, 'Is the foghorn always this loud?');
    await page.locator('[data-status="complete"]', { hasText: 'Aye, every forty-five seconds.' }).waitFor();
    const body = env.server.completions().at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    const system = body.messages[0]?.content ?? '';
    expect(system).toContain('autumn 1962');
    expect(system).toContain('Skerrow Head is a small rocky island');
    expect(body.messages.at(-1)?.content).toContain(`${USER_NAME}: "Is the foghorn always this loud?"`);

    await headerLink(page, 'books-link');
    await page.getByRole('heading', { level: 1, name: 'World books' }).waitFor();
    for (const name of ['Skerrow Head', '青石镇']) {
      await page
        .getByTestId('book-item')
        .filter({ has: page.getByRole('link', { name, exact: true }) })
        .waitFor();
    }
  });
});
