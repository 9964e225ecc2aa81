import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';

describe('encodeBase64 / decodeBase64', () => {
  it('matches Node for random bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64');
        expect(encodeBase64(bytes)).toBe(expected);
        expect([...decodeBase64(expected)]).toEqual([...bytes]);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips UTF-8 text with CJK and emoji', () => {
    const text = '林黛玉 says «bonjour» 👋🏽';
    const encoded = encodeBase64(new TextEncoder().encode(text));
    expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64'));
    expect(new TextDecoder().decode(decodeBase64(encoded))).toBe(text);
  });

  it('accepts missing padding, line breaks and the URL-safe alphabet', () => {
    expect([...decodeBase64('/+8')]).toEqual([0xff, 0xef]);
    expect([...decodeBase64('_-8')]).toEqual([0xff, 0xef]);
    expect(new TextDecoder().decode(decodeBase64('aGVs\nbG8=\r\n'))).toBe('hello');
  });

  it.each([
    ['a character outside the alphabet', 'aGV*bG8='],
    ['non-ASCII text', 'aGVsbG8é'],
    ['a single leftover character', 'aGVsb'],
    ['padding in the middle', 'aG=VsbG8'],
    ['too much padding', 'aGVsbG8==='],
  ])('rejects %s with bad-base64', (_label, input) => {
    expect(() => decodeBase64(input)).toThrow(ValidationError);
    try {
      decodeBase64(input);
    } catch (error) {
      expect((error as ValidationError).code).toBe('bad-base64');
    }
  });
});
