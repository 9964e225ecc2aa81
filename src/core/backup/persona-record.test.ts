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

describe('kept protective scenes in backups', () => {
  const scenes = [{ kind: 'anachronism' as const, user: 'Seen my laptop?', character: 'A lap-top? Is that a kind of desk?' }];

  function withScenes(): BackupFile {
    const data = sampleBackupData();
    data.personas[0] = { ...data.personas[0]!, protectiveExamples: scenes };
    return createBackup(data, { includeApiKeys: false, now: 1 }).file;
  }

  it('keeps them, and a persona without any stays without', () => {
    const { data } = parseBackup(serializeBackup(withScenes()));
    expect(data.personas[0]?.protectiveExamples).toEqual(scenes);
    expect(parseBackup(serializeBackup(file())).data.personas[0]?.protectiveExamples).toBeUndefined();
  });

  it.each([
    ['a scene of an unknown kind', { kind: 'gossip', user: 'a', character: 'b' }, /personas\[0\]\.protectiveExamples\[0\]\.kind/],
    ['a scene without an answer', { kind: 'anachronism', user: 'a' }, /personas\[0\]\.protectiveExamples\[0\]\.character/],
  ])('refuses %s, naming the field', (_what, scene, reason) => {
    const broken = withScenes();
    (broken.data.personas[0] as unknown as { protectiveExamples: unknown[] }).protectiveExamples = [scene];
    expect(() => parseBackup(serializeBackup(broken))).toThrow(reason);
  });
});
