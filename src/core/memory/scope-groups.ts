/**
 * Encodes a memory's scope (persona-level or one chat) and kind as one small integer group,
 * so the indexes can filter rows with a lookup table instead of per-row object access.
 */
import type { ChatId } from '../ids.ts';
import type { Memory, MemoryKind } from './memory.ts';

/** Every memory kind, in a fixed order that defines the kind codes. */
export const MEMORY_KINDS: readonly MemoryKind[] = ['summary', 'fact', 'source-chunk', 'lore', 'sample-line', 'experience'];

const KIND_CODE = new Map<MemoryKind, number>(MEMORY_KINDS.map((k, i) => [k, i]));
const KIND_COUNT = MEMORY_KINDS.length;

/** Which memories a search may return. */
export interface MemoryScope {
  /** This chat's memories are searched besides the persona-level ones. */
  chatId?: ChatId;
  /** Search every chat's memories (the memory view); overrides `chatId`. */
  allChats?: boolean;
  /** Only these kinds (default: all). */
  kinds?: readonly MemoryKind[];
}

/** True when a memory lies in the scope. */
export function inScope(memory: Pick<Memory, 'chatId' | 'kind'>, scope: MemoryScope): boolean {
  if (scope.kinds && !scope.kinds.includes(memory.kind)) return false;
  return scope.allChats === true || memory.chatId === undefined || memory.chatId === scope.chatId;
}

/** Assigns group numbers to (scope, kind) pairs and builds search masks from scopes. */
export class ScopeGroups {
  readonly #chatCodes = new Map<string, number>();

  /** The group of a memory (chat code × kinds + kind code); chat code 0 is persona-level. */
  groupOf(memory: Pick<Memory, 'chatId' | 'kind'>): number {
    return this.#chatCode(memory.chatId) * KIND_COUNT + (KIND_CODE.get(memory.kind) ?? 0);
  }

  /** A lookup table with 1 for every group inside the scope. */
  mask(scope: MemoryScope): Uint8Array {
    const mask = new Uint8Array((this.#chatCodes.size + 1) * KIND_COUNT);
    const chats = scope.allChats ? [...this.#chatCodes.values()] : [this.#chatCodes.get(scope.chatId ?? '')].filter((c) => c !== undefined);
    for (const chat of [0, ...chats]) {
      for (let kind = 0; kind < KIND_COUNT; kind++) {
        if (!scope.kinds || scope.kinds.includes(MEMORY_KINDS[kind]!)) mask[chat * KIND_COUNT + kind] = 1;
      }
    }
    return mask;
  }

  #chatCode(chatId: ChatId | undefined): number {
    if (chatId === undefined) return 0;
    let code = this.#chatCodes.get(chatId);
    if (code === undefined) {
      code = this.#chatCodes.size + 1;
      this.#chatCodes.set(chatId, code);
    }
    return code;
  }
}
