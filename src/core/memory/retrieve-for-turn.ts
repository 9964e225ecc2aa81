/**
 * The per-turn retrieval step: fills three budgeted slots, in this order, each deduplicated
 * against the prompt (lore that fired included: see core/lore/activation.ts) and against what
 * earlier slots chose:
 * 1. memories (facts, summaries, lore-kind memories, the character's experiences) by hybrid score
 *    for the recent context;
 * 2. source chunks by relevance to the user's line;
 * 3. the character's lines most similar to the context (selective exemplars: see exemplar-pool.ts
 *    for where they come from).
 * Scope: persona-level memories plus this chat's. Returns every choice with its score and reason.
 */
import type { MemoryId } from '../ids.ts';
import type { MemoryKind } from './memory.ts';
import { buildExemplarPool } from './exemplar-pool.ts';
import type { ExemplarOrigin, RankedExemplar } from './exemplars.ts';
import type { ScoreParts } from './hybrid-score.ts';
import type { ScoredMemory } from './memory-index.ts';
import type { RetrievalSlot, RetrievedItem, SkippedItem, TurnRetrieval, TurnRetrievalInput } from './retrieval-types.ts';
import { TextDedup } from './text-dedup.ts';
import { fillSlot, type FilledSlot } from './token-budget.ts';

const MEMORY_KINDS: readonly MemoryKind[] = ['fact', 'summary', 'lore', 'experience'];

/** A short human-readable account of a hybrid score, e.g. "words 0.80 · meaning 0.62 · pinned". */
export function describeScore(parts: ScoreParts): string {
  const out: string[] = [];
  if (parts.bm25 > 0) out.push(`words ${parts.lexical.toFixed(2)}`);
  if (parts.cosine !== undefined) out.push(`meaning ${parts.cosine.toFixed(2)}`);
  out.push(`recency ${parts.recency.toFixed(2)}`, `importance ${parts.importance.toFixed(2)}`);
  if (parts.pinned) out.push('pinned');
  return out.join(' · ');
}

function skippedOf<T>(slot: RetrievalSlot, filled: FilledSlot<T>, idOf: (t: T) => string, textOf: (t: T) => string): SkippedItem[] {
  return filled.skipped.map(({ item, why }) => ({ slot, id: idOf(item), text: textOf(item), why }));
}

function memoryItems(slot: RetrievalSlot, filled: FilledSlot<ScoredMemory>): RetrievedItem[] {
  return filled.chosen.map(({ item, tokens }) => ({
    slot,
    id: item.memory.id,
    kind: item.memory.kind,
    text: item.memory.text,
    tokens,
    score: item.score,
    parts: item.parts,
    reason: describeScore(item.parts),
    ...(item.memory.when ? { when: item.memory.when } : {}),
  }));
}

/** The kind an example line's "why" entry names, by where the line comes from. */
const EXEMPLAR_KIND: Record<ExemplarOrigin, RetrievedItem['kind']> = {
  card: 'sample-dialogue',
  'sample-line': 'sample-line',
  source: 'source-chunk',
  experience: 'experience',
  'kept-reply': 'kept-reply',
};

function exemplarItems(filled: FilledSlot<RankedExemplar>): RetrievedItem[] {
  return filled.chosen.map(({ item, tokens }) => ({
    slot: 'exemplar' as const,
    id: item.candidate.id,
    kind: EXEMPLAR_KIND[item.candidate.origin],
    origin: item.candidate.origin,
    text: item.candidate.text,
    tokens,
    score: item.score,
    reason: item.method === 'none' ? 'default example (nothing matched)' : `${item.method} ${item.score.toFixed(2)}`,
  }));
}

const memoryText = (s: ScoredMemory): string => s.memory.text;
const memoryId = (s: ScoredMemory): string => s.memory.id;

/**
 * Runs the retrieval step for one turn. Pure apart from reading the index; the caller
 * persists `markAccessed` for `accessedIds` afterwards.
 */
export function retrieveForTurn(input: TurnRetrievalInput): TurnRetrieval {
  const o = input.options ?? {};
  const { budgets, tokenCounter: counter } = input;
  const dedup = new TextDedup(input.promptText);
  const texts = input.messages.map((m) => m.text);
  const userLine = texts[texts.length - 1] ?? '';
  const contextText = texts.slice(-(o.queryDepth ?? 2)).join('\n');
  const maxMemories = o.maxMemories ?? 6;
  const maxSources = o.maxSourceChunks ?? 3;

  const search = { chatId: input.chatId, now: input.now, excludeIds: input.excludeIds, minCosine: o.minCosine, candidates: o.candidates, recency: o.recency };
  const memoryHits = input.index.search({
    ...search,
    text: contextText,
    vector: input.vectors?.context,
    kinds: MEMORY_KINDS,
    k: maxMemories * 3,
    weights: o.weights,
  });
  const memories = fillSlot(memoryHits, { budget: budgets.memories, counter, dedup, textOf: memoryText, maxItems: maxMemories });

  const sourceVector = input.vectors?.userLine ?? input.vectors?.context;
  const sourceWeights = { ...o.weights, recency: 0, importance: 0 };
  const sourceHits = input.index.search({
    ...search,
    text: userLine,
    vector: sourceVector,
    kinds: ['source-chunk'],
    k: maxSources * 3,
    weights: sourceWeights,
  });
  const sources = fillSlot(sourceHits, { budget: budgets.sourceChunks, counter, dedup, textOf: memoryText, maxItems: maxSources });

  const pool = input.exemplars ?? buildExemplarPool(input.persona, input.index, input.chatId, { cardExamples: input.cardExamples });
  const exemplars = pool.select({
    text: contextText,
    vector: input.vectors?.context,
    k: o.exemplarCount,
    budget: budgets.exemplars,
    tokenCounter: counter,
    dedup,
  });

  const memoryItemsChosen = memoryItems('memory', memories);
  const sourceItemsChosen = memoryItems('source', sources);
  const accessed = [...memoryItemsChosen, ...sourceItemsChosen].map((i) => i.id as MemoryId);
  for (const { item } of exemplars.chosen) if (item.candidate.memoryId && !accessed.includes(item.candidate.memoryId)) accessed.push(item.candidate.memoryId);
  return {
    memories: memoryItemsChosen,
    sourceChunks: sourceItemsChosen,
    exemplars: exemplarItems(exemplars),
    skipped: [
      ...skippedOf('memory', memories, memoryId, memoryText),
      ...skippedOf('source', sources, memoryId, memoryText),
      ...skippedOf(
        'exemplar',
        exemplars,
        (r) => r.candidate.id,
        (r) => r.candidate.text,
      ),
    ],
    accessedIds: accessed,
    tokens: memories.tokens + sources.tokens + exemplars.tokens,
  };
}
