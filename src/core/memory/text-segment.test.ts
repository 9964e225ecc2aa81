import { describe, expect, it } from 'vitest';
import { cjkBigrams, hasCjk, segmentWords } from './text-segment.ts';
import { DEFAULT_STOPWORDS } from './stopwords.ts';

describe('segmentWords', () => {
  it('splits Chinese into dictionary words', () => {
    const words = segmentWords('我昨天在北京吃了烤鸭。');
    expect(words).toContain('北京');
    expect(words).toContain('烤鸭');
    expect(words).not.toContain('。');
  });

  it('lower-cases English and drops punctuation', () => {
    expect(segmentWords('Alice said: "The Great Wall!"')).toEqual(['alice', 'said', 'the', 'great', 'wall']);
  });

  it('handles mixed Chinese and English in one text', () => {
    const words = segmentWords('我喜欢Alice的猫');
    expect(words).toContain('alice');
    expect(words).toContain('喜欢');
  });

  it('normalises full-width letters and digits', () => {
    expect(segmentWords('ＡＢＣ １２３')).toEqual(['abc', '123']);
  });

  it('drops stopwords when asked', () => {
    expect(segmentWords('The sword of the king', { stopwords: DEFAULT_STOPWORDS })).toEqual(['sword', 'king']);
    expect(segmentWords('我的剑', { stopwords: DEFAULT_STOPWORDS })).not.toContain('的');
  });

  it('can index CJK as character bigrams instead', () => {
    expect(segmentWords('林黛玉葬花', { cjkBigrams: true })).toEqual(['林黛', '黛玉', '玉葬', '葬花']);
    expect(segmentWords('Tea 茶', { cjkBigrams: true })).toEqual(['tea', '茶']);
  });
});

describe('CJK helpers', () => {
  it('detects CJK text and builds bigrams', () => {
    expect(hasCjk('hello')).toBe(false);
    expect(hasCjk('hello 世界')).toBe(true);
    expect(cjkBigrams('世界和平')).toEqual(['世界', '界和', '和平']);
    expect(cjkBigrams('世')).toEqual(['世']);
  });
});
