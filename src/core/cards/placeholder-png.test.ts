import { inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPngChunks, chunkCrcMatches } from './png-chunks.ts';
import { hueOf } from '../avatar.ts';
import { placeholderPng, zlibStore } from './placeholder-png.ts';

describe('zlibStore', () => {
  it('produces streams that zlib inflates back to the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect([...inflateSync(zlibStore(bytes))]).toEqual([...bytes]);
      }),
      { numRuns: 50 },
    );
  });

  it('splits data over several 64 KiB stored blocks', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    expect(Buffer.compare(inflateSync(zlibStore(bytes)), Buffer.from(bytes))).toBe(0);
  });
});

describe('placeholderPng', () => {
  it('is a valid 256x256 palette PNG whose pixels inflate to 256 rows', () => {
    const chunks = readPngChunks(placeholderPng('Alice'));
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
    expect(chunks.every(chunkCrcMatches)).toBe(true);
    const ihdr = new DataView(chunks[0]!.data.buffer, chunks[0]!.data.byteOffset);
    expect([ihdr.getUint32(0), ihdr.getUint32(4)]).toEqual([256, 256]);
    const raw = inflateSync(chunks[2]!.data);
    expect(raw.length).toBe(256 * 33);
    expect(raw.filter((b, i) => i % 33 !== 0 && b !== 0).length).toBeGreaterThan(0);
  });

  it('is stable per name and coloured differently for different names', () => {
    expect([...placeholderPng('林黛玉')]).toEqual([...placeholderPng('林黛玉')]);
    expect(hueOf('Alice')).not.toBe(hueOf('Bob'));
    const palette = (name: string) => [...readPngChunks(placeholderPng(name))[1]!.data];
    expect(palette('Alice')).not.toEqual(palette('Bob'));
  });
});
