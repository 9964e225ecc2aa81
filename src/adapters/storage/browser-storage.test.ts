import { describe, expect, it } from 'vitest';
import { browserStorage } from './browser-storage.ts';

describe('browserStorage', () => {
  it('reports the estimate in bytes and passes persistence through', async () => {
    let persisted = false;
    const storage = browserStorage({
      estimate: async () => ({ usage: 10, quota: 100 }),
      persisted: async () => persisted,
      persist: async () => (persisted = true),
    });
    expect(await storage.estimate()).toEqual({ usageBytes: 10, quotaBytes: 100 });
    expect(await storage.persisted()).toBe(false);
    expect(await storage.persist()).toBe(true);
    expect(await storage.persisted()).toBe(true);
  });

  it('answers null where the browser has no StorageManager or no quota', async () => {
    const none = browserStorage(undefined);
    expect([await none.estimate(), await none.persisted(), await none.persist()]).toEqual([null, null, null]);
    expect(await browserStorage({ estimate: async () => ({ usage: 5 }) }).estimate()).toBeNull();
  });
});
