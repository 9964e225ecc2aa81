import type { EmbedderProgress } from '../../core/embedder.ts';
import type { SerializedError } from '../../core/errors/index.ts';
import type { ResolvedEmbedderOptions } from './embedder-options.ts';

/** Messages the main thread posts to the embedder worker. `init` comes first, once. */
export type EmbedderRequest =
  | { op: 'init'; id: number; options: ResolvedEmbedderOptions }
  | { op: 'load'; id: number }
  | { op: 'embed'; id: number; texts: string[]; purpose: 'query' | 'passage' }
  | { op: 'cancel'; id: number; target: number }
  | { op: 'is-cached'; id: number }
  | { op: 'clear-cache'; id: number };

/** Messages the worker posts back; `id` is the request's. Errors cross as `{ name, code, message }`. */
export type EmbedderResponse =
  | { type: 'progress'; id: number; progress: EmbedderProgress }
  | { type: 'loaded'; id: number; dimensions: number }
  | { type: 'embedded'; id: number; vectors: Float32Array[] }
  | { type: 'value'; id: number; value: boolean | null }
  | { type: 'error'; id: number; error: SerializedError };

/** The main thread's end of the worker connection (a real module Worker, or an in-thread fake in tests). */
export interface EmbedderWorkerPort {
  post(request: EmbedderRequest): void;
  /** Registers the handler of every response. */
  onResponse(handler: (response: EmbedderResponse) => void): void;
  /** Registers the handler of a worker that crashed or failed to start. */
  onFailure(handler: (reason: string) => void): void;
  terminate(): void;
}
