import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/index.ts';
import type { CompletionEvent, LlmEngine } from '../llm-engine.ts';
import { guardEngine, isFatalEngineError } from './engine-guard.ts';
import { msg } from '../i18n/message.ts';

function engineFailingWith(error: unknown): LlmEngine {
  return {
    id: 'webllm',
    capabilities: { rawCompletion: true, promptCache: 'chat', jsonSchema: true, leavesDevice: false },
    thinking: false,
    modelId: 'Qwen3-4B-q4f16_1-MLC',
    load: async () => {},
    unload: async () => {},
    async *stream() {
      yield { type: 'delta', text: 'Half a ' };
      throw error;
    },
  };
}

async function drain(engine: LlmEngine): Promise<{ events: CompletionEvent[]; error: unknown }> {
  const events: CompletionEvent[] = [];
  try {
    for await (const event of engine.stream({ input: { kind: 'prompt', prompt: 'x' } })) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: null };
}

describe('guardEngine', () => {
  it('reports a lost device to onFatal, then rethrows it after the text already streamed', async () => {
    const lost = new EngineError('device-lost', msg('text.verbatim', { text: 'The GPU stopped responding.' }));
    const fatal: unknown[] = [];
    const guarded = guardEngine(engineFailingWith(lost), (e) => fatal.push(e));
    const { events, error } = await drain(guarded);
    expect(events).toEqual([{ type: 'delta', text: 'Half a ' }]);
    expect(error).toBe(lost);
    expect(fatal).toEqual([lost]);
  });

  it('passes ordinary errors through without calling onFatal', async () => {
    const other = new EngineError('timeout', msg('text.verbatim', { text: 'Too slow.' }));
    const fatal: unknown[] = [];
    const { error } = await drain(guardEngine(engineFailingWith(other), (e) => fatal.push(e)));
    expect(error).toBe(other);
    expect(fatal).toEqual([]);
  });

  it('forwards identity and capabilities of the wrapped engine', () => {
    const inner = engineFailingWith(null);
    const guarded = guardEngine(inner, () => {});
    expect([guarded.id, guarded.modelId, guarded.capabilities]).toEqual([inner.id, inner.modelId, inner.capabilities]);
  });
});

describe('isFatalEngineError', () => {
  it('knows device-lost and out-of-memory, also across a worker boundary (plain objects)', () => {
    expect(isFatalEngineError(new EngineError('out-of-memory', msg('text.verbatim', { text: 'x' })))).toBe(true);
    expect(isFatalEngineError({ code: 'device-lost', message: 'x' })).toBe(true);
    expect(isFatalEngineError(new EngineError('cors', msg('text.verbatim', { text: 'x' })))).toBe(false);
    expect(isFatalEngineError('device-lost')).toBe(false);
  });
});
