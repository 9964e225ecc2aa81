/**
 * The two reply forms end to end, each with a real-shaped character card imported through the
 * UI and a chat with the OpenAI-protocol fixture server: what is shown, what is sent back.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, messageTexts, send } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
}

/** Imports a card from test/fixtures/cards through "Import card" and checks the reply form the review suggests. */
async function importCard(page: Page, file: string, form: 'Spoken line' | 'Scene'): Promise<void> {
  const card = await readFile(join(import.meta.dirname, '../fixtures/cards', file));
  await page.goto(baseUrl);
  await page.getByLabel('Import card').setInputFiles({ name: file, mimeType: 'application/json', buffer: card });
  await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
  expect(await page.getByRole('radio', { name: form, exact: true }).isChecked(), `the review suggests ${form}`).toBe(true);
  await page.getByRole('button', { name: 'Save persona' }).click();
}

/** Presses "New chat", is asked the name in plain words, answers it, and waits for the greeting. */
async function startChatAs(page: Page, personaName: string, userName: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: personaName }).waitFor();
  await page.getByRole('button', { name: 'New chat' }).click();
  await page.getByLabel(`What should ${personaName} call you?`).fill(userName);
  await page.getByRole('button', { name: 'Save and start the chat' }).click();
  await page.getByTestId('message').first().waitFor();
}

/** Requests for the character's replies (background work such as memory or mood asks for JSON). */
function replies(): RecordedRequest[] {
  return env.server.completions().filter((r) => !(r.body && 'response_format' in r.body));
}

/** Waits until the `n`-th message (0-based) is a finished reply. */
async function replyDone(page: Page, n: number): Promise<void> {
  await page.getByTestId('message').nth(n).and(page.locator('[data-status="complete"]')).waitFor();
}

/** The reply form stored with the chat open in `page` (read from IndexedDB). */
async function storedReplyForm(page: Page): Promise<string | undefined> {
  const chatId = decodeURIComponent(/\/chat\/([^/?#]+)/.exec(page.url())?.[1] ?? '');
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('egos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const chat = await new Promise<{ replyForm?: string } | undefined>((resolve, reject) => {
      const get = db.transaction('chats').objectStore('chats').get(id);
      get.onsuccess = () => resolve(get.result as { replyForm?: string } | undefined);
      get.onerror = () => reject(get.error);
    });
    db.close();
    return chat?.replyForm;
  }, chatId);
}

describe('reply forms with imported cards', () => {
  it('scene: prose greeting with the user’s name, a prose reply shown whole and resent whole, post-history after the user’s line', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await importCard(page, 'lighthouse-prose.v2.json', 'Scene');
    await startChatAs(page, 'Maren', 'Tom');

    const greeting = (await messageTexts(page))[0] ?? '';
    expect(greeting).toContain('Sit by the stove, Tom.');
    expect(greeting).not.toContain('{{user}}');
    expect(await page.getByTestId('chat-reply-form').inputValue()).toBe('scene');

    const prose = 'Maren: *She laughs.* "Loud?" *She taps the glass.* "Wait till the foghorn starts."';
    env.server.setScript({ tokens: ['Maren: *She laughs.*', ' "Loud?"', ' *She taps', ' the glass.*', ' "Wait till the foghorn', ' starts."'] });
    await send(page, 'Is the lamp always this loud?');
    await replyDone(page, 2);
    const reply = page.getByTestId('message').nth(2);
    expect(await reply.locator('.text').innerText()).toBe('She laughs. "Loud?" She taps the glass. "Wait till the foghorn starts."');
    expect(await reply.locator('.text em').allInnerTexts()).toEqual(['She laughs.', 'She taps the glass.']);

    env.server.setScript({ tokens: ['Maren: "Somebody has to keep the light."'] });
    await send(page, 'Why do you stay out here?');
    await replyDone(page, 4);
    const body = replies().at(-1)?.body as unknown as ChatBody;
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(body.messages[2]?.content).toContain('Sit by the stove, Tom.');
    expect(body.messages[4]?.content).toBe(prose);
    const last = body.messages[5]?.content ?? '';
    const line = last.indexOf('Tom: Why do you stay out here?');
    const after = last.indexOf("Keep Maren's reply under 120 words and never speak for Tom.");
    expect(line).toBeGreaterThanOrEqual(0);
    expect(after).toBeGreaterThan(line);
    expect(JSON.stringify(body)).not.toMatch(/\{\{(user|char)\}\}/);
    expect(body.messages[0]?.content).toContain('then write narration in *asterisks* and speech in quotes');

    // This chat switches to spoken lines from the next reply on; the choice is stored with the chat.
    await page.getByLabel('Replies as').selectOption('line');
    await expect.poll(() => storedReplyForm(page)).toBe('line');
    await page.reload();
    await page.getByTestId('engine-link').getByText('test-model').waitFor();
    await page.getByTestId('message').nth(4).waitFor();
    expect(await page.getByLabel('Replies as').inputValue()).toBe('line');
    env.server.setScript({ tokens: ['Maren: "', 'Go to sleep, Tom.', '"'] });
    await send(page, 'Goodnight, Maren.');
    await replyDone(page, 6);
    expect((await messageTexts(page))[6]).toBe('Go to sleep, Tom.');
    const switched = replies().at(-1)?.body as unknown as ChatBody;
    expect(switched.messages[0]?.content).toContain('Reply with one spoken line: Maren: "');
    expect(switched.messages.at(-1)?.content).toContain('Tom: "Goodnight, Maren."');
  });

  it('line: the reply stops at the closing quote, only the line is shown and resent, a quoted greeting is not quoted twice; raw completion ends in Name: "', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await importCard(page, 'harbour-master.v3.json', 'Spoken line');
    await startChatAs(page, 'Old Brann', 'Tom');
    expect(await page.getByTestId('chat-reply-form').inputValue()).toBe('line');

    env.server.setScript({ tokens: ['Old Brann: "', 'Aye, lad.', '"', ' He spits', ' into', ' the', ' sea.', ' The', ' gulls', ' scream.'], delayMs: 150 });
    await send(page, 'Is it always this windy?');
    await replyDone(page, 2);
    expect((await messageTexts(page))[2]).toBe('Aye, lad.');
    const first = replies().at(-1);
    await expect.poll(() => first?.clientClosed, { timeout: 5000 }).toBe(true);

    env.server.setScript({ tokens: ['Old Brann: "Storm by morning."'] });
    await send(page, 'Will it get worse?');
    await replyDone(page, 4);
    const body = replies().at(-1)?.body as unknown as ChatBody;
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(body.messages[2]?.content).toBe('Old Brann: "Shut that door before the wind takes it."');
    expect(body.messages[3]?.content).toContain('Tom: "Is it always this windy?"');
    expect(body.messages[4]?.content).toBe('Old Brann: "Aye, lad."');
    expect(JSON.stringify(body)).not.toContain('spits');

    // Switch raw completion on; the choice is kept, so the reconnect after a reload uses it too.
    const chatUrl = page.url();
    await page.getByTestId('engine-link').click();
    await page.getByLabel(/accepts raw prompts/).check();
    const modelsAsked = () => env.server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models').length;
    const asked = modelsAsked();
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(modelsAsked).toBeGreaterThan(asked);
    await page.getByTestId('endpoint-ready').waitFor();
    await page.goto(chatUrl);
    await page.reload();
    await page.getByTestId('engine-link').getByText('test-model').waitFor();
    await page.getByTestId('message').nth(4).waitFor();
    env.server.setScript({ tokens: ['Rough', ' night.', '"', ' He turns away.'] });
    await send(page, 'Any boats out tonight?');
    await replyDone(page, 6);
    const raw = replies().at(-1);
    expect(raw?.path).toBe('/v1/completions');
    const prompt = String(raw?.body?.prompt ?? '');
    expect(prompt.endsWith('Old Brann: "')).toBe(true);
    expect(prompt).toContain('Old Brann: "Shut that door before the wind takes it."');
    expect(prompt).not.toContain('""');
    expect((await messageTexts(page))[6]).toBe('Rough night.');
  });
});
