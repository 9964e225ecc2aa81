import { crc32 as nodeCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adler32, crc32, crc32Continue } from './crc32.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('matches Node zlib for random bytes and ranges', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (bytes, cut) => {
        expect(crc32(bytes)).toBe(nodeCrc32(bytes));
        const start = bytes.length === 0 ? 0 : cut % bytes.length;
        expect(crc32(bytes, start)).toBe(nodeCrc32(bytes.subarray(start)));
      }),
      { numRuns: 100 },
    );
  });
});

describe('adler32', () => {
  it('gives known values', () => {
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it('stays exact on long runs of 0xff (modulo is applied often enough)', () => {
    const bytes = new Uint8Array(100_000).fill(0xff);
    let a = 1;
    let b = 0;
    for (const byte of bytes) {
      a = (a + byte) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(bytes)).toBe(((b << 16) | a) >>> 0);
  });
});

describe('crc32Continue', () => {
  it('continues a CRC over split input', () => {
    const bytes = ascii('hello, 世界');
    expect(crc32Continue(crc32(bytes, 0, 4), bytes, 4)).toBe(crc32(bytes));
  });
});
