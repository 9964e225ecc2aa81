import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const FACT = 'The user has a sister named Clara who keeps bees in Kent.';

function kind(r: RecordedRequest): 'facts' | 'summary' | 'reply' {
  const format = JSON.stringify(r.body?.response_format ?? '');
  if (format.includes('"facts"')) return 'facts';
  return r.body && 'response_format' in r.body ? 'summary' : 'reply';
}

beforeEach(() => {
  env.server.setScript((r) => ({
    tokens:
      kind(r) === 'facts' ? [JSON.stringify({ facts: [{ about: 'user', text: FACT, importance: 8, source: 1 }] })] : ['Ada Lovelace: "', 'How splendid.', '"'],
  }));
});

describe('long-term memory', () => {
  it('extracts facts every few turns, recalls them into a later prompt, explains why, and lets the user manage them', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    const lines = ['My sister Clara keeps bees in Kent.', 'The weather is fine today.', 'I read your notes on the Engine.', 'Tell me about numbers.'];
    for (const [i, line] of lines.entries()) {
      await send(page, line);
      await page
        .locator('[data-testid="message"][data-status="complete"]')
        .nth(2 * i + 2)
        .waitFor();
    }
    await expect.poll(() => env.server.completions().filter((r) => kind(r) === 'facts').length, { timeout: 10_000 }).toBe(1);

    await send(page, 'Do you remember who keeps bees, Clara?');
    await page.locator('[data-testid="message"][data-status="complete"]').nth(10).waitFor();
    const reply = env.server
      .completions()
      .filter((r) => kind(r) === 'reply')
      .at(-1);
    expect(JSON.stringify(reply?.body)).toContain('sister named Clara');
    const why = page.getByTestId('message').nth(10).getByTestId('why');
    await why.locator('summary').click();
    expect(await why.innerText()).toContain(FACT);

    await page.getByRole('link', { name: 'Ada Lovelace' }).first().click();
    await page.getByRole('link', { name: 'Memory' }).click();
    const item = page.getByTestId('memory').filter({ hasText: FACT });
    await item.waitFor();
    await item.getByRole('button', { name: 'Pin' }).click();
    await item.getByRole('button', { name: 'Unpin' }).waitFor();
    await page.getByLabel('Search memories').fill('zebra');
    expect(await page.getByTestId('memory').count()).toBe(0);
    await page.getByLabel('Search memories').fill('Clara');
    await item.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    // Reload only once the deletion is stored (the list drops the item then); a reload racing it would keep the fact.
    await item.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: /What Ada Lovelace remembers/ }).waitFor();
    await page.getByText('Nothing remembered yet.').waitFor();
  });
});
