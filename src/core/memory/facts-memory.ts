/** Turns extracted facts into stored memories: skip ones already known, then build `fact` memories. */
import { newId, type ChatId, type MemoryId, type PersonaId } from '../ids.ts';
import type { Memory } from './memory.ts';
import type { ExtractedFact } from './facts-parser.ts';
import { DEFAULT_FACTS_EVERY } from './facts-request.ts';
import { TextDedup } from './text-dedup.ts';

/** Where new fact memories go. */
export interface FactsTarget {
  personaId: PersonaId;
  /** The chat the facts come from (chat-level); omit for persona-level facts. */
  chatId?: ChatId;
  now: number;
  /** Id factory (default: random UUID). */
  newId?: () => MemoryId;
}

/**
 * The facts that are neither exact nor near duplicates of `existing` memories' texts nor of
 * each other (see `TextDedup`).
 */
export function dedupeFacts(facts: readonly ExtractedFact[], existing: ReadonlyArray<Pick<Memory, 'text'>>): ExtractedFact[] {
  const dedup = new TextDedup();
  for (const m of existing) dedup.add(m.text);
  return facts.filter((f) => {
    if (dedup.isDuplicate(f.text)) return false;
    dedup.add(f.text);
    return true;
  });
}

/** New `fact` memories for extracted facts (importance already clamped by the parser). */
export function factsToMemories(facts: readonly ExtractedFact[], target: FactsTarget): Memory[] {
  const makeId = target.newId ?? (() => newId<MemoryId>());
  return facts.map((f) => ({
    id: makeId(),
    personaId: target.personaId,
    ...(target.chatId ? { chatId: target.chatId } : {}),
    kind: 'fact' as const,
    text: f.text,
    importance: f.importance,
    pinned: false,
    createdAt: target.now,
    updatedAt: target.now,
    lastAccessedAt: target.now,
    accessCount: 0,
    ...(f.sourceMessageId ? { sourceMessageId: f.sourceMessageId } : {}),
  }));
}

/** True when enough user turns passed since the last extraction (default every 4). */
export function factsDue(userTurnsSinceLastExtraction: number, every = DEFAULT_FACTS_EVERY): boolean {
  return every > 0 && userTurnsSinceLastExtraction >= every;
}
