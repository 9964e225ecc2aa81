import type { Message } from './i18n/message.ts';

/** Progress of an embedding model download/load, 0..1. */
export interface EmbedderProgress {
  fraction: number;
  /** What is being fetched or loaded now, as a message (e.g. "Loading tokenizer.json (17 of 17 kB)"). */
  text: Message;
}

/** Port to a text-embedding model. Vectors are L2-normalised. */
export interface Embedder {
  /** Model id recorded with every stored vector. */
  readonly modelId: string;
  readonly dimensions: number;
  load(onProgress?: (p: EmbedderProgress) => void, signal?: AbortSignal): Promise<void>;
  /** Embeds texts; `purpose` lets models with query/passage prefixes use the right one. */
  embed(texts: string[], purpose: 'query' | 'passage', signal?: AbortSignal): Promise<Float32Array[]>;
}
