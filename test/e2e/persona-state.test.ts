import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, send, startChat, USER_NAME } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let server: FixtureServer;
let browser: LaunchedBrowser;

const STATE_JSON = JSON.stringify({ mood: 'delighted', closenessChange: 1, reason: 'The user admired her notes on the Engine.' });

/** The state request gets the state JSON, other JSON requests (facts) an empty answer, chat turns a reply. */
function answer(request: RecordedRequest): string[] {
  if (request.rawBody.includes('closenessChange')) return [STATE_JSON];
  if (request.body?.response_format) return ['{"facts":[]}'];
  return ['Ada Lovelace: "', 'How splendid', '."'];
}

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  browser = await launchBrowser();
  server.setScript({ tokens: answer });
});
afterEach(async () => {
  await browser.close();
});

function chatRequests(): string[] {
  return server
    .completions()
    .filter((r) => !r.body?.response_format)
    .map((r) => r.rawBody);
}

describe('evolving persona state', () => {
  it('updates the mood every few replies, sends it with the next turn, and keeps a user edit with its history', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await connectEndpoint(page, server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    const panel = page.getByTestId('persona-state');
    expect(await panel.getByTestId('persona-mood').innerText()).toBe('calm');
    expect(await panel.getByTestId('persona-closeness').innerText()).toBe('strangers');

    for (let i = 1; i <= 4; i++) {
      await send(page, `Question ${i}?`);
      await page
        .locator('[data-status="complete"]')
        .nth(2 * i)
        .waitFor();
    }
    await panel.getByTestId('persona-mood').getByText('delighted').waitFor();
    expect(await panel.getByTestId('persona-closeness').innerText()).toBe('acquainted');
    expect(chatRequests().at(-1)).toContain('Your mood right now: calm.');

    await send(page, 'Question 5?');
    await page.locator('[data-status="complete"]').nth(10).waitFor();
    expect(chatRequests().at(-1)).toContain(`Your mood right now: delighted. Your relationship with ${USER_NAME} right now: acquainted.`);
    // The mood is part of the system prompt (it changes only at moments the engine rereads the prompt anyway), not of the turns.
    const messages = (server.completions().at(-1)?.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages[0]?.content).toContain('Your mood right now: delighted.');
    expect(messages.slice(1).some((m) => m.content.includes('delighted'))).toBe(false);

    await panel.locator('summary').click();
    await panel.getByText('The user admired her notes on the Engine.').waitFor();
    await panel.getByRole('button', { name: 'Edit mood' }).click();
    await panel.getByLabel('Mood', { exact: true }).fill('annoyed');
    await panel.getByLabel('Closeness to you').selectOption({ label: 'wary' });
    await panel.getByRole('button', { name: 'Save mood' }).click();
    await panel.getByTestId('persona-mood').getByText('annoyed').waitFor();

    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    expect(await panel.getByTestId('persona-mood').innerText()).toBe('annoyed');
    expect(await panel.getByTestId('persona-closeness').innerText()).toBe('wary');
    await panel.locator('summary').click();
    const history = await panel.getByTestId('persona-state-history').getByRole('listitem').allInnerTexts();
    expect(history).toEqual([expect.stringContaining('annoyed, wary — set by you'), expect.stringContaining('delighted, acquainted — by the model')]);
  });
});
