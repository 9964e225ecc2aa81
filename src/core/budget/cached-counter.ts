import type { TokenCounter } from '../token-counter.ts';

/**
 * Wraps a counter with a bounded memo (least recently used entries evicted), so a prompt
 * rebuilt every turn only tokenizes its new parts. Counts stay exact.
 */
export function cachedCounter(counter: TokenCounter, maxEntries = 4096): TokenCounter {
  const memo = new Map<string, number>();
  return {
    id: counter.id,
    count(text: string): number {
      const hit = memo.get(text);
      if (hit !== undefined) {
        memo.delete(text);
        memo.set(text, hit);
        return hit;
      }
      const n = counter.count(text);
      memo.set(text, n);
      if (memo.size > maxEntries) {
        const oldest = memo.keys().next();
        if (!oldest.done) memo.delete(oldest.value);
      }
      return n;
    },
  };
}
