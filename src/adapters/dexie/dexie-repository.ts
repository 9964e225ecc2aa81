import { Dexie } from 'dexie';
import type { Chat } from '../../core/chat.ts';
import { membersOf, removeMember } from '../../core/group-chat.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import type {
  ChatRepository,
  MemoryRepository,
  MessageRepository,
  PersonaRepository,
  BookRepository,
  EvalRunRepository,
  Repository,
  SettingsRepository,
  StoredEvalRun,
} from '../../core/repository.ts';
import { msg } from '../../core/i18n/message.ts';
import type { BookId, WorldBook } from '../../core/lore/world-book.ts';
import { StorageError } from '../../core/errors/index.ts';
import type { EgosDb } from './egos-db.ts';
import { STORAGE_ACTIONS, savePersonaAction } from './storage-actions.ts';
import { guard } from './storage-errors.ts';

function chatRange(chatId: ChatId) {
  return [
    [chatId, Dexie.minKey],
    [chatId, Dexie.maxKey],
  ] as const;
}

async function deleteChatData(db: EgosDb, chatId: ChatId): Promise<void> {
  const [lower, upper] = chatRange(chatId);
  await db.messages.where('[chatId+seq]').between(lower, upper, true, true).delete();
  await db.memories.where('chatId').equals(chatId).delete();
  await db.chats.delete(chatId);
}

function personas(db: EgosDb): PersonaRepository {
  return {
    list: () => guard(STORAGE_ACTIONS.readPersonas, () => db.personas.orderBy('updatedAt').reverse().toArray()),
    get: (id: PersonaId) => guard(STORAGE_ACTIONS.readPersona, () => db.personas.get(id)),
    put: (persona: Persona) => guard(savePersonaAction(persona.name), async () => void (await db.personas.put(persona))),
    delete: (id: PersonaId) =>
      guard(STORAGE_ACTIONS.deletePersona, () =>
        db.transaction('rw', [db.personas, db.chats, db.messages, db.memories, db.evalRuns], async () => {
          await db.evalRuns.where('personaId').equals(id).delete();
          for (const chat of await chatsWithMember(db, id)) if (chat.personaId !== id) await db.chats.put(removeMember(chat, id));
          for (const chat of await db.chats.where('personaId').equals(id).toArray()) {
            const others = membersOf(chat).filter((m) => m.personaId !== id);
            if (others.length > 0) await db.chats.put(removeMember(chat, id));
            else await deleteChatData(db, chat.id);
          }
          await db.memories.where('personaId').equals(id).delete();
          await db.personas.delete(id);
        }),
      ),
  };
}

/** Group chats with this persona among their members (a scan: chats are few, and only group chats have members). */
function chatsWithMember(db: EgosDb, personaId: PersonaId): Promise<Chat[]> {
  return db.chats.filter((c) => c.members?.some((m) => m.personaId === personaId) ?? false).toArray();
}

function chats(db: EgosDb): ChatRepository {
  return {
    listByPersona: (personaId: PersonaId) =>
      guard(STORAGE_ACTIONS.readChats, async () => {
        const list = await db.chats.where('personaId').equals(personaId).toArray();
        return list.sort((a, b) => b.updatedAt - a.updatedAt);
      }),
    listWithMember: (personaId: PersonaId) =>
      guard(STORAGE_ACTIONS.readChats, async () => (await chatsWithMember(db, personaId)).sort((a, b) => b.updatedAt - a.updatedAt)),
    get: (id: ChatId) => guard(STORAGE_ACTIONS.readChat, () => db.chats.get(id)),
    put: (chat: Chat) => guard(STORAGE_ACTIONS.saveChat, async () => void (await db.chats.put(chat))),
    delete: (id: ChatId) => guard(STORAGE_ACTIONS.deleteChat, () => db.transaction('rw', [db.chats, db.messages, db.memories], () => deleteChatData(db, id))),
  };
}

function messages(db: EgosDb): MessageRepository {
  return {
    listByChat: (chatId: ChatId) =>
      guard(STORAGE_ACTIONS.readMessages, () => {
        const [lower, upper] = chatRange(chatId);
        return db.messages.where('[chatId+seq]').between(lower, upper, true, true).toArray();
      }),
    get: (id: MessageId) => guard(STORAGE_ACTIONS.readMessage, () => db.messages.get(id)),
    put: (message: Message) => guard(STORAGE_ACTIONS.saveMessage, async () => void (await db.messages.put(message))),
    patch: (id: MessageId, changes) =>
      guard(STORAGE_ACTIONS.saveMessage, async () => {
        const updated = await db.messages.update(id, changes);
        if (updated === 0) {
          throw new StorageError('not-found', msg('storage.error.messageGone'));
        }
      }),
    delete: (id: MessageId) => guard(STORAGE_ACTIONS.deleteMessage, () => db.messages.delete(id)),
    bulkPut: (list: Message[]) =>
      guard(STORAGE_ACTIONS.saveMessages, () => db.transaction('rw', db.messages, async () => void (await db.messages.bulkPut(list)))),
    bulkDelete: (ids: MessageId[]) => guard(STORAGE_ACTIONS.deleteMessages, () => db.transaction('rw', db.messages, () => db.messages.bulkDelete(ids))),
    lastSeq: (chatId: ChatId) =>
      guard(STORAGE_ACTIONS.readMessages, async () => {
        const [lower, upper] = chatRange(chatId);
        const last = await db.messages.where('[chatId+seq]').between(lower, upper, true, true).last();
        return last?.seq ?? -1;
      }),
    listStreaming: () => guard(STORAGE_ACTIONS.readMessages, () => db.messages.where('status').equals('streaming').toArray()),
  };
}

function settings(db: EgosDb): SettingsRepository {
  return {
    get: <T>(key: string) => guard(STORAGE_ACTIONS.readSettings, async () => (await db.settings.get(key))?.value as T | undefined),
    set: <T>(key: string, value: T) => guard(STORAGE_ACTIONS.saveSettings, async () => void (await db.settings.put({ key, value }))),
  };
}

function memories(db: EgosDb): MemoryRepository {
  return {
    listByPersona: (personaId: PersonaId) => guard(STORAGE_ACTIONS.readMemories, () => db.memories.where('personaId').equals(personaId).toArray()),
    listByChat: (chatId: ChatId) => guard(STORAGE_ACTIONS.readMemories, () => db.memories.where('chatId').equals(chatId).toArray()),
    put: (memory: Memory) => guard(STORAGE_ACTIONS.saveMemory, async () => void (await db.memories.put(memory))),
    bulkPut: (list: Memory[]) => guard(STORAGE_ACTIONS.saveMemories, async () => void (await db.memories.bulkPut(list))),
    delete: (id: MemoryId) => guard(STORAGE_ACTIONS.deleteMemory, () => db.memories.delete(id)),
  };
}

function evalRuns(db: EgosDb): EvalRunRepository {
  return {
    listByPersona: (personaId: PersonaId) =>
      guard(STORAGE_ACTIONS.readEvalRuns, async () =>
        (await db.evalRuns.where('personaId').equals(personaId).toArray()).sort((a, b) => b.updatedAt - a.updatedAt),
      ),
    get: (id: string) => guard(STORAGE_ACTIONS.readEvalRun, () => db.evalRuns.get(id)),
    put: (run: StoredEvalRun) => guard(STORAGE_ACTIONS.saveEvalRun, async () => void (await db.evalRuns.put(run))),
    delete: (id: string) => guard(STORAGE_ACTIONS.deleteEvalRun, () => db.evalRuns.delete(id)),
  };
}

function books(db: EgosDb): BookRepository {
  return {
    list: () => guard(STORAGE_ACTIONS.readBooks, async () => (await db.books.toArray()).sort((a, b) => a.name.localeCompare(b.name))),
    get: (id: BookId) => guard(STORAGE_ACTIONS.readBook, () => db.books.get(id)),
    put: (book: WorldBook) => guard(STORAGE_ACTIONS.saveBook, async () => void (await db.books.put(book))),
    delete: (id: BookId) => guard(STORAGE_ACTIONS.deleteBook, () => db.books.delete(id)),
  };
}

/** The Repository port implemented on IndexedDB through Dexie. */
export function createDexieRepository(db: EgosDb): Repository {
  return {
    personas: personas(db),
    chats: chats(db),
    messages: messages(db),
    settings: settings(db),
    memories: memories(db),
    evalRuns: evalRuns(db),
    books: books(db),
  };
}
