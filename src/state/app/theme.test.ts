import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { Settings } from './settings.ts';
import { Theme } from './theme.svelte.ts';

afterEach(() => vi.restoreAllMocks());

describe('Theme', () => {
  it('follows the system until a saved choice is read, and saves a new choice under `theme`', async () => {
    const repo = createMemoryRepository();
    const theme = new Theme();
    expect(theme.choice).toBe('system');
    await theme.restore(repo.settings);
    expect(theme.choice).toBe('system');
    await theme.choose('dark');
    expect(theme.choice).toBe('dark');
    expect(await new Settings(repo.settings).get('theme')).toBe('dark');

    const next = new Theme();
    await next.restore(repo.settings);
    expect(next.choice).toBe('dark');
  });

  it('keeps a choice made before the saved one was read', async () => {
    const repo = createMemoryRepository();
    await new Settings(repo.settings).set('theme', 'light');
    const theme = new Theme();
    await theme.choose('dark');
    await theme.restore(repo.settings);
    expect(theme.choice).toBe('dark');
  });

  it('reads a stored value that is not a theme as unset', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const repo = createMemoryRepository();
    await repo.settings.set('theme', 'purple');
    const theme = new Theme();
    await theme.restore(repo.settings);
    expect(theme.choice).toBe('system');
  });
});
