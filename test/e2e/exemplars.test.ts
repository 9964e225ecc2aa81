import { beforeEach, describe, expect, inject, it } from 'vitest';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const LINE = 'Numbers are the poetry of the universe.';
/** Two passages: Ada's line in the first, the flying machines (what the user asks about) in the second. */
const SOURCE = [
  `"Numbers are the poetry of the universe," said Ada, and she smiled at her tutor across the schoolroom table.`,
  'Her mother, Annabella Milbanke, had her taught mathematics and science from an early age, hoping that discipline would keep her from the wild temper of her father.',
  'Lessons ran from morning until dusk, with music and French between them, and a governess who reported every fault in a little book.',
  '',
  'Years later Ada dreamed of flying machines. She studied the anatomy of birds, drew wings of wire and silk, and planned a book she called Flyology, about machines that would fly like birds.',
].join(' ');

beforeEach(() => {
  env.server.setScript(() => ({ tokens: ['Ada Lovelace: "', 'Indeed, wings of silk.', '"'] }));
});

describe('example lines from the source material', () => {
  it("puts the character's own line from the source into a reply's prompt and the Why panel says where it came from", async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByLabel('Add source material').fill(SOURCE);
    await page.getByRole('button', { name: 'Add text' }).click();
    await page.getByTestId('source-count').waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    await send(page, 'Did you ever dream of flying machines like the birds?');
    await page.locator('[data-testid="message"][data-status="complete"]').nth(2).waitFor();
    const body = JSON.stringify(env.server.completions().at(-1)?.body);
    expect(body).toContain(`How Ada Lovelace talks: Ada Lovelace: \\"${LINE}\\"`);

    const why = page.getByTestId('message').nth(2).getByTestId('why');
    await why.locator('summary').click();
    const origin = why.getByTestId('why-origin');
    await origin.waitFor();
    expect(await origin.innerText()).toBe('From the source ·');
    expect(await why.innerText()).toContain(LINE);
  });
});
