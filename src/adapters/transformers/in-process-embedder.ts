import type { EmbedderProgress } from '../../core/embedder.ts';
import { resolveEmbedderOptions, type TransformersEmbedderOptions } from './embedder-options.ts';
import { EmbeddingPipeline, type OrtRuntimeOptions } from './embedding-pipeline.ts';
import type { TransformersEmbedder } from './transformers-embedder.ts';

/**
 * An embedder that runs transformers.js on the calling thread: for Node (tests, benchmarks;
 * ONNX Runtime's native CPU binding) or a page that already runs in a worker. The browser UI
 * uses {@link createTransformersEmbedder} instead, which keeps the model off the main thread.
 * Note: transformers.js settings are global, so one process should use one model configuration.
 * @throws EngineError `invalid-config` when the options are invalid.
 */
export function createInProcessEmbedder(options: TransformersEmbedderOptions = {}, runtime: OrtRuntimeOptions = {}): TransformersEmbedder {
  const pipeline = new EmbeddingPipeline(resolveEmbedderOptions(options), runtime);
  return {
    modelId: pipeline.options.modelId,
    get dimensions() {
      return pipeline.dimensions;
    },
    get loaded() {
      return pipeline.loaded;
    },
    load: (onProgress?: (p: EmbedderProgress) => void, signal?: AbortSignal) => pipeline.load(onProgress, signal),
    embed: (texts, purpose, signal) => pipeline.embed(texts, purpose, signal),
    isCached: () => pipeline.isCached(),
    clearCache: () => pipeline.clearCache(),
    dispose: () => pipeline.dispose(),
  };
}
