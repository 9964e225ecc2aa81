/**
 * World info and the author's note end to end, against the OpenAI-protocol fixture server (a
 * server reads the whole prompt on every call, so each insertion goes exactly where its depth
 * says): a SillyTavern World Info file imported on the Books screen and attached to a persona,
 * with an entry at depth 2 and one reached only by recursion; an author's note saved in the chat.
 * What the server received, what the Why panel and the context meter say.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, newChat, send } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** A SillyTavern World Info file: an entry at depth 2 (position 4) on "tower", whose text names the Guild; the Guild's entry goes after the character. */
const SALT_COAST = JSON.stringify({
  entries: {
    '0': {
      uid: 0,
      key: ['tower'],
      keysecondary: [],
      comment: 'The Salt Tower',
      content: "The Salt Tower was raised by the Lamplighters' Guild in 1887; {{char}} keeps its key.",
      constant: false,
      selective: false,
      order: 10,
      position: 4,
      depth: 2,
      disable: false,
      probability: 100,
      useProbability: true,
    },
    '1': {
      uid: 1,
      key: ['Guild'],
      keysecondary: [],
      comment: 'The Guild',
      content: 'The Guild meets in the harbour hall at every full moon.',
      constant: false,
      selective: false,
      order: 20,
      position: 1,
      depth: 4,
      disable: false,
      probability: 100,
      useProbability: true,
    },
  },
});

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
}

/** Requests for the character's replies (background work asks for JSON). */
function replies(): RecordedRequest[] {
  return env.server.completions().filter((r) => !(r.body && 'response_format' in r.body));
}

async function replyDone(page: Page, n: number): Promise<void> {
  await page.getByTestId('message').nth(n).and(page.locator('[data-status="complete"]')).waitFor();
}

describe("world info and the author's note", () => {
  it('an attached book fires at its depth and by recursion, the note goes in at its depth, and the Why panel names them', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');

    await page.getByTestId('books-link').click();
    await page.getByLabel('Import book').setInputFiles({ name: 'salt-coast.world.json', mimeType: 'application/json', buffer: Buffer.from(SALT_COAST) });
    await page.getByTestId('book-imported').waitFor();

    await page.goto(baseUrl);
    await createPersona(page, { name: 'Maren', description: 'Keeper of the harbour light.', greeting: '*She looks up.* "You came."' });
    await page.getByTestId('persona-books').getByRole('checkbox', { name: 'salt-coast' }).check();
    await newChat(page);

    const note = page.getByTestId('authors-note');
    await note.getByTestId('authors-note-summary').click();
    await note.getByLabel('Note', { exact: true }).fill('{{char}} is wary of {{user}} tonight.');
    await note.getByLabel('Depth', { exact: true }).fill('3');
    await note.getByLabel('Every … turns').fill('1');
    await note.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => note.getByTestId('authors-note-status').innerText()).toBe('Saved. It applies from the next reply on.');
    expect(await note.getByTestId('authors-note-summary').innerText()).toBe("Author's note · depth 3 · every 1 turns");

    await send(page, 'Good evening.');
    await replyDone(page, 2);
    await send(page, 'Tell me about the old tower.');
    await replyDone(page, 4);

    const body = replies().at(-1)?.body as unknown as ChatBody;
    const messages = body.messages;
    // system, opener, greeting, "Good evening." (+ notes), reply, the new line
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);
    // Recursion: "Guild" occurs only in the tower entry's text; its entry goes after the character.
    expect(messages[0]?.content).toContain('## World\nThe Guild meets in the harbour hall at every full moon.');
    const [, , , earlier, reply, newest] = messages;
    // Depth 3: before "Good evening." (three messages from the newest); depth 2: after it, before the reply.
    expect(earlier?.content).toBe(
      '[Notes for Maren, not said aloud]\n- Maren is wary of Tom tonight.\n\nTom: "Good evening."\n\n' +
        "[Notes for Maren, not said aloud]\n- World: The Salt Tower was raised by the Lamplighters' Guild in 1887; Maren keeps its key.",
    );
    expect(reply?.role).toBe('assistant');
    expect(newest?.content).toBe('Tom: "Tell me about the old tower."');

    const why = page.getByTestId('message').nth(4).getByTestId('why');
    await why.locator('summary').click();
    const lines = await why.getByTestId('why-lore').allInnerTexts();
    expect(lines).toEqual([
      'The Salt Tower · from the book “salt-coast” · key “tower” · at depth 2',
      'The Guild · from the book “salt-coast” · key “Guild” in the entry “The Salt Tower” (recursion) · after the character',
    ]);
    expect(await why.getByTestId('why-note').innerText()).toBe('at depth 3');
    await why.getByText('Maren is wary of Tom tonight.').waitFor();

    const meter = page.getByTestId('context-meter');
    await meter.locator('summary').click();
    expect(await meter.getByTestId('context-part-lore').innerText()).toMatch(/^Lore: [1-9]\d* tokens$/);
    expect(await meter.getByTestId('context-part-authorsNote').innerText()).toMatch(/^Author's note: [1-9]\d* tokens$/);

    // Cleared, the note is gone from the next prompt; the lore stays.
    await note.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => note.getByTestId('authors-note-status').innerText()).toBe("Cleared. This chat has no author's note now.");
    await send(page, 'And the tower key?');
    await replyDone(page, 6);
    const after = (replies().at(-1)?.body as unknown as ChatBody).messages.map((m) => m.content).join('\n');
    expect(after).not.toContain('is wary of');
    expect(after).toContain('The Salt Tower was raised');
  });
});
