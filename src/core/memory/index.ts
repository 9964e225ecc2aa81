/** Long-term memory and retrieval: the public surface of `src/core/memory`. */
export { markAccessed } from './access.ts';
export { Bm25Index, type Bm25Hit, type Bm25Options, type Bm25Query, type SerializedBm25 } from './bm25-index.ts';
export { DenseIndex, type DenseHit, type SerializedDense } from './dense-index.ts';
export { buildExemplarPool } from './exemplar-pool.ts';
export { DEFAULT_EXEMPLAR_COUNT, ExemplarPool, selectExemplars, type ExemplarCandidate, type ExemplarQuery, type RankedExemplar } from './exemplars.ts';
export { dedupeFacts, factsDue, factsToMemories, type FactsTarget } from './facts-memory.ts';
export { clampImportance, parseFactsResponse, type ExtractedFact, type FactsNames, type FactsParseResult } from './facts-parser.ts';
export { buildFactsRequest, DEFAULT_FACTS_EVERY, factsSchema, type FactsRequestInput, type FactsTurn } from './facts-request.ts';
export {
  DEFAULT_HYBRID_WEIGHTS,
  DEFAULT_RECENCY,
  recencyScore,
  importanceScore,
  type HybridWeights,
  type RecencyOptions,
  type ScoreParts,
} from './hybrid-score.ts';
export { containsKey, firstMatchingKey, foldForMatch } from './key-match.ts';
export { activateLore, DEFAULT_SCAN_DEPTH, fireLore, loreTrigger, type ActivatedLore, type LoreActivationOptions } from './lore-activation.ts';
export { MemoryIndex, type MemoryIndexOptions, type MemorySearch, type ScoredMemory, type SearchMode, type StoredLexicalIndex } from './memory-index.ts';
export { hasCurrentEmbedding, memoriesNeedingEmbedding, withEmbedding } from './reembed.ts';
export { describeScore, retrieveForTurn } from './retrieve-for-turn.ts';
export type * from './retrieval-types.ts';
export { inScope, MEMORY_KINDS, type MemoryScope } from './scope-groups.ts';
export { chunkSource, sourceChunksToMemories, splitSentences, type ChunkOptions, type SourceTarget } from './source-chunks.ts';
export { DEFAULT_STOPWORDS, STOPWORDS_EN, STOPWORDS_ZH } from './stopwords.ts';
export { segmentWords, type SegmentOptions } from './text-segment.ts';
export { normaliseForDedup, TextDedup } from './text-dedup.ts';
export { fillSlot, type FilledSlot, type SkipReason } from './token-budget.ts';
