import { describe, expect, it } from 'vitest';
import { distinctN, ngrams } from './distinct-n.ts';
import { textUnits } from './text-units.ts';

describe('textUnits', () => {
  it('splits words, CJK characters and drops punctuation', () => {
    expect(textUnits('Hello, World! I’m here.')).toEqual(['hello', 'world', 'i’m', 'here']);
    expect(textUnits('你好，世界！')).toEqual(['你', '好', '世', '界']);
    expect(textUnits('我爱 NLP 2024')).toEqual(['我', '爱', 'nlp', '2024']);
  });
});

describe('distinctN', () => {
  it('counts English word n-grams over the corpus', () => {
    const replies = ['The cat sat.', 'the cat ran'];
    expect(distinctN(replies, 1)).toBeCloseTo(4 / 6, 10);
    expect(distinctN(replies, 2)).toBeCloseTo(3 / 4, 10);
  });

  it('counts Chinese character n-grams', () => {
    const replies = ['你好你好', '你好，世界'];
    expect(distinctN(replies, 1)).toBe(4 / 8);
    expect(distinctN(replies, 2)).toBeCloseTo(4 / 6, 10);
  });

  it('never builds n-grams across two replies', () => {
    expect(ngrams('a b', 2)).toEqual(['a b']);
    expect(distinctN(['a b', 'c d'], 2)).toBe(1);
    expect(distinctN(['a', 'b'], 2)).toBeNull();
  });

  it('is 1 for all-unique text and low for repetition', () => {
    expect(distinctN(['one two three'], 1)).toBe(1);
    expect(distinctN(['ha ha ha ha'], 1)).toBe(1 / 4);
    expect(distinctN(['哈哈哈哈'], 2)).toBe(1 / 3);
  });

  it('returns null without n-grams and rejects a bad n', () => {
    expect(distinctN([], 1)).toBeNull();
    expect(distinctN(['...'], 1)).toBeNull();
    expect(() => distinctN(['a'], 0)).toThrow(RangeError);
  });
});
