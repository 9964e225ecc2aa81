import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { connectEndpoint, createPersona, messageTexts, send, startChat, USER_NAME } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

function reply(text: string): string[] {
  return ['Maren: "', text, '"'];
}

function message(page: Page, index: number): Locator {
  return page.getByTestId('message').nth(index);
}

/** A chat with Maren: the greeting, the user's line, and a reply regenerated once (the second one shown). */
async function chatWithSwipes(page: Page): Promise<void> {
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Maren', description: 'Keeps the harbour inn.', greeting: 'Welcome to the inn.' });
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Maren');
  env.server.setScript({ tokens: reply('First answer.') });
  await send(page, 'A room, please.');
  await page.locator('[data-testid="message"][data-status="complete"]').nth(2).waitFor();
  env.server.setScript({ tokens: reply('Second answer.') });
  await message(page, 2).getByRole('button', { name: 'Regenerate' }).click();
  await page.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
}

/** Clicks a download button and returns the file's name and text. */
async function download(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await button.click();
  const file = await downloading;
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function exportChat(page: Page, format: string): Promise<{ name: string; text: string }> {
  const menu = page.getByTestId('chat-export');
  if (!(await menu.getAttribute('open').then((v) => v !== null))) await menu.locator('summary').click();
  return download(page, menu.getByRole('button', { name: format }));
}

async function pickChatFile(page: Page, name: string, text: string): Promise<void> {
  await page.goto(new URL('#/', page.url()).href);
  await page.getByLabel('Import chat').setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(text, 'utf8') });
}

function personaNames(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Persona list' }).getByRole('listitem').allInnerTexts();
}

describe('Chat files', () => {
  it('exports a chat with a regenerated reply as SillyTavern JSONL and imports it into a new persona with the same messages and swipes', async () => {
    const { page } = env.browser;
    await chatWithSwipes(page);

    const jsonl = await exportChat(page, 'SillyTavern chat (.jsonl)');
    expect(jsonl.name).toBe('Maren - Chat 1.jsonl');
    const [header, ...lines] = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(header).toMatchObject({ user_name: USER_NAME, character_name: 'Maren', chat_metadata: { egos: { title: 'Chat 1' } } });
    expect(lines.map((l) => [l.name, l.is_user, l.mes])).toEqual([
      ['Maren', false, 'Welcome to the inn.'],
      [USER_NAME, true, 'A room, please.'],
      ['Maren', false, 'Second answer.'],
    ]);
    expect(lines[2]).toMatchObject({ swipes: ['First answer.', 'Second answer.'], swipe_id: 1 });

    await pickChatFile(page, jsonl.name, jsonl.text);
    const panel = page.getByTestId('chat-import');
    await panel.getByText('Maren - Chat 1.jsonl: a chat with Maren, 3 messages, ready to import.').waitFor();
    await panel.getByTestId('chat-import-target').selectOption({ label: 'A new persona named Maren' });
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await panel.getByTestId('chat-import-done').filter({ hasText: 'Imported 3 messages into "Chat 1".' }).waitFor();
    expect(await personaNames(page)).toHaveLength(2);
    await panel.getByRole('link', { name: 'Open the chat' }).click();

    await page.getByTestId('variant-position').filter({ hasText: '2 / 2' }).waitFor();
    expect(await messageTexts(page)).toEqual(['Welcome to the inn.', 'A room, please.', 'Second answer.']);
    await message(page, 2).getByRole('button', { name: 'Previous reply' }).click();
    await page.getByTestId('variant-position').filter({ hasText: '1 / 2' }).waitFor();
    expect((await messageTexts(page))[2]).toBe('First answer.');
  });

  it('downloads the chat as Markdown and as plain text, with the speakers in order', async () => {
    const { page } = env.browser;
    await chatWithSwipes(page);
    const md = await exportChat(page, 'Markdown (.md)');
    expect(md.name).toBe('Maren - Chat 1.md');
    expect(md.text).toMatch(
      /^# Chat 1\n\n\*\*Maren\*\* · .+\n\nWelcome to the inn\.\n\n\*\*Tom\*\* · .+\n\nA room, please\.\n\n\*\*Maren\*\* · .+ · 2\/2\n\nSecond answer\.\n$/,
    );
    const txt = await exportChat(page, 'Plain text (.txt)');
    expect(txt.name).toBe('Maren - Chat 1.txt');
    expect(txt.text).toBe('Chat 1\n======\n\nMaren: Welcome to the inn.\n\nTom: A room, please.\n\nMaren: Second answer.\n');
  });

  it('refuses a malformed JSONL with its line number and adds nothing', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Maren', description: 'Keeps the harbour inn.', greeting: 'Welcome to the inn.' });
    const file = [
      JSON.stringify({ user_name: 'Tom', character_name: 'Maren', create_date: '2024-5-1 @12h 00m 00s 000ms', chat_metadata: {} }),
      JSON.stringify({ name: 'Maren', is_user: false, send_date: '2024-05-01T12:00:00.000Z', mes: 'Hello.' }),
      '{"name": "Tom", "is_user": true, "mes": "cut off',
    ].join('\n');
    await pickChatFile(page, 'broken.jsonl', file);
    const error = page.getByTestId('chat-import-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/^Line 3 of broken\.jsonl is not JSON \(.+\)\. Nothing was imported\.$/);
    expect(await personaNames(page)).toHaveLength(1);
    await page.getByRole('link', { name: /Maren/ }).click();
    await page.getByText('No chats yet.').waitFor();
    expect(await page.getByRole('list', { name: 'Chats' }).getByRole('listitem').count()).toBe(0);
  });

  it('exports training data from a chat: every line parses as a chat example ending with the reply in quote form', async () => {
    const { page } = env.browser;
    await chatWithSwipes(page);
    await page.getByTestId('data-link').click();
    await page.getByRole('heading', { name: 'Training data' }).waitFor();
    await page.getByLabel('All chats of Maren').check();
    const file = await download(page, page.getByTestId('training-download'));
    expect(file.name).toBe('egos-training-train.jsonl');
    const examples = file.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    expect(examples).toHaveLength(1);
    for (const { messages } of examples) {
      expect(messages[0]?.role).toBe('system');
      expect(messages.slice(1).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
      for (const m of messages) expect(m.content.trim()).not.toBe('');
    }
    expect(examples[0]?.messages.at(-1)?.content).toBe('Maren: "Second answer."');
    expect(examples[0]?.messages.at(-2)?.content).toBe('Tom: "A room, please."');
    await page
      .getByTestId('training-result')
      .filter({ hasText: '1 training and 0 validation examples from 1 chats; 1 replies left out by the options.' })
      .waitFor();
  });

  it('a reply rated Bad is left out of training data; its other alternative stays', async () => {
    const { page } = env.browser;
    await chatWithSwipes(page);
    const bad = message(page, 2).getByRole('button', { name: '👎 Bad' });
    await bad.click();
    await expect.poll(() => bad.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('data-link').click();
    await page.getByRole('heading', { name: 'Training data' }).waitFor();
    await page.getByLabel('All chats of Maren').check();
    await page.getByLabel('Only the chosen reply (otherwise one example per alternative)').uncheck();
    const file = await download(page, page.getByTestId('training-download'));
    const targets = file.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages.at(-1)?.content);
    expect(targets).toEqual(['Maren: "First answer."']);
    await page.getByTestId('training-result').filter({ hasText: '1 replies left out by the options.' }).waitFor();
  });
});
