import { describe, expect, it } from 'vitest';
import type { LoreEntry } from '../persona/index.ts';
import { activateLore, DEFAULT_RECURSION_STEPS, loreSources, type ActivationInput, type LoreSource } from './activation.ts';
import { createWorldBook, newLoreEntry, type BookId } from './world-book.ts';

const chars = { id: 'chars', count: (s: string) => s.length };
const names = { char: 'Maren', user: 'Tom' };

function entry(id: string, keys: string[], extra: Partial<LoreEntry> = {}): LoreEntry {
  return newLoreEntry(id, { keys, content: `lore ${id}`, ...extra });
}

function run(sources: LoreSource[], messages: string[], extra: Partial<ActivationInput> = {}) {
  return activateLore({ sources, messages, seed: 'chat-1:3', names, counter: chars, budget: 10_000, contextWindow: 4096, ...extra });
}

const own = (...entries: LoreEntry[]): LoreSource[] => [{ entries }];
const placedIds = (r: ReturnType<typeof run>) => r.placed.map((p) => p.entry.id);

describe('sources', () => {
  it('takes the persona’s own lore first, then each attached book once, skipping ids without a book', () => {
    const a = createWorldBook({ name: 'Eldoria', entries: [entry('a1', ['x'])], scanDepth: 5, recursionSteps: 1 }, 'a' as BookId, 1);
    const b = createWorldBook({ name: 'Guilds', entries: [entry('b1', ['y'])] }, 'b' as BookId, 1);
    const sources = loreSources([entry('own', ['z'])], ['b', 'a', 'gone', 'b'] as BookId[], [a, b]);
    expect(sources.map((s) => s.book?.name ?? 'card')).toEqual(['card', 'Guilds', 'Eldoria']);
    expect(sources[2]).toMatchObject({ scanDepth: 5, recursionSteps: 1 });
    expect(loreSources([], [], [])).toEqual([]);
  });

  it('names the book an entry came from, or none for the card', () => {
    const book = createWorldBook({ name: 'Eldoria', entries: [entry('e', ['tower'], { comment: 'The tower' })] }, 'a' as BookId, 1);
    const r = run([...own(entry('c', ['tower'])), ...loreSources([], [book.id], [book])], ['The tower is dark.']);
    expect(r.placed.map((p) => p.ref)).toEqual([{ entry: 'tower' }, { book: 'Eldoria', entry: 'The tower' }]);
  });
});

describe('scan depth', () => {
  const messages = ['The tower was built long ago.', 'Nice weather.', 'Shall we go?'];

  it('scans the chat’s default of 2 messages unless told otherwise', () => {
    expect(placedIds(run(own(entry('t', ['tower'])), messages))).toEqual([]);
    expect(placedIds(run(own(entry('t', ['tower'])), messages, { scanDepth: 3 }))).toEqual(['t']);
  });

  it('prefers the entry’s depth over the book’s over the chat’s', () => {
    const book: LoreSource = { entries: [entry('book', ['tower']), entry('mine', ['tower'], { scanDepth: 1 })], scanDepth: 3 };
    expect(placedIds(run([book], messages, { scanDepth: 1 }))).toEqual(['book']);
    expect(placedIds(run(own(entry('deep', ['tower'], { scanDepth: 3 })), messages, { scanDepth: 1 }))).toEqual(['deep']);
  });

  it('fires constant entries with any depth, even 0, and never disabled or empty ones', () => {
    const r = run(own(entry('always', [], { constant: true }), entry('off', ['go'], { enabled: false }), entry('empty', ['go'], { content: '  ' })), messages, {
      scanDepth: 0,
    });
    expect(placedIds(r)).toEqual(['always']);
    expect(r.placed[0]?.trigger).toEqual({ kind: 'constant' });
  });
});

describe('keys', () => {
  it('matches inside words by default (SillyTavern’s default: "dragon" in "dragons")', () => {
    const r = run(own(entry('d', ['dragon'])), ['Two dragons circle the keep.']);
    expect(r.placed[0]?.trigger).toEqual({ kind: 'key', key: 'dragon' });
  });

  it('with whole words, a Latin key needs word boundaries', () => {
    const cat = entry('cat', ['cat'], { wholeWords: true });
    expect(placedIds(run(own(cat), ['We concatenate strings.']))).toEqual([]);
    expect(placedIds(run(own(cat), ["The cat's toy is gone."]))).toEqual(['cat']);
  });

  it('matches a Chinese key inside a sentence, whole words or not', () => {
    const r = run(own(entry('lin', ['黛玉'], { wholeWords: true }), entry('bao', ['宝玉'])), ['昨天我在大观园里看见了林黛玉在葬花']);
    expect(placedIds(r)).toEqual(['lin']);
  });

  it('counts a Chinese character next to a Latin key as a word boundary', () => {
    expect(placedIds(run(own(entry('alice', ['Alice'], { wholeWords: true })), ['我喜欢Alice的猫']))).toEqual(['alice']);
  });

  it('ignores case unless the entry is case-sensitive; compares full-width letters as ASCII', () => {
    expect(placedIds(run(own(entry('a', ['Alice'], { caseSensitive: true })), ['I met ALICE']))).toEqual([]);
    expect(placedIds(run(own(entry('a', ['Alice'])), ['I met ALICE']))).toEqual(['a']);
    expect(placedIds(run(own(entry('abc', ['abc'])), ['ＡＢＣ']))).toEqual(['abc']);
  });

  it('replaces {{char}} and {{user}} in keys and content', () => {
    const r = run(own(entry('m', ['{{char}}'], { content: '{{char}} owes {{user}} a favour.' })), ['Where is Maren?']);
    expect(r.placed[0]?.text).toBe('Maren owes Tom a favour.');
  });

  it('reads /…/flags keys as regular expressions, with their own flags', () => {
    const r = run(own(entry('re', ['/eld(o|a)ria/i'])), ['The road to ELDARIA is long.']);
    expect(r.placed[0]?.trigger).toEqual({ kind: 'key', key: '/eld(o|a)ria/i' });
    expect(placedIds(run(own(entry('re', ['/eldoria/'])), ['ELDORIA']))).toEqual([]);
  });

  it('drops g and y so a regular expression matches the same way every time', () => {
    const sticky = own(entry('g', ['/tower/gy']));
    for (let i = 0; i < 3; i++) expect(placedIds(run(sticky, ['the tower', 'the tower']))).toEqual(['g']);
  });

  it('never fires on a regular expression that does not compile, and never throws', () => {
    const r = run(own(entry('bad', ['/([/', '/x/q']), entry('ok', ['tower'])), ['([ the tower x']);
    expect(placedIds(r)).toEqual(['ok']);
  });
});

describe('secondary keys', () => {
  const text = ['The tower stands by the sea, in the rain.'];
  const sel = (logic: LoreEntry['secondaryLogic'], secondary: string[]) =>
    placedIds(run(own(entry('s', ['tower'], { selective: true, secondaryKeys: secondary, secondaryLogic: logic })), text)).length === 1;

  it('and-any: one of them too (the default)', () => {
    expect(sel(undefined, ['snow', 'rain'])).toBe(true);
    expect(sel('and-any', ['snow', 'fog'])).toBe(false);
    const r = run(own(entry('s', ['tower'], { selective: true, secondaryKeys: ['snow', 'rain'] })), text);
    expect(r.placed[0]?.trigger).toEqual({ kind: 'key', key: 'tower', secondary: 'rain' });
  });

  it('and-all: all of them', () => {
    expect(sel('and-all', ['sea', 'rain'])).toBe(true);
    expect(sel('and-all', ['sea', 'snow'])).toBe(false);
  });

  it('not-all: fires unless all of them occur', () => {
    expect(sel('not-all', ['sea', 'snow'])).toBe(true);
    expect(sel('not-all', ['sea', 'rain'])).toBe(false);
  });

  it('not-any: fires only when none of them occur', () => {
    expect(sel('not-any', ['snow', 'fog'])).toBe(true);
    expect(sel('not-any', ['snow', 'rain'])).toBe(false);
  });

  it('a selective entry without secondary keys needs only its primary key; a non-selective one ignores them', () => {
    expect(sel('and-all', [])).toBe(true);
    expect(placedIds(run(own(entry('s', ['tower'], { secondaryKeys: ['snow'] })), text))).toEqual(['s']);
  });
});

describe('probability', () => {
  const chance = (p: number, seed: string) => placedIds(run(own(entry('p', ['tower'], { probability: p })), ['the tower'], { seed })).length === 1;

  it('0% never fires, 100% (or unset) always does', () => {
    for (const seed of ['a', 'b', 'c']) {
      expect(chance(0, seed)).toBe(false);
      expect(chance(100, seed)).toBe(true);
    }
  });

  it('draws the same for the same chat and turn (a regenerated reply gets the same lore)', () => {
    const seeds = Array.from({ length: 50 }, (_, i) => `chat-1:${i}`);
    const first = seeds.map((s) => chance(50, s));
    expect(seeds.map((s) => chance(50, s))).toEqual(first);
  });

  it('draws afresh on other turns, near the stated chance', () => {
    const fired = Array.from({ length: 1000 }, (_, i) => chance(30, `chat-1:${i}`)).filter(Boolean).length;
    expect(fired).toBeGreaterThan(240);
    expect(fired).toBeLessThan(360);
  });

  it('draws per entry: two entries of one turn are independent', () => {
    const a = entry('a', ['tower'], { probability: 50 });
    const b = entry('b', ['tower'], { probability: 50 });
    const both = Array.from({ length: 200 }, (_, i) => placedIds(run(own(a, b), ['the tower'], { seed: `c:${i}` })).join(','));
    expect(new Set(both).size).toBe(4);
  });

  it('an entry that loses its draw does not come in by recursion either', () => {
    const seeds = Array.from({ length: 40 }, (_, i) => `c:${i}`);
    for (const seed of seeds) {
      const r = run(own(entry('a', ['tower'], { content: 'The guild owns it.' }), entry('g', ['guild'], { probability: 50 })), ['the tower'], { seed });
      const direct = run(own(entry('g', ['guild'], { probability: 50 })), ['the guild'], { seed });
      expect(placedIds(r).includes('g')).toBe(placedIds(direct).includes('g'));
    }
  });
});

describe('recursion', () => {
  const tower = entry('tower', ['tower'], { content: 'The tower belongs to the Guild of Lamps.' });
  const guild = entry('guild', ['guild'], { content: 'The Guild is led by Old Hessa.' });
  const hessa = entry('hessa', ['hessa'], { content: 'Hessa is blind and hears everything.' });

  it('fires entries named in the content of fired ones, saying from which', () => {
    const r = run(own(tower, guild, hessa), ['Who built the tower?']);
    expect(placedIds(r)).toEqual(['tower', 'guild', 'hessa']);
    expect(r.placed.map((p) => p.trigger)).toEqual([
      { kind: 'key', key: 'tower' },
      { kind: 'recursion', key: 'guild', from: { entry: 'tower' } },
      { kind: 'recursion', key: 'hessa', from: { entry: 'guild' } },
    ]);
    expect(r.placed.map((p) => p.step)).toEqual([0, 1, 2]);
  });

  it('ends a loop: each entry fires once', () => {
    const a = entry('a', ['alpha'], { content: 'alpha knows beta' });
    const b = entry('b', ['beta'], { content: 'beta knows alpha' });
    const r = run(own(a, b), ['alpha']);
    expect(placedIds(r)).toEqual(['a', 'b']);
    const self = run(own(entry('s', ['echo'], { content: 'echo echo echo' })), ['echo']);
    expect(placedIds(self)).toEqual(['s']);
  });

  it('stops after the book’s steps (default 3); 0 turns it off', () => {
    const chain = Array.from({ length: 6 }, (_, i) => entry(`c${i}`, [`k${i}`], { content: `then k${i + 1}`, insertionOrder: i }));
    expect(placedIds(run([{ entries: chain }], ['k0']))).toHaveLength(1 + DEFAULT_RECURSION_STEPS);
    expect(placedIds(run([{ entries: chain, recursionSteps: 1 }], ['k0']))).toEqual(['c0', 'c1']);
    expect(placedIds(run([{ entries: chain, recursionSteps: 0 }], ['k0']))).toEqual(['c0']);
  });

  it('lets one book recurse into another within that book’s own steps', () => {
    const first: LoreSource = { book: { id: 'a' as BookId, name: 'A' }, entries: [tower], recursionSteps: 0 };
    const second: LoreSource = { book: { id: 'b' as BookId, name: 'B' }, entries: [guild] };
    const r = run([first, second], ['the tower']);
    expect(r.placed.map((p) => p.trigger)).toContainEqual({ kind: 'recursion', key: 'guild', from: { book: 'A', entry: 'tower' } });
  });

  it('honours excludeRecursion (never activated by other entries) and preventRecursion (activates none)', () => {
    expect(placedIds(run(own(tower, { ...guild, excludeRecursion: true }), ['the tower']))).toEqual(['tower']);
    expect(placedIds(run(own({ ...tower, preventRecursion: true }, guild), ['the tower']))).toEqual(['tower']);
    expect(placedIds(run(own(tower, { ...guild, excludeRecursion: true }), ['the tower and the guild']))).toEqual(['tower', 'guild']);
  });

  it('recurses from constant entries too', () => {
    const r = run(own({ ...tower, constant: true, keys: [] }, guild), ['hello']);
    expect(r.placed.map((p) => p.trigger.kind)).toEqual(['constant', 'recursion']);
  });
});

describe('placement on an engine that keeps a cache', () => {
  it('sends keyword entries asked around the character with the newest turn; constant ones keep their place', () => {
    const sources = own(
      entry('kw-before', ['lighthouse'], { position: 'before-character' }),
      entry('kw-after', ['lighthouse'], { position: 'after-character' }),
      entry('always', [], { constant: true, position: 'after-character' }),
      entry('deep', ['lighthouse'], { position: 'at-depth', depth: 3 }),
    );
    const kept = run(sources, ['The lighthouse is dark.'], { keepSystemPromptStable: true });
    const where = Object.fromEntries(kept.placed.map((p) => [p.entry.id, [p.position, p.depth, p.moved ?? null]]));
    expect(where).toEqual({
      'kw-before': ['at-depth', 0, 'before-character'],
      'kw-after': ['at-depth', 0, 'after-character'],
      always: ['after-character', 4, null],
      deep: ['at-depth', 3, null],
    });
    const exact = run(sources, ['The lighthouse is dark.']);
    expect(exact.placed.map((p) => [p.entry.id, p.position])).toContainEqual(['kw-before', 'before-character']);
  });

  it('does not send a moved entry again when the turns resent already hold it', () => {
    const sources = own(entry('kw', ['lighthouse'], { position: 'after-character', content: 'The lamp is lit by nine.' }));
    const again = run(sources, ['The lighthouse is dark.'], { keepSystemPromptStable: true, alreadySent: 'World: The lamp is lit by nine.' });
    expect(again.placed).toEqual([]);
    expect(again.leftOut.map((l) => l.why)).toEqual(['already-sent']);
  });
});

describe('budget and placement', () => {
  it('keeps constant entries first, then higher priority, direct before recursion, and reports the rest', () => {
    const entries = [
      entry('low', ['tower'], { priority: 1, insertionOrder: 1, content: 'x'.repeat(10) }),
      entry('high', ['tower'], { priority: 9, insertionOrder: 3, content: 'y'.repeat(10) }),
      entry('always', [], { constant: true, insertionOrder: 5, content: 'z'.repeat(10) }),
    ];
    const r = run(own(...entries), ['the tower'], { budget: 25 });
    expect(placedIds(r)).toEqual(['high', 'always']);
    expect(r.leftOut.map((l) => [l.entry.id, l.why])).toEqual([['low', 'over-budget']]);
  });

  it('cuts an entry that does not fit whole when the room is worth it', () => {
    const long = 'The harbour froze. '.repeat(20);
    const r = run(own(entry('big', ['harbour'], { content: long })), ['the harbour'], { budget: 100 });
    expect(r.placed[0]?.trimmed).toBe(true);
    expect(r.placed[0]?.text.endsWith('…')).toBe(true);
    expect(r.placed[0]?.tokens).toBeLessThanOrEqual(100);
    expect(run(own(entry('big', ['harbour'], { content: long })), ['the harbour'], { budget: 20 }).leftOut[0]?.why).toBe('over-budget');
  });

  it('keeps a book within its own share of the window', () => {
    const book: LoreSource = {
      book: { id: 'b' as BookId, name: 'B' },
      entries: [entry('b1', ['x'], { content: 'a'.repeat(30) }), entry('b2', ['x'], { content: 'b'.repeat(30) })],
      budgetPercent: 1,
    };
    const r = run([...own(entry('o', ['x'], { content: 'c'.repeat(30) })), book], ['x'], { contextWindow: 4000 });
    expect(placedIds(r)).toEqual(['o', 'b1']);
    expect(r.leftOut.map((l) => l.entry.id)).toEqual(['b2']);
  });

  it('returns placed entries in insertion order with their position and depth (defaults: after the character, depth 4)', () => {
    const r = run(own(entry('late', ['x'], { insertionOrder: 9, priority: 9, position: 'at-depth', depth: 2 }), entry('early', ['x'], { insertionOrder: 1 })), [
      'x',
    ]);
    expect(r.placed.map((p) => [p.entry.id, p.position, p.depth])).toEqual([
      ['early', 'after-character', 4],
      ['late', 'at-depth', 2],
    ]);
  });

  it('leaves out an entry for the history whose text an earlier line already carries, never a system-prompt one', () => {
    const sent = 'World: lore d\nWorld: lore s';
    const entries = [
      entry('d', ['x'], { position: 'at-depth' }),
      entry('n', ['x'], { position: 'before-note' }),
      entry('s', ['x'], { position: 'before-character' }),
    ];
    const r = run(own(...entries), ['x'], { alreadySent: sent });
    expect(placedIds(r)).toEqual(['n', 's']);
    expect(r.leftOut).toEqual([expect.objectContaining({ why: 'already-sent', entry: expect.objectContaining({ id: 'd' }) })]);
  });
});
