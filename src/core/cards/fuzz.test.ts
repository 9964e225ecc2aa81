import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { exportCardPng, exportCardV3Json } from './export-card.ts';
import { importCard } from './import-card.ts';
import { cardPng, jsonBytes, sampleV2Card, sampleV3Card, tEXt } from './test-fixtures.ts';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** Imports `bytes`; the only acceptable failure is a ValidationError with a message. */
function importsOrRejectsCleanly(bytes: Uint8Array, fileName: string): void {
  try {
    const { persona, warnings } = importCard(bytes, fileName);
    expect(typeof persona.name).toBe('string');
    expect(Array.isArray(warnings)).toBe(true);
    expect(typeof exportCardV3Json(persona)).toBe('string');
    expect(exportCardPng(persona).length).toBeGreaterThan(8);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.message.length).toBeGreaterThan(20);
  }
}

type Mutation = { kind: 'flip' | 'cut' | 'insert' | 'u32'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip' as const, 'cut' as const, 'insert' as const, 'u32' as const),
  at: fc.nat(),
  value: fc.nat({ max: 0xffffffff }),
});

function mutate(source: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = source.slice();
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (1 << (m.value % 8));
    if (m.kind === 'cut') bytes = bytes.slice(0, at);
    if (m.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), m.value & 0xff, ...bytes.subarray(at)]);
    if (m.kind === 'u32') bytes.set([m.value >>> 24, (m.value >>> 16) & 0xff, (m.value >>> 8) & 0xff, m.value & 0xff].slice(0, bytes.length - at), at);
  }
  return bytes;
}

const validPng = cardPng(tEXt('chara', b64(JSON.stringify(sampleV2Card()))), tEXt('ccv3', b64(JSON.stringify(sampleV3Card()))));
const validJson = jsonBytes(sampleV3Card());
const TARGETS = [
  ...['spec', 'spec_version', 'data'].map((k) => `root.${k}`),
  ...['name', 'description', 'tags', 'alternate_greetings', 'extensions', 'character_book', 'first_mes', 'creator_notes'].map((k) => `data.${k}`),
  'entries.0',
  ...['id', 'keys', 'secondary_keys', 'content', 'enabled', 'insertion_order', 'priority', 'extensions'].map((k) => `entry.${k}`),
];

describe('fuzz: importCard only ever throws ValidationError', () => {
  it('on random bytes', () => {
    const start = fc.constantFrom([], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0x7b], [0xef, 0xbb, 0xbf, 0x7b]);
    fc.assert(
      fc.property(start, fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 12 }), (prefix, rest, name) => {
        importsOrRejectsCleanly(new Uint8Array([...prefix, ...rest]), name);
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated valid PNG and JSON cards', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 6 }), (png, mutations) => {
        importsOrRejectsCleanly(mutate(png ? validPng : validJson, mutations), png ? 'c.png' : 'c.json');
      }),
      { numRuns: 300 },
    );
  });

  it('on cards whose fields hold random JSON values, in JSON and in a checksummed PNG', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TARGETS), fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (target, value, inPng) => {
        const card = sampleV3Card();
        const data = card.data as Record<string, unknown>;
        const entries = (data.character_book as { entries: Array<Record<string, unknown>> }).entries;
        const [where, key] = target.split('.') as [string, string];
        if (where === 'root') card[key] = value;
        if (where === 'data') data[key] = value;
        if (where === 'entries') entries[0] = value as Record<string, unknown>;
        if (where === 'entry') entries[0]![key] = value;
        const text = JSON.stringify(card);
        importsOrRejectsCleanly(inPng ? cardPng(tEXt('ccv3', b64(text))) : new TextEncoder().encode(text), 'f');
      }),
      { numRuns: 300 },
    );
  });

  it('on mutated JSON text inside a valid PNG chunk', () => {
    const text = JSON.stringify(sampleV2Card());
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.string({ maxLength: 3 }), (at, cut, insert) => {
        const i = at % text.length;
        const mutated = text.slice(0, i) + insert + text.slice(i + (cut % 4));
        importsOrRejectsCleanly(cardPng(tEXt('chara', b64(mutated))), 'm.png');
      }),
      { numRuns: 300 },
    );
  });
});
