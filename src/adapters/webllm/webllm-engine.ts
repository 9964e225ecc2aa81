import type { AppConfig, CompletionUsage, MLCEngineInterface } from '@mlc-ai/web-llm';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { CompletionEvent, CompletionRequest, EngineCapabilities, FinishReason, LlmEngine, LoadOptions, LoadProgress } from '../../core/llm-engine.ts';
import type { SamplingOptions } from '../../core/sampling.ts';
import type { Usage } from '../../core/usage.ts';
import { mapWebLlmError } from './webllm-errors.ts';

type WebLlm = typeof import('@mlc-ai/web-llm');

/** Loads the web-llm library on first use (it is several MB). */
export function loadWebLlm(): Promise<WebLlm> {
  return import('@mlc-ai/web-llm');
}

/** Maps web-llm's progress line ("Fetching param cache[3/20]…") to a phase. */
export function progressPhase(text: string): LoadProgress['phase'] {
  if (/^Finish loading/i.test(text)) return 'ready';
  if (/shader/i.test(text)) return 'compile';
  if (/Loading model from cache/i.test(text)) return 'load';
  return 'download';
}

/**
 * Tokens of the empty thinking block web-llm adds with `enable_thinking: false`
 * (`<think>\n\n</think>\n\n`, 4 Qwen tokens). They are part of the output and count against
 * `max_tokens`, so the adapter adds them to the limit to leave the visible reply its full length.
 */
const THINK_BLOCK_TOKENS = 4;

/** How long `load()` waits for an old worker to answer `unload()` before terminating it. */
const UNLOAD_TIMEOUT_MS = 3000;

/** Qwen3 builds have a thinking mode; Qwen2.5 builds do not. */
const hasThinkingMode = (modelId: string) => /qwen3/i.test(modelId);

function toUsage(usage: CompletionUsage | undefined): Usage | undefined {
  if (!usage) return undefined;
  // web-llm's prompt_tokens counts only the tokens prefilled by this call (not those reused from
  // the KV cache), so it is reported as prefillTokens and the prompt's size stays unknown.
  return {
    completionTokens: usage.completion_tokens,
    prefillTokens: usage.prompt_tokens,
    prefillTokensPerSecond: usage.extra?.prefill_tokens_per_s,
    decodeTokensPerSecond: usage.extra?.decode_tokens_per_s,
    timeToFirstTokenSeconds: usage.extra?.time_to_first_token_s,
  };
}

function toFinish(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'abort') return 'abort';
  return 'stop';
}

/**
 * Length of the end of `text` that could be the start of one of `stops`: it is held back from the
 * stream until the next text shows whether the stop fires (web-llm streams it either way).
 */
function stopPrefixLength(text: string, stops: readonly string[]): number {
  let longest = 0;
  for (const stop of stops) {
    for (let k = Math.min(stop.length - 1, text.length); k > longest; k -= 1) {
      if (text.endsWith(stop.slice(0, k))) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}

/** What the adapter reads of a streamed chunk, chat (`delta.content`) or raw completion (`text`). */
interface StreamChunk {
  choices: Array<{ finish_reason: string | null; delta?: { content?: string | null }; text?: string }>;
  usage?: CompletionUsage;
}

/** Options of {@link WebLlmEngine}; the defaults are the production wiring. */
export interface WebLlmEngineOptions {
  /** The engine's model list (self-hosted models included); default: the package's prebuilt list. */
  appConfig?: () => Promise<AppConfig>;
  /** The web-llm module; default: a dynamic import. */
  library?: () => Promise<WebLlm>;
  /** The dedicated worker that runs the engine; default: ./webllm-worker.ts. */
  createWorker?: () => Worker;
  /** Whether a model has Qwen3's thinking mode; default: Qwen3 ids. */
  thinkingModels?: (modelId: string) => boolean;
}

/**
 * LlmEngine on `@mlc-ai/web-llm`, running the model in a dedicated Web Worker on WebGPU.
 * The worker is created per load and terminated on unload or cancel.
 *
 * What the library does that this adapter works around (checked by the contract tests in
 * test/support/webllm-harness):
 * - `enable_thinking: false` adds an empty think block to prompt and output for any model, so it
 *   is sent only for models with a thinking mode.
 * - Stop strings are matched against the decoded output, but everything before the token that
 *   completes a stop has already been streamed; the stream here holds back text that could start
 *   a stop, and the reply ends with exactly the message the engine stored.
 * - An `interruptGenerate()` that reaches the worker before the stream's generator starts is lost.
 * - After the GPU device is lost the engine unloads itself and later calls throw
 *   ModelNotLoadedError: that is reported as `device-lost` and the model is forgotten.
 * - KV-cache reuse: a chat call prefills only the new turn when its earlier messages equal the
 *   conversation the engine stored. On that path the new prefill starts at `<|im_start|>user`: the
 *   previous reply's `<|im_end|>\n` is never forwarded (web-llm samples it as the stop token but
 *   does not feed it back). The app cannot change this without giving up reuse.
 */
export class WebLlmEngine implements LlmEngine {
  readonly id = 'webllm';
  readonly capabilities: EngineCapabilities = { rawCompletion: true, promptCache: 'chat', jsonSchema: true, leavesDevice: false };
  /** Sampling options web-llm does not have (it has no `top_k`; it would be silently ignored), so they are not sent. */
  readonly ignoredSampling: readonly (keyof SamplingOptions)[] = ['topK'];
  #engine: MLCEngineInterface | null = null;
  #worker: Worker | null = null;
  #modelId: string | null = null;
  #thinking = false;
  /** Counts loads and unloads: a load that is no longer the latest is cancelled. */
  #loads = 0;
  /** Ends the load waiting on its worker with `load-cancelled`. */
  #cancelLoading: (() => void) | null = null;
  readonly #appConfig: () => Promise<AppConfig>;
  readonly #library: () => Promise<WebLlm>;
  readonly #createWorker: () => Worker;
  readonly #thinkingModels: (modelId: string) => boolean;

  constructor(options: WebLlmEngineOptions = {}) {
    this.#library = options.library ?? loadWebLlm;
    this.#appConfig = options.appConfig ?? (async () => (await this.#library()).prebuiltAppConfig);
    this.#createWorker = options.createWorker ?? (() => new Worker(new URL('./webllm-worker.ts', import.meta.url), { type: 'module', name: 'webllm' }));
    this.#thinkingModels = options.thinkingModels ?? hasThinkingMode;
  }

  get modelId(): string | null {
    return this.#modelId;
  }

  get thinking(): boolean {
    return this.#thinking;
  }

  async load(modelId: string, options: LoadOptions = {}): Promise<void> {
    const { signal, onProgress } = options;
    const ticket = ++this.#loads;
    const cancelledNow = () => signal?.aborted === true || ticket !== this.#loads;
    const stopIfCancelled = () => {
      if (cancelledNow()) throw cancelled(modelId);
    };
    await this.#release();
    stopIfCancelled();
    let webllm: WebLlm;
    let appConfig: AppConfig;
    try {
      [webllm, appConfig] = await Promise.all([this.#library(), this.#appConfig()]);
    } catch (error) {
      throw cancelledNow() ? cancelled(modelId) : mapWebLlmError(error, modelId, 'load');
    }
    stopIfCancelled();
    const worker = this.#createWorker();
    this.#worker = worker;
    let cancel = () => {};
    const aborted = new Promise<never>((_, reject) => {
      cancel = () => reject(cancelled(modelId));
    });
    this.#cancelLoading = cancel;
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const creating = webllm.CreateWebWorkerMLCEngine(worker, modelId, {
        appConfig,
        initProgressCallback: (report) =>
          onProgress?.({ phase: progressPhase(report.text), fraction: report.progress, text: msg('text.verbatim', { text: report.text }) }),
      });
      // After a cancel the terminated worker never answers; nothing may wait on it.
      creating.catch(() => undefined);
      const engine = await Promise.race([creating, aborted]);
      stopIfCancelled();
      this.#engine = engine;
      this.#modelId = modelId;
      this.#thinking = this.#thinkingModels(modelId);
    } catch (error) {
      worker.terminate();
      if (this.#worker === worker) this.#worker = null;
      throw cancelledNow() ? cancelled(modelId) : mapWebLlmError(error, modelId, 'load');
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (this.#cancelLoading === cancel) this.#cancelLoading = null;
    }
  }

  /** Frees the model; a load still in progress ends with `load-cancelled`. */
  async unload(): Promise<void> {
    this.#loads += 1;
    await this.#release();
  }

  async #release(): Promise<void> {
    this.#cancelLoading?.();
    const engine = this.#engine;
    const worker = this.#worker;
    this.#forget();
    if (engine) {
      // Terminating the worker frees the GPU whatever unload() answers; a worker that never answers
      // (crashed, or stuck on a lost device) must not block the next load.
      await settlesWithin(engine.unload(), UNLOAD_TIMEOUT_MS);
    }
    worker?.terminate();
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const engine = this.#engine;
    const modelId = this.#modelId ?? msg('engine.webllm.theModel');
    if (!engine) throw new EngineError('not-loaded', msg('engine.error.notLoaded'));
    if (signal?.aborted) {
      yield { type: 'done', finishReason: 'abort' };
      return;
    }
    const chat = request.input.kind === 'chat';
    const stops = request.stop ?? [];
    // An interrupt that reaches the worker before the generator runs is lost: send it once the stream runs.
    let running = false;
    const onAbort = () => {
      if (running) void engine.interruptGenerate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const thinkingFlag = chat && this.#thinking && request.enableThinking !== undefined ? request.enableThinking : undefined;
    const s = request.sampling ?? {};
    const common = {
      stream: true as const,
      stream_options: { include_usage: true },
      stop: stops.length > 0 ? stops : undefined,
      max_tokens: request.maxTokens !== undefined && thinkingFlag === false ? request.maxTokens + THINK_BLOCK_TOKENS : request.maxTokens,
      temperature: s.temperature,
      top_p: s.topP,
      repetition_penalty: s.repetitionPenalty,
      presence_penalty: s.presencePenalty,
      frequency_penalty: s.frequencyPenalty,
      seed: s.seed,
    };
    try {
      const chunks: AsyncIterable<StreamChunk> =
        request.input.kind === 'chat'
          ? await engine.chat.completions.create({
              ...common,
              messages: request.input.messages,
              response_format: request.responseFormat ? { type: 'json_object', schema: JSON.stringify(request.responseFormat.schema) } : undefined,
              ...(thinkingFlag === undefined ? {} : { extra_body: { enable_thinking: thinkingFlag } }),
            })
          : await engine.completions.create({ ...common, prompt: request.input.prompt });
      const iterator = chunks[Symbol.asyncIterator]();
      if (signal?.aborted) {
        // Stopped before the reply started: close the stream without running it.
        await iterator.return?.();
        yield { type: 'done', finishReason: 'abort' };
        return;
      }
      /** Text web-llm streamed, and how much of it was passed on. */
      let streamed = '';
      let emitted = 0;
      let lastDelta: string | undefined;
      let finish: FinishReason = 'stop';
      let usage: Usage | undefined;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (!running) {
          running = true;
          if (signal?.aborted) void engine.interruptGenerate();
        }
        const chunk = next.value;
        const choice = chunk.choices[0];
        if (choice && !choice.finish_reason) {
          const text = (chat ? choice.delta?.content : choice.text) ?? '';
          streamed += text;
          lastDelta = text;
          const safe = streamed.length - stopPrefixLength(streamed, stops);
          if (safe > emitted) {
            yield { type: 'delta', text: streamed.slice(emitted, safe) };
            emitted = safe;
          }
        }
        if (choice?.finish_reason) finish = toFinish(choice.finish_reason);
        usage = toUsage(chunk.usage) ?? usage;
      }
      // End with exactly the message the engine stored (cut before a stop string that fired).
      const stored = await engine.getMessage();
      if (stored.length > emitted && stored.startsWith(streamed.slice(0, emitted))) yield { type: 'delta', text: stored.slice(emitted) };
      // A reply that ended on the end-of-turn token leaves the KV cache matching the stored
      // conversation: its last delta is empty and nothing was cut. A stop string leaves the cache
      // holding its first tokens, or missing text of its last token, so the next call must prefill
      // from scratch rather than reuse it.
      const reset = chat && finish === 'stop' && !(lastDelta === '' && streamed === stored);
      if (reset) await engine.resetChat();
      yield { type: 'done', finishReason: signal?.aborted ? 'abort' : finish, usage, ...(reset ? { cacheReset: true } : {}) };
    } catch (error) {
      const mapped = mapWebLlmError(error, modelId, 'reply');
      if (mapped.code === 'device-lost' && this.#engine === engine) {
        // The engine in the worker already unloaded itself; forget the model so the app reloads it.
        const worker = this.#worker;
        this.#forget();
        worker?.terminate();
      }
      throw mapped;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #forget(): void {
    this.#engine = null;
    this.#worker = null;
    this.#modelId = null;
    this.#thinking = false;
  }
}

/** Waits for `promise` to settle, at most `ms` milliseconds; its outcome is ignored. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function cancelled(modelId: string): EngineError {
  return new EngineError('load-cancelled', msg('engine.webllm.loadCancelled', { model: modelId }));
}
