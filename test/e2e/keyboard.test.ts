import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { focusStyle, tabTo } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** Tabs to the control and asserts its focus is drawn (outline or box shadow), as a keyboard user sees it. */
async function tabToVisible(page: Page, target: ReturnType<Page['locator']>, backwards = false): Promise<void> {
  await tabTo(page, target, { backwards });
  const style = await focusStyle(page);
  expect(style.focusVisible, `${String(target)} matches :focus-visible`).toBe(true);
  expect(style.outline !== 'none' || style.boxShadow !== 'none', `${String(target)} shows its focus: ${JSON.stringify(style)}`).toBe(true);
}

/** Tabs to a text field and types into it with the keyboard. */
async function typeInto(page: Page, field: ReturnType<Page['locator']>, text: string): Promise<void> {
  await tabToVisible(page, field);
  await page.keyboard.type(text);
}

describe('the main flow with the keyboard only', () => {
  it('creates a persona, connects an endpoint, chats with Enter; a dialog closes with Escape', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Personas' }).waitFor();

    await tabToVisible(page, page.getByRole('link', { name: 'New persona' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New persona' }).waitFor();
    await typeInto(page, page.getByLabel('Name', { exact: true }), 'Ada Lovelace');
    await typeInto(page, page.getByLabel('Description', { exact: true }), 'Mathematician, London, 1843.');
    await typeInto(page, page.getByLabel('Greeting', { exact: true }), 'Good evening.');
    await tabToVisible(page, page.getByRole('button', { name: 'Save persona' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Ada Lovelace/ }).waitFor();
    const personaUrl = page.url();

    await tabToVisible(page, page.getByTestId('engine-link'));
    await page.keyboard.press('Enter');
    await typeInto(page, page.getByLabel('Base URL'), env.server.baseUrl);
    await typeInto(page, page.getByLabel('Model name'), 'test-model');
    await tabToVisible(page, page.getByRole('button', { name: 'Connect' }));
    await page.keyboard.press('Enter');
    await page.getByTestId('endpoint-ready').waitFor();

    await tabToVisible(page, page.getByRole('link', { name: 'EGOS' }));
    await page.keyboard.press('Enter');
    await tabToVisible(page, page.getByRole('link', { name: /Ada Lovelace/ }).first());
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(personaUrl);

    await tabToVisible(page, page.getByRole('button', { name: 'Delete persona' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete persona');

    await tabToVisible(page, page.getByRole('button', { name: 'New chat' }), true);
    await page.keyboard.press('Enter');
    const name = page.getByLabel('What should Ada Lovelace call you?');
    await name.waitFor();
    expect(await name.evaluate((el) => el === document.activeElement), 'the name question takes the focus').toBe(true);
    await page.keyboard.type('Tom');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'Numbers', ' sing."'] });
    await typeInto(page, page.getByLabel('Your message'), 'What do you love?');
    await page.keyboard.press('Enter');
    await page.locator('[data-status="complete"]', { hasText: 'Numbers sing.' }).waitFor();
    expect(await page.getByTestId('message').locator('.text').allInnerTexts()).toEqual(['Good evening.', 'What do you love?', 'Numbers sing.']);
    expect(await page.getByLabel('Your message').inputValue()).toBe('');
  });
});
