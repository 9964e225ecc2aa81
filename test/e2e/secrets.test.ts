import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { createPersona, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
/** Not shaped like an `sk-` key: only the app's own knowledge of the key can hide it. */
const API_KEY = 'egos-e2e-KEY-4d1b9f';

/** Every console message (all levels) and uncaught error of the page, as text. */
function recordConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => lines.push(`${message.type()}: ${message.text()} ${message.location().url}`));
  page.on('pageerror', (error) => lines.push(`pageerror: ${error.name}: ${error.message}\n${error.stack ?? ''}`));
  return lines;
}

async function downloadBackup(page: Page): Promise<string> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  return readFile(await (await downloading).path(), 'utf8');
}

describe('the endpoint API key', () => {
  it('is never logged nor shown, even when the server echoes it; backups leave it out unless asked', async () => {
    const { page } = env.browser;
    const consoleLines = recordConsole(page);
    env.server.setScript({ apiKey: API_KEY });
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await page.getByTestId('engine-link').click();
    await page.getByLabel('Base URL').fill(env.server.baseUrl);
    await page.getByLabel('Model name').fill('test-model');
    await page.getByLabel(/API key/).fill(API_KEY);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByTestId('endpoint-ready').waitFor();
    await startChat(page, 'Ada Lovelace');

    env.server.setScript({ apiKey: API_KEY, error: { status: 500, message: `proxy refused header "Authorization: Bearer ${API_KEY}"` } });
    await send(page, 'Hello?');
    const error = page.getByTestId('chat-error');
    await error.getByText(/HTTP 500/).waitFor();
    expect(await error.innerText()).toContain('[redacted]');
    expect(await page.locator('body').innerText()).not.toContain(API_KEY);
    expect(env.server.completions().at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);

    env.server.setScript({ apiKey: API_KEY, tokens: ['Ada Lovelace: "', 'Numbers', ' sing."'] });
    await send(page, 'What do you love?');
    await page.locator('[data-status="complete"]', { hasText: 'Numbers sing.' }).waitFor();

    await page.getByTestId('data-link').click();
    const plain = await downloadBackup(page);
    expect(plain).toContain('What do you love?');
    expect(plain).not.toContain(API_KEY);
    await page.getByLabel('Include API keys (secret)').check();
    await page.getByTestId('api-key-warning').waitFor();
    expect(await downloadBackup(page)).toContain(API_KEY);

    expect(consoleLines.some((line) => line.includes('500'))).toBe(true);
    expect(consoleLines.filter((line) => line.includes(API_KEY))).toEqual([]);
  });
});
