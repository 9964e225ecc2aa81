/** Progress of an embedding model download/load, 0..1. */
export interface EmbedderProgress {
  fraction: number;
  text: string;
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
