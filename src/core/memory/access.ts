/** Recall bookkeeping: a retrieved memory is refreshed and strengthened (MemoryBank). */
import type { Memory } from './memory.ts';

/** A copy of the memory marked as recalled at `now` (`accessCount` + 1). */
export function markAccessed(memory: Memory, now: number): Memory {
  return { ...memory, lastAccessedAt: now, accessCount: memory.accessCount + 1 };
}
