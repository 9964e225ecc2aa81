import { describe, expect, it } from 'vitest';
import type { BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

/** A backup whose first chat has its own style values. */
function file(): BackupFile {
  const data = sampleBackupData();
  data.chats[0] = { ...data.chats[0]!, style: { emoji: 0, replyLength: 3 } };
  return createBackup(data, { includeApiKeys: false, now: 1 }).file;
}

describe("a chat's own style in backups", () => {
  it('round-trips; a chat without one has none', () => {
    const { data } = parseBackup(serializeBackup(file()));
    expect(data.chats[0]?.style).toEqual({ emoji: 0, replyLength: 3 });
    expect(data.chats.slice(1).every((c) => c.style === undefined)).toBe(true);
  });

  it.each([
    ['a level that is not a whole number', 1.5, /chats\[0\]\.style\.emoji/],
    ['a level that is not a number', 'often', /chats\[0\]\.style\.emoji/],
  ])('refuses %s, naming the field', (_what, level, reason) => {
    const broken = file();
    (broken.data.chats[0]!.style as Record<string, unknown>).emoji = level;
    expect(() => parseBackup(serializeBackup(broken))).toThrow(reason);
  });
});
