import { describe, expect, it } from 'vitest';
import { pruneRuntimeCaches, RUNTIME_CACHE } from './runtime-cache.ts';

describe('pruneRuntimeCaches', () => {
  it('deletes earlier versions of the runtime cache only', async () => {
    const names = new Set(['egos-lazy-v0', RUNTIME_CACHE, 'webllm/model', 'workbox-precache-v2-x']);
    const storage = { keys: async () => [...names], delete: async (n: string) => names.delete(n) };
    expect(await pruneRuntimeCaches(storage)).toEqual(['egos-lazy-v0']);
    expect([...names]).toEqual([RUNTIME_CACHE, 'webllm/model', 'workbox-precache-v2-x']);
  });
});
