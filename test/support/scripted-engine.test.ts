import { describe, expect, it } from 'vitest';
import { collect, ScriptedEngine } from './scripted-engine.ts';

describe('ScriptedEngine', () => {
  it('streams scripted replies in order and records requests', async () => {
    const engine = new ScriptedEngine(['hello', { chunks: ['a', 'b'], finishReason: 'length' }]);
    const first = await collect(engine.stream({ input: { kind: 'prompt', prompt: 'p1' } }));
    const second = await collect(engine.stream({ input: { kind: 'prompt', prompt: 'p2' } }));
    expect(first).toEqual({ text: 'hello', finishReason: 'stop', usage: undefined });
    expect(second.text).toBe('ab');
    expect(second.finishReason).toBe('length');
    expect(engine.requests.map((r) => r.input)).toEqual([
      { kind: 'prompt', prompt: 'p1' },
      { kind: 'prompt', prompt: 'p2' },
    ]);
  });

  it('throws when nothing is scripted for a call', async () => {
    const engine = new ScriptedEngine([]);
    await expect(collect(engine.stream({ input: { kind: 'prompt', prompt: 'x' } }))).rejects.toThrow(/no reply scripted/);
  });
});
