import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { EmbedderProgress } from '../../core/embedder.ts';
import { embedderCancelled, embedderNotLoaded, mapEmbedderError } from './embedder-errors.ts';
import type { ResolvedEmbedderOptions } from './embedder-options.ts';
import { createProgressReporter } from './embedder-progress.ts';
import { withPrefix } from './embedding-models.ts';
import { l2Normalize, splitRows } from './vectors.ts';

type Transformers = typeof import('@huggingface/transformers');

/** Where ONNX Runtime's WebAssembly files are served from (browser only; URLs of bundled assets). */
export interface OrtRuntimeOptions {
  wasmPaths?: { mjs: string; wasm: string };
  /** ONNX Runtime wasm threads; default: the runtime's own choice. */
  numThreads?: number;
}

const TASK = 'feature-extraction';

/** Loads transformers.js on first use (it is large; the app never loads it unless memory search is on). */
function loadTransformers(): Promise<Transformers> {
  return import('@huggingface/transformers');
}

/** Points transformers.js at the model sources and caches of `o`, and ONNX Runtime at its wasm files. */
function configureEnvironment(tf: Transformers, o: ResolvedEmbedderOptions, runtime: OrtRuntimeOptions): void {
  const { env } = tf;
  env.allowRemoteModels = o.allowRemoteModels;
  env.allowLocalModels = o.localModelPath !== null || !o.allowRemoteModels;
  if (o.localModelPath !== null) env.localModelPath = o.localModelPath;
  env.remoteHost = o.remoteHost;
  env.remotePathTemplate = o.remotePathTemplate;
  env.useBrowserCache = o.useBrowserCache && typeof caches !== 'undefined';
  if (o.cacheDir !== null) env.cacheDir = o.cacheDir;
  const wasm = env.backends.onnx.wasm;
  if (wasm && runtime.wasmPaths) wasm.wasmPaths = { ...runtime.wasmPaths };
  if (wasm && runtime.numThreads !== undefined) wasm.numThreads = runtime.numThreads;
}

/**
 * The embedding work shared by the Web Worker and the in-process embedder: configures
 * transformers.js, loads the feature-extraction pipeline, and turns texts into L2-normalised
 * vectors in batches (with the model's query/passage prefixes and pooling).
 */
export class EmbeddingPipeline {
  readonly options: ResolvedEmbedderOptions;
  readonly #runtime: OrtRuntimeOptions;
  #extractor: FeatureExtractionPipeline | null = null;
  #loading: Promise<FeatureExtractionPipeline> | null = null;
  #dimensions: number;

  constructor(options: ResolvedEmbedderOptions, runtime: OrtRuntimeOptions = {}) {
    this.options = options;
    this.#runtime = runtime;
    this.#dimensions = options.profile.dimensions;
  }

  /** Vector width: from the loaded model's config (or first output); before loading, the known profile value or 0. */
  get dimensions(): number {
    return this.#dimensions;
  }

  get loaded(): boolean {
    return this.#extractor !== null;
  }

  /**
   * Downloads (or reads from cache) and starts the model. Concurrent calls share one load.
   * An aborted `signal` rejects this call at once; the shared load itself runs on.
   * @throws EngineError `load-cancelled`, `model-download-failed` (offline), `model-not-found`,
   *   `model-not-cached`, `storage-quota`, `invalid-config` or `engine-failed`.
   */
  async load(onProgress?: (p: EmbedderProgress) => void, signal?: AbortSignal): Promise<void> {
    if (this.#extractor) return;
    if (signal?.aborted) throw embedderCancelled(this.options.modelId, 'load');
    this.#loading ??= this.#startLoad(onProgress).finally(() => {
      this.#loading = null;
    });
    await raceAbort(this.#loading, signal, () => embedderCancelled(this.options.modelId, 'load'));
  }

  async #startLoad(onProgress?: (p: EmbedderProgress) => void): Promise<FeatureExtractionPipeline> {
    const o = this.options;
    try {
      const tf = await loadTransformers();
      configureEnvironment(tf, o, this.#runtime);
      const progress_callback = onProgress ? createProgressReporter(o.modelId, onProgress) : undefined;
      const extractor = await tf.pipeline(TASK, o.modelId, { dtype: o.dtype, progress_callback });
      this.#extractor = extractor;
      this.#dimensions = await this.#measureDimensions(extractor);
      return extractor;
    } catch (error) {
      throw mapEmbedderError(error, { modelId: o.modelId, phase: 'load', remoteDisabled: !o.allowRemoteModels });
    }
  }

  async #measureDimensions(extractor: FeatureExtractionPipeline): Promise<number> {
    const fromConfig: unknown = (extractor.model.config as unknown as Record<string, unknown>).hidden_size;
    if (typeof fromConfig === 'number' && fromConfig > 0) return fromConfig;
    const [probe] = await this.#run(extractor, ['dimension probe']);
    return probe?.length ?? 0;
  }

  /**
   * Embeds `texts` as queries or passages; one L2-normalised vector per text, in order.
   * The signal is checked between batches.
   * @throws EngineError `not-loaded` before {@link load}, `load-cancelled` when aborted, `engine-failed` when the model fails.
   */
  async embed(texts: readonly string[], purpose: 'query' | 'passage', signal?: AbortSignal): Promise<Float32Array[]> {
    const extractor = this.#extractor;
    if (!extractor) throw embedderNotLoaded(this.options.modelId);
    const inputs = withPrefix(texts, purpose, this.options.profile);
    const vectors: Float32Array[] = [];
    for (let start = 0; start < inputs.length; start += this.options.batchSize) {
      if (signal?.aborted) throw embedderCancelled(this.options.modelId, 'embed');
      try {
        vectors.push(...(await this.#run(extractor, inputs.slice(start, start + this.options.batchSize))));
      } catch (error) {
        throw mapEmbedderError(error, { modelId: this.options.modelId, phase: 'embed', remoteDisabled: !this.options.allowRemoteModels });
      }
    }
    if (signal?.aborted) throw embedderCancelled(this.options.modelId, 'embed');
    return vectors;
  }

  async #run(extractor: FeatureExtractionPipeline, batch: string[]): Promise<Float32Array[]> {
    const tensor = await extractor(batch, { pooling: this.options.profile.pooling, normalize: false });
    try {
      const [rows = 0, width = 0] = tensor.dims;
      return splitRows(tensor.data as Float32Array, rows, width).map(l2Normalize);
    } finally {
      tensor.dispose();
    }
  }

  /**
   * True when every file of the model is in the cache (browser Cache API; in Node, the file
   * cache), so it loads offline. Files read from `localModelPath` are not cached.
   * @throws EngineError when the cache cannot be read.
   */
  async isCached(): Promise<boolean> {
    const o = this.options;
    try {
      const tf = await loadTransformers();
      configureEnvironment(tf, o, this.#runtime);
      return await tf.ModelRegistry.is_pipeline_cached(TASK, o.modelId, { dtype: o.dtype });
    } catch (error) {
      throw mapEmbedderError(error, { modelId: o.modelId, phase: 'load', remoteDisabled: !o.allowRemoteModels });
    }
  }

  /**
   * Deletes the model's files from the browser cache (the next load downloads them again).
   * @throws EngineError when the cache cannot be changed.
   */
  async clearCache(): Promise<void> {
    const o = this.options;
    try {
      const tf = await loadTransformers();
      configureEnvironment(tf, o, this.#runtime);
      await tf.ModelRegistry.clear_pipeline_cache(TASK, o.modelId, { dtype: o.dtype });
    } catch (error) {
      throw mapEmbedderError(error, { modelId: o.modelId, phase: 'load', remoteDisabled: !o.allowRemoteModels });
    }
  }

  /** Frees the model's memory; a later {@link load} starts it again. */
  async dispose(): Promise<void> {
    const extractor = this.#extractor;
    this.#extractor = null;
    await extractor?.dispose();
  }
}

/** Settles like `work`, or rejects with `cancelled()` as soon as `signal` aborts. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, cancelled: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
