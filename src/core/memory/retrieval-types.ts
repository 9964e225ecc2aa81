/** Input and output types of the per-turn retrieval step ({@link retrieveForTurn}). */
import type { ChatId, MemoryId } from '../ids.ts';
import type { MemoryKind } from './memory.ts';
import type { Persona } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { ExemplarOrigin, ExemplarPool } from './exemplars.ts';
import type { HybridWeights, RecencyOptions, ScoreParts } from './hybrid-score.ts';
import type { MemoryIndex } from './memory-index.ts';
import type { SkipReason } from './token-budget.ts';

/** A recent chat message, as plain text. */
export interface TurnMessage {
  role: 'user' | 'assistant';
  text: string;
}

/** Token budgets of the three retrieval slots. */
export interface RetrievalBudgets {
  memories: number;
  sourceChunks: number;
  exemplars: number;
}

/** Tuning of the retrieval step; every field has a default. */
export interface TurnRetrievalOptions {
  /** Messages that form the memory/exemplar query (default 2). */
  queryDepth?: number;
  /** Most memories per turn (default 6). */
  maxMemories?: number;
  /** Most source chunks per turn (default 3). */
  maxSourceChunks?: number;
  /** Most exemplars per turn (default 4). */
  exemplarCount?: number;
  /** Hybrid weights for memories (source chunks ignore recency and importance). */
  weights?: Partial<HybridWeights>;
  recency?: Partial<RecencyOptions>;
  /** Dense-only matches below this cosine are dropped (default 0.25). */
  minCosine?: number;
  /** Lexical and dense candidates rescored per slot (default 64). */
  candidates?: number;
}

/** Everything one retrieval step needs. */
export interface TurnRetrievalInput {
  /** The persona's memory index (persona-level and all chats' memories). */
  index: MemoryIndex;
  chatId: ChatId;
  persona: Pick<Persona, 'name' | 'sampleDialogues' | 'user'>;
  /** Recent messages, oldest first, ending with the user's new line. */
  messages: readonly TurnMessage[];
  /** Query vectors from the current embedder (`purpose: 'query'`); lexical only without them. */
  vectors?: { context?: Float32Array; userLine?: Float32Array };
  /** Text already in the prompt (system prompt, summaries, history, lore that fired): nothing repeats it. */
  promptText: string;
  /** Memory ids already in the prompt (e.g. the summaries the prompt builder used). */
  excludeIds?: ReadonlySet<string>;
  budgets: RetrievalBudgets;
  tokenCounter: TokenCounter;
  now: number;
  /** Lines to choose exemplars from (see exemplar-pool.ts; keep one per chat); built from the persona and index when absent. */
  exemplars?: ExemplarPool;
  /** False when the card's example dialogue is already in the prompt: its turns are no candidates (used when `exemplars` is absent). */
  cardExamples?: boolean;
  options?: TurnRetrievalOptions;
}

/** Which slot an item fills. */
export type RetrievalSlot = 'memory' | 'source' | 'exemplar';

/** One item that went into the prompt, with why (for the "why" panel). */
export interface RetrievedItem {
  slot: RetrievalSlot;
  /** Memory id, or the example line's id. */
  id: string;
  /** The memory's kind; an example line: `sample-dialogue` (the card), `kept-reply`, or the kind of the memory it is taken from. */
  kind: MemoryKind | 'sample-dialogue' | 'kept-reply';
  /** An example line: where it comes from. */
  origin?: ExemplarOrigin;
  text: string;
  tokens: number;
  score: number;
  parts?: ScoreParts;
  reason: string;
  /** The text was cut to fit the slot (it is the cut text). */
  trimmed?: boolean;
  /** An experience: when in the character's life it happened. */
  when?: string;
}

/** A candidate left out, with why. */
export interface SkippedItem {
  slot: RetrievalSlot;
  id: string;
  text: string;
  why: SkipReason;
}

/** What the retrieval step chose. */
export interface TurnRetrieval {
  memories: RetrievedItem[];
  sourceChunks: RetrievedItem[];
  exemplars: RetrievedItem[];
  skipped: SkippedItem[];
  /** Memories used: bump their `lastAccessedAt` and `accessCount` (see `markAccessed`). */
  accessedIds: MemoryId[];
  /** Tokens of all chosen items. */
  tokens: number;
}
