import { describe, expect, it } from 'vitest';
import { formatLine, linePrefix, quoteStyleFor } from './quote-style.ts';
import { speakersOf } from './speakers.ts';

describe('quote style', () => {
  it('writes English lines as Name: "…"', () => {
    expect(linePrefix('Alice', 'en')).toBe('Alice: "');
    expect(formatLine('Me', 'Hi.', 'en')).toBe('Me: "Hi."');
  });

  it('writes Chinese lines as Name：「…」', () => {
    expect(quoteStyleFor('zh')).toEqual({ colon: '：', open: '「', close: '」' });
    expect(formatLine('林黛玉', '你好。', 'zh')).toBe('林黛玉：「你好。」');
  });

  it('takes the speakers from a persona, with "Me" when the user has no name', () => {
    expect(speakersOf({ name: ' Alice ', language: 'en', user: { name: '', description: '' } })).toEqual({ name: 'Alice', userName: 'Me', language: 'en' });
    expect(speakersOf({ name: '林黛玉', language: 'zh', user: { name: '宝玉', description: '' } }).userName).toBe('宝玉');
  });
});
