import { describe, expect, it } from 'vitest';
import { EngineError } from '../../src/core/errors/index.ts';
import type { ChatTurn, CompletionRequest } from '../../src/core/llm-engine.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';
import { KvReuseEngine, type KvScriptedReply } from './kv-reuse-engine.ts';
import { collect } from './scripted-engine.ts';

/** One "token" per UTF-16 unit keeps the expected numbers readable. */
const chars: TokenCounter = { id: 'chars', count: (t) => t.length };

async function engineWith(replies: KvScriptedReply[], model = 'Qwen2.5-1.5B-Instruct', contextWindow?: number) {
  const engine = new KvReuseEngine({ counter: chars, script: (_r, call) => replies[call] ?? 'x', contextWindow });
  await engine.load(model);
  return engine;
}

const chat = (messages: ChatTurn[], extra: Partial<CompletionRequest> = {}): CompletionRequest => ({ input: { kind: 'chat', messages }, enableThinking: false, ...extra });

/**
 * The measuring tool's own mechanics. What web-llm itself does (the KV-reuse rule, raw prompts
 * resetting, stop strings, the think block, what a reused turn prefills) is checked against the
 * library's code in test/support/webllm-harness/webllm-harness.test.ts.
 */
describe('KvReuseEngine', () => {
  const sys: ChatTurn = { role: 'system', content: 'S' };
  const u1: ChatTurn = { role: 'user', content: 'hello' };

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
