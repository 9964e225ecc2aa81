/**
 * In-memory search index over one persona's memories: BM25 over all texts, brute-force dense
 * search over the vectors of the current embedding model, hybrid scoring, scope filtering.
 * The state layer keeps one per open persona and calls `upsert`/`remove` as memories change.
 */
import type { ChatId } from '../ids.ts';
import type { Memory, MemoryKind } from './memory.ts';
import { Bm25Index, type SerializedBm25 } from './bm25-index.ts';
import { KindVectors } from './kind-vectors.ts';
import {
  DEFAULT_HYBRID_WEIGHTS,
  DEFAULT_RECENCY,
  effectiveWeights,
  hybridScore,
  importanceScore,
  minMaxNormalise,
  recencyScore,
  type HybridWeights,
  type RecencyOptions,
  type ScoreParts,
} from './hybrid-score.ts';
import { hasCurrentEmbedding } from './reembed.ts';
import { inScope, ScopeGroups, type MemoryScope } from './scope-groups.ts';
import { textHash } from './text-hash.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { DEFAULT_STOPWORDS } from './stopwords.ts';
import type { SegmentOptions } from './text-segment.ts';

/** Options of a {@link MemoryIndex}. */
export interface MemoryIndexOptions {
  /** Model id of the current embedder; vectors of other models are ignored. */
  embeddingModel?: string;
  /** Segmentation for BM25 (default: stopwords on). */
  segment?: SegmentOptions;
}

/** Which signals a search uses; `auto` is hybrid when a query vector and vectors exist. */
export type SearchMode = 'auto' | 'lexical' | 'dense' | 'hybrid';

/** One memory search. */
export interface MemorySearch extends MemoryScope {
  text: string;
  /** The query embedded by the current embedder (`purpose: 'query'`). */
  vector?: Float32Array;
  k: number;
  now: number;
  mode?: SearchMode;
  /** Memories never returned (e.g. summaries already in the prompt). */
  excludeIds?: ReadonlySet<string>;
  /** How many lexical and dense candidates are rescored (default 64, at least k). */
  candidates?: number;
  /** A candidate with no matching word and a cosine below this is dropped unless pinned (default 0.25). */
  minCosine?: number;
  weights?: Partial<HybridWeights>;
  recency?: Partial<RecencyOptions>;
}

/** The lexical index as stored beside the memories, with a hash of each indexed text. */
export interface StoredLexicalIndex {
  bm25: SerializedBm25;
  /** `textHash` of each document's text, aligned with `bm25.ids`. */
  textHashes: Uint32Array;
}

/** A memory with its hybrid score and the parts that made it. */
export interface ScoredMemory {
  memory: Memory;
  score: number;
  parts: ScoreParts;
}

interface Candidate {
  memory: Memory;
  bm25: number;
  cosine?: number;
}

/** Lexical + dense + hybrid search over one persona's memories; see the module comment. */
export class MemoryIndex {
  readonly #memories = new Map<string, Memory>();
  readonly #pinned = new Set<string>();
  readonly #byKind = new Map<MemoryKind, Set<string>>();
  readonly #groups = new ScopeGroups();
  readonly #segment: SegmentOptions;
  #lexical: Bm25Index;
  #dense: KindVectors | undefined;
  #model: string | undefined;

  constructor(options: MemoryIndexOptions = {}) {
    this.#segment = options.segment ?? { stopwords: DEFAULT_STOPWORDS };
    this.#lexical = new Bm25Index({ segment: this.#segment });
    this.#model = options.embeddingModel;
  }

  /**
   * Builds an index over `memories`. With a stored lexical index (from
   * {@link MemoryIndex.serializeLexical}) only memories that are new or whose text changed
   * are segmented again, and stored entries of deleted memories are dropped.
   * @throws ValidationError when `lexical` is damaged.
   */
  static build(memories: readonly Memory[], options: MemoryIndexOptions & { lexical?: StoredLexicalIndex } = {}): MemoryIndex {
    const index = new MemoryIndex(options);
    const stored = options.lexical;
    const storedHash = new Map<string, number>();
    if (stored) {
      if (!(stored.textHashes instanceof Uint32Array) || stored.textHashes.length !== stored.bm25?.ids?.length) {
        throw new ValidationError('invalid', msg('memoryIndex.error.searchDamaged'));
      }
      index.#lexical = Bm25Index.fromSerialized(stored.bm25, index.#segment);
      stored.bm25.ids.forEach((id, i) => storedHash.set(id, stored.textHashes[i]!));
    }
    for (const memory of memories) {
      index.#insert(memory, storedHash.get(memory.id) !== textHash(memory.text));
      storedHash.delete(memory.id);
    }
    for (const gone of storedHash.keys()) index.#lexical.remove(gone);
    return index;
  }

  /** Number of memories held. */
  get size(): number {
    return this.#memories.size;
  }

  /** Model id whose vectors are searched, if any. */
  get embeddingModel(): string | undefined {
    return this.#model;
  }

  /** Number of memories searchable by vector. */
  get vectorCount(): number {
    return this.#dense?.size ?? 0;
  }

  /** The memory with this id, if held. */
  get(id: string): Memory | undefined {
    return this.#memories.get(id);
  }

  /** Every memory held, in insertion order. */
  all(): Memory[] {
    return [...this.#memories.values()];
  }

  /** The memories of one kind inside a scope, in insertion order. */
  ofKind(kind: MemoryKind, scope: MemoryScope = {}): Memory[] {
    const ids = this.#byKind.get(kind) ?? new Set<string>();
    return [...ids].map((id) => this.#memories.get(id)!).filter((m) => inScope(m, scope));
  }

  /** Adds or replaces a memory (re-segments only when its text changed). */
  upsert(memory: Memory): void {
    const old = this.#memories.get(memory.id);
    if (old && old.kind !== memory.kind) this.#byKind.get(old.kind)?.delete(old.id);
    this.#insert(memory, old === undefined || old.text !== memory.text);
    if (old && (old.kind !== memory.kind || !hasCurrentEmbedding(memory, this.#model))) this.#dense?.remove(old.id, old.kind);
  }

  /** Removes a memory; false when it was not held. */
  remove(id: string): boolean {
    const memory = this.#memories.get(id);
    if (!memory) return false;
    this.#memories.delete(id);
    this.#byKind.get(memory.kind)?.delete(id);
    this.#lexical.remove(id);
    this.#dense?.remove(id, memory.kind);
    this.#pinned.delete(id);
    return true;
  }

  /** Removes every memory of a chat (when the chat is deleted); returns their ids. */
  removeChat(chatId: ChatId): string[] {
    const ids = [...this.#memories.values()].filter((m) => m.chatId === chatId).map((m) => m.id);
    for (const id of ids) this.remove(id);
    return ids;
  }

  /** Switches the embedding model: only vectors of `model` are searched from now on. */
  setEmbeddingModel(model: string | undefined): void {
    this.#model = model;
    this.#dense = undefined;
    for (const memory of this.#memories.values()) this.#addVector(memory);
  }

  /** The lexical index in storable form (see {@link MemoryIndex.build}). */
  serializeLexical(): StoredLexicalIndex {
    const bm25 = this.#lexical.serialize();
    const textHashes = Uint32Array.from(bm25.ids, (id) => textHash(this.#memories.get(id)?.text ?? ''));
    return { bm25, textHashes };
  }

  /** Searches memories in scope, best first, with the parts of each score. */
  search(query: MemorySearch): ScoredMemory[] {
    const useDense =
      query.mode !== 'lexical' &&
      query.vector !== undefined &&
      this.#dense !== undefined &&
      query.vector.length === this.#dense.dimensions &&
      this.#dense.size > 0;
    const useLexical = query.mode !== 'dense' || !useDense;
    const candidates = this.#candidates(query, useLexical, useDense);
    const minCosine = query.minCosine ?? 0.25;
    const kept = candidates.filter((c) => c.memory.pinned || c.bm25 > 0 || (c.cosine ?? -1) >= minCosine);
    const lexical = minMaxNormalise(kept.map((c) => c.bm25));
    const dense = minMaxNormalise(kept.map((c) => c.cosine ?? 0));
    const weights = effectiveWeights({ ...DEFAULT_HYBRID_WEIGHTS, ...query.weights }, useLexical, useDense);
    const recency = { ...DEFAULT_RECENCY, ...query.recency };
    const scored = kept.map((c, i): ScoredMemory => {
      const parts: ScoreParts = {
        bm25: c.bm25,
        cosine: c.cosine,
        lexical: useLexical ? lexical[i]! : 0,
        dense: useDense ? dense[i]! : 0,
        recency: recencyScore(c.memory.lastAccessedAt, c.memory.accessCount, query.now, recency),
        importance: importanceScore(c.memory.importance),
        pinned: c.memory.pinned,
      };
      return { memory: c.memory, score: hybridScore(parts, weights), parts };
    });
    return scored.sort((a, b) => b.score - a.score).slice(0, query.k);
  }

  #candidates(query: MemorySearch, useLexical: boolean, useDense: boolean): Candidate[] {
    const exclude = query.excludeIds;
    const pool = Math.max(query.candidates ?? 64, query.k) + (exclude?.size ?? 0);
    const mask = this.#groups.mask(query);
    const found = new Map<string, Candidate>();
    const prepared = this.#lexical.prepare(query.text);
    const add = (id: string): Candidate | undefined => {
      if (exclude?.has(id)) return undefined;
      let c = found.get(id);
      const memory = this.#memories.get(id);
      if (!c && memory) {
        c = { memory, bm25: 0 };
        found.set(id, c);
      }
      return c;
    };
    if (useLexical) {
      for (const hit of this.#lexical.search(prepared, pool, mask)) {
        const c = add(hit.id);
        if (c) c.bm25 = hit.score;
      }
    }
    if (useDense) {
      for (const hit of this.#dense!.search(query.vector!, pool, query.kinds, mask)) {
        const c = add(hit.id);
        if (c) c.cosine = hit.score;
      }
    }
    for (const id of this.#pinned) if (inScope(this.#memories.get(id)!, query)) add(id);
    for (const c of found.values()) {
      if (useLexical && c.bm25 === 0) c.bm25 = this.#lexical.scoreDoc(prepared, c.memory.id);
      if (useDense && c.cosine === undefined) c.cosine = this.#dense!.score(c.memory.id, c.memory.kind, query.vector!);
    }
    return [...found.values()];
  }

  #insert(memory: Memory, reindexText: boolean): void {
    this.#memories.set(memory.id, memory);
    let ofKind = this.#byKind.get(memory.kind);
    if (!ofKind) this.#byKind.set(memory.kind, (ofKind = new Set()));
    ofKind.add(memory.id);
    const group = this.#groups.groupOf(memory);
    if (reindexText) this.#lexical.add(memory.id, memory.text, group);
    else this.#lexical.setGroup(memory.id, group);
    if (memory.pinned) this.#pinned.add(memory.id);
    else this.#pinned.delete(memory.id);
    this.#addVector(memory);
  }

  #addVector(memory: Memory): void {
    if (!memory.embedding || !hasCurrentEmbedding(memory, this.#model)) return;
    const vector = memory.embedding.vector;
    this.#dense ??= new KindVectors(memory.embedding.model, vector.length);
    this.#dense.add(memory, vector, this.#groups.groupOf(memory));
  }
}
