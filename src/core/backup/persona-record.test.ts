import { describe, expect, it } from 'vitest';
import { MAX_THUMB_BYTES } from '../avatar.ts';
import type { BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

function file(): BackupFile {
  return createBackup(sampleBackupData(), { includeApiKeys: false, now: 1 }).file;
}

describe('persona pictures and chat "you"s in backups', () => {
  it('keeps the thumbnail as base64 beside the original, and the chat\'s "you"', () => {
    const written = file();
    expect(written.data.personas[0]?.avatarThumb).toEqual({ mime: 'image/webp', base64: 'UklGRggAAABXRUJQAQI=' });
    const { data } = parseBackup(serializeBackup(written));
    expect(data.personas[0]?.avatarThumb?.bytes).toEqual(sampleBackupData().personas[0]?.avatarThumb?.bytes);
    expect(data.personas[0]?.avatarThumb?.bytes).toBeInstanceOf(Uint8Array);
    expect(data.chats.find((c) => c.id === 'chat-a')?.userPersonaId).toBe('you-rin');
  });

  it.each([
    [
      'a thumbnail that is not base64',
      (f: BackupFile) => (f.data.personas[0]!.avatarThumb!.base64 = 'no!'),
      /personas\[0\]\.avatarThumb\.base64 should be base64/,
    ],
    [
      'a thumbnail whose bytes are not its type',
      (f: BackupFile) => (f.data.personas[0]!.avatarThumb!.mime = 'image/png'),
      /personas\[0\]\.avatarThumb should be a WebP, JPEG or PNG picture of at most 64 KB/,
    ],
    [
      'a thumbnail over the size limit',
      (f: BackupFile) =>
        (f.data.personas[0]!.avatarThumb!.base64 = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBP'), Buffer.alloc(MAX_THUMB_BYTES)]).toString('base64')),
      /avatarThumb should be a WebP, JPEG or PNG picture of at most 64 KB/,
    ],
    [
      'a chat "you" that is not text',
      (f: BackupFile) => ((f.data.chats[0] as unknown as Record<string, unknown>).userPersonaId = 7),
      /chats\[0\]\.userPersonaId should be text/,
    ],
  ])('refuses %s, changing nothing', (_what, damage, reason) => {
    const damaged = file();
    damage(damaged);
    expect(() => parseBackup(serializeBackup(damaged))).toThrow(reason);
  });
});
