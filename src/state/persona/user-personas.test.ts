import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { ImageThumbnailer } from '../../core/avatar.ts';
import { StorageError, ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona, type Persona } from '../../core/persona/index.ts';
import type { PickedFile } from './card-transfer.svelte.ts';
import { UserPersonas } from './user-personas.svelte.ts';

const maren = (userName = ''): Persona => createPersona({ name: 'Maren', user: { name: userName, description: 'a sailor' } }, 'maren' as PersonaId, 1);
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
const thumbnailer: ImageThumbnailer = { thumbnail: async () => ({ mime: 'image/webp', bytes: WEBP }) };

function picked(name: string, bytes: Uint8Array): PickedFile {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

describe('UserPersonas', () => {
  it('makes the single name of earlier versions the default "you", once', async () => {
    const repo = createMemoryRepository();
    await repo.settings.set('userName', 'Tom Baker');
    const users = new UserPersonas(repo.settings);
    await users.load();
    expect(users.list.map((u) => u.name)).toEqual(['Tom Baker']);
    expect(users.defaultProfile?.name).toBe('Tom Baker');
    const stored = await repo.settings.get<{ defaultId: string }>('userPersonas');
    expect(stored?.defaultId).toBe(users.defaultProfile?.id);
    const again = new UserPersonas(repo.settings);
    await again.load();
    expect(again.defaultProfile?.id).toBe(users.defaultProfile?.id);
  });

  it('answers the first chat\'s question with the first, default "you", and refuses a bad name storing nothing', async () => {
    const repo = createMemoryRepository();
    const users = new UserPersonas(repo.settings);
    await users.load();
    expect(users.nameFor(maren())).toBe('');
    users.asking = true;
    await expect(users.saveFirstName('   ')).rejects.toBeInstanceOf(ValidationError);
    await expect(users.saveFirstName('x'.repeat(41))).rejects.toMatchObject({ code: 'too-large' });
    expect(await repo.settings.get('userPersonas')).toBeUndefined();
    expect(users.asking).toBe(true);
    await users.saveFirstName('  Tom \n Baker ');
    expect(users.asking).toBe(false);
    expect(users.nameFor(maren())).toBe('Tom Baker');
    expect(users.apply(maren()).user).toEqual({ name: 'Tom Baker', description: 'a sailor' });
    expect(users.nameFor(maren('Captain'))).toBe('Captain');
  });

  it('adds, changes, makes default and deletes "you"s; a chat that picked one follows it, then the default', async () => {
    const repo = createMemoryRepository();
    const users = new UserPersonas(repo.settings);
    const tom = await users.add({ name: 'Tom', description: '' });
    const rin = await users.add({ name: 'Rin', description: 'A ship’s doctor.' });
    const chat = { userPersonaId: rin.id };
    expect(users.apply(maren(), chat).user).toEqual({ name: 'Rin', description: 'A ship’s doctor.\na sailor' });
    await users.update(rin.id, { name: 'Rin Okada', description: 'A surgeon.' });
    expect(users.nameFor(maren('Captain'), chat)).toBe('Rin Okada');
    await users.makeDefault(rin.id);
    expect(users.defaultProfile?.id).toBe(rin.id);
    await users.remove(rin.id);
    expect(users.defaultProfile?.id).toBe(tom.id);
    expect(users.nameFor(maren(), chat)).toBe('Tom');
    await expect(users.update(rin.id, { name: 'Back', description: '' })).rejects.toMatchObject({ text: msg('you.error.gone') });
  });

  it('re-reads the stored library before a change, so another tab\'s "you" is kept', async () => {
    const repo = createMemoryRepository();
    const here = new UserPersonas(repo.settings);
    const there = new UserPersonas(repo.settings);
    await here.add({ name: 'Tom', description: '' });
    await there.add({ name: 'Rin', description: '' });
    await here.add({ name: 'Ann', description: '' });
    expect(here.list.map((u) => u.name)).toEqual(['Tom', 'Rin', 'Ann']);
  });

  it('keeps only the thumbnail of a picture, as a data: URL, and removes it again', async () => {
    const repo = createMemoryRepository();
    const users = new UserPersonas(repo.settings, thumbnailer);
    const tom = await users.add({ name: 'Tom', description: '' });
    await users.setPicture(tom.id, picked('me.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1])));
    expect(users.defaultProfile?.avatarThumb).toBe('data:image/webp;base64,UklGRgAAAABXRUJQ');
    expect(users.chatUser(maren()).avatarThumb).toBe(users.defaultProfile?.avatarThumb);
    await users.removePicture(tom.id);
    expect(users.defaultProfile?.avatarThumb).toBeUndefined();
  });

  it('refuses a file that is no picture, or with no thumbnailer, naming the file; nothing changes', async () => {
    const repo = createMemoryRepository();
    const users = new UserPersonas(repo.settings, thumbnailer);
    const tom = await users.add({ name: 'Tom', description: '' });
    await expect(users.setPicture(tom.id, picked('notes.txt', new TextEncoder().encode('hello')))).rejects.toThrow(
      /“notes.txt” is not a PNG, JPEG, WebP or GIF/,
    );
    const bare = new UserPersonas(repo.settings);
    await expect(bare.setPicture(tom.id, picked('me.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))).rejects.toThrow(
      /“me.png”: This browser cannot make a small copy/,
    );
    await users.load();
    expect(users.defaultProfile?.avatarThumb).toBeUndefined();
  });

  it('keeps the library shown when saving fails', async () => {
    const repo = createMemoryRepository();
    const users = new UserPersonas(repo.settings);
    await users.add({ name: 'Tom', description: '' });
    repo.failWritesWith = new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.restoreBackup') }));
    await expect(users.add({ name: 'Rin', description: '' })).rejects.toBeInstanceOf(StorageError);
    expect(users.list.map((u) => u.name)).toEqual(['Tom']);
  });
});
