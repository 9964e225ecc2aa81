/**
 * Group chats end to end: three real-shaped character cards imported through the UI (a prose
 * scene card, a spoken-line card, an unquoted one) in one chat, on the endpoint engine (the
 * OpenAI-protocol fixture server, whose recorded requests show who was asked to speak) and on
 * the CPU engine (the tiny GGUF: its words are nonsense, so only speakers and storage are checked).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { collectPageErrors, launchBrowser } from '../support/browser.ts';
import { startGgufServer } from '../support/tiny-gguf/gguf-server.ts';
import { buildTinyStoryModel } from '../support/tiny-gguf/story-model.ts';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, send } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** The cards, in the order they join: the host (a prose scene card), then a spoken-line card, then an unquoted one. */
const CARDS = [
  { file: 'lighthouse-prose.v2.json', name: 'Maren' },
  { file: 'harbour-master.v3.json', name: 'Old Brann' },
  { file: 'amy-unquoted.v2.json', name: 'Amy' },
] as const;
const NAMES = CARDS.map((c) => c.name);

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
}

/**
 * Imports the three cards through "Import card" (each review saved as it is, or switched to
 * spoken lines for the characters named), the host last: the persona list shows the newest
 * first, and a group chat's members follow that list.
 */
async function importCards(page: Page, spokenLines: readonly string[] = []): Promise<void> {
  for (const card of [...CARDS].reverse()) {
    const bytes = await readFile(join(import.meta.dirname, '../fixtures/cards', card.file));
    await toPersonas(page);
    await page.getByLabel('Import card').setInputFiles({ name: card.file, mimeType: 'application/json', buffer: bytes });
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    if (spokenLines.includes(card.name)) await page.getByRole('radio', { name: 'Spoken line', exact: true }).check();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { level: 1, name: card.name }).waitFor();
  }
}

/** Back to the persona list inside the app (a reload would unload the CPU engine's model). */
async function toPersonas(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'EGOS' }).click();
  await page.getByRole('heading', { name: 'Personas' }).waitFor();
}

/** On Maren's page: "New group chat" with the two others, the user's name when asked, and the chat opened at the greeting. */
async function startGroup(page: Page): Promise<void> {
  await toPersonas(page);
  await page.getByRole('link', { name: /Maren/ }).first().click();
  await page.getByRole('button', { name: 'New group chat' }).click();
  const form = page.getByTestId('new-group');
  // Nobody picked: the reason is shown and nothing starts.
  await form.getByRole('button', { name: 'Start group chat' }).click();
  await form.getByTestId('new-group-problem').getByText('Pick at least two characters').waitFor();
  await form.getByLabel('Old Brann').check();
  await form.getByLabel('Amy').check();
  await form.getByRole('button', { name: 'Start group chat' }).click();
  await page.getByLabel('What should Maren call you?').fill('Tom');
  await page.getByRole('button', { name: 'Save and start the chat' }).click();
  await page.getByTestId('message').first().waitFor();
}

function message(page: Page, index: number): Locator {
  return page.getByTestId('message').nth(index);
}

/** Waits until the `n`-th message (0-based) is a finished reply and returns its speaker's name. */
async function speakerWhenDone(page: Page, n: number): Promise<string> {
  await message(page, n).and(page.locator('[data-status="complete"]')).waitFor();
  return message(page, n).getByTestId('message-speaker').innerText();
}

async function speakers(page: Page): Promise<string[]> {
  return page.getByTestId('message').getByTestId('message-speaker').allInnerTexts();
}

function member(page: Page, name: string): Locator {
  return page.getByRole('group', { name, exact: true });
}

async function memberNames(page: Page): Promise<string[]> {
  return page.getByTestId('group-member').locator('.name').allInnerTexts();
}

/** Requests for characters' replies (background work such as memory asks for JSON). */
function replies(): RecordedRequest[] {
  return env.server.completions().filter((r) => !(r.body && 'response_format' in r.body));
}

function lastReplyBody(): ChatBody {
  return replies().at(-1)?.body as unknown as ChatBody;
}

/**
 * The fixture server answers as the character the prompt's cue names (`[Name's turn]` ends the
 * newest message): `Name: "Name speaks (n)."`; background work gets empty JSON.
 */
function answerAsCued(): void {
  let count = 0;
  env.server.setScript((request) => {
    if (request.body && 'response_format' in request.body) return { tokens: ['{"facts":[]}'] };
    const body = request.body as unknown as ChatBody | undefined;
    if (!body?.messages) return {};
    const name = /\[([^\]]+)'s turn\]\s*$/.exec(body.messages.at(-1)?.content ?? '')?.[1] ?? 'Nobody';
    count += 1;
    return { tokens: [`${name}: "`, `${name} speaks`, ` (${count}).`, '"'] };
  });
}

/** The stored chat and its messages (read from IndexedDB): members, turn order, and each message's speaker. */
async function stored(page: Page, chatId: string) {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('egos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T>(run: (tx: IDBTransaction) => IDBRequest) =>
      new Promise<T>((resolve, reject) => {
        const request = run(db.transaction(['chats', 'messages']));
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const chat = await read<{ members?: Array<{ personaId: string; muted?: boolean }>; turnOrder?: string }>((tx) => tx.objectStore('chats').get(id));
    const all = await read<Array<{ chatId: string; seq: number; role: string; speakerId?: string; text: string; status: string }>>((tx) =>
      tx.objectStore('messages').getAll(),
    );
    db.close();
    return { chat, messages: all.filter((m) => m.chatId === id).sort((a, b) => a.seq - b.seq) };
  }, chatId);
}

const axeSource = readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe-core findings (WCAG 2 A/AA) on the page at desktop and at a 360 px
 * phone width, and whether the page scrolls sideways on the phone.
 */
async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const problems: string[] = [];
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const found = await page.evaluate(async () => {
      type AxeResult = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> };
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
      const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    problems.push(...found.map((f) => `${width}px ${f}`));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) problems.push(`${width}px: the page is ${wide}px wide`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return problems;
}

function chatIdOf(page: Page): string {
  return decodeURIComponent(/\/chat\/([^/?#]+)/.exec(page.url())?.[1] ?? '');
}

describe('group chats on the endpoint engine', () => {
  it('answers the character a line names, Speak, mute, "let me pick", remove and add, swipe keeps the speaker, branch keeps the members', async () => {
    const { page } = env.browser;
    const errors = collectPageErrors(page);
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await importCards(page);
    await startGroup(page);
    answerAsCued();

    expect(await memberNames(page)).toEqual(NAMES);
    expect(await page.getByTestId('chat-reply-form').count(), 'each character keeps its own reply form').toBe(0);
    expect(await speakers(page)).toEqual(['Maren']);
    expect(await message(page, 0).locator('.text').innerText()).toContain('Sit by the stove, Tom.');

    // A line naming the second member is answered by it; the request ends with its cue.
    await send(page, 'Old Brann, is the harbour safe tonight?');
    expect(await speakerWhenDone(page, 2)).toBe('Old Brann');
    expect(await message(page, 2).locator('.text').innerText()).toBe('Old Brann speaks (1).');
    const asked = lastReplyBody();
    expect(asked.messages.at(-1)?.content).toMatch(/Tom: Old Brann, is the harbour safe tonight\?[\s\S]*\[Old Brann's turn\]$/);
    expect(asked.messages[0]?.content).toContain('The characters: Maren, Old Brann, Amy');

    // Speak on the third: it answers after the second, with its own cue after Brann's turn.
    await member(page, 'Amy').getByRole('button', { name: 'Speak' }).click();
    expect(await speakerWhenDone(page, 3)).toBe('Amy');
    const spoken = lastReplyBody().messages;
    expect(spoken.at(-2)?.content).toBe('Old Brann: "Old Brann speaks (1)."');
    expect(spoken.at(-1)?.content).toMatch(/\[Amy's turn\]$/);

    // "Let me pick": a line naming nobody waits for Speak.
    const before = replies().length;
    await page.getByLabel('Who answers').selectOption('pick');
    await page.getByText('else it waits for Speak').waitFor();
    await send(page, 'Any news from the town?');
    await page.getByTestId('group-pick').waitFor();
    expect(await page.getByTestId('message').count()).toBe(5);
    expect(replies()).toHaveLength(before);
    await member(page, 'Maren').getByRole('button', { name: 'Speak' }).click();
    expect(await speakerWhenDone(page, 5)).toBe('Maren');
    expect(lastReplyBody().messages.at(-1)?.content).toMatch(/Tom: Any news from the town\?[\s\S]*\[Maren's turn\]$/);

    // Mute: list order after Maren would be Brann; muted, he is skipped. Muting everyone is refused.
    await page.getByLabel('Who answers').selectOption('list');
    const mute = (name: string) => member(page, name).getByRole('button', { name: 'Mute' });
    await mute('Old Brann').click();
    await expect.poll(() => mute('Old Brann').getAttribute('aria-pressed')).toBe('true');
    await send(page, 'What shall we cook?');
    expect(await speakerWhenDone(page, 7)).toBe('Amy');
    await mute('Amy').click();
    await expect.poll(() => mute('Amy').getAttribute('aria-pressed')).toBe('true');
    await mute('Maren').click();
    await page.getByTestId('group-problem').getByText('At least one character must stay unmuted').waitFor();
    expect(await mute('Maren').getAttribute('aria-pressed')).toBe('false');
    const chatId = chatIdOf(page);
    await expect.poll(async () => (await stored(page, chatId)).chat.members?.map((m) => Boolean(m.muted))).toEqual([false, true, true]);
    expect((await stored(page, chatId)).chat.turnOrder).toBe('list');

    // Swipe: another reply to the newest line, by the same speaker.
    await message(page, 7).getByRole('button', { name: 'Regenerate' }).click();
    await page.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
    expect(await speakerWhenDone(page, 7)).toBe('Amy');
    expect(await message(page, 7).locator('.text').innerText()).toContain('Amy speaks');
    expect(lastReplyBody().messages.at(-1)?.content).toMatch(/\[Amy's turn\]$/);

    // Remove a member (after a confirmation): its lines stay, under its name; add it back.
    await member(page, 'Old Brann').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => memberNames(page)).toEqual(['Maren', 'Amy']);
    expect(await message(page, 2).getByTestId('message-speaker').innerText()).toBe('Old Brann');
    expect(await message(page, 2).locator('.text').innerText()).toBe('Old Brann speaks (1).');
    await page.getByLabel('Add character').selectOption({ label: 'Old Brann' });
    await expect.poll(() => memberNames(page)).toEqual(['Maren', 'Amy', 'Old Brann']);
    expect((await stored(page, chatId)).messages.map((m) => m.speakerId !== undefined)).toEqual([true, false, true, true, false, true, false, true]);

    // The persona page lists the chat with its members, on every member's page.
    await page.getByRole('link', { name: 'Maren', exact: true }).click();
    await page.getByTestId('chat-members').getByText('with Amy, Old Brann').waitFor();
    await toPersonas(page);
    await page.getByRole('link', { name: /Amy/ }).first().click();
    await page.getByTestId('chat-members').getByText('with Maren, Old Brann').waitFor();
    await page.getByRole('list', { name: 'Chats' }).getByRole('link').first().click();
    await page.getByTestId('group-bar').waitFor();

    // Branch at Brann's line: a new group chat with the same members and speakers.
    await message(page, 2).getByRole('button', { name: 'Branch' }).click();
    await expect.poll(() => chatIdOf(page)).not.toBe(chatId);
    await page.getByTestId('group-bar').waitFor();
    expect(await memberNames(page)).toEqual(['Maren', 'Amy', 'Old Brann']);
    await expect.poll(() => speakers(page)).toEqual(['Maren', 'Tom', 'Old Brann']);
    const branch = await stored(page, chatIdOf(page));
    expect(branch.chat.members?.map((m) => Boolean(m.muted))).toEqual([false, true, false]);
    expect(await accessibilityProblems(page), 'the group chat page').toEqual([]);
    await page.getByRole('link', { name: 'Maren', exact: true }).click();
    await page.getByRole('button', { name: 'New group chat' }).click();
    await page.getByTestId('new-group').waitFor();
    expect(await accessibilityProblems(page), 'the persona page with its group chats and the new group chat form').toEqual([]);
    expect(errors.errors).toEqual([]);
  }, 120_000);

  it('a backup restored into a fresh browser brings the group chat back with its speakers', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await importCards(page);
    await startGroup(page);
    answerAsCued();
    await send(page, 'Amy, can you hear the foghorn?');
    expect(await speakerWhenDone(page, 2)).toBe('Amy');
    // By keyboard.
    await member(page, 'Old Brann').getByRole('button', { name: 'Speak' }).focus();
    await page.keyboard.press('Enter');
    expect(await speakerWhenDone(page, 3)).toBe('Old Brann');
    await page.getByLabel('Who answers').selectOption('random');
    const chatUrl = new URL(page.url()).hash;
    const chatId = chatIdOf(page);
    await expect.poll(async () => (await stored(page, chatId)).chat.turnOrder).toBe('random');

    await page.getByTestId('data-link').click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download backup' }).click();
    const text = await readFile(await (await downloading).path(), 'utf8');

    const fresh = await launchBrowser();
    try {
      await fresh.page.goto(baseUrl);
      await fresh.page.getByTestId('data-link').click();
      await fresh.page.getByLabel('Restore from file').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
      await fresh.page
        .getByTestId('restore-result')
        .getByText(/^Restored 3 personas.* 1 chat, 4 messages/)
        .waitFor();
      await fresh.page.goto(new URL(chatUrl, baseUrl).href);
      await fresh.page.getByTestId('group-bar').waitFor();
      expect(await memberNames(fresh.page)).toEqual(NAMES);
      await expect.poll(() => speakers(fresh.page)).toEqual(['Maren', 'Tom', 'Amy', 'Old Brann']);
      expect(await fresh.page.getByLabel('Who answers').inputValue()).toBe('random');
      expect(await message(fresh.page, 3).locator('.text').innerText()).toBe('Old Brann speaks (2).');
    } finally {
      await fresh.close();
    }
  }, 90_000);
});

describe('group chats on the CPU engine', () => {
  it('the tiny GGUF answers as two different members, and both replies are stored with their speakers', async () => {
    const gguf = await startGgufServer({ 'tiny-story.gguf': buildTinyStoryModel().bytes });
    try {
      const { page } = env.browser;
      const errors = collectPageErrors(page);
      await page.goto(baseUrl);
      await page.getByTestId('engine-link').click();
      await page.getByLabel('GGUF address').fill(`${gguf.origin}/models/tiny-story.gguf`);
      await page.getByRole('button', { name: 'Load from address' }).click();
      await page.getByTestId('cpu-loaded').waitFor({ timeout: 20_000 });
      // The tiny model speaks only after an opening quote: both speakers reply in spoken lines.
      await importCards(page, ['Amy']);
      await startGroup(page);

      await send(page, 'Old Brann, any boats out tonight?');
      await message(page, 2).and(page.locator('[data-status="complete"], [data-status="interrupted"]')).waitFor({ timeout: 20_000 });
      await member(page, 'Amy').getByRole('button', { name: 'Speak' }).click();
      await message(page, 3).and(page.locator('[data-status="complete"], [data-status="interrupted"]')).waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Speak' }).first().and(page.locator(':enabled')).waitFor();
      expect(await speakers(page)).toEqual(['Maren', 'Tom', 'Old Brann', 'Amy']);

      const { messages } = await stored(page, chatIdOf(page));
      const personaIds = await page.getByTestId('group-member').evaluateAll((els) => els.map((e) => e.getAttribute('data-persona-id')));
      expect(messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'assistant']);
      expect(messages.slice(2).map((m) => m.speakerId)).toEqual([personaIds[1], personaIds[2]]);
      for (const reply of messages.slice(2)) expect(['complete', 'interrupted']).toContain(reply.status);
      for (const reply of messages.slice(2)) expect(reply.text).not.toBe('');
      expect(errors.errors).toEqual([]);
    } finally {
      await gguf.close();
    }
  }, 90_000);
});
