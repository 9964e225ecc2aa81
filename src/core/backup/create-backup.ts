import type { Chat } from '../chat.ts';
import { isGroupChat } from '../group-chat.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, SCHEMA_VERSION, type BackupData, type BackupFile } from './backup-format.ts';
import { mayHoldMemoryOf } from './check-references.ts';
import { writeMemoryRecord } from './memory-record.ts';
import { writePersonaRecord } from './persona-record.ts';
import { redactSecrets } from './redact-secrets.ts';

/** Options of {@link createBackup}. */
export interface CreateBackupOptions {
  /** Keep endpoint API keys and other credentials; by default they are blanked out. */
  includeApiKeys: boolean;
  /** Export time, ms since the epoch. */
  now: number;
}

/** A backup file and how many records were left out because they belonged to nothing. */
export interface CreatedBackup {
  file: BackupFile;
  /** Chats, messages, memories and eval runs whose persona or chat no longer exists. */
  orphansSkipped: number;
}

/**
 * A group chat without its members whose persona no longer exists (as deleting a persona leaves
 * it: the next member becomes the host); null when none is left. A one-to-one chat as it is,
 * or null when its persona no longer exists.
 */
function withExistingMembers(chat: Chat, personaIds: ReadonlySet<string>): Chat | null {
  if (!chat.members || !isGroupChat(chat)) return personaIds.has(chat.personaId) ? chat : null;
  const members = chat.members.filter((m) => personaIds.has(m.personaId));
  const host = members[0];
  if (!host) return null;
  return members.length === chat.members.length && host.personaId === chat.personaId ? chat : { ...chat, personaId: host.personaId, members };
}

/** Keeps only records whose owners are in the backup too, so the file always restores. */
function withoutOrphans(data: BackupData): { data: BackupData; skipped: number } {
  const personaIds = new Set<string>(data.personas.map((p) => p.id));
  const chats = data.chats.flatMap((c) => withExistingMembers(c, personaIds) ?? []);
  const chatById = new Map<string, Chat>(chats.map((c) => [c.id, c]));
  const messages = data.messages.filter((m) => chatById.has(m.chatId));
  const memories = data.memories.filter((m) => {
    const chat = m.chatId === undefined ? undefined : chatById.get(m.chatId);
    return personaIds.has(m.personaId) && (m.chatId === undefined || (chat !== undefined && mayHoldMemoryOf(chat, m.personaId)));
  });
  const evalRuns = data.evalRuns.filter((r) => personaIds.has(r.personaId));
  const kept = { ...data, chats, messages, memories, evalRuns };
  const skipped =
    data.chats.length - chats.length + data.messages.length - messages.length + data.memories.length - memories.length + data.evalRuns.length - evalRuns.length;
  return { data: kept, skipped };
}

/**
 * Builds the backup document of everything stored: avatars as base64, embeddings as base64
 * Float32, API keys blanked unless `includeApiKeys`, orphaned records left out (a group chat
 * keeps the members that still exist, the first of them as its host).
 */
export function createBackup(data: BackupData, options: CreateBackupOptions): CreatedBackup {
  const { data: clean, skipped } = withoutOrphans(data);
  const secret = <T>(value: T): T => (options.includeApiKeys ? value : redactSecrets(value));
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: options.now,
    includesApiKeys: options.includeApiKeys,
    data: {
      personas: clean.personas.map(writePersonaRecord),
      chats: clean.chats,
      messages: clean.messages,
      memories: clean.memories.map(writeMemoryRecord),
      settings: clean.settings.map((s) => ({ key: s.key, value: secret(s.value) })),
      evalRuns: clean.evalRuns.map((r) => ({ ...r, state: secret(r.state) })),
      books: clean.books,
    },
  };
  return { file, orphansSkipped: skipped };
}

/** The backup document as the text of a `.json` file. */
export function serializeBackup(file: BackupFile): string {
  return JSON.stringify(file);
}

/** The suggested file name, e.g. `egos-backup-2025-03-01.json`. */
export function backupFileName(now: number): string {
  return `egos-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}
