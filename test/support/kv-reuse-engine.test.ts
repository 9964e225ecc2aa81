import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors/index.ts';
import type { ChatTurn, CompletionRequest } from '../../src/core/llm-engine.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';
import { KvReuseEngine, type KvScriptedReply } from './kv-reuse-engine.ts';
import { collect } from './scripted-engine.ts';

/** One "token" per UTF-16 unit keeps the expected numbers readable. */
const chars: TokenCounter = { id: 'chars', count: (t) => t.length };
const turn = (m: ChatTurn) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;
const HEADER = '<|im_start|>assistant\n';

async function engineWith(replies: KvScriptedReply[], model = 'Qwen2.5-1.5B-Instruct', contextWindow?: number) {
  const engine = new KvReuseEngine({ counter: chars, script: (_r, call) => replies[call] ?? 'x', contextWindow });
  await engine.load(model);
  return engine;
}

const chat = (messages: ChatTurn[], extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ input: { kind: 'chat', messages }, enableThinking: false, ...extra });

describe('KvReuseEngine', () => {
  const sys: ChatTurn = { role: 'system', content: 'S' };
  const u1: ChatTurn = { role: 'user', content: 'hello' };
  const u2: ChatTurn = { role: 'user', content: 'again' };

  it('prefills everything on the first call and only the new turn when messages[:-1] match', async () => {
    const engine = await engineWith(['A: "hi"', 'A: "yes"']);
    const first = await collect(engine.stream(chat([sys, u1])));
    expect(first).toMatchObject({ text: 'A: "hi"', finishReason: 'stop' });
    await collect(engine.stream(chat([sys, u1, { role: 'assistant', content: first.text }, u2])));
    const [c1, c2] = engine.calls;
    expect(c1).toMatchObject({ reused: false, prefilledTokens: (turn(sys) + turn(u1) + HEADER).length });
    expect(c2?.reused).toBe(true);
    expect(c2?.prefilledTokens).toBe(`<|im_end|>\n${turn(u2)}${HEADER}`.length);
    expect(c2?.promptTokens).toBe((turn(sys) + turn(u1) + turn({ role: 'assistant', content: 'A: "hi"' }) + turn(u2) + HEADER).length);
    expect(engine.cacheResets).toBe(1);
  });

  it('resets when the previous reply is resent post-processed, or a message differs', async () => {
    const engine = await engineWith(['A: "hi"', 'B', 'C']);
    await collect(engine.stream(chat([sys, u1])));
    await collect(engine.stream(chat([sys, u1, { role: 'assistant', content: 'hi' }, u2])));
    expect(engine.calls[1]?.reused).toBe(false);
    await collect(engine.stream(chat([{ role: 'system', content: 'S2' }, u1, { role: 'assistant', content: 'hi' }, u2, { role: 'assistant', content: 'B' }, u1])));
    expect(engine.calls[2]?.reused).toBe(false);
    expect(engine.cacheResets).toBe(3);
  });

  it('does not reuse after a reply cut by length or aborted', async () => {
    const engine = await engineWith(['A long reply', { text: 'Halfway there', abort: true }, 'ok', 'ok']);
    const cut = await collect(engine.stream(chat([sys, u1], { maxTokens: 4 })));
    expect(cut).toMatchObject({ text: 'A lo', finishReason: 'length' });
    const aborted = await collect(engine.stream(chat([sys, u1, { role: 'assistant', content: cut.text }, u2])));
    expect(aborted.finishReason).toBe('abort');
    expect(engine.calls[1]?.reused).toBe(false);
    await collect(engine.stream(chat([sys, u1, { role: 'assistant', content: cut.text }, u2, { role: 'assistant', content: aborted.text }, u1])));
    expect(engine.calls[2]?.reused).toBe(false);
    expect(engine.calls[2]?.finishReason).toBe('stop');
  });

  it('always resets for a raw prompt', async () => {
    const engine = await engineWith(['a', 'b']);
    await collect(engine.stream({ input: { kind: 'prompt', prompt: 'P1' } }));
    await collect(engine.stream({ input: { kind: 'prompt', prompt: 'P1 more' } }));
    expect(engine.calls.map((c) => [c.reused, c.prefilledTokens])).toEqual([
      [false, 2],
      [false, 7],
    ]);
  });

  it('cuts at the stop string that completes first, and the cut reply counts as the stored one', async () => {
    const engine = await engineWith(['Sure."\nMe: "go', 'next']);
    const r = await collect(engine.stream(chat([sys, u1], { stop: ['\nMe:', '"\n'] })));
    expect(r.text).toBe('Sure.');
    await collect(engine.stream(chat([sys, u1, { role: 'assistant', content: 'Sure.' }, u2])));
    expect(engine.calls[1]?.reused).toBe(true);
  });

  it("adds Qwen3's empty thinking block to the prompt and the streamed reply in chat mode (and stop strings see it)", async () => {
    const engine = await engineWith(['A: "hi"', 'A: "no"'], 'Qwen3-1.7B-q4f16_1-MLC');
    const r = await collect(engine.stream(chat([sys, u1])));
    expect(r.text).toBe('<think>\n\n</think>\n\nA: "hi"');
    expect(engine.calls[0]?.promptTokens).toBe((turn(sys) + turn(u1) + HEADER + '<think>\n\n</think>\n\n').length);
    const stopped = await collect(engine.stream(chat([sys, u1], { stop: ['\nA:'] })));
    expect(stopped.text).toBe('<think>\n\n</think>\n');
  });

  it('throws context-overflow when the prompt exceeds the window', async () => {
    const engine = await engineWith(['x'], 'Qwen2.5', 10);
    await expect(collect(engine.stream(chat([sys, u1])))).rejects.toThrow(EngineError);
  });

  it('reports usage with the prefilled tokens', async () => {
    const engine = await engineWith(['abc']);
    const r = await collect(engine.stream(chat([sys, u1])));
    expect(r.usage).toEqual({ promptTokens: engine.calls[0]?.promptTokens, completionTokens: 3, prefillTokens: engine.calls[0]?.prefilledTokens });
  });
});
