import type { Embedder } from '../../core/embedder.ts';

/** An {@link Embedder} on transformers.js, with cache management for the settings screen. */
export interface TransformersEmbedder extends Embedder {
  /** True once {@link Embedder.load} has finished. */
  readonly loaded: boolean;
  /** True when all model files are in the browser cache (the model loads offline). */
  isCached(): Promise<boolean>;
  /** Deletes the model's cached files; the next load downloads them again. */
  clearCache(): Promise<void>;
  /** Frees the model (and its worker); a later load starts again. */
  dispose(): Promise<void>;
}
