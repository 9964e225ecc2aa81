export { createTransformersEmbedder } from './worker-embedder.ts';
export { mapEmbedderError, reviveEmbedderError } from './embedder-errors.ts';
export { DEFAULT_EMBEDDING_MODEL_ID } from './embedding-models.ts';
