import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';

/**
 * Kinds of long-term memory: scene summaries (Summarize), facts about the user or the
 * character, chunks of source material (dynamic Extract), lore-book entries, sample lines,
 * and experiences (scenes of the character's own past, reconstructed from its profile and
 * source and reviewed by the user; see `core/experiences/`).
 */
export type MemoryKind = 'summary' | 'fact' | 'source-chunk' | 'lore' | 'sample-line' | 'experience';

/** A stored embedding; `model` names the vector space so a model change forces re-embedding. */
export interface StoredEmbedding {
  model: string;
  vector: Float32Array;
}

/** One long-term memory. `chatId` absent means persona-level (shared by all chats). */
export interface Memory {
  id: MemoryId;
  personaId: PersonaId;
  chatId?: ChatId;
  kind: MemoryKind;
  text: string;
  /** 1..10, higher is more important. */
  importance: number;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
  lastAccessedAt: number;
  /** Times the memory was retrieved (strengthens it against decay). */
  accessCount: number;
  embedding?: StoredEmbedding;
  /** The message a fact was extracted from. */
  sourceMessageId?: MessageId;
  /** For summaries: the `seq` range of the turns (or lower-level summaries) it covers. */
  range?: { fromSeq: number; toSeq: number };
  /** For summaries: 0 for a summary of turns, 1 for a summary of summaries, and so on. */
  level?: number;
  /** For experiences: when in the character's life it happened, as written ("age 19", "the winter of 1805"). */
  when?: string;
}
