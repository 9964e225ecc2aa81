import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { english, type Message as Said } from '../../core/i18n/message.ts';
import { newId, type ChatId, type MessageId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createPersona, type LoreEntry } from '../../core/persona/index.ts';
import { KEPT_FROM_CHATS, PersonaMemory } from './persona-memory.svelte.ts';
import type { AppServices } from '../app/services.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Said | null): string | null => (message ? english(message) : null);

/** One turn's retrieval settings: a 4,096-token model, nothing in the prompt yet, line form, the card's examples left to retrieval. */
const TURN = { contextWindow: 4096, promptText: '', excludeIds: new Set<string>(), form: 'line' as const, examplesInPrompt: false };

const lore: LoreEntry = {
  id: 'l1',
  keys: ['Ockham'],
  secondaryKeys: [],
  selective: false,
  content: 'Ockham Park is the Lovelace family estate in Surrey.',
  enabled: true,
  constant: false,
  caseSensitive: false,
  insertionOrder: 0,
  extra: {},
};
const persona = createPersona({ name: 'Ada', lore: [lore] }, newId(), 1);
const chat: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 'c', createdAt: 1, updatedAt: 1 };

function services(repo = createMemoryRepository()): AppServices {
  return { repo, now: () => 1000, loadTokenCounter: async () => ({ id: 'words', count: (t: string) => t.split(/\s+/).length }) } as unknown as AppServices;
}

function msg(seq: number, role: 'user' | 'assistant', text: string): Message {
  return { id: newId<MessageId>(), chatId: chat.id, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq };
}

describe('PersonaMemory', () => {
  it('leaves lore to its own step: the notes hold memories only (core/lore places lore)', async () => {
    const memory = new PersonaMemory(services(), persona);
    await memory.load();
    const notes = await memory.notes(chat.id, [msg(0, 'user', 'Shall we ride out to Ockham tomorrow?')], TURN);
    expect(notes).toEqual([]);
    expect(memory.lastWhy).toEqual([]);
  });

  it('extracts facts every fourth user turn, stores them, and recalls them later', async () => {
    const repo = createMemoryRepository();
    const memory = new PersonaMemory(services(repo), persona);
    await memory.load();
    const turns = [msg(0, 'user', 'My sister Clara keeps bees.'), msg(1, 'assistant', 'How delightful.')];
    const facts = JSON.stringify({ facts: [{ about: 'user', text: 'The user has a sister named Clara who keeps bees.', importance: 7, source: 1 }] });
    const engine = new ScriptedEngine([facts]);
    for (let i = 0; i < 3; i++) {
      memory.countTurn();
      expect(memory.factsDue).toBe(false);
    }
    memory.countTurn();
    expect(memory.factsDue).toBe(true);
    await memory.extractFacts(engine, chat, turns);
    expect(memory.factsDue).toBe(false);
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.responseFormat?.type).toBe('json');
    const stored = await repo.memories.listByChat(chat.id);
    expect(stored.map((m) => m.text)).toEqual(['The user has a sister named Clara who keeps bees.']);
    expect(stored[0]?.sourceMessageId).toBe(turns[0]?.id);
    const notes = await memory.notes(chat.id, [msg(2, 'user', 'Do you remember what Clara keeps?')], TURN);
    expect(notes.join('\n')).toContain('sister named Clara');
  });

  it('splits notes into memories and example lines for the evaluation ablations', async () => {
    const speaker = createPersona(
      { name: 'Ada', lore: [lore], sampleDialogues: 'Ada: "Ockham in spring is pure poetry."\nAda: "Numbers weave like silk."' },
      newId(),
      1,
    );
    const memory = new PersonaMemory(services(), speaker);
    await memory.load();
    const split = await memory.splitNotes(chat.id, [msg(0, 'user', 'What is Ockham like in spring?')], TURN);
    expect(split.memories).toEqual(['World: Ockham Park is the Lovelace family estate in Surrey.']);
    expect(split.exemplars.join('\n')).toContain('Ada: "Ockham in spring is pure poetry."');
    expect(split.exemplars.join('\n')).not.toContain('Lovelace family estate');
  });

  it('reads kept replies from the most recently used chats only, so a large library does not hold up the first reply', async () => {
    const repo = createMemoryRepository();
    const ids: ChatId[] = [];
    for (let i = 0; i <= KEPT_FROM_CHATS; i++) {
      const old: Chat = { id: newId<ChatId>(), personaId: persona.id, title: `chat ${i}`, createdAt: i + 1, updatedAt: i + 1 };
      ids.push(old.id);
      await repo.chats.put(old);
      await repo.messages.bulkPut([
        { ...msg(0, 'user', 'How does the Engine weave?'), id: `u${i}` as MessageId, chatId: old.id },
        { ...msg(1, 'assistant', `The Engine weaves pattern ${i}.`), id: `a${i}` as MessageId, chatId: old.id, rating: 'up' },
      ]);
    }
    const read: ChatId[] = [];
    const listByChat = repo.messages.listByChat.bind(repo.messages);
    repo.messages.listByChat = (chatId) => (read.push(chatId), listByChat(chatId));
    const memory = new PersonaMemory(services(repo), persona);
    await memory.load();
    await memory.notes(chat.id, [msg(0, 'user', 'How does the Engine weave patterns?')], TURN);
    expect(read).toHaveLength(KEPT_FROM_CHATS);
    expect(read, 'the least recently used chat is not read').not.toContain(ids[0]);
    expect(new Set(read)).toEqual(new Set(ids.slice(1)));
    expect(memory.lastWhy.some((w) => w.origin === 'kept-reply')).toBe(true);
  });

  it('offers replies the user kept as example lines: those of other chats, and one of this chat as soon as it is rated', async () => {
    const repo = createMemoryRepository();
    const earlier: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 'earlier', createdAt: 1, updatedAt: 1 };
    await repo.chats.put(earlier);
    const kept = 'The Engine weaves algebraic patterns as the loom weaves flowers.';
    await repo.messages.bulkPut([
      { ...msg(0, 'user', 'Shall we compute Bernoulli numbers?'), chatId: earlier.id },
      { ...msg(1, 'assistant', kept), chatId: earlier.id, rating: 'up' },
      { ...msg(2, 'user', 'And the weather?'), chatId: earlier.id },
      { ...msg(3, 'assistant', 'The Engine weaves rain clouds too, I suppose.'), chatId: earlier.id },
    ]);
    const memory = new PersonaMemory(services(repo), persona);
    await memory.load();
    const first = [msg(0, 'user', 'Tell me how the Engine weaves numbers.')];
    expect(await memory.notes(chat.id, first, TURN)).toEqual([`How Ada talks: Ada: "${kept}"`]);
    expect(memory.lastWhy).toEqual([expect.objectContaining({ slot: 'exemplar', kind: 'kept-reply', origin: 'kept-reply', text: kept })]);

    // Earlier turns of this chat a summary stands for are not in the prompt: only the newest line is.
    const reply = msg(1, 'assistant', 'Poetical science is how I think of looms and numbers.');
    const ask = msg(2, 'user', 'What is poetical science?');
    const turn = { ...TURN, promptText: ask.text };
    const unrated = await memory.notes(chat.id, [...first, reply, ask], turn);
    expect(unrated.join('\n')).not.toContain('Poetical science is how');
    const rated = await memory.notes(chat.id, [...first, { ...reply, rating: 'up' }, ask], turn);
    expect(rated.join('\n')).toContain('Poetical science is how I think of looms and numbers.');
    expect(memory.lastWhy.map((w) => w.origin)).toEqual(['kept-reply', 'kept-reply']);

    // New source material refreshes the example lines: Ada's own line in it is offered next turn
    // (as an example line: the passage itself matches nothing this turn, so it is not recalled whole).
    expect(await memory.addSource({ text: '"The loom and the Engine are sisters of one mind," Ada said, and laughed.' })).toEqual({ added: 1 });
    const next = await memory.notes(chat.id, [msg(3, 'user', 'Tell me something new.')], TURN);
    expect(next).toContain('How Ada talks: Ada: "The loom and the Engine are sisters of one mind."');
    expect(memory.lastWhy.find((w) => w.origin === 'source')).toMatchObject({ slot: 'exemplar', kind: 'source-chunk' });
  });

  it('pins, edits and deletes memories, refusing an empty edit', async () => {
    const repo = createMemoryRepository();
    const at = 5;
    await repo.memories.put({
      id: newId(),
      personaId: persona.id,
      kind: 'fact',
      text: 'Ada likes tea.',
      importance: 5,
      pinned: false,
      createdAt: at,
      updatedAt: at,
      lastAccessedAt: at,
      accessCount: 0,
    });
    const memory = new PersonaMemory(services(repo), persona);
    await memory.load();
    const [m] = memory.list;
    if (!m) throw new Error('no memory');
    expect(await memory.setPinned(m, true)).toBeNull();
    expect((await repo.memories.listByPersona(persona.id))[0]?.pinned).toBe(true);
    expect(shown(await memory.edit(m, '   '))).toMatch(/cannot be empty/);
    expect(shown(await memory.edit(m, 'x'.repeat(2001)))).toBe('Keep a memory under 2000 characters.');
    expect(await memory.edit(memory.list[0]!, 'Ada likes strong tea.')).toBeNull();
    expect(memory.search('strong').map((x) => x.text)).toEqual(['Ada likes strong tea.']);
    expect(await memory.remove(memory.list[0]!)).toBeNull();
    expect(await repo.memories.listByPersona(persona.id)).toEqual([]);
  });
});
