import { describe, expect, it } from 'vitest';
import type { BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

/** A backup whose first persona has a default author's note and whose first chat has its own. */
function file(): BackupFile {
  const data = sampleBackupData();
  data.personas[0] = { ...data.personas[0]!, authorsNote: { text: 'Keep {{char}} curious.', depth: 4, every: 1 } };
  data.chats[0] = { ...data.chats[0]!, authorsNote: { text: '', depth: 2, every: 3 } };
  return createBackup(data, { includeApiKeys: false, now: 1 }).file;
}

describe("author's notes in backups", () => {
  it("keeps the persona's default and the chat's own note (an empty one too)", () => {
    const { data } = parseBackup(serializeBackup(file()));
    expect(data.personas[0]?.authorsNote).toEqual({ text: 'Keep {{char}} curious.', depth: 4, every: 1 });
    expect(data.chats[0]?.authorsNote).toEqual({ text: '', depth: 2, every: 3 });
  });

  it.each([
    [
      'a depth that is not a whole number',
      (f: BackupFile) => ((f.data.chats[0]!.authorsNote as { depth: unknown }).depth = 1.5),
      /chats\[0\]\.authorsNote\.depth/,
    ],
    ['a note text that is not text', (f: BackupFile) => ((f.data.personas[0]!.authorsNote as { text: unknown }).text = 7), /personas\[0\]\.authorsNote\.text/],
  ])('refuses %s, naming the field', (_what, damage, reason) => {
    const broken = file();
    damage(broken);
    expect(() => parseBackup(serializeBackup(broken))).toThrow(reason);
  });
});
