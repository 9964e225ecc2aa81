import { describe, expect, it } from 'vitest';
import type { TokenCounter } from '../token-counter.ts';
import { chunkText } from './chunk-text.ts';
import { sentenceSpans } from './split-text.ts';
import { prefixWithinTokens } from './token-prefix.ts';

/** Test tokenizer: one token per Han character, per Latin word or number, per other symbol. */
const counter: TokenCounter = {
  id: 'test',
  count: (t) => t.match(/\p{Script=Han}|[A-Za-z0-9']+|[^\s\p{Script=Han}A-Za-z0-9']/gu)?.length ?? 0,
};

const zh = '林黛玉道：“你又来了。”宝玉笑道：“好妹妹，我错了！”黛玉不理他……\n他只好走了？';
const en = 'Alice smiled. "Are you sure?" she asked! Tom nodded... Then he left. Pi is 3.14 exactly.';

function sentences(text: string): string[] {
  return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
}

describe('sentenceSpans', () => {
  it('splits Chinese at 。！？…, keeping closing quotes, and at line breaks', () => {
    expect(sentences(zh)).toEqual(['林黛玉道：“你又来了。”', '宝玉笑道：“好妹妹，我错了！”', '黛玉不理他……\n', '他只好走了？']);
  });

  it('splits English at . ! ? followed by space or quote, not inside numbers', () => {
    expect(sentences(en)).toEqual(['Alice smiled. ', '"Are you sure?" ', 'she asked! ', 'Tom nodded... ', 'Then he left. ', 'Pi is 3.14 exactly.']);
  });

  it('covers the text exactly', () => {
    for (const text of [zh, en, '', 'no end mark']) expect(sentences(text).join('')).toBe(text);
  });
});

describe('chunkText', () => {
  const paragraphs = [zh, en, zh.repeat(3), en.repeat(4), '短段落。'].join('\n\n');

  it('respects the budget exactly and keeps whole paragraphs where possible', () => {
    const chunks = chunkText(paragraphs, counter, { maxTokens: 60 });
    for (const chunk of chunks) {
      expect(counter.count(chunk.text)).toBe(chunk.tokens);
      expect(chunk.tokens).toBeLessThanOrEqual(60);
      expect(paragraphs.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(chunks[0]?.text).toBe(zh);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('loses nothing: without overlap the chunks rebuild the text (modulo whitespace)', () => {
    const chunks = chunkText(paragraphs, counter, { maxTokens: 25 });
    expect(
      chunks
        .map((c) => c.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(paragraphs.replace(/\s/g, ''));
  });

  it('is deterministic', () => {
    expect(chunkText(paragraphs, counter, { maxTokens: 40, overlapTokens: 10 })).toEqual(chunkText(paragraphs, counter, { maxTokens: 40, overlapTokens: 10 }));
  });

  it('repeats whole sentences from the previous chunk as overlap', () => {
    const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const chunks = chunkText(text, counter, { maxTokens: 20, overlapTokens: 6 });
    expect(chunks.length).toBeGreaterThan(2);
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = chunks[i - 1]!;
      const current = chunks[i]!;
      expect(current.start).toBeLessThan(previous.end);
      expect(current.end).toBeGreaterThan(previous.end);
      expect(current.tokens).toBeLessThanOrEqual(20);
    }
    expect(chunks.at(-1)?.text.endsWith('Sentence number 11 is here.')).toBe(true);
  });

  it('hard-cuts a long text without punctuation, never splitting a surrogate pair', () => {
    const text = '𠀀字'.repeat(50);
    const chunks = chunkText(text, counter, { maxTokens: 7 });
    expect(chunks.map((c) => c.text).join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.tokens).toBeLessThanOrEqual(7);
      expect(chunk.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('detects token merges across units by counting the joined text', () => {
    // "ab" + "cd" count 1 + 1 alone but "abcd" joined is still 1: sums over-estimate, never under
    const merging: TokenCounter = { id: 'merge', count: (t) => (t.includes('x') ? 100 : counter.count(t)) };
    const chunks = chunkText('one.\n\ntwo x.\n\nthree.', merging, { maxTokens: 100 });
    expect(chunks.every((c) => merging.count(c.text) <= 100)).toBe(true);
  });

  it('rejects impossible options', () => {
    expect(() => chunkText('a', counter, { maxTokens: 0 })).toThrow(/at least 1 token/);
    expect(() => chunkText('a', counter, { maxTokens: 5, overlapTokens: 5 })).toThrow(/larger than the overlap/);
  });

  it('chunks a few MB quickly', () => {
    const big = `${zh}\n\n${en}\n\n`.repeat(15_000);
    expect(big.length).toBeGreaterThan(1_500_000);
    const chunks = chunkText(big, counter, { maxTokens: 1500, overlapTokens: 100 });
    expect(chunks.length).toBeGreaterThan(500);
    expect(chunks.every((c) => c.tokens <= 1500)).toBe(true);
  });
});

describe('prefixWithinTokens', () => {
  it('returns the longest fitting prefix and at least one code point', () => {
    expect(prefixWithinTokens('你好世界', counter, 2)).toBe(2);
    expect(prefixWithinTokens('short', counter, 5)).toBe(5);
    expect(prefixWithinTokens('𠀀𠀀', counter, 0)).toBe(2);
    expect(prefixWithinTokens('', counter, 3)).toBe(0);
    expect(prefixWithinTokens('word '.repeat(100), counter, 10)).toBe(50);
    expect(prefixWithinTokens('字'.repeat(3000), counter, 1234)).toBe(1234);
  });
});
