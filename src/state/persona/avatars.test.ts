import { describe, expect, it, vi } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { AvatarImage, ImageThumbnailer } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { english, msg } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { PickedFile } from './card-transfer.svelte.ts';
import { PersonaEditor } from './persona-editor.svelte.ts';
import { PersonaStore } from './persona-store.svelte.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7]);
const BROKEN_PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);

/** A thumbnailer that decodes only pictures ending in a non-zero byte. */
const thumbnailer: ImageThumbnailer = {
  async thumbnail(image: AvatarImage) {
    if (image.bytes.at(-1) === 0) throw new ValidationError('invalid', msg('avatar.error.undecodable', { type: image.mime }));
    return { mime: 'image/webp', bytes: WEBP };
  },
};

function picked(name: string, bytes: Uint8Array): PickedFile {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

describe('the persona editor picture', () => {
  it('uploads, replaces and removes the picture, saved with the persona', async () => {
    const editor = new PersonaEditor({ name: 'Maren' }, thumbnailer);
    await editor.pickAvatar(picked('maren.png', PNG));
    expect(editor.avatarProblem).toBeNull();
    expect(editor.validate()).toMatchObject({ avatar: { mime: 'image/png', bytes: PNG }, avatarThumb: { mime: 'image/webp', bytes: WEBP } });
    editor.removeAvatar();
    const init = editor.validate();
    expect(init?.avatar).toBeUndefined();
    expect(init?.avatarThumb).toBeUndefined();
  });

  it('keeps the picture it had when a file is refused, saying why', async () => {
    const editor = new PersonaEditor(
      { name: 'Maren', avatar: { mime: 'image/png', bytes: PNG }, avatarThumb: { mime: 'image/webp', bytes: WEBP } },
      thumbnailer,
    );
    await editor.pickAvatar(picked('broken.png', BROKEN_PNG));
    expect(english(editor.avatarProblem!)).toMatch(/^“broken.png”: This picture \(image\/png\) could not be decoded/);
    await editor.pickAvatar(picked('notes.txt', new TextEncoder().encode('text')));
    expect(english(editor.avatarProblem!)).toMatch(/“notes.txt” is not a PNG, JPEG, WebP or GIF picture/);
    expect(editor.form.avatar?.bytes).toEqual(PNG);
    expect(editor.form.avatarThumb?.bytes).toEqual(WEBP);
  });
});

describe('missing thumbnails', () => {
  it('are made for personas with a picture, leaving updatedAt and undecodable pictures alone', async () => {
    const repo = createMemoryRepository();
    const good = { ...createPersona({ name: 'Maren', avatar: { mime: 'image/png', bytes: PNG } }, 'a' as PersonaId, 1), updatedAt: 50 };
    const broken = createPersona({ name: 'Ada', avatar: { mime: 'image/png', bytes: BROKEN_PNG } }, 'b' as PersonaId, 1);
    const bare = createPersona({ name: 'Basho' }, 'c' as PersonaId, 1);
    for (const p of [good, broken, bare]) await repo.personas.put(p);
    const store = new PersonaStore({ repo, now: () => 99 });
    await store.load();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await store.addMissingThumbnails(thumbnailer)).toBe(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/No thumbnail for the picture of "Ada"/);
    warn.mockRestore();
    expect(await repo.personas.get(good.id)).toMatchObject({ avatarThumb: { mime: 'image/webp', bytes: WEBP }, updatedAt: 50 });
    expect(store.get(good.id)?.avatarThumb?.bytes).toEqual(WEBP);
    expect((await repo.personas.get(broken.id))?.avatarThumb).toBeUndefined();
    expect(await store.addMissingThumbnails(thumbnailer)).toBe(0);
  });
});
