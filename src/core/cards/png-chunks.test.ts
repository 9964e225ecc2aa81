import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { makeChunk, readPngChunks, walkPngChunks, writePng, chunkCrcMatches } from './png-chunks.ts';
import { cardPng, iend, imageChunks, pngFile, rawChunk, tEXt } from './test-fixtures.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.code;
    throw error;
  }
  return undefined;
}

describe('readPngChunks', () => {
  it('lists chunks up to IEND and ignores trailing bytes', () => {
    const png = pngFile(...imageChunks(), tEXt('Comment', 'hi'), iend(), new Uint8Array([1, 2, 3]));
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'IEND']);
    expect(chunks.every(chunkCrcMatches)).toBe(true);
  });

  it('rejects a file without the PNG signature', () => {
    expect(codeOf(() => readPngChunks(new TextEncoder().encode('GIF89a......')))).toBe('not-png');
  });

  it('reports truncation anywhere in the file', () => {
    const png = cardPng(tEXt('chara', 'abcd'));
    for (const cut of [8, 10, 20, 33, png.length - 1]) {
      expect(codeOf(() => readPngChunks(png.subarray(0, cut)))).toBe('truncated');
    }
  });

  it('refuses a hostile chunk length at once', () => {
    const huge = rawChunk('tEXt', [0x61, 0]);
    huge.set([0xff, 0xff, 0xff, 0xf0], 0);
    expect(codeOf(() => readPngChunks(pngFile(...imageChunks(), huge, iend())))).toBe('invalid');
    huge.set([0x7f, 0xff, 0xff, 0xf0], 0);
    expect(codeOf(() => readPngChunks(pngFile(...imageChunks(), huge, iend())))).toBe('truncated');
  });

  it('refuses a chunk whose name is not four letters', () => {
    expect(codeOf(() => readPngChunks(pngFile(rawChunk('IH R', [1]), iend())))).toBe('invalid');
  });

  it('walkPngChunks returns the problem instead of throwing', () => {
    expect(walkPngChunks(new Uint8Array([1, 2])).problem?.code).toBe('not-png');
    expect(walkPngChunks(cardPng()).problem).toBeUndefined();
  });
});

describe('writePng', () => {
  it('writes bytes that read back identically', () => {
    const png = cardPng(tEXt('Title', 'x'));
    expect([...writePng(readPngChunks(png))]).toEqual([...png]);
  });

  it('makeChunk computes the CRC the reader accepts', () => {
    const chunk = makeChunk('tEXt', new Uint8Array([0x61, 0, 0x62]));
    const [read] = readPngChunks(writePng([chunk, makeChunk('IEND', new Uint8Array(0))]));
    expect(read && chunkCrcMatches(read)).toBe(true);
  });
});

describe('hostile PNG structure', () => {
  it('stops after MAX_PNG_CHUNKS tiny chunks instead of exhausting memory', () => {
    const tiny = rawChunk('tEXt', []);
    const count = 100_001;
    const bytes = new Uint8Array(8 + tiny.length * count);
    bytes.set(pngFile(), 0);
    for (let i = 0; i < count; i++) bytes.set(tiny, 8 + i * tiny.length);
    const started = performance.now();
    expect(walkPngChunks(bytes).problem?.code).toBe('invalid');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
