/**
 * Which memories must be (re-)embedded: vectors of another model live in another space and
 * are never compared with the current model's, so a model change re-embeds rather than mixes.
 */
import type { Memory } from './memory.ts';

/** True when the memory has a vector of `model` (and of `dimensions`, when given). */
export function hasCurrentEmbedding(memory: Pick<Memory, 'embedding'>, model: string | undefined, dimensions?: number): boolean {
  const e = memory.embedding;
  if (!e || model === undefined || e.model !== model) return false;
  return dimensions === undefined || e.vector.length === dimensions;
}

/** The memories that have no vector of the current model and need `embed(…, 'passage')`. */
export function memoriesNeedingEmbedding<M extends Pick<Memory, 'embedding'>>(memories: readonly M[], model: string, dimensions?: number): M[] {
  return memories.filter((m) => !hasCurrentEmbedding(m, model, dimensions));
}

/** A copy of the memory carrying a new vector of `model`, `updatedAt` untouched. */
export function withEmbedding(memory: Memory, model: string, vector: Float32Array): Memory {
  return { ...memory, embedding: { model, vector } };
}
