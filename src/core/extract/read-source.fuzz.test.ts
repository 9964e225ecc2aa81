import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { readPastedText, readSourceFile } from './read-source.ts';

/** Reads `bytes`; the only acceptable failure is a ValidationError whose message names the file. A success is clean text. */
function readsOrRejectsCleanly(bytes: Uint8Array, name: string): 'ok' | 'rejected' {
  try {
    const source = readSourceFile(bytes, name, { maxBytes: 4096 });
    expect(source.text.length).toBeGreaterThan(0);
    expect(source.text).toBe(source.text.trim());
    expect(source.text).not.toMatch(/\r|\0|^\uFEFF/);
    expect(source.bytes).toBe(bytes.length);
    return 'ok';
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.message).toContain(`“${name.trim() || 'file'}”`);
    return 'rejected';
  }
}

const utf16le = (text: string): Uint8Array => new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
const seeds: Uint8Array[] = [
  new TextEncoder().encode('Lin Daiyu lives in the Xiaoxiang Lodge.\nShe writes poems.'),
  new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('林黛玉，潇湘馆的主人。\r\n她写诗。')]),
  new Uint8Array(Buffer.from('c1d6f7ecd3f1a3accfe6cfe6b9dddbc4d6f7c8cba1a3', 'hex')),
  utf16le('莫扎特 was born in Salzburg.'),
];

type Damage = { kind: 'flip' | 'cut' | 'insert'; at: number; value: number };
const damage: fc.Arbitrary<Damage> = fc.record({
  kind: fc.constantFrom('flip' as const, 'cut' as const, 'insert' as const),
  at: fc.nat(),
  value: fc.nat({ max: 255 }),
});

function mutate(source: Uint8Array, list: readonly Damage[]): Uint8Array {
  let bytes = source.slice();
  for (const d of list) {
    const at = bytes.length === 0 ? 0 : d.at % bytes.length;
    if (d.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (1 << (d.value % 8));
    if (d.kind === 'cut') bytes = bytes.slice(0, at);
    if (d.kind === 'insert') bytes = new Uint8Array([...bytes.subarray(0, at), d.value, ...bytes.subarray(at)]);
  }
  return bytes;
}

describe('fuzz: readSourceFile only ever throws ValidationError', () => {
  it('on random bytes, with and without a BOM or file signature in front', () => {
    const prefix = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0x25, 0x50, 0x44, 0x46], [0x50, 0x4b, 0x03, 0x04]);
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 20 }), (head, rest, name) => {
        readsOrRejectsCleanly(new Uint8Array([...head, ...rest]), name);
      }),
      { numRuns: 500 },
    );
  });

  it('on damaged UTF-8, GB18030 and UTF-16 files', () => {
    const seen = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(damage, { minLength: 1, maxLength: 4 }), (seed, list) => {
        seen[readsOrRejectsCleanly(mutate(seed, list), 'source.txt')]++;
      }),
      { numRuns: 500 },
    );
    expect(seen.ok).toBeGreaterThan(50);
    expect(seen.rejected).toBeGreaterThan(5);
  });

  it('on any pasted text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        try {
          expect(readPastedText(text, { maxBytes: 1024 }).text.length).toBeGreaterThan(0);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a file over the limit at once, without decoding it', () => {
    const big = new Uint8Array(64 * 1024 * 1024).fill(0x61);
    const started = performance.now();
    expect(() => readSourceFile(big, 'big.txt', { maxBytes: 1024 })).toThrow(ValidationError);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
