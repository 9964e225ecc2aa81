import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { evalSetupKey, Settings } from './settings.ts';

afterEach(() => vi.restoreAllMocks());

describe('Settings', () => {
  it('reads and writes each key with its type', async () => {
    const repo = createMemoryRepository();
    const settings = new Settings(repo.settings);
    await settings.set('engine', { kind: 'openai', endpoint: { baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen2.5' } });
    await settings.set('userName', 'Tom');
    expect(await settings.get('engine')).toMatchObject({ kind: 'openai', endpoint: { model: 'qwen2.5' } });
    expect(await settings.get('userName')).toBe('Tom');
    expect(await settings.get('customModels')).toBeUndefined();
  });

  it('reads a value of the wrong form as unset and says so on the console; nothing stored changes', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const repo = createMemoryRepository();
    await repo.settings.set('engine', { kind: 'quantum' });
    await repo.settings.set('customModels', [{ id: 'x' }]);
    await repo.settings.set('userName', 42);
    const settings = new Settings(repo.settings);
    expect(await settings.get('engine')).toBeUndefined();
    expect(await settings.get('customModels')).toBeUndefined();
    expect(await settings.get('userName')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(3);
    expect(await repo.settings.get('engine')).toEqual({ kind: 'quantum' });
  });

  it("moves the values of earlier versions' keys to the current ones when first read", async () => {
    const repo = createMemoryRepository();
    await repo.settings.set('memory.semantic', { enabled: true, remoteHost: 'https://models.example' });
    await repo.settings.set('storage.persistAskedAt', 1234);
    await repo.settings.set('eval-judge', { baseUrl: 'http://judge.local/v1' });
    await repo.settings.set('eval-setup:p1', { judgeKind: 'self' });
    const settings = new Settings(repo.settings);
    expect(await settings.get('semanticSearch')).toEqual({ enabled: true, remoteHost: 'https://models.example' });
    expect(await settings.get('persistAskedAt')).toBe(1234);
    expect(await settings.get('evalJudge')).toEqual({ baseUrl: 'http://judge.local/v1' });
    expect(await settings.get(evalSetupKey('p1'))).toEqual({ judgeKind: 'self' });
    expect(await repo.settings.get('semanticSearch')).toEqual({ enabled: true, remoteHost: 'https://models.example' });
    expect(await repo.settings.get('evalSetup:p1')).toEqual({ judgeKind: 'self' });
    // The current key wins over a leftover old one.
    await settings.set('persistAskedAt', 99);
    expect(await settings.get('persistAskedAt')).toBe(99);
  });
});
