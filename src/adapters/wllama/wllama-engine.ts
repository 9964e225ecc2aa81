import type { CacheManager, RawCompletionChunk, RawCompletionParams, Wllama } from '@wllama/wllama/esm/index.js';
import { EngineError, ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { CompletionEvent, CompletionRequest, EngineCapabilities, FinishReason, LlmEngine, LoadOptions } from '../../core/llm-engine.ts';
import { resolveCpuModel, type CpuModelSource } from '../../core/models/cpu-models.ts';
import type { Usage } from '../../core/usage.ts';
import { AsyncQueue } from './async-queue.ts';
import { completionParams, toFinishReason, toUsage } from './completion-params.ts';
import { downloadProgress, loadingProgress, readyProgress, threadCount } from './load-progress.ts';
import { deleteModel, downloadModel, hasGgufMagic, isModelCached, openModel } from './model-cache.ts';
import { StopCutter } from './stop-cutter.ts';
import { isAbortError, loadCancelled, mapWllamaError } from './wllama-errors.ts';
import { assertCpuEngineSupported, createModelCache, createWllama } from './wllama-runtime.ts';

/**
 * LlmEngine on `@wllama/wllama` (llama.cpp compiled to WebAssembly): GGUF models on the CPU,
 * for browsers without WebGPU. Models download once into wllama's browser cache (OPFS) and load
 * from there afterwards, also offline. Inference runs in wllama's worker, multi-threaded when
 * the page is cross-origin isolated.
 *
 * Capabilities: raw completion (every input becomes a raw prompt; message lists are rendered
 * as Qwen ChatML). wllama runs llama.cpp's server loop, which keeps the KV cache of its slot
 * and reuses the longest common token prefix of the next prompt (`cache_prompt`). That reuse
 * works for any prompt, including the single layout's, whose prompts grow at the end, so
 * `promptCache` is `prefix`, not `chat`: the chat layout would gain nothing here and
 * gives up the `Name: "` prefix that keeps small models in quote mode. Completed replies report
 * `prefillTokens` (the tokens actually prefilled) so the reuse is visible in usage.
 */
export class WllamaEngine implements LlmEngine {
  readonly id = 'wllama';
  readonly capabilities: EngineCapabilities = { rawCompletion: true, promptCache: 'prefix', jsonSchema: true, leavesDevice: false };
  #wllama: Wllama | null = null;
  #source: CpuModelSource | null = null;

  get modelId(): string | null {
    return this.#source?.id ?? null;
  }

  /** The loaded GGUF is a Qwen3 (its architecture, or its name when the file does not say). */
  get thinking(): boolean {
    const wllama = this.#wllama;
    if (!wllama || !this.#source) return false;
    const arch = String(wllama.getModelMetadata().meta['general.architecture'] ?? '');
    return arch === 'qwen3' || (arch === '' && /qwen-?3/i.test(this.#source.id));
  }

  /**
   * Downloads the GGUF unless cached (progress phase `download`), then loads it (`load`).
   * `modelId` is a catalogue id or a GGUF URL. Aborting `signal` cancels either step.
   * @throws EngineError `invalid-config` (unknown id, not a GGUF), `load-cancelled`,
   *   `model-download-failed`, `storage-quota`, `out-of-memory`, `engine-failed`.
   */
  async load(modelId: string, options: LoadOptions = {}): Promise<void> {
    await this.unload();
    const { signal, onProgress } = options;
    const source = resolveSource(modelId);
    if (signal?.aborted) throw loadCancelled(source.label);
    assertCpuEngineSupported();
    try {
      const cache = await createModelCache();
      const cached = await isModelCached(cache, source.url);
      if (!cached) {
        onProgress?.(downloadProgress(source.label, 0, 0));
        await downloadModel(cache, source.url, {
          signal,
          onProgress: (part, parts, loaded, total) => onProgress?.(downloadProgress(source.label, loaded, total, part, parts)),
        });
      }
      signal?.throwIfAborted();
      onProgress?.(loadingProgress(source.label, cached));
      const threads = threadCount(navigator.hardwareConcurrency || 1, globalThis.crossOriginIsolated === true);
      this.#wllama = await this.#start(cache, source, threads, signal);
      this.#source = source;
      onProgress?.(readyProgress(source.label, threads));
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) throw loadCancelled(source.label);
      throw mapWllamaError(error, source.label);
    }
  }

  async #start(cache: CacheManager, source: CpuModelSource, threads: number, signal?: AbortSignal): Promise<Wllama> {
    const blobs = await openModel(cache, source.url);
    const first = blobs[0];
    if (!first || !(await hasGgufMagic(first))) {
      await deleteModel(cache, source.url);
      throw new EngineError('invalid-config', msg('engine.wllama.notGguf', { url: source.url }));
    }
    const wllama = await createWllama(cache);
    const loading = wllama.loadModel(blobs, { n_ctx: source.contextWindow, n_threads: threads, n_gpu_layers: 0, n_parallel: 1, log_level: 3 });
    try {
      await untilAborted(loading, signal);
      return wllama;
    } catch (error) {
      const release = () => wllama.exit();
      void loading.then(release, release).catch((e: unknown) => console.warn('Releasing the CPU engine after a failed load:', e));
      throw error;
    }
  }

  async unload(): Promise<void> {
    const wllama = this.#wllama;
    this.#wllama = null;
    this.#source = null;
    await wllama?.exit();
  }

  /**
   * Streams a completion. Stop strings are honoured exactly (text before the first one only);
   * aborting `signal` ends the stream with finishReason `abort` and cancels the generation.
   * @throws EngineError `not-loaded`, `context-overflow`, `out-of-memory`, `engine-failed`.
   */
  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const wllama = this.#wllama;
    const source = this.#source;
    if (!wllama || !source) {
      throw new EngineError('not-loaded', msg('engine.error.notLoaded'));
    }
    if (signal?.aborted) {
      yield { type: 'done', finishReason: 'abort' };
      return;
    }
    const local = new AbortController();
    const forward = () => local.abort();
    signal?.addEventListener('abort', forward, { once: true });
    const chunks = new AsyncQueue<RawCompletionChunk>();
    const params = { ...completionParams(request, this.thinking), stream: true, abortSignal: local.signal, onData: (c: RawCompletionChunk) => chunks.push(c) };
    const running = wllama.createCompletion(params as unknown as RawCompletionParams & { stream: true; onData: (c: RawCompletionChunk) => void }).then(
      () => chunks.close(),
      (error: unknown) => chunks.fail(error),
    );
    const cutter = new StopCutter(request.stop);
    let finish: FinishReason = 'stop';
    let usage: Usage | undefined;
    try {
      for await (const chunk of chunks) {
        if (signal?.aborted) break;
        const choice = chunk.choices[0];
        const text = cutter.push(choice?.text ?? '');
        if (text !== '') yield { type: 'delta', text };
        if (choice?.finish_reason) finish = toFinishReason(choice.finish_reason);
        usage = toUsage(chunk) ?? usage;
        if (cutter.stopped) break;
      }
    } catch (error) {
      if (!(isAbortError(error) && (signal?.aborted || local.signal.aborted))) throw mapWllamaError(error, source.label);
    } finally {
      signal?.removeEventListener('abort', forward);
      local.abort();
      await running;
    }
    if (signal?.aborted) {
      yield { type: 'done', finishReason: 'abort', usage };
      return;
    }
    const rest = cutter.flush();
    if (rest !== '') yield { type: 'delta', text: rest };
    yield { type: 'done', finishReason: cutter.stopped ? 'stop' : finish, usage };
  }
}

function resolveSource(modelId: string): CpuModelSource {
  try {
    return resolveCpuModel(modelId);
  } catch (error) {
    if (error instanceof ValidationError) throw new EngineError('invalid-config', error.text, { cause: error });
    throw error;
  }
}

/** Waits for `work`; rejects with an AbortError as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
