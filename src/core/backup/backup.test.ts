import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ValidationError } from '../errors/index.ts';
import { exportCardV3Json } from '../cards/index.ts';
import { BACKUP_VERSION, type BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup, backupFileName } from './create-backup.ts';
import { SAMPLE_API_KEY, sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

const NOW = 1_750_000_000_000;

function backupText(includeApiKeys = false, edit?: (file: BackupFile) => void): string {
  const { file } = createBackup(sampleBackupData(), { includeApiKeys, now: NOW });
  edit?.(file);
  return serializeBackup(file);
}

/** The ValidationError `fn` throws (fails the test when it throws anything else or nothing). */
function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('backup round trip', () => {
  it('restores every record exactly, binary fields included, when API keys are kept', () => {
    const { data, summary } = parseBackup(backupText(true));
    expect(data).toEqual(sampleBackupData());
    expect(data.personas[0]?.avatar?.bytes).toBeInstanceOf(Uint8Array);
    const vector = data.memories.find((m) => m.embedding)?.embedding?.vector;
    expect(vector).toBeInstanceOf(Float32Array);
    expect(Object.is(vector?.[4], -0)).toBe(true);
    expect(summary).toEqual({
      exportedAt: NOW,
      schemaVersion: 3,
      includesApiKeys: true,
      counts: { personas: 2, chats: 2, messages: 9, memories: 3, settings: 2, evalRuns: 1, books: 1 },
    });
    expect(data.books[0]?.entries[0]).toMatchObject({ position: 'at-depth', depth: 2, secondaryLogic: 'not-any', probability: 50, wholeWords: true });
    expect(data.personas[1]?.bookIds).toEqual(['book-vienna']);
    expect(data.chats[1]?.bookIds).toEqual(['book-vienna', 'book-deleted']);
  });

  it('accepts a backup written before world books (schema 2: no books table, no attachments)', () => {
    const older = backupText(false, (file) => {
      file.schemaVersion = 2;
      delete file.data.books;
      delete (file.data.personas[1] as unknown as Record<string, unknown>).bookIds;
      delete (file.data.chats[1] as unknown as Record<string, unknown>).bookIds;
    });
    const { data, summary } = parseBackup(older);
    expect(summary.schemaVersion).toBe(2);
    expect(data.books).toEqual([]);
    expect(data.personas[1]?.bookIds).toBeUndefined();
  });

  it('writes avatars as base64 and embeddings as base64 little-endian Float32', () => {
    const file = JSON.parse(backupText()) as BackupFile;
    expect(file.format).toBe('egos-backup');
    expect(file.version).toBe(BACKUP_VERSION);
    expect(file.data.personas[0]?.avatar).toEqual({ mime: 'image/png', base64: 'iVBORwD/Byo=' });
    expect(file.data.memories[1]?.embedding?.base64).toBe(Buffer.from(new Float32Array([0.25, -1.5, 3.1415927, 1e-38, -0]).buffer).toString('base64'));
  });

  it('leaves API keys out by default, everywhere, and says so', () => {
    const textOut = backupText(false);
    expect(textOut).not.toContain(SAMPLE_API_KEY);
    const { data, summary } = parseBackup(textOut);
    expect(summary.includesApiKeys).toBe(false);
    expect(data.settings[0]?.value).toEqual({
      kind: 'openai',
      endpoint: { baseUrl: 'https://llm.example.test/v1', apiKey: '', model: 'qwen3', contextWindow: 8192 },
    });
    expect(backupText(true)).toContain(SAMPLE_API_KEY);
  });

  it('leaves out records that belong to nothing, so the file always restores', () => {
    const data = sampleBackupData();
    data.messages.push({ ...data.messages[0]!, id: 'orphan' as never, chatId: 'gone' as never });
    data.memories.push({ ...data.memories[2]!, id: 'orphan-mem' as never, personaId: 'gone' as never });
    const { file, orphansSkipped } = createBackup(data, { includeApiKeys: false, now: NOW });
    expect(orphansSkipped).toBe(2);
    expect(parseBackup(serializeBackup(file)).summary.counts.messages).toBe(9);
  });

  it('accepts a backup of an older app version (schema 1: no eval runs, personas without newer fields)', () => {
    const older = backupText(false, (file) => {
      file.schemaVersion = 1;
      delete (file.data as Partial<BackupFile['data']>).evalRuns;
      const persona = file.data.personas[1] as unknown as Record<string, unknown>;
      for (const key of ['stylePinned', 'initialState', 'postHistoryInstructions', 'systemPrompt', 'sampling', 'style']) delete persona[key];
    });
    const { data, summary } = parseBackup(older);
    expect(summary.schemaVersion).toBe(1);
    expect(data.evalRuns).toEqual([]);
    expect(data.personas[1]).toMatchObject({ systemPrompt: '', sampling: {}, style: { replyLength: 1 } });
  });

  it('suggests a dated file name', () => {
    expect(backupFileName(Date.UTC(2025, 2, 1))).toBe('egos-backup-2025-03-01.json');
  });
});

describe('rejecting bad files before anything is written', () => {
  it.each([
    ['empty', '  \n', 'empty', /empty/],
    ['not JSON', 'PK\u0003\u0004 zip', 'bad-json', /not valid JSON/],
    ['truncated', backupText().slice(0, 500), 'truncated', /incomplete/],
    ['foreign JSON', '{"hello":"world"}', 'wrong-type', /not an EGOS backup/],
    ['a JSON array', '[1,2,3]', 'wrong-type', /not an EGOS backup/],
  ])('%s', (_name, input, code, message) => {
    const error = rejection(() => parseBackup(input));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('points a character card to the card importer', () => {
    const error = rejection(() => parseBackup(exportCardV3Json(sampleBackupData().personas[0]!)));
    expect(error.message).toMatch(/character card.*Import card/);
  });

  it('refuses a backup from a newer version and tells the user to update', () => {
    const error = rejection(() => parseBackup(backupText(false, (f) => (f.version = BACKUP_VERSION + 1))));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/newer version of EGOS.*Update/);
  });

  it('refuses a file over the size limit', () => {
    expect(rejection(() => parseBackup(backupText(), { maxBytes: 1000 })).code).toBe('too-large');
  });

  it.each([
    [
      'a message seq that is text',
      (f: BackupFile) => ((f.data.messages[2] as unknown as Record<string, unknown>).seq = '2'),
      /messages\[2\]\.seq should be a whole number/,
    ],
    [
      'a persona without a name',
      (f: BackupFile) => delete (f.data.personas[0] as Partial<BackupFile['data']['personas'][0]>).name,
      /personas\[0\]\.name should be present/,
    ],
    [
      'an unknown message status',
      (f: BackupFile) => ((f.data.messages[0] as unknown as Record<string, unknown>).status = 'lost'),
      /messages\[0\]\.status should be one of/,
    ],
    ['a broken avatar', (f: BackupFile) => (f.data.personas[0]!.avatar!.base64 = 'not base64!'), /personas\[0\]\.avatar\.base64 should be base64/],
    [
      'an embedding of odd length',
      (f: BackupFile) => (f.data.memories[1]!.embedding!.base64 = 'AAAA'),
      /memories\[1\]\.embedding\.base64 should be a list of 32-bit numbers/,
    ],
    [
      'a message of a chat not in the file',
      (f: BackupFile) => (f.data.messages[3]!.chatId = 'nope' as never),
      /messages\[3\]\.chatId should be the id of a chat in this backup/,
    ],
    ['a chat of a persona not in the file', (f: BackupFile) => (f.data.chats[0]!.personaId = 'nope' as never), /chats\[0\]\.personaId/],
    [
      'a chat memory of another persona’s chat',
      (f: BackupFile) => (f.data.memories[0]!.personaId = 'persona-2' as never),
      /memories\[0\]\.chatId should be the id of a chat of the same persona/,
    ],
    ['an eval run of a missing persona', (f: BackupFile) => (f.data.evalRuns[0]!.personaId = 'nope' as never), /evalRuns\[0\]\.personaId/],
    [
      'a broken eval run state',
      (f: BackupFile) => ((f.data.evalRuns[0]!.state as unknown as Record<string, unknown>).plan = 7),
      /evalRuns\[0\]\.state should be a saved evaluation run/,
    ],
    [
      'an unknown reply form',
      (f: BackupFile) => ((f.data.personas[0] as unknown as Record<string, unknown>).replyForm = 'poem'),
      /personas\[0\]\.replyForm should be one of/,
    ],
    [
      'an unknown chat reply form',
      (f: BackupFile) => ((f.data.chats[1] as unknown as Record<string, unknown>).replyForm = 'poem'),
      /chats\[1\]\.replyForm should be one of/,
    ],
    ['a duplicated message id', (f: BackupFile) => (f.data.messages[1]!.id = f.data.messages[0]!.id), /messages\[1\].*appears twice/],
    ['a table that is not a list', (f: BackupFile) => ((f.data as unknown as Record<string, unknown>).chats = {}), /chats should be a list/],
    [
      'a world book entry with an unknown position',
      (f: BackupFile) => ((f.data.books![0]!.entries[0] as unknown as Record<string, unknown>).position = 'sideways'),
      /books\[0\]\.entries\[0\]\.position should be one of/,
    ],
    [
      'a world book without a name',
      (f: BackupFile) => delete (f.data.books![0] as Partial<NonNullable<BackupFile['data']['books']>[0]>).name,
      /books\[0\]\.name should be present/,
    ],
    ['a world book id twice', (f: BackupFile) => f.data.books!.push(structuredClone(f.data.books![0]!)), /books\[1\].*appears twice/],
    [
      'a persona book id that is not text',
      (f: BackupFile) => ((f.data.personas[1] as unknown as Record<string, unknown>).bookIds = [7]),
      /personas\[1\]\.bookIds\[0\]/,
    ],
    [
      'a lore depth that is text',
      (f: BackupFile) => ((f.data.books![0]!.entries[0] as unknown as Record<string, unknown>).depth = 'deep'),
      /entries\[0\]\.depth should be a number/,
    ],
  ])('names the problem: %s', (_name, edit, message) => {
    const error = rejection(() => parseBackup(backupText(false, edit)));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was changed/);
  });

  it('names the problem in Chinese too', () => {
    const duplicate = rejection(() => parseBackup(backupText(false, (f) => (f.data.messages[1]!.id = f.data.messages[0]!.id))));
    expect(inChinese(duplicate)).toMatch(/^这个备份文件已损坏或被手动修改过：messages\[1\] 应为拥有独立 id 的记录（“.+”出现了两次）。没有做任何更改；/);
    expect(inChinese(rejection(() => parseBackup('  \n')))).toBe('这个备份文件是空的。没有做任何更改；请选择用“下载备份”生成的文件。');
  });

  it('refuses a stored error whose message is not one the app knows, and names where', () => {
    const error = rejection(() =>
      parseBackup(backupText(false, (f) => Object.assign(f.data.messages.at(-1)!, { error: { code: 'x', message: 'm', text: { key: 'no.such.key' } } }))),
    );
    expect(error.message).toMatch(/messages\[\d+\]\.error\.text should be a message of the app/);
  });

  it('keeps fields a newer release added, but never prototype keys', () => {
    const text = backupText(false).replace('"title":"Chat 1"', '"title":"Chat 1","pinned":true,"__proto__":{"polluted":1}');
    const chat = parseBackup(text).data.chats[0] as unknown as Record<string, unknown>;
    expect(chat.pinned).toBe(true);
    expect(Object.hasOwn(chat, '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
