export { createTransformersEmbedder, WorkerEmbedder } from './worker-embedder.ts';
export { createInProcessEmbedder } from './in-process-embedder.ts';
export type { TransformersEmbedder } from './transformers-embedder.ts';
export { resolveEmbedderOptions, type EmbedderDtype, type TransformersEmbedderOptions } from './embedder-options.ts';
export { DEFAULT_EMBEDDING_MODEL_ID, profileFor, type EmbeddingModelProfile } from './embedding-models.ts';
