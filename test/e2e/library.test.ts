import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { createPersona, messageTexts, newChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
});

describe('persona library', () => {
  it('deletes a chat and then a persona only after confirmation, and the deletion survives a reload', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Li Bai', description: 'Tang poet.', greeting: '举杯邀明月。' });
    await newChat(page);
    await page.getByTestId('message').first().waitFor();
    expect(await messageTexts(page)).toEqual(['举杯邀明月。']);
    await page.goBack();
    await page.getByRole('link', { name: 'Chat 1' }).waitFor();

    await page.getByRole('button', { name: 'Delete chat' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('link', { name: 'Chat 1' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete chat' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No chats yet.').waitFor();

    await page.getByRole('button', { name: 'Delete persona' }).click();
    await page
      .getByRole('dialog', { name: /Delete Li Bai/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No personas yet.').waitFor();
    await page.reload();
    await page.getByText('No personas yet.').waitFor();
  });

  it('rejects a persona without a name, keeping what was typed', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}#/new`);
    await page.getByLabel('Description').fill('Nameless wanderer.');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByText('Give the persona a name.').waitFor();
    expect(await page.getByLabel('Description').inputValue()).toBe('Nameless wanderer.');
  });

  it('fits a phone-width screen without horizontal scrolling', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(baseUrl);
    await createPersona(page, { name: 'A very long persona name that should wrap nicely on a phone', description: 'x'.repeat(400), greeting: 'Hi' });
    await newChat(page);
    await page.getByLabel('Your message').waitFor();
    for (const hash of ['#/', '#/engine']) {
      await page.goto(`${baseUrl}${hash}`);
      await page.locator('main h1').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, hash).toBeLessThanOrEqual(0);
    }
  });
});
