import { describe, expect, it } from 'vitest';
import { english } from '../../core/i18n/message.ts';
import { createWorldBook, newLoreEntry, type BookId, type WorldBook } from '../../core/lore/world-book.ts';
import { BookEditor } from './book-editor.svelte.ts';

function book(): WorldBook {
  return {
    ...createWorldBook({ name: 'Eldoria', description: 'River kingdom' }, 'b1' as BookId, 1),
    entries: [
      newLoreEntry('0', {
        keys: ['Silverkeep', 'capital'],
        content: 'The capital of Eldoria.',
        comment: 'Silverkeep',
        insertionOrder: 50,
        extra: { group: 'places' },
      }),
      newLoreEntry('5', {
        keys: ['/\\bdragons?\\b/i'],
        content: 'No dragon for three centuries.',
        position: 'before-character',
        extra: { position: 5, role: 0 },
        probability: 100,
      }),
      newLoreEntry('6', { keys: ['月影茶馆', '茶馆'], content: '月影茶馆开在银堡码头边。', comment: '茶馆' }),
    ],
  };
}

function editor(start = book()) {
  const saved: WorldBook[] = [];
  const edit = new BookEditor(start, async (b) => {
    saved.push(b);
    return { ...b, updatedAt: 99 };
  });
  return { edit, saved };
}

describe('BookEditor', () => {
  it('saves an untouched book exactly as it was (fields it does not show included)', async () => {
    const { edit, saved } = editor();
    expect(await edit.save()).toBe(true);
    expect(saved[0]).toEqual(book());
    expect(edit.saved).toBe(true);
    expect(edit.book.updatedAt).toBe(99);
  });

  it('edits every field of an entry', async () => {
    const { edit, saved } = editor();
    const row = edit.rows[0]!;
    Object.assign(row, {
      comment: ' The capital ',
      keys: 'Silverkeep\n\n/silver ?keep/i\n',
      secondaryKeys: 'bridge\nriver',
      secondaryLogic: 'not-all',
      content: 'Silverkeep stands where the river splits.',
      enabled: false,
      constant: true,
      order: '7,5',
      position: 'at-depth',
      depth: '2',
      caseSensitive: true,
      wholeWords: true,
      probability: '35',
      excludeRecursion: true,
      preventRecursion: true,
    });
    expect(await edit.save()).toBe(true);
    expect(saved[0]?.entries[0]).toEqual({
      id: '0',
      comment: 'The capital',
      keys: ['Silverkeep', '/silver ?keep/i'],
      secondaryKeys: ['bridge', 'river'],
      selective: true,
      secondaryLogic: 'not-all',
      content: 'Silverkeep stands where the river splits.',
      enabled: false,
      constant: true,
      insertionOrder: 7.5,
      position: 'at-depth',
      depth: 2,
      caseSensitive: true,
      wholeWords: true,
      probability: 35,
      excludeRecursion: true,
      preventRecursion: true,
      extra: { group: 'places' },
    });
  });

  it('drops a kept SillyTavern slot once the position changes, and keeps it while it does not', async () => {
    const { edit, saved } = editor();
    await edit.save();
    expect(saved[0]?.entries[1]?.extra).toEqual({ position: 5, role: 0 });
    edit.rows[1]!.position = 'after-note';
    await edit.save();
    expect(saved[1]?.entries[1]).toMatchObject({ position: 'after-note', extra: { role: 0 } });
    expect(saved[1]?.entries[1]?.extra.position).toBeUndefined();
  });

  it('adds and removes entries; a new entry gets its own id', async () => {
    const { edit, saved } = editor();
    edit.query = 'dragon';
    const id = edit.addEntry();
    expect(edit.query).toBe('');
    const row = edit.rows.find((r) => r.id === id)!;
    row.keys = 'Veil';
    row.content = 'A wall of grey mist.';
    edit.removeEntry('0');
    expect(await edit.save()).toBe(true);
    const entries = saved[0]!.entries;
    expect(entries.map((e) => e.keys[0])).toEqual(['/\\bdragons?\\b/i', '月影茶馆', 'Veil']);
    expect(entries[2]).toMatchObject({ enabled: true, constant: false, insertionOrder: 100, selective: false, content: 'A wall of grey mist.' });
    expect(entries[2]?.position).toBeUndefined();
    expect(entries[2]?.id).not.toBe(id);
    expect(edit.rows.map((r) => r.id)).toEqual(entries.map((e) => e.id));
  });

  it('searches the entries by key, content or title, Chinese included', () => {
    const { edit } = editor();
    edit.query = 'CAPITAL';
    expect(edit.visible.map((r) => r.id)).toEqual(['0']);
    edit.query = '码头';
    expect(edit.visible.map((r) => r.id)).toEqual(['6']);
    edit.query = 'dragon three';
    expect(edit.visible.map((r) => r.id)).toEqual(['5']);
    edit.query = ' ';
    expect(edit.visible).toHaveLength(3);
  });

  it('refuses numbers it cannot read and a blank name, naming the entry, and stores nothing', async () => {
    const { edit, saved } = editor();
    edit.name = '  ';
    edit.rows[0]!.order = 'first';
    edit.rows[1]!.position = 'at-depth';
    edit.rows[1]!.depth = '-1';
    edit.rows[2]!.probability = '150';
    expect(await edit.save()).toBe(false);
    expect(edit.problems.map(english)).toEqual([
      'Give the book a name.',
      'Entry 1: the order should be a number.',
      'Entry 2: the depth should be a whole number from 0 up.',
      'Entry 3: the chance should be a number from 0 to 100, or blank.',
    ]);
    expect(saved).toEqual([]);
  });

  it('reports a failed save and keeps the form', async () => {
    const edit = new BookEditor(book(), async () => {
      throw new Error('disk gone');
    });
    edit.rows[0]!.content = 'changed';
    expect(await edit.save()).toBe(false);
    expect(edit.problems).toHaveLength(1);
    expect(edit.rows[0]?.content).toBe('changed');
  });
});
