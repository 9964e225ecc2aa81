import type { ChatId } from '../ids.ts';

/** The result of trying to run a task under a chat's lock. */
export type LockedRun<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Per-chat exclusive locks shared by every tab of the app, so only one tab generates into a
 * chat at a time.
 */
export interface ChatLocks {
  /**
   * Runs `task` while holding the chat's lock, releasing it when the task settles. When
   * another tab (or this one) holds the lock, returns `{ acquired: false }` at once without
   * running the task. Rethrows what the task throws.
   */
  withChatLock<T>(chatId: ChatId, task: () => Promise<T>): Promise<LockedRun<T>>;
  /** The chats whose lock is held now, by any tab. */
  heldChats(): Promise<ReadonlySet<ChatId>>;
}

/** Prefix of a chat lock's name; the chat id follows. */
export const CHAT_LOCK_PREFIX = 'egos-chat-';

/** The lock name of a chat, e.g. `egos-chat-<id>`. */
export function chatLockName(chatId: ChatId): string {
  return `${CHAT_LOCK_PREFIX}${chatId}`;
}

/** The chat id of a lock name, or null for a lock that is not a chat lock. */
export function chatIdOfLock(name: string): ChatId | null {
  return name.startsWith(CHAT_LOCK_PREFIX) && name.length > CHAT_LOCK_PREFIX.length ? (name.slice(CHAT_LOCK_PREFIX.length) as ChatId) : null;
}

/**
 * Locks that only this tab sees: used where the browser has no Web Locks API, and in tests.
 */
export function createLocalChatLocks(): ChatLocks {
  const held = new Set<ChatId>();
  return {
    async withChatLock(chatId, task) {
      if (held.has(chatId)) return { acquired: false };
      held.add(chatId);
      try {
        return { acquired: true, value: await task() };
      } finally {
        held.delete(chatId);
      }
    },
    heldChats: async () => new Set(held),
  };
}
