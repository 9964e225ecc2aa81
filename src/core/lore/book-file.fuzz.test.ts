import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

type Container = Record<string, unknown> | unknown[];

function slots(value: unknown, out: Array<[Container, string | number]> = []): Array<[Container, string | number]> {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([value, i]), slots(v, out)));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([value as Container, k]);
      slots(v, out);
    }
  }
  return out;
}

interface Edit {
  at: number;
  op: 'delete' | 'replace' | 'duplicate' | 'stringify' | 'swap-type' | 'null';
  value: unknown;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'duplicate' as const, 'stringify' as const, 'swap-type' as const, 'null' as const),
  value: fc.jsonValue({ maxDepth: 2 }),
});

function applyEdits(text: string, edits: readonly Edit[]): string {
  const root = JSON.parse(text) as unknown;
  for (const e of edits) {
    const all = slots(root);
    const slot = all[e.at % all.length];
    if (!slot) continue;
    const [container, key] = slot;
    const target = container as Record<string | number, unknown>;
    const current = target[key];
    if (e.op === 'delete' && Array.isArray(container)) container.splice(key as number, 1);
    else if (e.op === 'delete') delete target[key];
    if (e.op === 'replace') target[key] = e.value;
    if (e.op === 'null') target[key] = null;
    if (e.op === 'duplicate' && Array.isArray(container)) container.push(structuredClone(current));
    if (e.op === 'stringify') target[key] = JSON.stringify(current ?? null);
    if (e.op === 'swap-type') target[key] = typeof current === 'number' ? String(current) : typeof current === 'string' ? current.length : [current];
  }
  return JSON.stringify(root);
}

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
        seen[importsOrRefusesCleanly(applyEdits(text, edits))]++;
      }),
      { numRuns: 500 },
    );
    expect(seen.refused).toBeGreaterThan(50);
    expect(seen.ok).toBeGreaterThan(50);
  });

  it('on byte-level damage (cut, flipped, inserted characters)', () => {
    const damage = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('cut' as const, 'flip' as const, 'insert' as const),
      char: fc.string({ minLength: 1, maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 3 }), (list) => {
        let text = ELDORIA;
        for (const d of list) {
          const at = d.at % (text.length + 1);
          if (d.kind === 'cut') text = text.slice(0, at);
          if (d.kind === 'flip') text = text.slice(0, at) + d.char + text.slice(at + 1);
          if (d.kind === 'insert') text = text.slice(0, at) + d.char + text.slice(at);
        }
        importsOrRefusesCleanly(text);
      }),
      { numRuns: 300 },
    );
  });
});
