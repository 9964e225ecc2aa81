import { describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, openPersonaEditor, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const TIMELINE = JSON.stringify({
  scenes: [
    { when: 'age 19', where: 'the harbour fire', who: 'her brother Tobin', stakes: 'The harbour burns; she must choose the boat or the lamp.' },
    { when: 'the winter of 1950', where: 'the Skerry light', who: 'the old keeper', stakes: 'She takes over the light alone.' },
  ],
});
const EXPANSION = JSON.stringify({
  narration: 'Smoke rolled over the water while the boats burned.',
  thoughts: 'Keep the lamp lit, whatever happens.',
  lines: ['Tobin, take the boat!'],
});

/** What a request asks for: a timeline, an expansion, background JSON (facts, mood), or a chat reply. */
function kind(r: RecordedRequest): 'timeline' | 'expansion' | 'json' | 'reply' {
  const format = JSON.stringify(r.body?.response_format ?? '');
  if (format.includes('"scenes"')) return 'timeline';
  if (format.includes('"narration"')) return 'expansion';
  return r.body && 'response_format' in r.body ? 'json' : 'reply';
}

async function openExperiences(name: string): Promise<void> {
  const { page } = env.browser;
  await openPersonaEditor(page, baseUrl, name);
  await page.getByText('Experiences', { exact: true }).click();
}

describe('experience reconstruction', () => {
  it('drafts experiences with the model, reviews and keeps them, shows them in the memory list and in the Why panel of a reply', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, {
      name: 'Maren',
      description: 'A lighthouse keeper on a northern island who lost her brother at sea.',
      greeting: 'Mind the steps.',
    });

    await openExperiences('Maren');
    const generate = page.getByRole('button', { name: 'Draft experiences with the model' });
    expect(await generate.isDisabled(), 'no model is ready').toBe(true);
    await page.getByTestId('experiences-why-disabled').getByText('Load a model on the Engine page to draft experiences.').waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    env.server.setScript((r) => ({
      tokens: {
        timeline: [TIMELINE.slice(0, 50), TIMELINE.slice(50)],
        expansion: [EXPANSION],
        json: ['{"facts": []}'],
        reply: ['Maren: "', 'The harbour still smells of smoke.', '"'],
      }[kind(r)],
    }));
    await openExperiences('Maren');
    await page.getByRole('button', { name: 'Draft experiences with the model' }).click();
    const review = page.getByTestId('experiences-review');
    await review.getByRole('heading', { name: 'Review the drafted experiences' }).waitFor();
    await page.getByTestId('experiences-notice').getByText('Drafted 2 experiences. Edit or delete any, then keep them.').waitFor();
    const requests = env.server.completions();
    expect(requests.filter((r) => kind(r) === 'timeline')).toHaveLength(1);
    expect(requests.filter((r) => kind(r) === 'expansion')).toHaveLength(2);
    expect(JSON.stringify(requests.find((r) => kind(r) === 'timeline')?.body)).toContain('lost her brother at sea');

    const first = review.getByTestId('experience').first();
    await first.getByLabel('What happened').fill('Smoke rolled over the water; Maren ran for the lamp.');
    await review.getByRole('button', { name: 'Delete experience 2' }).click();
    expect(await review.getByTestId('experience').count()).toBe(1);
    await review.getByRole('button', { name: 'Keep all' }).click();
    await page.getByTestId('experiences-notice').getByText('Kept 1 experience: it is in the persona’s memory now.').waitFor();
    expect(await review.count()).toBe(0);
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Maren', exact: true }).waitFor();

    await page.getByRole('link', { name: 'Memory' }).click();
    const item = page.getByTestId('memory').filter({ hasText: 'Maren ran for the lamp' });
    await item.getByText(/^Experience · age 19/).waitFor();
    expect(await item.innerText()).toContain('Maren: "Tobin, take the boat!"');

    await startChat(page, 'Maren');
    await send(page, 'Do you remember the harbour fire and the lamp?');
    const reply = page.locator('[data-testid="message"][data-status="complete"]', { hasText: 'The harbour still smells of smoke.' });
    await reply.waitFor();
    const sent = env.server
      .completions()
      .filter((r) => kind(r) === 'reply')
      .at(-1);
    expect(JSON.stringify(sent?.body)).toContain('Maren ran for the lamp');
    const why = reply.getByTestId('why');
    await why.locator('summary').click();
    await why
      .getByTestId('why-experience')
      .getByText(/^Experience — age 19/)
      .waitFor();
    expect(await why.innerText()).toContain('Maren ran for the lamp');
  });
});
