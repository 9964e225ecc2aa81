import { describe, expect, it } from 'vitest';
import type { MemoryId, PersonaId } from '../ids.ts';
import { chunkSource, sourceChunksToMemories, splitSentences } from './source-chunks.ts';

const zh = '黛玉方进入房时，只见两个人搀着一位鬓发如银的老母迎上来。黛玉便知是他外祖母。'.repeat(12);
const en = 'The fog lay thick on Baker Street that morning. Holmes did not look up from his violin. '.repeat(10);

describe('splitSentences', () => {
  it('splits Chinese and English sentences without losing text', () => {
    const text = '她说：「我回来了！」然后走了。He said "hi." 3.14 is pi\n\nNew para';
    const parts = splitSentences(text);
    expect(parts).toEqual(['她说：「我回来了！」', '然后走了。', 'He said "hi." ', '3.14 is pi\n\n', 'New para']);
    expect(parts.join('')).toBe(text);
  });
});

describe('chunkSource', () => {
  it('keeps chunks within the size and overlaps neighbours', () => {
    for (const text of [zh, en, zh + en]) {
      const chunks = chunkSource(text, { maxChars: 200, overlapChars: 40 });
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) expect(c.length).toBeLessThanOrEqual(200);
      for (let i = 1; i < chunks.length; i++) {
        const tail = chunks[i - 1]!.slice(-15);
        expect(chunks[i]!.slice(0, 60)).toContain(tail.trim().slice(-8));
      }
    }
  });

  it('covers every sentence of the source', () => {
    const text = 'One. Two two. Three three three. 四。五五。六六六。'.repeat(5);
    const joined = chunkSource(text, { maxChars: 30, overlapChars: 0 }).join(' ');
    for (const s of splitSentences(text)) expect(joined).toContain(s.trim());
  });

  it('cuts a sentence longer than the chunk', () => {
    const long = '字'.repeat(1000);
    const chunks = chunkSource(long, { maxChars: 400, overlapChars: 0 });
    expect(chunks.join('')).toBe(long);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(400);
  });

  it('also respects a token cap', () => {
    const words = { id: 'words', count: (s: string) => s.split(/\s+/).filter(Boolean).length };
    for (const c of chunkSource(en, { maxChars: 1000, maxTokens: 20, tokenCounter: words })) expect(words.count(c)).toBeLessThanOrEqual(20);
  });

  it('makes persona-level source-chunk memories', () => {
    let n = 0;
    const mems = sourceChunksToMemories(['a', 'b'], { personaId: 'p' as PersonaId, now: 1, newId: () => `s${n++}` as MemoryId });
    expect(mems.map((m) => [m.id, m.kind, m.chatId, m.importance])).toEqual([
      ['s0', 'source-chunk', undefined, 5],
      ['s1', 'source-chunk', undefined, 5],
    ]);
  });
});
