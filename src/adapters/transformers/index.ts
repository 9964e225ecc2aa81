export { createTransformersEmbedder } from './worker-embedder.ts';
