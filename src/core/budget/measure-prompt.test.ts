import { describe, expect, it } from 'vitest';
import { chineseContext, englishContext } from '../generate/__golden__/contexts.ts';
import { chatLayout } from '../generate/chat-layout.ts';
import { singleLayout } from '../generate/single-layout.ts';
import type { TokenCounter } from '../token-counter.ts';
import { measureSegments } from './measure-prompt.ts';
import { planPrompt } from './plan-prompt.ts';

/** Logic-test stand-in: one "token" per UTF-16 unit (the real tokenizer is tested in the adapter). */
const chars: TokenCounter = { id: 'chars', count: (t) => t.length };

describe('measureSegments / planPrompt', () => {
  it('splits the prompt into parts that add up to the whole prompt, per history index', () => {
    for (const layout of [singleLayout, chatLayout]) {
      const ctx = chineseContext();
      const segs = layout.segments(ctx);
      const t = measureSegments(segs, ctx.history.length, chars);
      expect(t.total).toBe(segs.map((s) => s.text).join('').length);
      expect(t.turns).toHaveLength(3);
      expect(t.turns.every((n) => n > 0)).toBe(true);
      expect(t.retrieved).toBe('[给林黛玉的参考，不要说出来]\n- 宝玉曾送她两块旧帕子。\n\n'.length);
      expect(t.summaries).toBeGreaterThan(0);
    }
  });

  it('counts a left-out (empty) message as 0', () => {
    const base = englishContext();
    const history = [{ role: 'assistant' as const, text: '', status: 'error' as const }, ...base.history];
    expect(measureSegments(singleLayout.segments({ ...base, history }), history.length, chars).turns[0]).toBe(0);
  });

  it('plans with the reply reserve taken from maxTokens', () => {
    const ctx = englishContext({ maxTokens: 300 });
    const { plan, tokens } = planPrompt(chatLayout, ctx, chars, { contextWindow: 2000, safetyMargin: 0 });
    expect(plan.budget).toBe(1700);
    expect(plan.used).toBe(tokens.total);
    expect(plan.fits).toBe(tokens.total <= 1700);
  });
});
