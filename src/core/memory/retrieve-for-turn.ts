/**
 * The per-turn retrieval step: fills four budgeted slots, in this order, each deduplicated
 * against the prompt and against what earlier slots chose:
 * 1. lore entries whose keys occur in the last messages (and constant ones);
 * 2. memories (facts, summaries, lore-kind memories) by hybrid score for the recent context;
 * 3. source chunks by relevance to the user's line;
 * 4. the character's sample lines most similar to the context (selective exemplars).
 * Scope: persona-level memories plus this chat's. Returns every choice with its score and reason.
 */
import type { MemoryId } from '../ids.ts';
import type { MemoryKind } from './memory.ts';
import { buildExemplarPool } from './exemplar-pool.ts';
import type { RankedExemplar } from './exemplars.ts';
import { byInsertionOrder, fireLore, type ActivatedLore } from './lore-activation.ts';
import type { ScoreParts } from './hybrid-score.ts';
import type { ScoredMemory } from './memory-index.ts';
import type { RetrievalSlot, RetrievedItem, SkippedItem, TurnRetrieval, TurnRetrievalInput } from './retrieval-types.ts';
import { TextDedup } from './text-dedup.ts';
import { fillSlot, type FilledSlot } from './token-budget.ts';
import type { MacroNames } from '../persona/index.ts';
import { namesOf, personaText } from '../persona/index.ts';

const MEMORY_KINDS: readonly MemoryKind[] = ['fact', 'summary', 'lore'];

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
  }));
}

function loreItems(filled: FilledSlot<ActivatedLore>, names: MacroNames): RetrievedItem[] {
  return [...filled.chosen]
    .sort((a, b) => byInsertionOrder(a.item, b.item))
    .map(({ item, tokens, text }) => ({
      slot: 'lore' as const,
      id: item.entry.id,
      kind: 'lore-entry' as const,
      text: text ?? personaText(item.entry.content, names),
      tokens,
      score: item.entry.priority ?? 0,
      reason: item.reason,
      ...(text === undefined ? {} : { trimmed: true }),
    }));
}

/** Smallest room (tokens) worth filling with the start of a lore entry that does not fit whole. */
const LORE_TRIM_FROM = 48;

function exemplarItems(filled: FilledSlot<RankedExemplar>): RetrievedItem[] {
  return filled.chosen.map(({ item, tokens }) => ({
    slot: 'exemplar' as const,
    id: item.candidate.id,
    kind: item.candidate.memoryId ? ('sample-line' as const) : ('sample-dialogue' as const),
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

  const names = namesOf(input.persona);
  const fired = fireLore(input.persona.lore, texts, { scanDepth: o.scanDepth });
  const lore = fillSlot(fired, { budget: budgets.lore, counter, dedup, textOf: (f) => personaText(f.entry.content, names), trimFrom: LORE_TRIM_FROM });

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
  for (const { item } of exemplars.chosen) if (item.candidate.memoryId) accessed.push(item.candidate.memoryId);
  return {
    lore: loreItems(lore, names),
    memories: memoryItemsChosen,
    sourceChunks: sourceItemsChosen,
    exemplars: exemplarItems(exemplars),
    skipped: [
      ...skippedOf(
        'lore',
        lore,
        (f) => f.entry.id,
        (f) => personaText(f.entry.content, names),
      ),
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
    tokens: lore.tokens + memories.tokens + sources.tokens + exemplars.tokens,
  };
}
