import { describe, expect, it } from 'vitest';
import { EMPTY_THINK_BLOCK } from './model-family.ts';
import { stopStrings } from './stop-strings.ts';

const en = { name: 'Alice', userName: 'Tom', language: 'en' as const };

describe('stopStrings', () => {
  it('single layout: closing quote, own next line, the user name and Me', () => {
    expect(stopStrings('single', en, 'Qwen3-1.7B')).toEqual(['"', '\nAlice:', '\nAlice：', '\nTom:', '\nTom：', '\nMe:', '\nMe：']);
  });

  it('single layout, Chinese: the closing corner bracket', () => {
    expect(stopStrings('single', { name: '黛玉', userName: 'Me', language: 'zh' }, 'Qwen2.5-3B')[0]).toBe('」');
  });

  it('chat layout never stops on the opening of its own line, even after Qwen3 thinking block', () => {
    for (const model of ['Qwen3-1.7B-q4f16_1-MLC', 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC']) {
      const output = `${model.startsWith('Qwen3') ? EMPTY_THINK_BLOCK : ''}Alice: "Hello."`;
      const stops = stopStrings('chat', en, model);
      expect(stops.filter((s) => output.includes(s))).toEqual([]);
      expect(stops).toContain('\nTom:');
    }
  });

  it('chat layout still stops a second line of its own', () => {
    const second = 'Alice: "One."\nAlice: "Two."';
    for (const model of ['Qwen3-1.7B', 'Qwen2.5-1.5B']) {
      expect(stopStrings('chat', en, model).some((s) => second.includes(s))).toBe(true);
    }
  });
});
