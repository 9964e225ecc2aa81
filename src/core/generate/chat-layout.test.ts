import { describe, expect, it } from 'vitest';
import type { ChatTurn } from '../llm-engine.ts';
import { chatLayout } from './chat-layout.ts';
import { chineseContext, englishContext } from './__golden__/contexts.ts';
import type { HistoryMessage, PromptContext } from './prompt-layout.ts';

function messagesOf(ctx: PromptContext): ChatTurn[] {
  const input = chatLayout.build(ctx).request.input;
  if (input.kind !== 'chat') throw new Error('expected a message list');
  return input.messages;
}

const EN_SYSTEM =
  'Alice keeps the lighthouse.\n\n' +
  '[Task]\nYou are Alice. Continue the role-play with Me, speaking as Alice.\n\n' +
  '[Rules]\n' +
  '- Stay in role as Alice at all times; never say you are an AI, a model or an assistant.\n' +
  "- Write exactly one reply, spoken by Alice only; never write Me's lines.\n" +
  '- Answer in one line: Alice: "…"';

describe('chatLayout', () => {
  it('builds the golden English message list: stable system prompt, earlier turns as sent, notes only in the new turn', () => {
    const ctx = englishContext({ retrieved: ['The ferry runs on Tuesdays.'] });
    expect(messagesOf(ctx)).toEqual([
      { role: 'system', content: EN_SYSTEM },
      { role: 'assistant', content: 'Alice: "Welcome to the lighthouse."' },
      { role: 'user', content: 'Me: "Is the lamp lit?"' },
      { role: 'assistant', content: 'Alice: *nods* "Every night."' },
      { role: 'user', content: '[Notes for Alice, not said aloud]\n- The ferry runs on Tuesdays.\n\nMe: "Any ships tonight?"' },
    ]);
  });

  it('builds the golden Chinese Qwen3 message list with the story in the system prompt and the reply resent verbatim', () => {
    expect(messagesOf(chineseContext())).toEqual([
      {
        role: 'system',
        content:
          '林黛玉，寄居贾府。\n\n' +
          '[任务]\n你是林黛玉。以林黛玉的身份继续与宝玉的角色扮演对话。\n\n' +
          '[规则]\n' +
          '- 始终保持林黛玉的身份，不要说自己是AI、模型或助手。\n' +
          '- 每次只写一条回复，只以林黛玉的口吻说话，不要替宝玉说话。\n' +
          '- 回复写成一行：林黛玉：「……」\n\n' +
          '[前情提要]\n话题：葬花',
      },
      { role: 'user', content: '宝玉：「妹妹在做什么？」' },
      { role: 'assistant', content: '<think>\n\n</think>\n\n林黛玉：「葬花。」' },
      { role: 'user', content: '[给林黛玉的参考，不要说出来]\n- 宝玉曾送她两块旧帕子。\n\n宝玉：「我帮你。」' },
    ]);
  });

  it('returns userSent (to store as the new message raw), no prefill and runaway-only stop strings', () => {
    const built = chatLayout.build(englishContext({ retrieved: ['Fog.'] }));
    expect(built).toMatchObject({ layout: 'chat', prefixed: false, userSent: '[Notes for Alice, not said aloud]\n- Fog.\n\nMe: "Any ships tonight?"' });
    expect(built.request.stop).toEqual(['\nAlice:', '\nAlice：', '\nMe:', '\nMe：']);
    expect(built.request.stop).not.toContain('"');
    const zh = chatLayout.build(chineseContext());
    expect(zh.request.stop).toEqual(['」\n林黛玉:', '」\n林黛玉：', '」\n\n林黛玉:', '」\n\n林黛玉：', '\n宝玉:', '\n宝玉：', '\nMe:', '\nMe：']);
  });

  it('segments join to the ChatML the engine renders for the messages plus the assistant header', () => {
    for (const ctx of [englishContext({ summaries: ['S1', 'S2'], retrieved: ['n'] }), chineseContext()]) {
      const rendered = messagesOf(ctx).map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
      const header = ctx.modelId.startsWith('Qwen3') ? '<|im_start|>assistant\n<think>\n\n</think>\n\n' : '<|im_start|>assistant\n';
      expect(chatLayout.segments(ctx).map((s) => s.text).join('')).toBe(rendered + header);
    }
  });

  it('sends the canonical line for edited, interrupted or prefix-less replies and edited user lines', () => {
    const history: HistoryMessage[] = [
      { role: 'user', text: 'Edited line', raw: '[Notes for Alice, not said aloud]\n- x\n\nMe: "Original line"', status: 'complete' },
      { role: 'assistant', text: 'Edited reply', raw: 'Alice: "Original reply"', status: 'complete' },
      { role: 'user', text: 'Kept', raw: '[Notes for Alice, not said aloud]\n- y\n\nMe: "Kept"', status: 'complete' },
      { role: 'assistant', text: 'No prefix', raw: 'No prefix', status: 'complete' },
      { role: 'user', text: 'a', status: 'complete' },
      { role: 'assistant', text: 'Cut off', raw: 'Alice: "Cut off', status: 'interrupted' },
      { role: 'user', text: 'Next?', status: 'complete' },
    ];
    expect(messagesOf(englishContext({ history })).slice(1)).toEqual([
      { role: 'user', content: 'Me: "Edited line"' },
      { role: 'assistant', content: 'Alice: "Edited reply"' },
      { role: 'user', content: '[Notes for Alice, not said aloud]\n- y\n\nMe: "Kept"' },
      { role: 'assistant', content: 'Alice: "No prefix"' },
      { role: 'user', content: 'Me: "a"' },
      { role: 'assistant', content: 'Alice: "Cut off"' },
      { role: 'user', content: 'Me: "Next?"' },
    ]);
  });

  it("keeps the prefix byte-identical across turns: next turn's messages[:-1] = this turn's messages + the reply verbatim", () => {
    let ctx = englishContext({ modelId: 'Qwen3-4B-q4f16_1-MLC' });
    for (let turn = 0; turn < 5; turn++) {
      const built = chatLayout.build({ ...ctx, retrieved: [`note ${turn}`] });
      if (built.request.input.kind !== 'chat') throw new Error('expected chat');
      const sent = built.request.input.messages;
      const reply = `<think>\n\n</think>\n\nAlice: *thinks* "Answer ${turn}."`;
      const history = [...ctx.history];
      const last = history.pop() as HistoryMessage;
      history.push({ ...last, raw: built.userSent }, { role: 'assistant', text: `*thinks* Answer ${turn}.`, raw: reply, status: 'complete' });
      history.push({ role: 'user', text: `Question ${turn + 1}`, status: 'complete' });
      ctx = { ...ctx, history };
      const next = messagesOf({ ...ctx, retrieved: [`note ${turn + 1}`] });
      expect(next.slice(0, -1)).toEqual([...sent, { role: 'assistant', content: reply }]);
    }
  });
});
