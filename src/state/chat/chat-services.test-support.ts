import type { Chat } from '../../core/chat.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { Repository } from '../../core/repository.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import { PersonaMemory, type MemoryServices } from '../memory/persona-memory.svelte.ts';
import type { ChatParts, ChatServices, GroupParts } from './chat-controller.ts';
import { ComposerDraft } from './composer-draft.svelte.ts';
import { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';

/** What an open chat needs in a test: the repository, a clock that ticks on each read, the locks, and a tokenizer that counts characters. */
export function chatTestServices(repo: Repository, locks: ChatLocks = createLocalChatLocks()): ChatServices & MemoryServices {
  let clock = 100;
  return { repo, now: () => ++clock, chatLocks: locks, loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }) };
}

/**
 * The keepers an open chat works with, made fresh for a test: memory, summaries and mood of
 * `persona`, a composer, a fixed window (default 4096 tokens), and a group chat's parts when given.
 * `memoryFor` defaults to a fresh, loaded memory per character.
 */
export function chatTestParts(
  services: ChatServices & MemoryServices,
  chat: Chat,
  persona: Persona,
  options: { contextWindow?: number; cast?: readonly Persona[]; random?: () => number; memoryFor?: GroupParts['memoryFor'] } = {},
): ChatParts & { memory: PersonaMemory } {
  const memory = new PersonaMemory(services, persona);
  const memoryFor =
    options.memoryFor ??
    (async (p: Persona) => {
      const m = new PersonaMemory(services, p);
      await m.load();
      return m;
    });
  return {
    memory,
    summaries: new SummaryKeeper(services, chat, (m) => memory.add(m)),
    personaState: new PersonaStateKeeper(services, chat, persona),
    composer: new ComposerDraft(),
    contextWindow: () => options.contextWindow ?? 4096,
    ...(options.cast ? { group: { cast: options.cast, memoryFor, ...(options.random ? { random: options.random } : {}) } } : {}),
  };
}
