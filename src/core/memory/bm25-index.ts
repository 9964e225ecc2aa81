/**
 * BM25 lexical index with incremental add/remove, top-k search and a flat, structured-clone
 * friendly serialised form (so it can be stored in IndexedDB and loaded without re-segmenting).
 * Needs no embedding model at all. Postings pack `slot × 256 + tf` into one small integer
 * (term frequency capped at 255, which BM25's saturation makes harmless).
 */
import { TopK } from './top-k.ts';
import { assertSerializedBm25, type SerializedBm25 } from './bm25-serialized.ts';
import { segmentWords, type SegmentOptions } from './text-segment.ts';

export type { SerializedBm25 } from './bm25-serialized.ts';

/** Options of a {@link Bm25Index}. */
export interface Bm25Options {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation (default 0.75). */
  b?: number;
  /** Segmentation options (stopwords, bigrams) used for documents and queries. */
  segment?: SegmentOptions;
}

/** A prepared query: its known terms and their idf, reused for search and per-doc scoring. */
export interface Bm25Query {
  readonly termIds: readonly number[];
  readonly idfs: readonly number[];
}

/** One search result. */
export interface Bm25Hit {
  id: string;
  score: number;
}

const TF_CAP = 255;
const PACK = 256;

/** Okapi BM25 over segmented words; see the module comment. */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly #segment: SegmentOptions;
  readonly #termIdOf = new Map<string, number>();
  readonly #terms: string[] = [];
  #df: number[] = [];
  #postings: number[][] = [];
  readonly #slotOf = new Map<string, number>();
  #ids: Array<string | undefined> = [];
  #lengths: number[] = [];
  #groups: number[] = [];
  /** Per slot: interleaved [termId, tf, termId, tf, …], undefined once removed. */
  #docs: Array<number[] | undefined> = [];
  #live = 0;
  #totalLength = 0;
  #scratch = new Float64Array(0);
  #touched = new Int32Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.#segment = options.segment ?? {};
  }

  /** Number of documents in the index. */
  get size(): number {
    return this.#live;
  }

  /** True when a document with this id is indexed. */
  has(id: string): boolean {
    return this.#slotOf.has(id);
  }

  /** Indexes a text under `id` in `group`, replacing any earlier text with that id. */
  add(id: string, text: string, group = 0): void {
    this.addTerms(id, segmentWords(text, this.#segment), group);
  }

  /** Indexes already-segmented words under `id` in `group`, replacing what that id held before. */
  addTerms(id: string, words: readonly string[], group = 0): void {
    if (this.#slotOf.has(id)) this.remove(id);
    const counts = new Map<number, number>();
    for (const w of words) {
      const tid = this.#termId(w);
      counts.set(tid, (counts.get(tid) ?? 0) + 1);
    }
    const doc: number[] = [];
    for (const [tid, tf] of counts) doc.push(tid, Math.min(tf, TF_CAP));
    this.#append(id, doc, words.length, group);
  }

  /** Changes the group of an indexed document; returns false when the id is unknown. */
  setGroup(id: string, group: number): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    this.#groups[slot] = group;
    return true;
  }

  /** Removes a document; returns false when it was not indexed. */
  remove(id: string): boolean {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return false;
    const doc = this.#docs[slot] ?? [];
    for (let i = 0; i < doc.length; i += 2) this.#df[doc[i]!]!--;
    this.#totalLength -= this.#lengths[slot] ?? 0;
    this.#ids[slot] = undefined;
    this.#docs[slot] = undefined;
    this.#slotOf.delete(id);
    this.#live--;
    if (this.#ids.length > 64 && this.#live < this.#ids.length * 0.75) this.#compact();
    return true;
  }

  /** Segments a query and looks up the idf of each distinct known term. */
  prepare(text: string): Bm25Query {
    const termIds: number[] = [];
    const idfs: number[] = [];
    const n = this.#live;
    for (const term of new Set(segmentWords(text, this.#segment))) {
      const tid = this.#termIdOf.get(term);
      const df = tid === undefined ? 0 : (this.#df[tid] ?? 0);
      if (tid === undefined || df === 0) continue;
      termIds.push(tid);
      idfs.push(Math.log(1 + (n - df + 0.5) / (df + 0.5)));
    }
    return { termIds, idfs };
  }

  /**
   * The `k` best documents for a query (text or prepared). `groups[g] === 1` admits documents
   * of group g; without `groups` every document is searched.
   */
  search(query: string | Bm25Query, k: number, groups?: Uint8Array): Bm25Hit[] {
    const q = typeof query === 'string' ? this.prepare(query) : query;
    if (q.termIds.length === 0 || this.#live === 0) return [];
    const slots = this.#ids.length;
    if (this.#scratch.length < slots) {
      this.#scratch = new Float64Array(Math.max(slots, this.#scratch.length * 2));
      this.#touched = new Int32Array(this.#scratch.length);
    }
    const acc = this.#scratch;
    const touched = this.#touched;
    let count = 0;
    const k1 = this.k1;
    const norm0 = k1 * (1 - this.b);
    const norm1 = (k1 * this.b) / (this.#totalLength / this.#live || 1);
    const lengths = this.#lengths;
    for (let t = 0; t < q.termIds.length; t++) {
      const idf = q.idfs[t]! * (k1 + 1);
      const list = this.#postings[q.termIds[t]!] ?? [];
      for (let p = 0; p < list.length; p++) {
        const packed = list[p]!;
        const slot = (packed / PACK) | 0;
        const tf = packed - slot * PACK;
        if (acc[slot] === 0) touched[count++] = slot;
        acc[slot] = acc[slot]! + (idf * tf) / (tf + norm0 + norm1 * lengths[slot]!);
      }
    }
    const top = new TopK(k);
    const docGroups = this.#groups;
    for (let i = 0; i < count; i++) {
      const slot = touched[i]!;
      const score = acc[slot]!;
      acc[slot] = 0;
      if (this.#ids[slot] !== undefined && (!groups || groups[docGroups[slot]!] === 1)) top.push(slot, score);
    }
    return top.sorted().map((h) => ({ id: this.#ids[h.key]!, score: h.score }));
  }

  /** BM25 score of one document for a prepared query (0 when absent or no term matches). */
  scoreDoc(query: Bm25Query, id: string): number {
    const slot = this.#slotOf.get(id);
    const doc = slot === undefined ? undefined : this.#docs[slot];
    if (slot === undefined || !doc) return 0;
    const dl = this.#lengths[slot] ?? 0;
    const norm = this.k1 * (1 - this.b + (this.b * dl) / (this.#totalLength / this.#live || 1));
    let score = 0;
    for (let t = 0; t < query.termIds.length; t++) {
      for (let i = 0; i < doc.length; i += 2) {
        if (doc[i] !== query.termIds[t]) continue;
        const tf = doc[i + 1]!;
        score += (query.idfs[t]! * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    return score;
  }

  /** A flat copy of the index for storage; see {@link Bm25Index.fromSerialized}. */
  serialize(): SerializedBm25 {
    const ids: string[] = [];
    const lengths: number[] = [];
    const offsets: number[] = [0];
    let total = 0;
    for (let s = 0; s < this.#ids.length; s++) {
      const doc = this.#docs[s];
      if (this.#ids[s] === undefined || !doc) continue;
      ids.push(this.#ids[s]!);
      lengths.push(this.#lengths[s] ?? 0);
      offsets.push((total += doc.length / 2));
    }
    const termIds = new Uint32Array(total);
    const tfs = new Uint8Array(total);
    let at = 0;
    for (const doc of this.#docs) {
      for (let i = 0; doc && i < doc.length; i += 2, at++) {
        termIds[at] = doc[i]!;
        tfs[at] = doc[i + 1]!;
      }
    }
    return {
      version: 2,
      k1: this.k1,
      b: this.b,
      terms: [...this.#terms],
      ids,
      lengths: Uint32Array.from(lengths),
      offsets: Uint32Array.from(offsets),
      termIds,
      tfs,
    };
  }

  /**
   * Rebuilds an index from {@link Bm25Index.serialize} output without re-segmenting; every
   * group starts at 0.
   * @throws ValidationError when the data is not a serialised BM25 index.
   */
  static fromSerialized(data: SerializedBm25, segment?: SegmentOptions): Bm25Index {
    assertSerializedBm25(data);
    const index = new Bm25Index({ k1: data.k1, b: data.b, segment });
    for (const term of data.terms) index.#termId(term);
    for (let d = 0; d < data.ids.length; d++) {
      const doc: number[] = [];
      for (let i = data.offsets[d]!; i < data.offsets[d + 1]!; i++) doc.push(data.termIds[i]!, data.tfs[i]!);
      index.#append(data.ids[d]!, doc, data.lengths[d]!, 0);
    }
    return index;
  }

  #append(id: string, doc: number[], length: number, group: number): void {
    const slot = this.#ids.length;
    for (let i = 0; i < doc.length; i += 2) {
      const tid = doc[i]!;
      this.#df[tid]!++;
      this.#postings[tid]!.push(slot * PACK + doc[i + 1]!);
    }
    this.#ids.push(id);
    this.#groups.push(group);
    this.#lengths.push(length);
    this.#docs.push(doc);
    this.#slotOf.set(id, slot);
    this.#live++;
    this.#totalLength += length;
  }

  #termId(term: string): number {
    let tid = this.#termIdOf.get(term);
    if (tid === undefined) {
      tid = this.#terms.length;
      this.#terms.push(term);
      this.#termIdOf.set(term, tid);
      this.#df.push(0);
      this.#postings.push([]);
    }
    return tid;
  }

  /** Drops removed slots and rebuilds the postings with dense slot numbers. */
  #compact(): void {
    const fresh = Bm25Index.fromSerialized(this.serialize(), this.#segment);
    fresh.#groups = fresh.#ids.map((id) => this.#groups[this.#slotOf.get(id!)!] ?? 0);
    this.#ids = fresh.#ids;
    this.#lengths = fresh.#lengths;
    this.#groups = fresh.#groups;
    this.#docs = fresh.#docs;
    this.#df = fresh.#df;
    this.#postings = fresh.#postings;
    this.#slotOf.clear();
    for (const [id, slot] of fresh.#slotOf) this.#slotOf.set(id, slot);
  }
}
