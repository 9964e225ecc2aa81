import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import type { ChatId, PersonaId } from '../ids.ts';
import type { BackupData, BackupFile } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData, withGroupChat } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

const T0 = 1_700_000_000_000;
const EN = 'persona-1' as PersonaId;
const ZH = 'persona-2' as PersonaId;
const GROUP = 'chat-group' as ChatId;

function backupText(data: BackupData, edit?: (file: BackupFile) => void): string {
  const { file } = createBackup(data, { includeApiKeys: true, now: T0 });
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

const groupIndex = 2;
const groupChat = (f: BackupFile) => f.data.chats[groupIndex] as unknown as Record<string, unknown>;
const lastMessage = (f: BackupFile) => f.data.messages.at(-1) as unknown as Record<string, unknown>;

describe('a group chat in a backup', () => {
  it('round-trips: members (muted too), turn order, each reply’s speaker and cue, a member’s chat memory', () => {
    const { data, summary } = parseBackup(backupText(withGroupChat()));
    expect(data).toEqual(withGroupChat());
    expect(data.chats[groupIndex]).toMatchObject({ members: [{ personaId: EN }, { personaId: ZH, muted: true }], turnOrder: 'random' });
    expect(data.messages.at(-1)).toMatchObject({ speakerId: ZH, cue: "[莫扎特's turn]" });
    expect(summary.counts).toMatchObject({ chats: 3, messages: 13, memories: 4 });
  });

  it.each([
    [
      'a member that is no persona of the backup',
      (f: BackupFile) => ((groupChat(f).members as unknown[])[1] = { personaId: 'nope' }),
      /chats\[2\]\.members\[1\]\.personaId should be the id of a persona in this backup/,
    ],
    [
      'a member id that is not text',
      (f: BackupFile) => ((groupChat(f).members as unknown[])[1] = { personaId: 7 }),
      /chats\[2\]\.members\[1\]\.personaId should be an id/,
    ],
    ['members that are not a list', (f: BackupFile) => (groupChat(f).members = 'all'), /chats\[2\]\.members should be a list/],
    [
      'a muted flag that is not true or false',
      (f: BackupFile) => ((groupChat(f).members as unknown[])[1] = { personaId: ZH, muted: 'yes' }),
      /chats\[2\]\.members\[1\]\.muted should be true or false/,
    ],
    [
      'members that do not start with the chat’s persona',
      (f: BackupFile) => (groupChat(f).members = [{ personaId: ZH }, { personaId: EN }]),
      /chats\[2\]\.members should be the chat’s characters, each once, the chat’s persona first/,
    ],
    [
      'a member twice',
      (f: BackupFile) => (groupChat(f).members = [{ personaId: EN }, { personaId: ZH }, { personaId: ZH }]),
      /chats\[2\]\.members should be the chat’s characters/,
    ],
    ['an unknown turn order', (f: BackupFile) => (groupChat(f).turnOrder = 'loudest'), /chats\[2\]\.turnOrder should be one of list, random, pick/],
    ['a speaker that is not an id', (f: BackupFile) => (lastMessage(f).speakerId = 7), /messages\[12\]\.speakerId should be an id/],
    ['a cue that is not text', (f: BackupFile) => (lastMessage(f).cue = ['turn']), /messages\[12\]\.cue should be text/],
  ])('refuses %s, naming where', (_name, edit, message) => {
    const error = rejection(() => parseBackup(backupText(withGroupChat(), edit)));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was changed/);
  });

  it('accepts a speaker that is no persona of the backup (a character deleted since keeps its lines)', () => {
    const text = backupText(withGroupChat(), (f) => (lastMessage(f).speakerId = 'deleted-persona'));
    expect(parseBackup(text).data.messages.at(-1)?.speakerId).toBe('deleted-persona');
  });

  it('still refuses a one-to-one chat’s memory of another persona', () => {
    const error = rejection(() => parseBackup(backupText(withGroupChat(), (f) => ((f.data.memories[0] as unknown as Record<string, unknown>).personaId = ZH))));
    expect(error.message).toMatch(/memories\[0\]\.chatId should be the id of a chat of the same persona/);
  });
});

describe('creating a backup with group chats whose characters are gone', () => {
  const without = (data: BackupData, id: PersonaId): BackupData => ({
    ...data,
    personas: data.personas.filter((p) => p.id !== id),
    // As deleting a persona leaves the rest: its own memories go (the library's other chats stay as they are).
    memories: data.memories.filter((m) => m.personaId !== id),
  });

  it('leaves a member out that is no longer a persona, keeping the chat and its lines', () => {
    const data = without(withGroupChat(), ZH);
    data.chats = data.chats.filter((c) => c.personaId !== ZH);
    data.messages = data.messages.filter((m) => m.chatId !== 'chat-b');
    const { file, orphansSkipped } = createBackup(data, { includeApiKeys: false, now: T0 });
    expect(orphansSkipped).toBe(0);
    const chat = file.data.chats.find((c) => c.id === GROUP);
    expect(chat).toMatchObject({ personaId: EN, members: [{ personaId: EN }], turnOrder: 'random' });
    expect(file.data.messages.filter((m) => m.chatId === GROUP)).toHaveLength(4);
    expect(() => parseBackup(serializeBackup(file))).not.toThrow();
  });

  it('hands a group chat whose host is gone to the next member, with its messages and the members’ memories', () => {
    const data = without(withGroupChat(), EN);
    data.chats = data.chats.filter((c) => c.personaId !== EN || c.id === GROUP);
    data.messages = data.messages.filter((m) => m.chatId !== 'chat-a');
    data.evalRuns = [];
    const { file, orphansSkipped } = createBackup(data, { includeApiKeys: false, now: T0 });
    expect(orphansSkipped).toBe(0);
    expect(file.data.chats.find((c) => c.id === GROUP)).toMatchObject({ personaId: ZH, members: [{ personaId: ZH, muted: true }] });
    expect(file.data.messages.filter((m) => m.chatId === GROUP)).toHaveLength(4);
    expect(file.data.memories.map((m) => m.id)).toContain('group-fact');
    const { data: back } = parseBackup(serializeBackup(file));
    expect(back.chats.find((c) => c.id === GROUP)?.personaId).toBe(ZH);
  });

  it('leaves out a group chat none of whose characters is left, with its messages and memories', () => {
    const data = withGroupChat();
    data.chats = data.chats.map((c) =>
      c.id === GROUP ? { ...c, personaId: 'gone-1' as PersonaId, members: [{ personaId: 'gone-1' as PersonaId }, { personaId: 'gone-2' as PersonaId }] } : c,
    );
    const { file, orphansSkipped } = createBackup(data, { includeApiKeys: false, now: T0 });
    expect(orphansSkipped).toBe(1 + 4 + 1);
    expect(file.data.chats.map((c) => c.id)).not.toContain(GROUP);
    expect(() => parseBackup(serializeBackup(file))).not.toThrow();
  });

  it('keeps a one-to-one chat as it was (a chat with an empty member list too)', () => {
    const data = sampleBackupData();
    data.chats[0] = { ...(data.chats[0] as Chat), members: [] };
    const { file, orphansSkipped } = createBackup(data, { includeApiKeys: false, now: T0 });
    expect(orphansSkipped).toBe(0);
    expect(file.data.chats[0]).toEqual(data.chats[0]);
  });
});
