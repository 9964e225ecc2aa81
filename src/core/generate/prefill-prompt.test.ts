import { describe, expect, it } from 'vitest';
import { planPrompt } from '../budget/plan-prompt.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { TokenCounter } from '../token-counter.ts';
import { chineseContext, englishContext } from './__golden__/contexts.ts';
import { chatLayout } from './chat-layout.ts';
import { assistantHeader, chatMlTurn } from './chatml.ts';
import { prefillLayout } from './prefill-prompt.ts';
import type { PromptContext } from './prompt-layout.ts';
import { singleLayout } from './single-layout.ts';

function promptOf(ctx: PromptContext, layout = singleLayout): string {
  const input = layout.build(ctx).request.input;
  if (input.kind !== 'prompt') throw new Error('expected a raw prompt');
  return input.prompt;
}

function messagesOf(ctx: PromptContext, layout = chatLayout): ChatTurn[] {
  const input = layout.build(ctx).request.input;
  if (input.kind !== 'chat') throw new Error('expected chat messages');
  return input.messages;
}

const chars: TokenCounter = { id: 'chars', count: (t) => t.length };

describe('prefillLayout, raw (continue)', () => {
  it("is the single layout's prompt with the line so far after Name: \"", () => {
    const ctx = englishContext({ summaries: ['Topic: the storm'], retrieved: ['The ferry runs on Tuesdays.'] });
    const continued = prefillLayout({ kind: 'continue', text: 'None since' }, true);
    expect(promptOf(ctx, continued)).toBe(`${promptOf(ctx)}None since`);
    const built = continued.build(ctx);
    expect(built).toMatchObject({ layout: 'single', prefixed: true, userSent: '' });
    expect(built.request).toMatchObject({ maxTokens: 200, enableThinking: false, sampling: { temperature: 0.7 } });
    expect(built.request.stop).toEqual(singleLayout.build(ctx).request.stop);
  });

  it('keeps corner brackets and the Qwen3 empty thinking block (Chinese)', () => {
    const prompt = promptOf(chineseContext(), prefillLayout({ kind: 'continue', text: '我在' }, true));
    expect(prompt.endsWith('<|im_start|>assistant\n<think>\n\n</think>\n\n林黛玉：「我在')).toBe(true);
    expect(prompt).toBe(`${promptOf(chineseContext())}我在`);
  });

  it('works without a user line before the line (continuing the greeting)', () => {
    const prompt = promptOf(englishContext({ history: [] }), prefillLayout({ kind: 'continue', text: 'Welcome' }, true));
    expect(prompt.endsWith('[Conversation]\n<|im_end|>\n<|im_start|>assistant\nAlice: "Welcome')).toBe(true);
  });
});

describe('prefillLayout, raw (impersonate)', () => {
  it("ends in the user's open line after the whole conversation", () => {
    const ctx = englishContext();
    const prompt = promptOf(ctx, prefillLayout({ kind: 'impersonate' }, true));
    expect(prompt).toContain('Me: "Any ships tonight?"\n<|im_end|>\n<|im_start|>assistant\nMe: "');
    expect(prompt.endsWith('assistant\nMe: "')).toBe(true);
    expect(prompt.slice(0, prompt.indexOf('[Conversation]'))).toBe(promptOf(ctx).slice(0, promptOf(ctx).indexOf('[Conversation]')));
  });

  it("uses the user persona's name and Chinese quotes", () => {
    const prompt = promptOf(chineseContext(), prefillLayout({ kind: 'impersonate' }, true));
    expect(prompt.endsWith('<think>\n\n</think>\n\n宝玉：「')).toBe(true);
  });
});

describe('prefillLayout, chat-only', () => {
  it('continue: earlier messages as the chat layout sends them, the open line, then the instruction with the notes', () => {
    const ctx = englishContext({ retrieved: ['The ferry runs on Tuesdays.'] });
    const messages = messagesOf(ctx, prefillLayout({ kind: 'continue', text: 'None since' }, false));
    const chat = messagesOf(ctx);
    expect(messages.slice(0, 4)).toEqual(chat.slice(0, 4));
    expect(messages[4]).toEqual({ role: 'user', content: 'Me: "Any ships tonight?"' });
    expect(messages[5]).toEqual({ role: 'assistant', content: 'Alice: "None since' });
    expect(messages[6]?.role).toBe('user');
    expect(messages[6]?.content).toMatch(/^\[Notes for Alice, not said aloud\]\n- The ferry runs on Tuesdays\.\n\n\[Continue\] /);
    expect(messages).toHaveLength(7);
  });

  it('impersonate: asks for the user line; on Qwen3 no stop fires on the thinking block before the name', () => {
    const ctx = chineseContext();
    const built = prefillLayout({ kind: 'impersonate' }, false).build(ctx);
    const messages = messagesOf(ctx, prefillLayout({ kind: 'impersonate' }, false));
    expect(messages.at(-2)).toEqual({ role: 'user', content: '宝玉：「我帮你。」' });
    expect(messages.at(-1)?.content).toContain('宝玉：「……」');
    expect(built.prefixed).toBe(false);
    expect(built.request.stop).toContain('\n林黛玉：');
    expect(built.request.stop).toContain('」\n宝玉：');
    expect(built.request.stop).not.toContain('\n宝玉：');
    expect(built.request.stop).not.toContain('\n宝玉:');
  });

  it('segments render exactly the ChatML of the messages (so the budget counts what is sent)', () => {
    for (const task of [{ kind: 'continue', text: 'None since' } as const, { kind: 'impersonate' } as const]) {
      const ctx = englishContext({ summaries: ['Topic: the storm'], retrieved: ['Note.'] });
      const layout = prefillLayout(task, false);
      const rendered = messagesOf(ctx, layout).map((m) => chatMlTurn(m.role, m.content)).join('') + assistantHeader(ctx.modelId);
      expect(layout.segments(ctx).map((s) => s.text).join('')).toBe(rendered);
    }
  });
});

describe('prefillLayout budgeting', () => {
  it('plans a history that ends with a reply (no new user line needed) and counts the open line', () => {
    const ctx = englishContext({ history: englishContext().history.slice(0, 3) });
    const plan = planPrompt(prefillLayout({ kind: 'impersonate' }, true), ctx, chars, { contextWindow: 4096 });
    expect(plan.tokens.total).toBe(promptOf(ctx, prefillLayout({ kind: 'impersonate' }, true)).length);
    expect(plan.tokens.turns.every((n) => n > 0)).toBe(true);
    expect(plan.plan.fits).toBe(true);
  });
});
