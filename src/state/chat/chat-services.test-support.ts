import type { Repository } from '../../core/repository.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import type { MemoryServices } from '../memory/persona-memory.svelte.ts';
import type { ChatServices } from './chat-controller.ts';

/** What an open chat needs in a test: the repository, a clock that ticks on each read, the locks, and a tokenizer that counts characters. */
export function chatTestServices(repo: Repository, locks: ChatLocks = createLocalChatLocks()): ChatServices & MemoryServices {
  let clock = 100;
  return { repo, now: () => ++clock, chatLocks: locks, loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }) };
}
