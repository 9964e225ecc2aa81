/**
 * The stored memories a rated chat's correctness is checked against: for each reply the judge is
 * shown, the persona's facts, experiences and source passages that the memory search (the one chat
 * retrieval uses; persona-level memories and this chat's) finds most relevant to it, merged best
 * first into a small token budget. The knowledge boundary comes with the profile.
 */
import type { ChatId } from '../ids.ts';
import type { MemoryIndex, ScoredMemory } from '../memory/memory-index.ts';
import type { MemoryKind } from '../memory/memory.ts';
import { fillSlot } from '../memory/token-budget.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import { shownChatExchanges } from './judge-prompts.ts';

/** The kinds of memory that state what the character knows or lived. */
export const EVIDENCE_KINDS: readonly MemoryKind[] = ['fact', 'experience', 'source-chunk'];
/** Tokens the memories of one rated chat may take in the judge's prompt. */
export const EVIDENCE_BUDGET = 1200;
/** At most this many memories per rated chat. */
export const MAX_EVIDENCE_MEMORIES = 12;
/** Candidates taken per reply before merging. */
const PER_REPLY = 3;

const LABELS: Partial<Record<MemoryKind, string>> = { fact: 'Fact', experience: 'Experience', 'source-chunk': 'Source' };

/** What {@link chatEvidenceMemories} searches. */
export interface ChatEvidenceInput {
  /** The persona's memories (see MemoryIndex.build). */
  index: MemoryIndex;
  chatId: ChatId;
  characterName: string;
  /** The rated chat's exchanges (see rated-chat.ts); only those the judge is shown are searched for. */
  exchanges: readonly InterviewExchange[];
  group?: boolean;
  counter: TokenCounter;
  now: number;
  budget?: number;
  maxItems?: number;
}

/**
 * The memories for a rated chat's correctness, as labelled lines (`Fact: …`, `Experience: …`,
 * `Source: …`), best first; a passage that does not fit whole is cut to the room left. Empty when
 * nothing stored matches.
 */
export function chatEvidenceMemories(input: ChatEvidenceInput): string[] {
  const shown = input.exchanges.slice(input.exchanges.length - shownChatExchanges(input.characterName, input.exchanges, input.group));
  const best = new Map<string, ScoredMemory>();
  for (const exchange of shown) {
    const hits = input.index.search({ chatId: input.chatId, kinds: EVIDENCE_KINDS, text: exchange.answer, k: PER_REPLY, now: input.now, mode: 'lexical' });
    for (const hit of hits) {
      // Only memories that share words with a reply: a pinned one that matches nothing is no evidence.
      if (hit.parts.bm25 <= 0) continue;
      const seen = best.get(hit.memory.id);
      if (!seen || hit.score > seen.score) best.set(hit.memory.id, hit);
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const filled = fillSlot(ranked, {
    budget: input.budget ?? EVIDENCE_BUDGET,
    counter: input.counter,
    textOf: (s) => s.memory.text,
    maxItems: input.maxItems ?? MAX_EVIDENCE_MEMORIES,
    trimFrom: 40,
  });
  return filled.chosen.map(({ item, text }) => `${LABELS[item.memory.kind] ?? item.memory.kind}: ${(text ?? item.memory.text).replace(/\s+/g, ' ').trim()}`);
}
