import { beforeEach, describe, expect, inject, it } from 'vitest';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const SOURCE = [
  'Ada Lovelace was born in London in 1815, the only legitimate child of the poet Lord Byron.',
  'Her mother, Annabella Milbanke, had her tutored in mathematics and science from an early age.',
  'In 1833 Ada met Charles Babbage at a party and saw a demonstration of his Difference Engine.',
  'She later translated an article by Luigi Menabrea about the Analytical Engine and added long notes of her own.',
  'Note G described an algorithm for the Analytical Engine to compute Bernoulli numbers.',
  'Ada loved horses and once planned a book on flying machines after studying the anatomy of birds.',
].join(' ');

beforeEach(() => {
  env.server.setScript(() => ({ tokens: ['Ada Lovelace: "', 'Indeed.', '"'] }));
});

describe('source material (dynamic Extract)', () => {
  it('stores pasted source text as passages and recalls the relevant one into a later reply', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await page.getByRole('link', { name: 'Memory' }).click();

    await page.getByRole('button', { name: 'Add text' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /only spaces|empty/ })
      .waitFor();

    await page.getByLabel('Add source material').fill(SOURCE);
    await page.getByRole('button', { name: 'Add text' }).click();
    await page.getByTestId('source-count').waitFor();
    const passages = page.getByTestId('memory').filter({ hasText: 'Source passage' });
    expect(await passages.count()).toBeGreaterThan(1);
    await passages.filter({ hasText: 'flying machines' }).first().waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    await send(page, 'Did you ever dream of flying machines like the birds?');
    await page.locator('[data-testid="message"][data-status="complete"]').nth(2).waitFor();
    const body = JSON.stringify(env.server.completions().at(-1)?.body);
    expect(body).toContain('From the source');
    expect(body).toContain('flying machines after studying the anatomy of birds');

    await page.getByRole('link', { name: 'Ada Lovelace' }).first().click();
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByRole('button', { name: 'Remove all source material' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Nothing remembered yet.').waitFor();
  });
});
