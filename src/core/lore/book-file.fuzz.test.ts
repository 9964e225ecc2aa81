import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyJsonEdits, applyTextDamage, jsonEdit, textDamage } from '../../../test/support/json-mutations.ts';
import { ValidationError } from '../errors/index.ts';
import { exportBookJson, importBook } from './book-file.ts';
import { createWorldBook, type BookId, type WorldBook } from './world-book.ts';

const ELDORIA = readFileSync(new URL('../../../test/fixtures/lore/eldoria.world.json', import.meta.url), 'utf8');
const RISU = JSON.stringify({
  type: 'risu',
  ver: 1,
  data: [
    { key: 'a, b', secondkey: 'c', insertorder: 3, comment: 'one', content: '@@depth 2\nText', mode: 'normal', alwaysActive: false, selective: true },
    { key: '\uf000folder:x', comment: 'Folder', content: '', mode: 'folder', insertorder: 0, alwaysActive: false, secondkey: '', selective: false },
  ],
});
const CARD_BOOK = JSON.stringify({
  name: 'Card book',
  entries: [{ keys: ['k'], content: 'v', insertion_order: 1, position: 'before_char', extensions: { depth: 2, probability: 50, useProbability: true } }],
});
const AGNAI = JSON.stringify({ kind: 'memory', name: 'Agnai', entries: [{ name: 'n', entry: 'e', keywords: ['k'], priority: 1, weight: 2, enabled: true }] });

const encode = (text: string) => new TextEncoder().encode(text);

/**
 * A book without its entry ids and entry order: an export renumbers ids that are not whole
 * numbers, and SillyTavern's entries object is ordered by uid.
 */
function withoutIds(book: WorldBook): unknown {
  const entries = book.entries.map(({ id: _id, ...rest }) => JSON.stringify(rest)).sort();
  return { ...book, entries };
}

/**
 * Imports `text`; the only acceptable failure is a ValidationError naming the file and the
 * reason. A success must export and re-import to the same book, and then stay the same.
 */
function importsOrRefusesCleanly(text: string): 'ok' | 'refused' {
  try {
    const first = createWorldBook(importBook(encode(text), 'fuzz.json').book, 'b' as BookId, 1);
    const second = createWorldBook(importBook(encode(exportBookJson(first)), 'fuzz.json').book, 'b' as BookId, 1);
    const third = createWorldBook(importBook(encode(exportBookJson(second)), 'fuzz.json').book, 'b' as BookId, 1);
    expect(third).toEqual(second);
    expect(second.entries.length).toBe(first.entries.length);
    if (importBook(encode(text), 'fuzz.json').format === 'sillytavern') expect(withoutIds(second)).toEqual(withoutIds(first));
    return 'ok';
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.message.startsWith('"fuzz.json": ')).toBe(true);
    expect(error.message.length).toBeGreaterThan(40);
    return 'refused';
  }
}

const edit = jsonEdit();

describe('fuzz: importBook only ever refuses with a named reason, and what it accepts round-trips', () => {
  it('on random text and JSON', () => {
    const input = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((entries) => JSON.stringify({ entries })),
      fc.jsonValue().map((data) => JSON.stringify({ type: 'risu', data })),
      fc.jsonValue().map((entries) => JSON.stringify({ kind: 'memory', name: 'x', entries })),
    );
    fc.assert(
      fc.property(input, (text) => {
        importsOrRefusesCleanly(text);
      }),
      { numRuns: 400 },
    );
  });

  it('on structurally mutated books of each format (fields deleted, replaced, retyped, nulled)', () => {
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(fc.constantFrom(ELDORIA, RISU, CARD_BOOK, AGNAI), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        seen[importsOrRefusesCleanly(JSON.stringify(applyJsonEdits(JSON.parse(text), edits)))]++;
      }),
      { numRuns: 500 },
    );
    expect(seen.refused).toBeGreaterThan(50);
    expect(seen.ok).toBeGreaterThan(50);
  });

  it('on byte-level damage (cut, flipped, inserted characters)', () => {
    fc.assert(
      fc.property(fc.array(textDamage, { minLength: 1, maxLength: 3 }), (list) => {
        importsOrRefusesCleanly(applyTextDamage(ELDORIA, list));
      }),
      { numRuns: 300 },
    );
  });
});
