import type { EmbedderProgress } from '../../core/embedder.ts';
import type { EngineError } from '../../core/errors/index.ts';
import { embedderCancelled, embedderNotLoaded, reviveEmbedderError } from './embedder-errors.ts';
import { resolveEmbedderOptions, type ResolvedEmbedderOptions, type TransformersEmbedderOptions } from './embedder-options.ts';
import type { EmbedderRequest, EmbedderResponse, EmbedderWorkerPort } from './embedder-protocol.ts';
import type { TransformersEmbedder } from './transformers-embedder.ts';

type Pending = {
  resolve: (response: EmbedderResponse) => void;
  reject: (error: EngineError) => void;
  onProgress?: (p: EmbedderProgress) => void;
};

/** Distributes `Omit` over the request union, so each variant keeps its own fields. */
type RequestBody = EmbedderRequest extends infer R ? (R extends EmbedderRequest ? Omit<R, 'id'> : never) : never;

/**
 * Main-thread proxy of an embedder running in a Web Worker: posts requests, routes progress,
 * results and errors back (errors are rebuilt as EngineError). Aborting a load terminates the
 * worker (stopping the download at once; a later load starts a fresh worker and resumes from
 * the cached files); aborting an embedding call rejects it at once and tells the worker to stop
 * after the current batch.
 */
export class WorkerEmbedder implements TransformersEmbedder {
  readonly modelId: string;
  readonly #options: ResolvedEmbedderOptions;
  readonly #createPort: () => EmbedderWorkerPort;
  readonly #pending = new Map<number, Pending>();
  #port: EmbedderWorkerPort | null = null;
  #nextId = 1;
  #dimensions: number;
  #loaded = false;
  #loading: Promise<void> | null = null;

  /** @throws EngineError `invalid-config` when the options are invalid. */
  constructor(options: TransformersEmbedderOptions, createPort: () => EmbedderWorkerPort) {
    this.#options = resolveEmbedderOptions(options);
    this.modelId = this.#options.modelId;
    this.#dimensions = this.#options.profile.dimensions;
    this.#createPort = createPort;
  }

  get dimensions(): number {
    return this.#dimensions;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(onProgress?: (p: EmbedderProgress) => void, signal?: AbortSignal): Promise<void> {
    if (this.#loaded) return;
    if (signal?.aborted) throw embedderCancelled(this.modelId, 'load');
    this.#loading ??= this.#request({ op: 'load' }, onProgress)
      .then((response) => {
        if (response.type === 'loaded') this.#dimensions = response.dimensions;
        this.#loaded = true;
      })
      .finally(() => {
        this.#loading = null;
      });
    const loading = this.#loading;
    const onAbort = () => this.#restart(embedderCancelled(this.modelId, 'load'));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await loading;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async embed(texts: string[], purpose: 'query' | 'passage', signal?: AbortSignal): Promise<Float32Array[]> {
    if (!this.#loaded) throw embedderNotLoaded(this.modelId);
    if (signal?.aborted) throw embedderCancelled(this.modelId, 'embed');
    if (texts.length === 0) return [];
    const { id, done } = this.#send({ op: 'embed', texts: [...texts], purpose });
    const onAbort = () => {
      this.#port?.post({ op: 'cancel', id: this.#nextId++, target: id });
      this.#settle(id)?.reject(embedderCancelled(this.modelId, 'embed'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await done;
      return response.type === 'embedded' ? response.vectors : [];
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async isCached(): Promise<boolean> {
    const response = await this.#request({ op: 'is-cached' });
    return response.type === 'value' && response.value === true;
  }

  async clearCache(): Promise<void> {
    await this.#request({ op: 'clear-cache' });
  }

  async dispose(): Promise<void> {
    this.#restart(embedderCancelled(this.modelId, 'load'));
  }

  #ensurePort(): EmbedderWorkerPort {
    if (this.#port) return this.#port;
    const port = this.#createPort();
    port.onResponse((response) => {
      if (this.#port === port) this.#onResponse(response);
    });
    port.onFailure((reason) => {
      if (this.#port !== port) return;
      this.#restart(reviveEmbedderError({ name: 'Error', code: 'worker-failed', message: reason }));
    });
    port.post({ op: 'init', id: this.#nextId++, options: this.#options });
    this.#port = port;
    return port;
  }

  /** Posts a request (starting the worker if needed); `done` settles with its response. */
  #send(body: RequestBody, onProgress?: (p: EmbedderProgress) => void): { id: number; done: Promise<EmbedderResponse> } {
    const port = this.#ensurePort();
    const id = this.#nextId++;
    const done = new Promise<EmbedderResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
    });
    port.post({ ...body, id } as EmbedderRequest);
    return { id, done };
  }

  #request(body: RequestBody, onProgress?: (p: EmbedderProgress) => void): Promise<EmbedderResponse> {
    return this.#send(body, onProgress).done;
  }

  #onResponse(response: EmbedderResponse): void {
    if (response.type === 'progress') {
      this.#pending.get(response.id)?.onProgress?.(response.progress);
      return;
    }
    const pending = this.#settle(response.id);
    if (response.type === 'error') pending?.reject(reviveEmbedderError(response.error));
    else pending?.resolve(response);
  }

  /** Removes and returns the pending request `id`, if it is still waiting. */
  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    return pending;
  }

  /** Terminates the worker, fails every waiting request with `reason`, and forgets the model. */
  #restart(reason: EngineError): void {
    this.#port?.terminate();
    this.#port = null;
    this.#loaded = false;
    const waiting = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of waiting) p.reject(reason);
  }
}

/** The browser's end of the connection: a dedicated module worker running `embedder-worker.ts`. */
function moduleWorkerPort(): EmbedderWorkerPort {
  const worker = new Worker(new URL('./embedder-worker.ts', import.meta.url), { type: 'module', name: 'embedder' });
  return {
    post: (request) => worker.postMessage(request),
    onResponse: (handler) => worker.addEventListener('message', (event: MessageEvent<EmbedderResponse>) => handler(event.data)),
    onFailure: (handler) => {
      worker.addEventListener('error', (event) => handler(event.message || 'the worker script could not be loaded'));
      worker.addEventListener('messageerror', () => handler('a message from the worker could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * The browser embedder: transformers.js in a dedicated module Web Worker (the model never
 * blocks the UI), with ONNX Runtime's wasm served by the app and model files cached for offline use.
 * @throws EngineError `invalid-config` when the options are invalid.
 */
export function createTransformersEmbedder(options: TransformersEmbedderOptions = {}): TransformersEmbedder {
  return new WorkerEmbedder(options, moduleWorkerPort);
}
