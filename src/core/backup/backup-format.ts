import type { Chat } from '../chat.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import type { CardOrigin, Persona } from '../persona/index.ts';
import type { StoredEvalRun } from '../repository.ts';
import type { WorldBook } from '../lore/world-book.ts';

/** The `format` tag of every EGOS backup file. */
export const BACKUP_FORMAT = 'egos-backup';
/** The backup file version this release writes; older versions are upgraded on read. */
export const BACKUP_VERSION = 1;
/** The database schema version this release stores (EgosDb's newest `version()`). */
export const SCHEMA_VERSION = 3;
/** Largest backup file accepted by default (256 MiB). */
export const DEFAULT_MAX_BACKUP_BYTES = 256 * 1024 * 1024;

/** One settings entry: any JSON value under a key. */
export interface SettingEntry {
  key: string;
  value: unknown;
}

/** Everything EGOS stores, as records in memory (binary fields as typed arrays). */
export interface BackupData {
  personas: Persona[];
  chats: Chat[];
  messages: Message[];
  memories: Memory[];
  settings: SettingEntry[];
  evalRuns: StoredEvalRun[];
  /** World books (schema 3 on; older backups have none). */
  books: WorldBook[];
}

/** The kinds of record a backup holds, in restore order. */
export const BACKUP_TABLES = ['personas', 'chats', 'messages', 'memories', 'settings', 'evalRuns', 'books'] as const;
/** One kind of record in a backup. */
export type BackupTable = (typeof BACKUP_TABLES)[number];

/** How many records of each kind a restore added, and how many it kept as they were. */
export type RestoreCounts = Record<BackupTable, { added: number; kept: number }>;

/** The `added` or `kept` side of a restore's counts, by table. */
export function pickCounts(counts: RestoreCounts, which: 'added' | 'kept'): Record<BackupTable, number> {
  const out = {} as Record<BackupTable, number>;
  for (const t of BACKUP_TABLES) out[t] = counts[t][which];
  return out;
}

/** `merge` adds records whose ids are new and keeps existing ones; `replace` clears first. */
export type RestoreMode = 'merge' | 'replace';

/** A persona as written in a backup file: the avatar and its thumbnail as base64. */
export type PersonaRecord = Omit<Persona, 'avatar' | 'avatarThumb' | 'card'> & {
  avatar?: { mime: string; base64: string };
  avatarThumb?: { mime: string; base64: string };
  card?: CardOriginRecord;
};
/** A card origin as written in a backup file: the files a CHARX card kept as base64. */
export type CardOriginRecord = Omit<CardOrigin, 'packedFiles'> & { packedFiles?: { path: string; base64: string }[] };
/** A memory as written in a backup file: the embedding as base64 little-endian Float32. */
export type MemoryRecord = Omit<Memory, 'embedding'> & { embedding?: { model: string; base64: string } };

/** The JSON document of a backup file. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** Database schema version of the app that wrote it (older schemas lack some tables). */
  schemaVersion: number;
  /** Milliseconds since the epoch. */
  exportedAt: number;
  /** False when API keys were blanked out at export. */
  includesApiKeys: boolean;
  data: {
    personas: PersonaRecord[];
    chats: Chat[];
    messages: Message[];
    memories: MemoryRecord[];
    settings: SettingEntry[];
    evalRuns: StoredEvalRun[];
    /** Absent in files of schema 1 and 2. */
    books?: WorldBook[];
  };
}

/** What a validated backup holds, shown before the user chooses how to restore it. */
export interface BackupSummary {
  exportedAt: number;
  schemaVersion: number;
  includesApiKeys: boolean;
  counts: Record<BackupTable, number>;
}

/** Record counts per kind. */
export function countRecords(data: BackupData): Record<BackupTable, number> {
  return {
    personas: data.personas.length,
    chats: data.chats.length,
    messages: data.messages.length,
    memories: data.memories.length,
    settings: data.settings.length,
    evalRuns: data.evalRuns.length,
    books: data.books.length,
  };
}

/** A BackupData with no records. */
export function emptyBackupData(): BackupData {
  return { personas: [], chats: [], messages: [], memories: [], settings: [], evalRuns: [], books: [] };
}
