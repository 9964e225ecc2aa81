/**
 * Brute-force dense index: L2-normalised vectors of one embedding model packed row by row in
 * one Float32Array, searched by dot product (= cosine) with a top-k heap. Each row carries a
 * small integer group so callers can restrict a search (scope, kind) without id lookups.
 */
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { TopK } from './top-k.ts';
import { dot, l2Normalise } from './vector-math.ts';

/** One dense search result. */
export interface DenseHit {
  id: string;
  score: number;
}

/** Flat serialised dense index (structured-clone friendly). */
export interface SerializedDense {
  version: 1;
  model: string;
  dimensions: number;
  ids: string[];
  groups: Uint32Array;
  /** `ids.length * dimensions` floats, row-major. */
  vectors: Float32Array;
}

function badVector(model: string, dims: number, got: number): ValidationError {
  return new ValidationError('invalid', msg('memoryIndex.error.vectorSize', { got, model, dims }));
}

/** Exact cosine search over packed unit vectors of one model. */
export class DenseIndex {
  readonly model: string;
  readonly dimensions: number;
  #data: Float32Array;
  #groups: Uint32Array;
  #ids: string[] = [];
  readonly #rowOf = new Map<string, number>();

  constructor(model: string, dimensions: number, capacity = 64) {
    this.model = model;
    this.dimensions = dimensions;
    this.#data = new Float32Array(Math.max(1, capacity) * dimensions);
    this.#groups = new Uint32Array(Math.max(1, capacity));
  }

  /** Number of vectors held. */
  get size(): number {
    return this.#ids.length;
  }

  /** True when a vector with this id is held. */
  has(id: string): boolean {
    return this.#rowOf.has(id);
  }

  /**
   * Adds or replaces the vector of `id` (normalised on the way in) in `group`.
   * @throws ValidationError when the vector has the wrong number of dimensions.
   */
  add(id: string, vector: Float32Array, group = 0): void {
    if (vector.length !== this.dimensions) throw badVector(this.model, this.dimensions, vector.length);
    let row = this.#rowOf.get(id);
    if (row === undefined) {
      row = this.#ids.length;
      this.#grow(row + 1);
      this.#ids.push(id);
      this.#rowOf.set(id, row);
    }
    this.#data.set(l2Normalise(vector), row * this.dimensions);
    this.#groups[row] = group;
  }

  /** Changes the group of a held vector; returns false when the id is unknown. */
  setGroup(id: string, group: number): boolean {
    const row = this.#rowOf.get(id);
    if (row === undefined) return false;
    this.#groups[row] = group;
    return true;
  }

  /** Removes a vector (the last row moves into its place); false when it was not held. */
  remove(id: string): boolean {
    const row = this.#rowOf.get(id);
    if (row === undefined) return false;
    const last = this.#ids.length - 1;
    const lastId = this.#ids[last]!;
    if (row !== last) {
      const d = this.dimensions;
      this.#data.copyWithin(row * d, last * d, (last + 1) * d);
      this.#groups[row] = this.#groups[last]!;
      this.#ids[row] = lastId;
      this.#rowOf.set(lastId, row);
    }
    this.#ids.pop();
    this.#rowOf.delete(id);
    return true;
  }

  /** Cosine of a held vector with `query`, or undefined when the id is not held. */
  score(id: string, query: Float32Array): number | undefined {
    const row = this.#rowOf.get(id);
    if (row === undefined || query.length !== this.dimensions) return undefined;
    const d = this.dimensions;
    return dot(this.#data.subarray(row * d, (row + 1) * d), query);
  }

  /**
   * The `k` vectors most similar to `query` (assumed L2-normalised). `groups[g]` truthy
   * admits rows of group g; without `groups` every row is searched.
   * @throws ValidationError when the query has the wrong number of dimensions.
   */
  search(query: Float32Array, k: number, groups?: Uint8Array): DenseHit[] {
    const d = this.dimensions;
    if (query.length !== d) throw badVector(this.model, d, query.length);
    const data = this.#data;
    const rowGroups = this.#groups;
    const n = this.#ids.length;
    const top = new TopK(k);
    const tail = d - (d % 4);
    let threshold = -Infinity;
    for (let row = 0; row < n; row++) {
      if (groups !== undefined && groups[rowGroups[row]!] !== 1) continue;
      const base = row * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < tail; j += 4) {
        s0 += data[base + j]! * query[j]!;
        s1 += data[base + j + 1]! * query[j + 1]!;
        s2 += data[base + j + 2]! * query[j + 2]!;
        s3 += data[base + j + 3]! * query[j + 3]!;
      }
      let s = s0 + s1 + s2 + s3;
      for (let j = tail; j < d; j++) s += data[base + j]! * query[j]!;
      if (s > threshold) {
        top.push(row, s);
        threshold = top.threshold;
      }
    }
    return top.sorted().map((h) => ({ id: this.#ids[h.key]!, score: h.score }));
  }

  /** A flat copy for storage. */
  serialize(): SerializedDense {
    const n = this.#ids.length;
    return {
      version: 1,
      model: this.model,
      dimensions: this.dimensions,
      ids: [...this.#ids],
      groups: this.#groups.slice(0, n),
      vectors: this.#data.slice(0, n * this.dimensions),
    };
  }

  /**
   * Rebuilds an index from {@link DenseIndex.serialize} output.
   * @throws ValidationError when the data is damaged.
   */
  static fromSerialized(data: SerializedDense): DenseIndex {
    const n = Array.isArray(data?.ids) ? data.ids.length : -1;
    const ok =
      data?.version === 1 &&
      n >= 0 &&
      data.vectors instanceof Float32Array &&
      data.vectors.length === n * data.dimensions &&
      data.groups instanceof Uint32Array &&
      data.groups.length === n;
    if (!ok) {
      throw new ValidationError('invalid', msg('memoryIndex.error.vectorsDamaged'));
    }
    const index = new DenseIndex(data.model, data.dimensions, n);
    index.#data.set(data.vectors);
    index.#groups.set(data.groups);
    index.#ids = [...data.ids];
    data.ids.forEach((id, row) => index.#rowOf.set(id, row));
    return index;
  }

  #grow(rows: number): void {
    if (rows <= this.#groups.length) return;
    const cap = Math.max(rows, this.#groups.length * 2);
    const data = new Float32Array(cap * this.dimensions);
    data.set(this.#data);
    const groups = new Uint32Array(cap);
    groups.set(this.#groups);
    this.#data = data;
    this.#groups = groups;
  }
}
