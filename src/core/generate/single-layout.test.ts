import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { singleLayout } from './single-layout.ts';
import { chineseContext, englishContext } from './__golden__/contexts.ts';

function promptOf(ctx = englishContext()): string {
  const input = singleLayout.build(ctx).request.input;
  if (input.kind !== 'prompt') throw new Error('expected a raw prompt');
  return input.prompt;
}

describe('singleLayout', () => {
  it('builds the golden English prompt: one user message with the whole history, ending in Name: "', () => {
    const ctx = englishContext({ summaries: ['Topic: the storm'], retrieved: ['The ferry runs on Tuesdays.'] });
    expect(promptOf(ctx)).toBe(
      '<|im_start|>system\n' +
        'Alice keeps the lighthouse.\n\n' +
        '[Task]\nYou are Alice. Continue the role-play with Me, speaking as Alice.\n\n' +
        '[Rules]\n' +
        '- Stay in role as Alice at all times; never say you are an AI, a model or an assistant.\n' +
        "- Write exactly one reply, spoken by Alice only; never write Me's lines.\n" +
        '- Answer in one line: Alice: "…"<|im_end|>\n' +
        '<|im_start|>user\n' +
        '[Story so far]\nTopic: the storm\n\n' +
        '[Notes for Alice, not said aloud]\n- The ferry runs on Tuesdays.\n\n' +
        '[Conversation]\n' +
        'Alice: "Welcome to the lighthouse."\n' +
        'Me: "Is the lamp lit?"\n' +
        'Alice: "*nods* Every night."\n' +
        'Me: "Any ships tonight?"\n' +
        '<|im_end|>\n' +
        '<|im_start|>assistant\n' +
        'Alice: "',
    );
  });

  it('builds the golden Chinese Qwen3 prompt: corner brackets and the empty thinking block before the prefix', () => {
    expect(promptOf(chineseContext())).toBe(
      '<|im_start|>system\n' +
        '林黛玉，寄居贾府。\n\n' +
        '[任务]\n你是林黛玉。以林黛玉的身份继续与宝玉的角色扮演对话。\n\n' +
        '[规则]\n' +
        '- 始终保持林黛玉的身份，不要说自己是AI、模型或助手。\n' +
        '- 每次只写一条回复，只以林黛玉的口吻说话，不要替宝玉说话。\n' +
        '- 回复写成一行：林黛玉：「……」<|im_end|>\n' +
        '<|im_start|>user\n' +
        '[前情提要]\n话题：葬花\n\n' +
        '[给林黛玉的参考，不要说出来]\n- 宝玉曾送她两块旧帕子。\n\n' +
        '[对话]\n' +
        '宝玉：「妹妹在做什么？」\n' +
        '林黛玉：「葬花。」\n' +
        '宝玉：「我帮你。」\n' +
        '<|im_end|>\n' +
        '<|im_start|>assistant\n<think>\n\n</think>\n\n' +
        '林黛玉：「',
    );
  });

  it('leaves out empty sections and empty (failed) messages', () => {
    const base = englishContext();
    const ctx = englishContext({ history: [...base.history.slice(0, 3), { role: 'assistant', text: '', status: 'error' }, ...base.history.slice(3)] });
    const prompt = promptOf(ctx);
    expect(prompt).not.toContain('[Story so far]');
    expect(prompt).not.toContain('[Notes');
    expect(prompt).toContain('Alice: "*nods* Every night."\nMe: "Any ships tonight?"\n<|im_end|>');
  });

  it('returns the raw-prompt request with stop strings, sampling, max tokens and thinking off', () => {
    const built = singleLayout.build(englishContext());
    expect(built.layout).toBe('single');
    expect(built.prefixed).toBe(true);
    expect(built.userSent).toBe('Me: "Any ships tonight?"');
    expect(built.request).toMatchObject({ maxTokens: 200, sampling: { temperature: 0.7 }, enableThinking: false });
    expect(built.request.stop).toEqual(['"', '\nAlice:', '\nAlice：', '\nMe:', '\nMe：']);
  });

  it('segments join to exactly the prompt and tag every turn with its history index', () => {
    const ctx = chineseContext();
    const segs = singleLayout.segments(ctx);
    expect(segs.map((s) => s.text).join('')).toBe(promptOf(ctx));
    expect(segs.filter((s) => s.kind === 'turn').map((s) => s.turn)).toEqual([0, 1, 2]);
    expect(segs.find((s) => s.kind === 'retrieved')?.text).toBe('[给林黛玉的参考，不要说出来]\n- 宝玉曾送她两块旧帕子。\n\n');
  });

  it('refuses a history that does not end with the user line', () => {
    const base = englishContext();
    expect(() => singleLayout.build(englishContext({ history: base.history.slice(0, 3) }))).toThrow(ValidationError);
    expect(() => singleLayout.build(englishContext({ history: [] }))).toThrow(ValidationError);
  });
});
