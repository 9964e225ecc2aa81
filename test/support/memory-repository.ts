/** Test tool: an in-memory Repository, with a switch to make writes fail (e.g. quota). */
import type { Chat } from '../../src/core/chat.ts';
import type { Memory } from '../../src/core/memory/memory.ts';
import type { Message } from '../../src/core/message.ts';
import type { Persona } from '../../src/core/persona/index.ts';
import type { Repository, StoredEvalRun } from '../../src/core/repository.ts';
import { StorageError } from '../../src/core/errors/index.ts';
import { msg } from '../../src/core/i18n/message.ts';
import type { BookId, WorldBook } from '../../src/core/lore/world-book.ts';

export interface MemoryRepository extends Repository {
  /** When set, every write throws it. */
  failWritesWith: Error | null;
  /** Every message write, in order, as copies. */
  messageWrites: Message[];
}

export function createMemoryRepository(): MemoryRepository {
  const personas = new Map<string, Persona>();
  const chats = new Map<string, Chat>();
  const messages = new Map<string, Message>();
  const memories = new Map<string, Memory>();
  const settings = new Map<string, unknown>();
  const runs = new Map<string, StoredEvalRun>();
  const books = new Map<BookId, WorldBook>();
  const repo: MemoryRepository = {
    failWritesWith: null,
    messageWrites: [],
    personas: {
      list: async () => [...personas.values()].sort((a, b) => b.updatedAt - a.updatedAt),
      get: async (id) => personas.get(id),
      put: async (p) => void (check(), personas.set(p.id, structuredClone(p))),
      delete: async (id) => void (check(), personas.delete(id)),
    },
    chats: {
      listByPersona: async (id) => [...chats.values()].filter((c) => c.personaId === id),
      listWithMember: async (id) => [...chats.values()].filter((c) => c.members?.some((m) => m.personaId === id) ?? false),
      get: async (id) => chats.get(id),
      put: async (c) => void (check(), chats.set(c.id, structuredClone(c))),
      delete: async (id) => {
        check();
        chats.delete(id);
        for (const m of [...messages.values()]) if (m.chatId === id) messages.delete(m.id);
      },
    },
    messages: {
      listByChat: async (id) => [...messages.values()].filter((m) => m.chatId === id).sort((a, b) => a.seq - b.seq),
      get: async (id) => messages.get(id),
      put: async (m) => {
        check();
        messages.set(m.id, structuredClone(m));
        repo.messageWrites.push(structuredClone(m));
      },
      patch: async (id, changes) => {
        check();
        const m = messages.get(id);
        if (!m) throw new StorageError('not-found', msg('text.verbatim', { text: 'gone' }));
        const next = { ...m, ...structuredClone(changes) };
        messages.set(id, next);
        repo.messageWrites.push(structuredClone(next));
      },
      delete: async (id) => void (check(), messages.delete(id)),
      bulkPut: async (list) => {
        check();
        for (const m of list) {
          messages.set(m.id, structuredClone(m));
          repo.messageWrites.push(structuredClone(m));
        }
      },
      bulkDelete: async (ids) => void (check(), ids.forEach((id) => messages.delete(id))),
      lastSeq: async (id) => Math.max(-1, ...[...messages.values()].filter((m) => m.chatId === id).map((m) => m.seq)),
      listStreaming: async () => [...messages.values()].filter((m) => m.status === 'streaming'),
    },
    settings: {
      get: async <T>(key: string) => settings.get(key) as T | undefined,
      set: async (key, value) => void (check(), settings.set(key, value)),
    },
    memories: {
      listByPersona: async (id) => [...memories.values()].filter((m) => m.personaId === id),
      listByChat: async (id) => [...memories.values()].filter((m) => m.chatId === id),
      put: async (m) => void (check(), memories.set(m.id, m)),
      bulkPut: async (list) => void (check(), list.forEach((m) => memories.set(m.id, m))),
      delete: async (id) => void (check(), memories.delete(id)),
    },
    books: {
      list: async () => [...books.values()].map((b) => structuredClone(b)).sort((a, b) => a.name.localeCompare(b.name)),
      get: async (id) => (books.has(id) ? structuredClone(books.get(id)) : undefined),
      put: async (b) => void (check(), books.set(b.id, structuredClone(b))),
      delete: async (id) => void (check(), books.delete(id)),
    },
    evalRuns: {
      listByPersona: async (id) => [...runs.values()].filter((r) => r.personaId === id),
      get: async (id) => runs.get(id),
      put: async (r) => void (check(), runs.set(r.id, structuredClone(r))),
      delete: async (id) => void (check(), runs.delete(id)),
    },
  };
  function check() {
    if (repo.failWritesWith) throw repo.failWritesWith;
  }
  return repo;
}
