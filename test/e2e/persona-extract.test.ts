import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** About 3,000 tokens of story: three chunks of at most 1,200 tokens. */
const STORY = Array.from(
  { length: 48 },
  (_, i) =>
    `Chapter ${i + 1}. Ada Lovelace walked through the London fog to visit Charles Babbage, thinking about the Analytical Engine and how its cards might weave algebraic patterns the way a loom weaves flowers and leaves. "Numbers are poetry," she said.`,
).join('\n\n');

/** The refine answer for one request: the draft grows with each part. */
function refineAnswer(request: RecordedRequest): string[] {
  const text = JSON.stringify(request.body?.messages ?? '');
  const part = Number(/Part (\d+) of/.exec(text)?.[1] ?? 0);
  const draft = {
    name: 'Ada Lovelace',
    identity: 'Mathematician in London, 1843.',
    personality: 'Curious and imaginative.',
    speakingStyle: 'Poetic, precise.',
    catchphrases: ['Numbers are poetry'],
    sampleLines: ['Numbers are poetry.'],
    relationships: part >= 2 ? ['Charles Babbage: friend and collaborator'] : [],
    interests: ['the Analytical Engine'],
    viewpoints: [],
    experiences: part >= 3 ? ['Wrote the notes on the Analytical Engine'] : [],
    achievements: [],
    knowledgeBoundary: { era: 'London, 1843', knows: 'Mathematics of her time', cannotKnow: ['electronic computers'] },
  };
  const json = JSON.stringify(draft);
  return [json.slice(0, 40), json.slice(40, 200), json.slice(200)];
}

describe('create a persona from text', () => {
  it('drafts a persona chunk by chunk with progress, lets the user review it, and saves it', async () => {
    const { page } = env.browser;
    await page.goto(`${baseUrl}#/`);
    await page.getByRole('link', { name: 'Create from text' }).click();
    await page.getByRole('heading', { name: 'Create a persona from text' }).waitFor();
    await page.getByTestId('extract-needs-model').waitFor();
    await page.getByLabel('Source text').fill(STORY);
    await page.getByRole('button', { name: 'Extract from pasted text' }).click();
    await page
      .getByTestId('extract-error')
      .getByText(/No model is ready/)
      .waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    env.server.setScript({ tokens: refineAnswer, delayMs: 120 });
    await page.goto(`${baseUrl}#/extract`);
    expect(await page.getByLabel('Source text').inputValue()).toBe(STORY);
    await page.getByRole('button', { name: 'Extract from pasted text' }).click();
    await page
      .getByTestId('extract-progress')
      .getByText(/Reading chunk 2 of 3/)
      .waitFor();
    await page.getByRole('heading', { name: 'Review the drafted persona' }).waitFor({ timeout: 20_000 });
    await page.getByTestId('extract-outcome').getByText('Read all 3 chunks of the text.').waitFor();
    expect(env.server.completions()).toHaveLength(3);
    const first = env.server.completions()[0]?.body as { response_format?: unknown; messages: Array<{ content: string }> };
    expect(first.response_format).toBeDefined();
    expect(first.messages.at(-1)?.content).toContain('Chapter 1. Ada Lovelace');

    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada Lovelace');
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('Mathematician in London, 1843.');
    await page.getByText('Attributes', { exact: true }).click();
    expect(await page.getByLabel('Relationships').inputValue()).toBe('Charles Babbage: friend and collaborator');
    expect(await page.getByLabel('Experiences').inputValue()).toBe('Wrote the notes on the Analytical Engine');
    await page.getByLabel('Description', { exact: true }).fill('Mathematician and poet of science, London, 1843.');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', exact: true }).waitFor();
    await page.getByText('Mathematician and poet of science, London, 1843.').waitFor();
    await page.reload();
    await page.getByText('More about Ada Lovelace').click();
    await page.getByTestId('persona-details').getByText('London, 1843').waitFor();
  });

  it('Cancel keeps the draft found so far for review; bad input gets a clear message', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await page.goto(`${baseUrl}#/extract`);
    await page.getByLabel('Extract from a file (.txt, .md)').setInputFiles({
      name: 'book.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7 binary'),
    });
    await page.getByTestId('extract-error').getByText('“book.pdf” is a PDF file.').waitFor();

    env.server.setScript((request) => ({ tokens: refineAnswer(request), delayMs: /Part 1 of/.test(request.rawBody) ? 20 : 1500 }));
    await page.getByLabel('Extract from a file (.txt, .md)').setInputFiles({ name: 'ada.txt', mimeType: 'text/plain', buffer: Buffer.from(STORY) });
    await page
      .getByTestId('extract-progress')
      .getByText(/Reading chunk 2 of 3/)
      .waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Review the drafted persona' }).waitFor();
    await page.getByTestId('extract-outcome').getByText('Cancelled after 1 of 3 chunks; the draft holds what was found so far.').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Ada Lovelace');
  });
});
