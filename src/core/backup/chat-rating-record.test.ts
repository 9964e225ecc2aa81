import { describe, expect, it } from 'vitest';
import type { BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

const rating = { scores: { consistency: 4, overall: 5 }, comment: 'Stayed in voice all evening.', ratedAt: 5, userTurns: 21 };

/** A backup whose first chat the user rated. */
function file(): BackupFile {
  const data = sampleBackupData();
  data.chats[0] = { ...data.chats[0]!, rating: structuredClone(rating) };
  return createBackup(data, { includeApiKeys: false, now: 1 }).file;
}

describe("the user's rating of a chat in backups", () => {
  it('round-trips; a chat without one has none', () => {
    const { data } = parseBackup(serializeBackup(file()));
    expect(data.chats[0]?.rating).toEqual(rating);
    expect(data.chats.slice(1).every((c) => c.rating === undefined)).toBe(true);
  });

  it('keeps the score of a dimension a newer version added', () => {
    const newer = file();
    (newer.data.chats[0]!.rating!.scores as Record<string, number>).wit = 3;
    expect(parseBackup(serializeBackup(newer)).data.chats[0]?.rating?.scores).toEqual({ ...rating.scores, wit: 3 });
  });

  it.each([
    ['a score out of range', (r: Record<string, unknown>) => ((r.scores as Record<string, unknown>).overall = 6), /chats\[0\]\.rating\.scores\.overall/],
    [
      'a score that is not a whole number',
      (r: Record<string, unknown>) => ((r.scores as Record<string, unknown>).consistency = 3.5),
      /chats\[0\]\.rating\.scores\.consistency/,
    ],
    ['a comment that is not text', (r: Record<string, unknown>) => (r.comment = 7), /chats\[0\]\.rating\.comment/],
    ['no turn count', (r: Record<string, unknown>) => delete r.userTurns, /chats\[0\]\.rating\.userTurns/],
  ])('refuses %s, naming the field', (_what, breakIt, reason) => {
    const broken = file();
    breakIt(broken.data.chats[0]!.rating as unknown as Record<string, unknown>);
    expect(() => parseBackup(serializeBackup(broken))).toThrow(reason);
  });
});
