import { Dexie, type EntityTable } from 'dexie';
import type { Chat } from '../../core/chat.ts';
import type { StoredEvalRun } from '../../core/repository.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { WorldBook } from '../../core/lore/world-book.ts';

/** A settings row: any JSON-serialisable value under a string key. */
export interface SettingRow {
  key: string;
  value: unknown;
}

/**
 * The app's IndexedDB database. Each `version()` is a migration step; never edit an old
 * one, add a new version instead (and a fixture test that upgrades from the previous one).
 */
export class EgosDb extends Dexie {
  personas!: EntityTable<Persona, 'id'>;
  chats!: EntityTable<Chat, 'id'>;
  messages!: EntityTable<Message, 'id'>;
  memories!: EntityTable<Memory, 'id'>;
  settings!: EntityTable<SettingRow, 'key'>;
  evalRuns!: EntityTable<StoredEvalRun, 'id'>;
  books!: EntityTable<WorldBook, 'id'>;

  constructor(name = 'egos') {
    super(name);
    this.version(1).stores({
      personas: 'id, name, updatedAt',
      chats: 'id, personaId, updatedAt',
      messages: 'id, [chatId+seq], status',
      memories: 'id, personaId, chatId, kind, [personaId+kind]',
      settings: 'key',
    });
    this.version(2).stores({
      evalRuns: 'id, personaId, updatedAt',
    });
    this.version(3).stores({
      books: 'id, name, updatedAt',
    });
  }
}
