import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../../core/chat.ts';
import { StorageError } from '../../core/errors/index.ts';
import { english, msg } from '../../core/i18n/message.ts';
import { newId, type ChatId } from '../../core/ids.ts';
import type { Persona } from '../../core/persona/index.ts';
import { Settings } from '../app/settings.ts';
import { PersonaStore } from '../persona/persona-store.svelte.ts';
import { BookLibrary } from './book-library.svelte.ts';

const ELDORIA = readFileSync(new URL('../../../test/fixtures/lore/eldoria.world.json', import.meta.url));

function file(name: string, content: Uint8Array | string) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

async function setup() {
  const repo = createMemoryRepository();
  let clock = 100;
  const services = { repo, now: () => clock++ };
  const personas = new PersonaStore(services);
  const changed: Persona[] = [];
  const library = new BookLibrary(services, personas, (p) => changed.push(p));
  await Promise.all([personas.load(), library.load()]);
  return { repo, personas, library, changed };
}

describe('BookLibrary', () => {
  it('imports a SillyTavern World Info file as a stored book and names it', async () => {
    const { repo, library } = await setup();
    const imported = await library.importFile(file('eldoria.world.json', ELDORIA));
    expect(imported).toMatchObject({ name: 'eldoria', entries: 11, warnings: [] });
    expect(library.imported).toEqual(imported);
    expect(library.error).toBeNull();
    expect(library.list.map((b) => b.name)).toEqual(['eldoria']);
    const stored = await repo.books.get(imported!.id);
    expect(stored?.entries).toHaveLength(11);
  });

  it('refuses a malformed or foreign file with the reason, and stores nothing', async () => {
    const { repo, library } = await setup();
    expect(await library.importFile(file('broken.json', '{"entries": {"0": {"key": 5}}}'))).toBeNull();
    expect(english(library.error!)).toBe(
      '"broken.json": The book\'s field "entries["0"].key" should be a list of text but is a number. The file is damaged or not a world book; nothing was imported.',
    );
    expect(await library.importFile(file('card.json', JSON.stringify({ spec: 'chara_card_v2', data: { name: 'X' } })))).toBeNull();
    expect(inChinese(library.error)).toMatch(/^“card\.json”：这个文件是角色卡，不是世界书/);
    expect(await repo.books.list()).toEqual([]);
    expect(library.list).toEqual([]);
    expect(library.imported).toBeNull();
  });

  it('creates, renames, saves and exports a book; the export imports back the same', async () => {
    const { repo, library } = await setup();
    const book = await library.create('  Harbour   notes ');
    expect(book?.name).toBe('Harbour notes');
    expect(await library.rename(book!.id, '海港')).toBe(true);
    expect((await repo.books.get(book!.id))?.name).toBe('海港');
    expect(await library.rename(book!.id, '   ')).toBe(false);
    expect(english(library.error!)).toBe('Give the book a name.');
    expect(await library.create('x'.repeat(121))).toBeNull();
    expect(english(library.error!)).toMatch(/at most 120 characters/);
    const download = await library.exportFile(library.get(book!.id)!);
    expect(download?.fileName).toBe('海港.json');
    const again = await library.importBytes(new Uint8Array(await download!.blob.arrayBuffer()), download!.fileName);
    expect(again.name).toBe('海港');
    expect(library.list.map((b) => b.name)).toEqual(['海港', '海港']);
  });

  it('turns a book on in every chat and off again (the typed setting)', async () => {
    const { repo, library } = await setup();
    const book = (await library.create('World'))!;
    expect(await library.setGlobal(book.id, true)).toBe(true);
    expect(library.isGlobal(book.id)).toBe(true);
    expect(await new Settings(repo.settings).get('books')).toEqual({ global: [book.id] });
    const other = new BookLibrary({ repo, now: () => 1 }, { list: [], update: async () => {} });
    await other.load();
    expect(other.isGlobal(book.id)).toBe(true);
    await library.setGlobal(book.id, false);
    expect(await new Settings(repo.settings).get('books')).toEqual({ global: [] });
  });

  it('attaches a book to a persona and detaches it, telling who changed', async () => {
    const { personas, library, changed } = await setup();
    const persona = await personas.create({ name: 'Maren' });
    const book = (await library.create('Coast'))!;
    expect(await library.setPersonaBook(persona, book.id, true)).toBe(true);
    expect(personas.get(persona.id)?.bookIds).toEqual([book.id]);
    expect(changed.map((p) => p.id)).toEqual([persona.id]);
    await library.setPersonaBook(persona, book.id, true);
    expect(personas.get(persona.id)?.bookIds).toEqual([book.id]);
    await library.setPersonaBook(persona, book.id, false);
    expect(personas.get(persona.id)?.bookIds).toBeUndefined();
  });

  it('deleting a book detaches it from the global list, personas and chats', async () => {
    const { repo, personas, library } = await setup();
    const keep = (await library.create('Keep'))!;
    const gone = (await library.create('Gone'))!;
    const persona = await personas.create({ name: 'Maren', bookIds: [gone.id, keep.id] });
    const chat: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 'c', createdAt: 1, updatedAt: 1, bookIds: [gone.id] };
    const other: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 'd', createdAt: 1, updatedAt: 1, bookIds: [keep.id, gone.id] };
    await repo.chats.put(chat);
    await repo.chats.put(other);
    await library.setGlobal(gone.id, true);
    expect(await library.remove(gone.id)).toBe(true);
    expect(library.list.map((b) => b.name)).toEqual(['Keep']);
    expect(await repo.books.get(gone.id)).toBeUndefined();
    expect(library.global).toEqual([]);
    expect(personas.get(persona.id)?.bookIds).toEqual([keep.id]);
    expect((await repo.chats.get(chat.id))?.bookIds).toBeUndefined();
    expect((await repo.chats.get(other.id))?.bookIds).toEqual([keep.id]);
  });

  it('a failed write is reported and leaves the list as it was', async () => {
    const { repo, library } = await setup();
    const book = (await library.create('Keep'))!;
    repo.failWritesWith = new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveBook') }));
    expect(await library.remove(book.id)).toBe(false);
    expect(library.error).not.toBeNull();
    expect(library.list.map((b) => b.id)).toEqual([book.id]);
    expect(await library.importFile(file('eldoria.json', ELDORIA))).toBeNull();
    expect(library.list).toHaveLength(1);
  });

  it('searches entries of every book by key, content or title, Chinese included', async () => {
    const { library } = await setup();
    await library.importFile(file('eldoria.world.json', ELDORIA));
    expect(library.search('').length).toBe(0);
    expect(library.search('maelis').map((m) => m.entry.comment)).toEqual(['Silverkeep', 'Queen Maelis']);
    expect(library.search('码头').map((m) => m.entry.comment)).toEqual(['月影茶馆（中文条目）']);
    expect(library.search('Wardens salt').map((m) => m.entry.comment)).toEqual(['Wardens of the Veil']);
    expect(library.search('no such thing')).toEqual([]);
  });
});
