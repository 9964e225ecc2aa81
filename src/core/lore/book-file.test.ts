import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { exportCardV3Json } from '../cards/index.ts';
import { ValidationError } from '../errors/index.ts';
import { english } from '../i18n/message.ts';
import type { LoreEntry } from '../persona/index.ts';
import { bookFileName, exportBookJson, importBook, isBookFile, type BookImport } from './book-file.ts';
import { createWorldBook, newLoreEntry, type BookId, type WorldBook } from './world-book.ts';

const ELDORIA = new Uint8Array(readFileSync(new URL('../../../test/fixtures/lore/eldoria.world.json', import.meta.url)));

const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

/** The stored book of an import. */
function stored(result: BookImport): WorldBook {
  return createWorldBook(result.book, 'b1' as BookId, 1);
}

/** Import → export → import. */
function again(book: WorldBook): WorldBook {
  return stored(importBook(bytes(exportBookJson(book)), 'again.json'));
}

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** An entry with SillyTavern's defaults made explicit, as a SillyTavern export writes them. */
function normalized(entry: LoreEntry): Omit<LoreEntry, 'id'> {
  const { id: _id, ...rest } = entry;
  const out: Omit<LoreEntry, 'id'> = { ...rest, position: entry.position ?? 'after-character' };
  if (out.comment === '') delete out.comment;
  return out;
}

describe('SillyTavern World Info (the Eldoria fixture)', () => {
  const result = importBook(ELDORIA, 'eldoria.world.json');
  const book = stored(result);
  const entry = (comment: string): LoreEntry => {
    const found = book.entries.find((e) => e.comment === comment);
    if (!found) throw new Error(`no entry "${comment}"`);
    return found;
  };

  it('reads every entry with its keys, logic, positions and settings', () => {
    expect(result.format).toBe('sillytavern');
    expect(result.warnings).toEqual([]);
    expect(book.name).toBe('eldoria');
    expect(book.entries).toHaveLength(11);
    expect(entry('World overview')).toMatchObject({ id: '0', constant: true, position: 'before-character', insertionOrder: 10, enabled: true });
    expect(entry('Queen Maelis')).toMatchObject({
      keys: ['Maelis', 'queen'],
      secondaryKeys: ['crown', 'throne', 'court'],
      selective: true,
      secondaryLogic: 'and-any',
    });
    expect(entry('Old Road, quiet days').secondaryLogic).toBe('not-any');
    expect(entry('Dragon talk (regex key, at depth)')).toMatchObject({ keys: ['/\\bdragons?\\b/i'], position: 'at-depth', depth: 2 });
    expect(entry('月影茶馆（中文条目）')).toMatchObject({ keys: ['月影茶馆', '茶馆'], position: 'after-character' });
    expect(entry('月影茶馆（中文条目）').content).toContain('银堡码头');
    expect(entry('Tavern rumours (chance)')).toMatchObject({ probability: 25, wholeWords: true, position: 'after-note' });
    expect(entry('The Sunken Library')).toMatchObject({ caseSensitive: true, scanDepth: 4, position: 'before-note', excludeRecursion: true });
    expect(entry('Wardens of the Veil')).toMatchObject({ preventRecursion: true });
    expect(entry('Wardens of the Veil').excludeRecursion).toBeUndefined();
    expect(entry('Ashfall Pass (switched off)').enabled).toBe(false);
    expect(entry('Silverkeep')).toMatchObject({ probability: 100, caseSensitive: false });
    expect(entry('Silverkeep').wholeWords).toBeUndefined();
    expect(entry('Silverkeep').scanDepth).toBeUndefined();
  });

  it('keeps the fields EGOS does not use in extra', () => {
    expect(entry('Dragon talk (regex key, at depth)').extra).toEqual({
      vectorized: false,
      addMemo: true,
      delayUntilRecursion: false,
      group: '',
      groupOverride: false,
      groupWeight: 100,
      useGroupScoring: null,
      automationId: '',
      role: 0,
      sticky: 0,
      cooldown: 0,
      delay: 0,
      displayIndex: 5,
    });
  });

  it('import → export → import gives the same book, and the export is SillyTavern-shaped', () => {
    expect(again(book)).toEqual(book);
    const exported = JSON.parse(exportBookJson(book)) as { name: string; entries: Record<string, Record<string, unknown>> };
    expect(Object.keys(exported.entries)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(exported.entries['5']).toMatchObject({ uid: 5, key: ['/\\bdragons?\\b/i'], position: 4, depth: 2, role: 0, disable: false, useProbability: true });
    expect(exported.entries['10']).toMatchObject({ disable: true, comment: 'Ashfall Pass (switched off)' });
    expect(exported.entries['7']).toMatchObject({ selectiveLogic: 2, keysecondary: ['bandits', 'ambush'] });
    const original = JSON.parse(new TextDecoder().decode(ELDORIA)) as { entries: Record<string, unknown> };
    expect(exported.entries).toEqual(original.entries);
  });

  it('fills missing fields with SillyTavern defaults (an old, minimal file)', () => {
    const old = stored(importBook(bytes({ entries: { '3': { key: ['harbour'], content: 'Fog every morning.' } } }), 'harbour.json'));
    expect(old.entries[0]).toEqual({
      id: '3',
      keys: ['harbour'],
      secondaryKeys: [],
      selective: true,
      content: 'Fog every morning.',
      enabled: true,
      constant: false,
      caseSensitive: false,
      insertionOrder: 100,
      position: 'before-character',
      extra: {},
    });
    expect(again(old)).toEqual(old);
  });

  it("keeps SillyTavern's example-message positions (5, 6), says so, and writes them back", () => {
    const result = importBook(
      bytes({ entries: { '0': { key: ['a'], content: 'x', position: 5 }, '1': { key: ['b'], content: 'y', position: 6 } } }),
      'ex.json',
    );
    const book = stored(result);
    expect(book.entries.map((e) => [e.position, e.extra.position])).toEqual([
      ['before-character', 5],
      ['before-character', 6],
    ]);
    expect(result.warnings.map(english)).toEqual(['Entries placed among the example messages in SillyTavern: 2. EGOS puts them before the character.']);
    const exported = JSON.parse(exportBookJson(book)) as { entries: Record<string, { position: number }> };
    expect(exported.entries['0']?.position).toBe(5);
    expect(again(book)).toEqual(book);
    const moved = { ...book, entries: [{ ...book.entries[0]!, position: 'at-depth' as const }] };
    expect((JSON.parse(exportBookJson(moved)) as { entries: Record<string, { position: number }> }).entries['0']?.position).toBe(4);
  });

  it('keeps a probability that is switched off, and an unknown logic number, for the round trip', () => {
    const book = stored(
      importBook(bytes({ entries: { '0': { key: ['a'], content: 'x', probability: 30, useProbability: false, selectiveLogic: 9 } } }), 'p.json'),
    );
    expect(book.entries[0]?.probability).toBeUndefined();
    expect(book.entries[0]?.secondaryLogic).toBeUndefined();
    expect(book.entries[0]?.extra).toEqual({ probability: 30, selectiveLogic: 9 });
    expect(again(book)).toEqual(book);
  });

  it('keeps keys written as one comma-separated text, and a /regex/ key with a comma whole', () => {
    const book = stored(importBook(bytes({ entries: { '0': { key: 'inn, tavern ,', content: 'x' }, '1': { key: '/a{1,3}/i', content: 'y' } } }), 'k.json'));
    expect(book.entries.map((e) => e.keys)).toEqual([['inn', 'tavern'], ['/a{1,3}/i']]);
  });
});

describe('books made in EGOS', () => {
  it('export and re-import keep every setting (ids become SillyTavern uids)', () => {
    const book: WorldBook = {
      ...createWorldBook({ name: '海港 Harbour', description: 'Notes', scanDepth: 3, recursionSteps: 2, budgetPercent: 15 }, 'b2' as BookId, 5),
      entries: [
        newLoreEntry('uuid-1', {
          keys: ['港口'],
          content: '港口每天早上都有雾。',
          position: 'at-depth',
          depth: 0,
          probability: 60,
          secondaryLogic: 'not-all',
          secondaryKeys: ['船'],
        }),
        newLoreEntry('12', {
          keys: ['lighthouse'],
          content: 'The lamp is lit at dusk.',
          wholeWords: false,
          excludeRecursion: true,
          preventRecursion: true,
          scanDepth: 8,
        }),
      ],
    };
    const back = again(book);
    expect(back.name).toBe('海港 Harbour');
    expect(back.description).toBe('Notes');
    expect([back.scanDepth, back.recursionSteps, back.budgetPercent]).toEqual([3, 2, 15]);
    expect(back.entries.map(normalized)).toEqual(book.entries.map(normalized));
    expect(back.entries.map((e) => e.id)).toEqual(['0', '12']);
    expect(again(back)).toEqual(back);
    const off = again({ ...book, recursionSteps: 0 });
    expect(off.recursionSteps).toBe(0);
  });
});

describe("a character card's lore book on its own", () => {
  const cardBook = {
    name: 'North Point',
    description: 'The lighthouse coast',
    scan_depth: 2,
    token_budget: 500,
    recursive_scanning: false,
    extensions: {},
    entries: [
      {
        keys: ['lighthouse'],
        content: 'Built in 1887.',
        enabled: true,
        insertion_order: 10,
        id: 1,
        comment: 'the tower',
        position: 'after_char',
        extensions: { depth: 4, probability: 100 },
      },
      { keys: ['Tide', '潮'], secondary_keys: ['cat'], selective: true, content: 'A grey cat.', enabled: true, insertion_order: 20, id: 2, extensions: {} },
    ],
  };

  it('imports as a book, with the book settings', () => {
    const result = importBook(bytes(cardBook), 'north-point.json');
    expect(result.format).toBe('card');
    const book = stored(result);
    expect(book).toMatchObject({ name: 'North Point', description: 'The lighthouse coast', scanDepth: 2, recursionSteps: 0, extra: { token_budget: 500 } });
    expect(book.entries[0]).toMatchObject({ id: '1', keys: ['lighthouse'], position: 'after-character', depth: 4, probability: 100, comment: 'the tower' });
    expect(book.entries[1]).toMatchObject({ id: '2', keys: ['Tide', '潮'], secondaryKeys: ['cat'], selective: true });
    expect(again(book).entries.map(normalized)).toEqual(book.entries.map(normalized));
  });

  it('imports the spec wrapper { spec: "lorebook_v3", data }', () => {
    const result = importBook(bytes({ spec: 'lorebook_v3', data: cardBook }), 'wrapped.json');
    expect(result.format).toBe('card');
    expect(result.book.entries).toHaveLength(2);
  });

  it("names the book's field when an entry is damaged", () => {
    const error = rejection(() => importBook(bytes({ entries: [{ keys: 'x', content: 5 }] }), 'bad.json'));
    expect(error.code).toBe('wrong-type');
    expect(error.message).toBe(
      '"bad.json": The book\'s field "entries[0].content" should be text but is a number. The file is damaged or not a world book; nothing was imported.',
    );
  });
});

describe('RisuAI lorebooks', () => {
  const risu = {
    type: 'risu',
    ver: 1,
    data: [
      { key: '\uf000folder:f1', comment: 'Places', content: '', mode: 'folder', insertorder: 100, alwaysActive: false, secondkey: '', selective: false },
      {
        key: 'Silverkeep, capital',
        secondkey: 'bridge',
        insertorder: 40,
        comment: 'Silverkeep',
        content: '@@depth 3\n@@role system\nSilverkeep stands where the river splits.',
        mode: 'normal',
        alwaysActive: false,
        selective: true,
        extentions: { risu_case_sensitive: true },
        activationPercent: 70,
        folder: 'f1',
        id: 'r-1',
      },
      {
        key: '/dragons?/i',
        secondkey: '',
        insertorder: 100,
        comment: '',
        content: '龙已经三百年没有出现了。',
        mode: 'constant',
        alwaysActive: true,
        selective: false,
        useRegex: true,
      },
    ],
  };

  it('imports entries, leaves folders out (with a note), reads decorators and keeps the rest', () => {
    const result = importBook(bytes(risu), 'places.json');
    expect(result.format).toBe('risuai');
    expect(result.warnings.map(english)[0]).toMatch(/RisuAI folders.*: 1\./);
    const book = stored(result);
    expect(book.name).toBe('places');
    expect(book.entries).toHaveLength(2);
    expect(book.entries[0]).toMatchObject({
      id: 'r-1',
      keys: ['Silverkeep', 'capital'],
      secondaryKeys: ['bridge'],
      selective: true,
      secondaryLogic: 'and-any',
      insertionOrder: 40,
      caseSensitive: true,
      probability: 70,
      position: 'at-depth',
      depth: 3,
      content: 'Silverkeep stands where the river splits.',
      extra: { mode: 'normal', folder: 'f1', risuDecorators: ['@@role system'], extentions: { risu_case_sensitive: true } },
    });
    expect(book.entries[1]).toMatchObject({
      keys: ['/dragons?/i'],
      constant: true,
      content: '龙已经三百年没有出现了。',
      extra: { useRegex: true, mode: 'constant' },
    });
    expect(book.extra.risuFolders).toEqual([risu.data[0]]);
    expect(again(book).entries.map(normalized)).toEqual(book.entries.map(normalized));
  });

  it('imports the lorebook of a RisuAI module', () => {
    const result = importBook(bytes({ type: 'risuModule', name: 'Eldoria module', description: '', lorebook: risu.data.slice(1) }), 'module.json');
    expect(result.book).toMatchObject({ name: 'Eldoria module' });
    expect(result.book.entries).toHaveLength(2);
  });
});

describe('Agnai memory books', () => {
  it('imports entries: entry is the content, name the title, weight the order, priority kept', () => {
    const agnai = {
      kind: 'memory',
      name: 'Eldoria notes',
      description: 'For the river kingdom',
      userId: 'u-123',
      _id: 'x',
      scanDepth: 6,
      entries: [
        { name: 'Queen', entry: 'Queen Maelis rules from Silverkeep.', keywords: ['Maelis', 'queen'], priority: 5, weight: 3, enabled: true },
        { name: 'Tea house', entry: '月影茶馆开在码头边。', keywords: ['茶馆', 'tea*'], priority: 0, weight: 1, enabled: false, position: 'before_char' },
      ],
    };
    const result = importBook(bytes(agnai), 'agnai.json');
    expect(result.format).toBe('agnai');
    expect(result.warnings.map(english)[0]).toMatch(/wildcard.*: 1\./);
    const book = stored(result);
    expect(book).toMatchObject({ name: 'Eldoria notes', description: 'For the river kingdom', scanDepth: 6, extra: {} });
    expect(book.entries[0]).toMatchObject({
      comment: 'Queen',
      content: 'Queen Maelis rules from Silverkeep.',
      keys: ['Maelis', 'queen'],
      priority: 5,
      insertionOrder: 3,
      enabled: true,
    });
    expect(book.entries[1]).toMatchObject({ comment: 'Tea house', keys: ['茶馆', 'tea*'], enabled: false, position: 'before-character' });
    expect(again(book).entries.map(normalized)).toEqual(book.entries.map(normalized));
  });
});

describe('refusing what is not a world book, with the reason', () => {
  const card = exportCardV3Json({ name: 'Maren', description: 'A keeper.', greeting: 'Hello.' });
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  it.each([
    ['an empty file', new Uint8Array(), 'empty', /"f\.json": This file is empty\./],
    ['only spaces', bytes('  \n'), 'empty', /empty/],
    ['not JSON', bytes('name: Eldoria'), 'bad-json', /not valid JSON \(.+\), so it is not a world book/],
    ['cut-off JSON', ELDORIA.subarray(0, 300), 'bad-json', /not valid JSON/],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'binary', /not text/],
    ['a JSON list', bytes([1, 2]), 'wrong-type', /a book is an object with "entries"/],
    ['a character card', bytes(card), 'unsupported', /character card, not a world book.*Import card/],
    ['a PNG', png, 'unsupported', /image, not a world book/],
    ['an EGOS backup', bytes({ format: 'egos-backup', version: 1, data: {} }), 'unsupported', /EGOS backup.*Data page/],
    ['other JSON', bytes({ hello: 'world' }), 'unsupported', /not a world book EGOS reads.*SillyTavern World Info/],
    ['an unknown spec', bytes({ spec: 'world_v9', entries: {} }), 'unsupported', /"world_v9"/],
    ['entries that are text', bytes({ entries: 'none' }), 'unsupported', /not a world book EGOS reads/],
  ])('%s', (_name, input, code, message) => {
    const error = rejection(() => importBook(input, 'f.json'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(isBookFile(input)).toBe(false);
  });

  it.each([
    ['an entry that is a list', bytes({ entries: { '0': [] } }), /field "entries\["0"\]" should be an object but is a list/, true],
    ['a key list with a number', bytes({ entries: { '0': { key: ['a', 3] } } }), /"entries\["0"\]\.key\[1\]" should be text but is a number/, true],
    ['an order that is text', bytes({ entries: { '0': { key: ['a'], order: 'first' } } }), /"entries\["0"\]\.order" should be a number/, true],
    ['RisuAI data that is not a list', bytes({ type: 'risu', data: {} }), /"data" should be a list/, true],
    ['Agnai entries that are not a list', bytes({ kind: 'memory', name: 'x', entries: {} }), /"entries" should be a list/, true],
    ['a lorebook_v3 without data', bytes({ spec: 'lorebook_v3' }), /"data" should be an object/, false],
  ])('a damaged book: %s, named', (_name, input, message, recognised) => {
    const error = rejection(() => importBook(input, 'f.json'));
    expect(error.code).toBe('wrong-type');
    expect(error.message).toMatch(message);
    expect(isBookFile(input)).toBe(recognised);
  });

  it('refuses a book with more entries than one book may hold', () => {
    const entries = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [String(i), { key: [`k${i}`], content: '' }]));
    const error = rejection(() => importBook(bytes({ entries }), 'huge.json'));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/10001 entries; one book can hold at most 10000/);
  });

  it('says it in Chinese too', () => {
    expect(inChinese(rejection(() => importBook(bytes(card), '卡.json')))).toBe(
      '“卡.json”：这个文件是角色卡，不是世界书。请在“角色”页面用“导入角色卡”导入，卡中的设定集会一起导入。',
    );
  });
});

describe('isBookFile (the persona list imports books through "Import card")', () => {
  it('is true for every book format and false for cards', () => {
    expect(isBookFile(ELDORIA)).toBe(true);
    expect(isBookFile(bytes({ entries: [{ keys: ['a'], content: 'b' }] }))).toBe(true);
    expect(isBookFile(bytes({ spec: 'lorebook_v3', data: { entries: [] } }))).toBe(true);
    expect(isBookFile(bytes({ type: 'risu', data: [] }))).toBe(true);
    expect(isBookFile(bytes({ kind: 'memory', name: 'n', entries: [] }))).toBe(true);
    expect(isBookFile(bytes({ spec: 'chara_card_v2', data: { name: 'x', character_book: { entries: [] } } }))).toBe(false);
    expect(isBookFile(bytes({ name: 'V1', first_mes: 'Hi', entries: [] }))).toBe(false);
  });
});

describe('bookFileName', () => {
  it('keeps letters of any script and drops the rest', () => {
    expect(bookFileName('Eldoria: the river/kingdom')).toBe('Eldoria the river kingdom.json');
    expect(bookFileName('月影茶馆')).toBe('月影茶馆.json');
    expect(bookFileName('***')).toBe('world-book.json');
  });
});
