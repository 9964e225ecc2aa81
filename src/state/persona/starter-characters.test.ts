import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { StorageError } from '../../core/errors/index.ts';
import { english, msg } from '../../core/i18n/message.ts';
import { BookLibrary } from '../lore/book-library.svelte.ts';
import { PersonaStore } from './persona-store.svelte.ts';
import { StarterCharacters } from './starter-characters.svelte.ts';

async function setup() {
  const repo = createMemoryRepository();
  let clock = 100;
  const services = { repo, now: () => clock++ };
  const personas = new PersonaStore(services);
  const books = new BookLibrary(services, personas);
  await Promise.all([personas.load(), books.load()]);
  return { repo, personas, books, starters: new StarterCharacters(services, { personas, books }) };
}

describe('StarterCharacters', () => {
  it('stores the starters with their world books attached, and lists both', async () => {
    const { repo, personas, books, starters } = await setup();
    expect(await starters.add()).toBe(2);
    expect(starters.error).toBeNull();
    expect(english(starters.result!)).toContain('2');
    expect(personas.list.map((p) => p.name).sort()).toEqual(['Edwin Hale', '柳三更'].sort());
    expect(books.list.map((b) => b.name).sort()).toEqual(['Skerrow Head', '青石镇'].sort());
    for (const persona of await repo.personas.list()) {
      const [bookId] = persona.bookIds ?? [];
      expect((await repo.books.get(bookId!))?.entries.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('skips a starter already present by name, so adding twice adds nothing', async () => {
    const { repo, personas, starters } = await setup();
    await personas.create({ name: ' edwin hale ' });
    expect(await starters.add()).toBe(1);
    expect((await repo.personas.list()).filter((p) => p.name.trim().toLowerCase() === 'edwin hale')).toHaveLength(1);
    expect((await repo.books.list()).map((b) => b.name)).toEqual(['青石镇']);
    expect(await starters.add()).toBe(0);
    expect(english(starters.result!)).toBe('The starter characters are already in your list.');
    expect(await repo.books.list()).toHaveLength(1);
  });

  it('adds only the starter named, with its own book (the first-run pick)', async () => {
    const { personas, books, starters } = await setup();
    expect(await starters.add('Edwin Hale')).toBe(1);
    expect(personas.list.map((p) => p.name)).toEqual(['Edwin Hale']);
    expect(books.list.map((b) => b.name)).toEqual(['Skerrow Head']);
    expect(await starters.add('Edwin Hale')).toBe(0);
  });

  it('reports a storage failure as a catalogue message and leaves no book without its persona', async () => {
    const { repo, personas, starters } = await setup();
    personas.add = () => Promise.reject(new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveBook') })));
    expect(await starters.add()).toBe(0);
    expect(starters.result).toBeNull();
    expect(starters.error?.key).toBe('storage.error.full');
    expect(await repo.books.list()).toEqual([]);
    starters.dismiss();
    expect(starters.error).toBeNull();
  });
});
