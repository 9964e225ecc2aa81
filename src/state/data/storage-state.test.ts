import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { StorageState, type StoragePort } from './storage-state.svelte.ts';

/** A fake StorageManager that counts persist() calls and grants as told. */
function port(grant: boolean) {
  const calls = { persist: 0 };
  let persisted = false;
  const storage: StoragePort = {
    estimate: async () => ({ usageBytes: 1e9, quotaBytes: 3e9 }),
    persisted: async () => persisted,
    persist: async () => {
      calls.persist++;
      persisted = grant;
      return grant;
    },
  };
  return { storage, calls };
}

describe('StorageState', () => {
  it('reads usage, quota and persistence', async () => {
    const state = new StorageState(port(true).storage, createMemoryRepository().settings, () => 5);
    await state.refresh();
    expect(state.estimate).toEqual({ usageBytes: 1e9, quotaBytes: 3e9 });
    expect(state.persisted).toBe(false);
    expect(state.supported).toBe(true);
  });

  it('asks for persistence once (first chat or download), remembering it across sessions', async () => {
    const repo = createMemoryRepository();
    const { storage, calls } = port(false);
    const first = new StorageState(storage, repo.settings, () => 42);
    await first.requestOnce();
    await first.requestOnce();
    expect(calls.persist).toBe(1);
    expect(first.denied).toBe(true);
    expect(await repo.settings.get('persistAskedAt')).toBe(42);
    const later = new StorageState(storage, repo.settings, () => 43);
    await later.requestOnce();
    expect(calls.persist).toBe(1);
  });

  it('the user can ask again explicitly, and a grant is shown', async () => {
    const { storage, calls } = port(true);
    const state = new StorageState(storage, createMemoryRepository().settings, () => 1);
    expect(await state.request()).toBe(true);
    expect(state.persisted).toBe(true);
    expect(state.denied).toBe(false);
    await state.requestOnce();
    expect(calls.persist).toBe(1);
  });

  it('warns about a download that does not fit the free quota', async () => {
    const state = new StorageState(port(true).storage, createMemoryRepository().settings, () => 1);
    expect(state.downloadFit(1e9).fits).toBeNull();
    await state.refresh();
    expect(state.downloadFit(1e9).fits).toBe(true);
    expect(state.downloadFit(1.9e9)).toMatchObject({ fits: false, freeBytes: 2e9 });
  });

  it('without a StorageManager everything stays unknown', async () => {
    const state = new StorageState(null, createMemoryRepository().settings, () => 1);
    await state.refresh();
    await state.requestOnce();
    expect([state.supported, state.estimate, state.persisted, await state.request()]).toEqual([false, null, null, null]);
  });
});
