import { BACKUP_FORMAT, BACKUP_VERSION, SCHEMA_VERSION, type BackupData, type BackupFile } from './backup-format.ts';
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

/** Keeps only records whose owners are in the backup too, so the file always restores. */
function withoutOrphans(data: BackupData): { data: BackupData; skipped: number } {
  const personaIds = new Set<string>(data.personas.map((p) => p.id));
  const chats = data.chats.filter((c) => personaIds.has(c.personaId));
  const chatOwner = new Map<string, string>(chats.map((c) => [c.id, c.personaId]));
  const messages = data.messages.filter((m) => chatOwner.has(m.chatId));
  const memories = data.memories.filter((m) => personaIds.has(m.personaId) && (m.chatId === undefined || chatOwner.get(m.chatId) === m.personaId));
  const evalRuns = data.evalRuns.filter((r) => personaIds.has(r.personaId));
  const kept = { ...data, chats, messages, memories, evalRuns };
  const skipped =
    data.chats.length - chats.length + data.messages.length - messages.length + data.memories.length - memories.length + data.evalRuns.length - evalRuns.length;
  return { data: kept, skipped };
}

/**
 * Builds the backup document of everything stored: avatars as base64, embeddings as base64
 * Float32, API keys blanked unless `includeApiKeys`, orphaned records left out.
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
