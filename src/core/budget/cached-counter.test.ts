import { describe, expect, it } from 'vitest';
import type { TokenCounter } from '../token-counter.ts';
import { cachedCounter } from './cached-counter.ts';

function countingCounter(): TokenCounter & { calls: string[] } {
  const calls: string[] = [];
  return { id: 'words', calls, count: (t) => (calls.push(t), t.split(/\s+/).filter(Boolean).length) };
}

describe('cachedCounter', () => {
  it('counts each distinct text once and returns the same counts', () => {
    const inner = countingCounter();
    const c = cachedCounter(inner);
    expect([c.count('a b'), c.count('a b'), c.count('c')]).toEqual([2, 2, 1]);
    expect(inner.calls).toEqual(['a b', 'c']);
    expect(c.id).toBe('words');
  });

  it('evicts the least recently used entry beyond its size', () => {
    const inner = countingCounter();
    const c = cachedCounter(inner, 2);
    c.count('a');
    c.count('b');
    c.count('a');
    c.count('c');
    c.count('a');
    c.count('b');
    expect(inner.calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
