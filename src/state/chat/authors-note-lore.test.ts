import { describe, expect, it } from 'vitest';
import { createMemoryRepository, type MemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { StorageError } from '../../core/errors/index.ts';
import { english, msg } from '../../core/i18n/message.ts';
import type { MessageId, PersonaId } from '../../core/ids.ts';
import type { CompletionRequest } from '../../core/llm-engine.ts';
import { createWorldBook, newLoreEntry, type BookId } from '../../core/lore/world-book.ts';
import type { Message } from '../../core/message.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import { Settings } from '../app/settings.ts';
import { ChatController } from './chat-controller.ts';
import { chatLore } from './chat-lore.ts';
import { chatTestParts, chatTestServices } from './chat-services.test-support.ts';

const base = createPersona(
  { name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.', user: { name: 'Tom', description: '' } },
  'p1' as PersonaId,
  1,
);

async function setUp(persona: Persona = base, repo: MemoryRepository = createMemoryRepository()) {
  const services = chatTestServices(repo);
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const open = async (on: Chat) => {
    const controller = new ChatController(services, on, persona, chatTestParts(services, on, persona), () => {});
    await controller.load();
    return controller;
  };
  return { repo, chat, services, open, controller: await open(chat) };
}

/** The raw prompt the engine was sent (a raw-completion server: insertions go where their depth says). */
const promptOf = (request: CompletionRequest | undefined): string => (request?.input.kind === 'prompt' ? request.input.prompt : '');

describe("the chat's author's note", () => {
  it('saves with an explicit outcome and goes into the next prompt, names replaced, and into the reply’s why', async () => {
    const { repo, chat, controller } = await setUp();
    expect(await controller.setAuthorsNote({ text: '  {{char}} is tired of {{user}}.  ', depth: 0, every: 1 })).toEqual({ kind: 'done' });
    expect((await repo.chats.get(chat.id))?.authorsNote).toEqual({ text: '{{char}} is tired of {{user}}.', depth: 0, every: 1 });
    expect(controller.chat.authorsNote?.depth).toBe(0);
    const engine = new ScriptedEngine(['Hi."']);
    await controller.send('Hello.', engine);
    expect(promptOf(engine.requests[0])).toContain('Tom: "Hello."\n\n[Notes for Ada, not said aloud]\n- Ada is tired of Tom.\n\n');
    expect(controller.lastPrompt?.plan.tokens.authorsNote).toBeGreaterThan(0);
    const reply = (await repo.messages.listByChat(chat.id)).at(-1);
    expect(reply?.why).toContainEqual(expect.objectContaining({ slot: 'authors-note', text: 'Ada is tired of Tom.', note: { depth: 0 } }));
  });

  it('refuses a note out of bounds with the reason, storing nothing', async () => {
    const { repo, chat, controller } = await setUp();
    const outcome = await controller.setAuthorsNote({ text: 'x', depth: 101, every: 1 });
    expect(outcome.kind === 'refused' && english(outcome.reason)).toMatch(/depth must be a whole number from 0 to 100/);
    const often = await controller.setAuthorsNote({ text: 'x', depth: 1, every: 0 });
    expect(often.kind).toBe('refused');
    expect((await repo.chats.get(chat.id))?.authorsNote).toBeUndefined();
    expect(controller.chat.authorsNote).toBeUndefined();
  });

  it('clearing gives the persona’s default back; an empty note turns it off in this chat', async () => {
    const persona = createPersona({ ...base, authorsNote: { text: 'Default note.', depth: 0, every: 1 } }, base.id, 1);
    const { repo, chat, controller } = await setUp(persona);
    const engine = new ScriptedEngine(['One."', 'Two."', 'Three."']);
    await controller.setAuthorsNote({ text: '', depth: 0, every: 1 });
    await controller.send('A.', engine);
    expect(promptOf(engine.requests[0])).not.toContain('Default note.');
    expect(await controller.setAuthorsNote(null)).toEqual({ kind: 'done' });
    expect((await repo.chats.get(chat.id))?.authorsNote).toBeUndefined();
    await controller.send('B.', engine);
    expect(promptOf(engine.requests[1])).toContain('- Default note.');
  });

  it('a failed save says why and leaves the chat as it was', async () => {
    const { repo, controller } = await setUp();
    repo.failWritesWith = new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveMessage') }));
    expect(await controller.setAuthorsNote({ text: 'x', depth: 1, every: 1 })).toMatchObject({ kind: 'failed' });
    expect(controller.chat.authorsNote).toBeUndefined();
  });
});

describe('lore of an open chat', () => {
  it('fires the persona’s lore and the books attached globally, to the persona and to the chat, each once, naming the book', async () => {
    const repo = createMemoryRepository();
    const book = (id: string, name: string, content: string) =>
      createWorldBook({ name, entries: [newLoreEntry(`${id}-e`, { keys: ['tower'], content })] }, id as BookId, 1);
    await repo.books.put(book('g', 'Global', 'Global lore.'));
    await repo.books.put(book('p', 'Personal', 'Persona lore.'));
    await repo.books.put(book('c', 'Chatty', 'Chat lore.'));
    await new Settings(repo.settings).set('books', { global: ['g' as BookId, 'c' as BookId] });
    const persona = createPersona(
      { ...base, lore: [newLoreEntry('own', { keys: ['tower'], content: 'Card lore.' })], bookIds: ['p' as BookId, 'missing' as BookId] },
      base.id,
      1,
    );
    const { chat, open } = await setUp(persona, repo);
    const withBook = { ...chat, bookIds: ['c' as BookId] };
    await repo.chats.put(withBook);
    const controller = await open(withBook);
    const engine = new ScriptedEngine(['Old."']);
    await controller.send('Tell me about the tower.', engine);
    const system = promptOf(engine.requests[0]).split('<|im_end|>')[0] ?? '';
    expect(system).toContain('## World\nCard lore.\nGlobal lore.\nChat lore.\nPersona lore.');
    const why = (await repo.messages.listByChat(chat.id)).at(-1)?.why ?? [];
    expect(why.filter((w) => w.slot === 'lore').map((w) => w.lore?.book ?? 'card')).toEqual(['card', 'Global', 'Chatty', 'Personal']);
  });

  it('with insertions riding on the newest line, does not repeat an entry an earlier line still in the prompt carries', async () => {
    const persona = createPersona({ ...base, lore: [newLoreEntry('t', { keys: ['tower'], content: 'The tower is old.', position: 'at-depth' })] }, base.id, 1);
    const { chat, services } = await setUp(persona);
    const at = (seq: number, role: Message['role'], text: string, raw?: string): Message => ({
      id: `m${seq}` as MessageId,
      chatId: chat.id,
      seq,
      role,
      text,
      ...(raw ? { raw } : {}),
      status: 'complete',
      createdAt: seq,
      updatedAt: seq,
    });
    const history = [
      at(1, 'user', 'The tower?', '[Notes for Ada, not said aloud]\n- World: The tower is old.\n\nTom: "The tower?"'),
      at(2, 'assistant', 'Yes.'),
      at(3, 'user', 'The tower again?'),
    ];
    const turn = { insertAt: 'newest' as const, contextWindow: 4096, summaries: [] };
    const sent = await chatLore(services, persona, chat, history, turn);
    expect(sent.leftOut.map((l) => l.why)).toEqual(['already-sent']);
    // Once a scene summary stands for that line, it is no longer sent: the entry comes again.
    const summary = {
      id: 's' as never,
      personaId: persona.id,
      chatId: chat.id,
      kind: 'summary' as const,
      text: 'They talked.',
      importance: 5,
      pinned: false,
      createdAt: 1,
      updatedAt: 1,
      lastAccessedAt: 1,
      accessCount: 0,
      range: { fromSeq: 1, toSeq: 2 },
      level: 1,
    };
    expect((await chatLore(services, persona, chat, history, { ...turn, summaries: [summary] })).placed.map((p) => p.entry.id)).toEqual(['t']);
    // Where insertions go by depth (a server), nothing is stored with the line: never left out.
    expect((await chatLore(services, persona, chat, history, { ...turn, insertAt: 'depth' })).placed).toHaveLength(1);
    // Regenerating: the line being answered carries this turn's lore from the first try; it still comes.
    const again = [
      ...history.slice(0, 2),
      at(3, 'user', 'The tower again?', '[Notes for Ada, not said aloud]\n- World: The tower is old.\n\nTom: "The tower again?"'),
    ];
    expect((await chatLore(services, persona, chat, again, { ...turn, summaries: [summary] })).placed).toHaveLength(1);
  });

  it('draws the same for a regenerated reply to the same line, afresh for the next line', async () => {
    const repo = createMemoryRepository();
    const entries = Array.from({ length: 12 }, (_, i) => newLoreEntry(`e${i}`, { keys: ['tower'], content: `Lore ${i}.`, probability: 50 }));
    const persona = createPersona({ ...base, lore: entries }, base.id, 1);
    const { chat, services } = await setUp(persona, repo);
    const line = (seq: number): Message => ({
      id: `m${seq}` as MessageId,
      chatId: chat.id,
      seq,
      role: 'user',
      text: 'The tower?',
      status: 'complete',
      createdAt: seq,
      updatedAt: seq,
    });
    const fired = async (history: Message[]) =>
      (await chatLore(services, persona, chat, history, { insertAt: 'depth', contextWindow: 4096, summaries: [] })).placed.map((p) => p.entry.id).join();
    const first = await fired([line(1)]);
    expect(await fired([line(1)])).toBe(first);
    const later = await Promise.all([3, 5, 7, 9].map((seq) => fired([line(seq)])));
    expect(later.some((ids) => ids !== first)).toBe(true);
  });
});
