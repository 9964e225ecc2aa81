import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import type { PersonaId } from '../../core/ids.ts';
import { UserProfile } from './user-profile.svelte.ts';

const maren = (userName = ''): Persona => createPersona({ name: 'Maren', user: { name: userName, description: 'a sailor' } }, 'maren' as PersonaId, 1);

describe('UserProfile', () => {
  it('saves a cleaned name, stops asking, and reads it back', async () => {
    const repo = createMemoryRepository();
    const profile = new UserProfile(repo.settings);
    profile.asking = true;
    await profile.save('  Tom \n Baker ');
    expect(profile.name).toBe('Tom Baker');
    expect(profile.asking).toBe(false);
    expect(await repo.settings.get('userName')).toBe('Tom Baker');
    const again = new UserProfile(repo.settings);
    await again.load();
    expect(again.name).toBe('Tom Baker');
  });

  it('refuses an empty or overlong name and stores nothing', async () => {
    const repo = createMemoryRepository();
    const profile = new UserProfile(repo.settings);
    await expect(profile.save('   ')).rejects.toBeInstanceOf(ValidationError);
    await expect(profile.save('x'.repeat(41))).rejects.toMatchObject({ code: 'too-large' });
    expect(await repo.settings.get('userName')).toBeUndefined();
    expect(profile.name).toBe('');
  });

  it("fills the user's name into a persona; a persona's own name for the user wins", async () => {
    const profile = new UserProfile(createMemoryRepository().settings);
    expect(profile.nameFor(maren())).toBe('');
    expect(profile.apply(maren())).toEqual(maren());
    await profile.save('Tom');
    expect(profile.apply(maren()).user).toEqual({ name: 'Tom', description: 'a sailor' });
    expect(profile.nameFor(maren('Captain'))).toBe('Captain');
    const own = maren('Captain');
    expect(profile.apply(own)).toBe(own);
  });
});
