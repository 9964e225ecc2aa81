import type { ChatId, MessageId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import type { Repository } from '../repository.ts';
import type { TabEvent } from './tab-events.ts';

function memoryEvent(memory: Memory): TabEvent {
  return memory.chatId ? { type: 'memories', personaId: memory.personaId, chatId: memory.chatId } : { type: 'memories', personaId: memory.personaId };
}

/**
 * Wraps a Repository so that every successful write is announced with `publish` (to the
 * other tabs). Reads pass through; a failed write announces nothing.
 */
export function notifyingRepository(repo: Repository, publish: (event: TabEvent) => void): Repository {
  const chatOfMessage = new Map<MessageId, ChatId>();
  const remember = (list: Message[]): Message[] => {
    for (const m of list) chatOfMessage.set(m.id, m.chatId);
    return list;
  };
  const chatOf = async (id: MessageId): Promise<ChatId | undefined> => chatOfMessage.get(id) ?? (await repo.messages.get(id))?.chatId;
  const messagesChanged = (chatId: ChatId | undefined): void => {
    if (chatId) publish({ type: 'messages', chatId });
  };

  return {
    personas: {
      ...repo.personas,
      put: async (persona) => {
        await repo.personas.put(persona);
        publish({ type: 'personas' });
      },
      delete: async (id) => {
        await repo.personas.delete(id);
        publish({ type: 'personas' });
      },
    },
    chats: {
      ...repo.chats,
      put: async (chat) => {
        await repo.chats.put(chat);
        // A group chat is listed with each of its members.
        for (const personaId of new Set([chat.personaId, ...(chat.members ?? []).map((m) => m.personaId)])) publish({ type: 'chats', personaId });
      },
      delete: async (id) => {
        const chat = await repo.chats.get(id);
        await repo.chats.delete(id);
        if (chat) publish({ type: 'chats', personaId: chat.personaId });
        messagesChanged(id);
      },
    },
    messages: {
      ...repo.messages,
      listByChat: async (chatId) => remember(await repo.messages.listByChat(chatId)),
      listStreaming: async () => remember(await repo.messages.listStreaming()),
      put: async (message) => {
        await repo.messages.put(message);
        chatOfMessage.set(message.id, message.chatId);
        messagesChanged(message.chatId);
      },
      patch: async (id, changes) => {
        await repo.messages.patch(id, changes);
        messagesChanged(await chatOf(id));
      },
      delete: async (id) => {
        const chatId = await chatOf(id);
        await repo.messages.delete(id);
        chatOfMessage.delete(id);
        messagesChanged(chatId);
      },
      bulkPut: async (list) => {
        await repo.messages.bulkPut(list);
        remember(list);
        for (const chatId of new Set(list.map((m) => m.chatId))) messagesChanged(chatId);
      },
      bulkDelete: async (ids) => {
        const chatIds = new Set<ChatId | undefined>();
        for (const id of ids) chatIds.add(await chatOf(id));
        await repo.messages.bulkDelete(ids);
        for (const id of ids) chatOfMessage.delete(id);
        for (const chatId of chatIds) messagesChanged(chatId);
      },
    },
    settings: {
      get: (key) => repo.settings.get(key),
      set: async (key, value) => {
        await repo.settings.set(key, value);
        publish({ type: 'settings', key });
      },
    },
    memories: {
      ...repo.memories,
      put: async (memory) => {
        await repo.memories.put(memory);
        publish(memoryEvent(memory));
      },
      bulkPut: async (list) => {
        await repo.memories.bulkPut(list);
        const seen = new Set<string>();
        for (const event of list.map(memoryEvent)) {
          const key = JSON.stringify(event);
          if (!seen.has(key)) publish(event);
          seen.add(key);
        }
      },
      delete: async (id) => {
        await repo.memories.delete(id);
        publish({ type: 'memories' });
      },
    },
    books: {
      ...repo.books,
      put: async (book) => {
        await repo.books.put(book);
        publish({ type: 'books' });
      },
      delete: async (id) => {
        await repo.books.delete(id);
        publish({ type: 'books' });
      },
    },
    evalRuns: {
      ...repo.evalRuns,
      put: async (run) => {
        await repo.evalRuns.put(run);
        publish({ type: 'eval-runs', personaId: run.personaId });
      },
      delete: async (id) => {
        const run = await repo.evalRuns.get(id);
        await repo.evalRuns.delete(id);
        if (run) publish({ type: 'eval-runs', personaId: run.personaId });
      },
    },
  };
}
