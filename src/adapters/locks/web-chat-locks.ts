import type { ChatId } from '../../core/ids.ts';
import { chatIdOfLock, chatLockName, createLocalChatLocks, type ChatLocks, type LockedRun } from '../../core/sync/chat-locks.ts';

/** The part of the Web Locks API (navigator.locks) these locks use. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T>): Promise<T>;
  query(): Promise<{ held?: Array<{ name?: string }> }>;
}

/**
 * Chat locks on the Web Locks API, shared by every tab of this origin: a lock held by a tab
 * is released when the task ends, and by the browser when the tab closes or crashes.
 * Falls back to locks local to this tab where the API is missing.
 */
export function createWebChatLocks(locks: LockManagerLike | undefined = globalThis.navigator?.locks): ChatLocks {
  if (!locks) return createLocalChatLocks();
  return {
    async withChatLock<T>(chatId: ChatId, task: () => Promise<T>): Promise<LockedRun<T>> {
      return locks.request(chatLockName(chatId), { ifAvailable: true }, async (lock): Promise<LockedRun<T>> => {
        if (!lock) return { acquired: false };
        return { acquired: true, value: await task() };
      });
    },
    async heldChats(): Promise<ReadonlySet<ChatId>> {
      const state = await locks.query();
      const ids = (state.held ?? []).map((l) => chatIdOfLock(l.name ?? '')).filter((id): id is ChatId => id !== null);
      return new Set(ids);
    },
  };
}
