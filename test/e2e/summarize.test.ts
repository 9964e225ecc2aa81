import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../support/openai-fixture-server.ts';
import { allMessageTexts, connectEndpoint, createPersona, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let server: FixtureServer;
let browser: LaunchedBrowser;

const SUMMARY = JSON.stringify({
  topic: 'the beehives of Ockham',
  facts: ['The user keeps 7 beehives at Ockham.'],
  promises: ['Ada will visit in May.'],
  names: ['Ockham'],
  numbers: ['7'],
});
const REPLY_WORDS = 'The Engine could weave such patterns, though the bees would doubtless object to the noise of the mill and the steam.';

function isSummaryRequest(r: RecordedRequest): boolean {
  return r.body !== undefined && 'response_format' in r.body;
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  browser = await launchBrowser();
  server.setScript((r) => ({ tokens: isSummaryRequest(r) ? [SUMMARY] : ['Ada Lovelace: "', REPLY_WORDS, ' Truly."'] }));
});
afterEach(async () => {
  await browser.close();
});

/** Waits until no summary request has arrived for a while and the chat shows no summarizing. */
async function settled(page: LaunchedBrowser['page']): Promise<void> {
  let seen = -1;
  for (let quiet = 0; quiet < 3;) {
    await page.getByTestId('summarizing').waitFor({ state: 'detached' });
    const now = server.completions().filter(isSummaryRequest).length;
    quiet = now === seen ? quiet + 1 : 0;
    seen = now;
    await page.waitForTimeout(300);
  }
}

/** Waits for the reply to `line`: the line is shown and the last row is a finished reply (a long chat renders only the rows near its end). */
async function replied(page: LaunchedBrowser['page'], line: string): Promise<void> {
  await page.getByTestId('message').filter({ hasText: line }).waitFor();
  await page.getByTestId('message').last().and(page.locator('.assistant[data-status="complete"]')).waitFor();
}

describe('Summarize', () => {
  it('turns the oldest turns into an editable scene summary, keeps every raw message, and later prompts use the summary', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await connectEndpoint(page, server.baseUrl, 'test-model', 1024);
    await startChat(page, 'Ada Lovelace');
    const lines = Array.from({ length: 9 }, (_, i) => `Message ${i + 1}: I keep 7 beehives at Ockham and they hum all summer long.`);
    for (const line of lines) {
      await send(page, line);
      await replied(page, line);
    }
    await page.getByTestId('summary-marker').first().waitFor({ timeout: 20_000 });
    expect(server.completions().filter(isSummaryRequest).length).toBeGreaterThan(0);

    await send(page, 'Do you remember my hives?');
    await replied(page, 'Do you remember my hives?');
    const last = server
      .completions()
      .filter((r) => !isSummaryRequest(r))
      .at(-1);
    const sent = (last?.body as { messages: Array<{ role: string; content: string }> }).messages;
    // The oldest turns went into the summary (which may quote a sentence verbatim to keep a number);
    // they are no longer sent as turns of their own.
    expect(sent[0]?.content).toContain('beehives of Ockham');
    const turns = sent.slice(1).map((m) => m.content);
    expect(turns.some((t) => t.includes('Message 1:'))).toBe(false);
    expect(turns.at(-1)).toContain('Do you remember my hives?');

    const texts = await allMessageTexts(page);
    expect(texts).toContain(lines[0]);
    expect(texts.filter((t) => t.startsWith('Message ')).length).toBe(9);

    // Background summary work after the last reply (a pass may merge summaries) must be over before the edit.
    await settled(page);
    const marker = page.getByTestId('summary-marker').first();
    await marker.locator('summary').click();
    await marker.getByRole('button', { name: 'Edit summary' }).click();
    await marker.getByLabel('Summary text').fill('Topic: bees. The user keeps 7 hives; Ada promised a visit in May.');
    await marker.getByRole('button', { name: 'Save summary' }).click();
    // The editor closes once the edit is stored; reloading before that would lose it.
    await marker.getByRole('button', { name: 'Edit summary' }).waitFor();
    await page.reload();
    await page.getByTestId('summary-marker').first().waitFor();
    await page.getByTestId('summary-marker').first().locator('summary').click();
    expect(await page.getByTestId('summary-marker').first().innerText()).toContain('Ada promised a visit in May.');
    expect((await allMessageTexts(page)).filter((t) => t.startsWith('Message ')).length).toBe(9);
  });
});
