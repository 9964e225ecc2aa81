import { describe, expect, it } from 'vitest';
import { readLoreBook, writeLoreBook } from './lore-book.ts';

/** An entry as SillyTavern writes it into a card's `character_book` (its settings in `extensions`). */
function sillyTavernEntry(extensions: Record<string, unknown>, position = 'after_char') {
  return {
    id: 7,
    keys: ['Silverkeep'],
    secondary_keys: ['bridge'],
    comment: 'the capital',
    content: 'Silverkeep stands where the river splits.',
    constant: false,
    selective: true,
    insertion_order: 50,
    enabled: true,
    position,
    use_regex: true,
    extensions: {
      display_index: 3,
      group: 'places',
      group_override: false,
      role: 0,
      vectorized: false,
      sticky: null,
      case_sensitive: null,
      ...extensions,
    },
  };
}

describe("a card's lore book: SillyTavern's settings in extensions", () => {
  it('reads depth, probability, logic, position, recursion, whole words and scan depth into the entry', () => {
    const raw = sillyTavernEntry({
      position: 4,
      depth: 2,
      probability: 40,
      useProbability: true,
      selectiveLogic: 3,
      exclude_recursion: true,
      prevent_recursion: false,
      match_whole_words: true,
      scan_depth: 5,
    });
    const [entry] = readLoreBook({ entries: [raw] }, 'character_book').lore;
    expect(entry).toMatchObject({
      id: '7',
      position: 'at-depth',
      depth: 2,
      probability: 40,
      secondaryLogic: 'and-all',
      excludeRecursion: true,
      preventRecursion: false,
      wholeWords: true,
      scanDepth: 5,
      selective: true,
      insertionOrder: 50,
    });
    expect(entry?.extra).toEqual({
      id: 7,
      use_regex: true,
      extensions: { display_index: 3, group: 'places', group_override: false, role: 0, vectorized: false, sticky: null, case_sensitive: null },
    });
  });

  it('writes them back where SillyTavern reads them, and a round trip changes nothing', () => {
    const raw = sillyTavernEntry({ position: 2, depth: 4, probability: 100, useProbability: true, selectiveLogic: 1, scan_depth: 3 });
    const first = readLoreBook({ entries: [raw] }, 'character_book').lore;
    const written = writeLoreBook(first, undefined) as { entries: Array<Record<string, unknown>> };
    expect(written.entries[0]).toMatchObject({
      position: 'after_char',
      use_regex: true,
      extensions: { position: 2, depth: 4, probability: 100, useProbability: true, selectiveLogic: 1, scan_depth: 3, display_index: 3, group: 'places' },
    });
    expect(readLoreBook(written, 'character_book').lore).toEqual(first);
  });

  it("keeps what EGOS cannot represent where it was: nulls, unused probabilities, SillyTavern's example-message slots", () => {
    const raw = sillyTavernEntry({ position: 5, probability: 30, useProbability: false, scan_depth: null, match_whole_words: null, depth: 'deep' });
    const [entry] = readLoreBook({ entries: [raw] }, 'character_book').lore;
    expect(entry?.position).toBe('before-character');
    expect(entry?.probability).toBeUndefined();
    expect(entry?.scanDepth).toBeUndefined();
    expect(entry?.wholeWords).toBeUndefined();
    expect(entry?.depth).toBeUndefined();
    const written = writeLoreBook([entry!], undefined) as { entries: Array<{ extensions: Record<string, unknown> }> };
    expect(written.entries[0]?.extensions).toMatchObject({
      position: 5,
      probability: 30,
      useProbability: false,
      scan_depth: null,
      match_whole_words: null,
      depth: 'deep',
    });
    expect(readLoreBook(written, 'character_book').lore).toEqual([entry]);
  });

  it("uses the spec's own position when there are no extensions, and writes only that back", () => {
    const [entry] = readLoreBook({ entries: [{ keys: ['a'], content: 'x', position: 'before_char' }] }, 'character_book').lore;
    expect(entry?.position).toBe('before-character');
    expect(entry?.extra).toEqual({});
    const written = writeLoreBook([entry!], undefined) as { entries: Array<Record<string, unknown>> };
    expect(written.entries[0]).toMatchObject({ position: 'before_char', extensions: { position: 0 } });
    expect(readLoreBook(written, 'character_book').lore).toEqual([entry]);
  });

  it('keeps an unknown spec position value as it was', () => {
    const [entry] = readLoreBook({ entries: [{ keys: ['a'], content: 'x', position: 'after_desc' }] }, 'character_book').lore;
    expect(entry?.position).toBeUndefined();
    expect(entry?.extra).toEqual({ position: 'after_desc' });
    const written = writeLoreBook([entry!], undefined) as { entries: Array<Record<string, unknown>> };
    expect(written.entries[0]?.position).toBe('after_desc');
  });
});
