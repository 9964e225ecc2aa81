import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { thrownCode } from './fixtures.test-support.ts';
import { extractJson } from './json-extract.ts';

describe('extractJson', () => {
  it('reads plain JSON', () => {
    expect(extractJson(' {"a":1} ')).toEqual({ a: 1 });
  });

  it('reads a fenced block', () => {
    expect(extractJson('Here you go:\n```json\n{"a": [1, 2]}\n```\nDone.')).toEqual({ a: [1, 2] });
  });

  it('reads the first balanced object inside prose, ignoring braces inside strings', () => {
    expect(extractJson('Sure! {"mood": "happy }{ :)", "n": 2} hope it helps {')).toEqual({ mood: 'happy }{ :)', n: 2 });
  });

  it('skips a broken candidate and takes a later valid one', () => {
    expect(extractJson('{oops} then {"ok": true}')).toEqual({ ok: true });
  });

  it('stays fast on long garbage full of brackets', () => {
    const start = performance.now();
    expect(thrownCode(() => extractJson('['.repeat(200_000)))).toBe('bad-json');
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('throws a bad-json ValidationError on garbage or bare scalars', () => {
    for (const text of ['', 'no json here', '{"a": ', '42', '"text"']) {
      expect(() => extractJson(text)).toThrow(ValidationError);
      expect(thrownCode(() => extractJson(text))).toBe('bad-json');
    }
  });
});
