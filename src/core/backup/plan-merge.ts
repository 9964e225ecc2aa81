import { BACKUP_TABLES, type BackupData, type BackupTable, type RestoreCounts } from './backup-format.ts';

/** The ids (settings: keys) already stored, per kind of record. */
export type ExistingKeys = Record<BackupTable, ReadonlySet<string>>;

/** What a merge writes and what it reports. */
export interface MergePlan {
  /** Only the records whose ids are new. */
  toAdd: BackupData;
  counts: RestoreCounts;
}

function split<T>(list: T[], keyOf: (record: T) => string, existing: ReadonlySet<string>): { add: T[]; kept: number } {
  const add = list.filter((record) => !existing.has(keyOf(record)));
  return { add, kept: list.length - add.length };
}

/**
 * Plans a merge: records whose id (settings: key) is new are added; a record whose id is
 * already stored is kept as stored, never overwritten.
 */
export function planMerge(existing: ExistingKeys, incoming: BackupData): MergePlan {
  const personas = split(incoming.personas, (r) => r.id, existing.personas);
  const chats = split(incoming.chats, (r) => r.id, existing.chats);
  const messages = split(incoming.messages, (r) => r.id, existing.messages);
  const memories = split(incoming.memories, (r) => r.id, existing.memories);
  const settings = split(incoming.settings, (r) => r.key, existing.settings);
  const evalRuns = split(incoming.evalRuns, (r) => r.id, existing.evalRuns);
  const books = split(incoming.books, (r) => r.id, existing.books);
  const parts = { personas, chats, messages, memories, settings, evalRuns, books };
  const counts = Object.fromEntries(BACKUP_TABLES.map((t) => [t, { added: parts[t].add.length, kept: parts[t].kept }])) as RestoreCounts;
  return {
    toAdd: {
      personas: personas.add,
      chats: chats.add,
      messages: messages.add,
      memories: memories.add,
      settings: settings.add,
      evalRuns: evalRuns.add,
      books: books.add,
    },
    counts,
  };
}

/** Counts of a replace: everything in the backup is added, nothing kept. */
export function replaceCounts(data: BackupData): RestoreCounts {
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t, { added: data[t].length, kept: 0 }])) as RestoreCounts;
}
