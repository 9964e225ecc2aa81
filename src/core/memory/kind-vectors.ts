/**
 * The vectors of one embedding model split into one {@link DenseIndex} per memory kind, so a
 * search for some kinds scans only their rows, contiguously (skipping rows inside one packed
 * matrix saves almost nothing: the scan is bound by the per-row loop, not by the filter).
 */
import type { Memory, MemoryKind } from './memory.ts';
import { DenseIndex, type DenseHit } from './dense-index.ts';
import { MEMORY_KINDS } from './scope-groups.ts';

/** One dense index per memory kind, all of one embedding model. */
export class KindVectors {
  readonly model: string;
  readonly dimensions: number;
  readonly #byKind = new Map<MemoryKind, DenseIndex>();

  constructor(model: string, dimensions: number) {
    this.model = model;
    this.dimensions = dimensions;
  }

  /** Number of vectors held. */
  get size(): number {
    let n = 0;
    for (const index of this.#byKind.values()) n += index.size;
    return n;
  }

  /** Adds or replaces a memory's vector; false (and nothing stored) when its size differs. */
  add(memory: Pick<Memory, 'id' | 'kind'>, vector: Float32Array, group: number): boolean {
    if (vector.length !== this.dimensions) return false;
    let index = this.#byKind.get(memory.kind);
    if (!index) this.#byKind.set(memory.kind, (index = new DenseIndex(this.model, this.dimensions)));
    index.add(memory.id, vector, group);
    return true;
  }

  /** Removes a vector stored under `kind`. */
  remove(id: string, kind: MemoryKind): void {
    this.#byKind.get(kind)?.remove(id);
  }

  /** Cosine of a stored vector with `query`, or undefined when absent. */
  score(id: string, kind: MemoryKind, query: Float32Array): number | undefined {
    return this.#byKind.get(kind)?.score(id, query);
  }

  /** The k best rows over the given kinds (all when absent), restricted by a group mask. */
  search(query: Float32Array, k: number, kinds: readonly MemoryKind[] | undefined, groups: Uint8Array): DenseHit[] {
    const hits: DenseHit[] = [];
    for (const kind of kinds ?? MEMORY_KINDS) hits.push(...(this.#byKind.get(kind)?.search(query, k, groups) ?? []));
    return hits.sort((a, b) => b.score - a.score).slice(0, k);
  }
}
