import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { CompletionEvent, CompletionRequest, EngineCapabilities, LlmEngine, LoadOptions } from '../../core/llm-engine.ts';
import { listFew } from './http-errors.ts';
import { isLocalUrl } from './is-local-url.ts';
import { defaultFetch, fetchModelIds } from './list-models.ts';
import type { FetchLike } from './network-error.ts';
import { resolveConfig, type OpenAiEngineConfig, type ResolvedOpenAiConfig } from './openai-config.ts';
import { scrubError } from './scrub-error.ts';
import { streamCompletion, type StreamContext } from './stream-completion.ts';

/** Test seam: replace the global fetch. */
export interface OpenAiEngineDeps {
  fetch?: FetchLike;
}

/** Streams a completion; a failure is rethrown without the API key in any message. */
async function* keyFreeStream(ctx: StreamContext, request: CompletionRequest, signal?: AbortSignal): AsyncGenerator<CompletionEvent> {
  try {
    yield* streamCompletion(ctx, request, signal);
  } catch (error) {
    throw scrubError(error, ctx.config.apiKey);
  }
}

/**
 * LlmEngine for a user's own OpenAI-compatible server (Ollama, llama.cpp's llama-server, vLLM,
 * LM Studio). `load` checks the address and that the model is served; `stream` posts to
 * `/chat/completions` for a message list or `/completions` for a raw prompt.
 *
 * `promptCache` is `none`: many servers cache common prompt prefixes, but nothing in the
 * protocol promises it, so the prompt builder must not rely on it.
 *
 * The API key is only ever sent in the Authorization header: every error `load` and `stream`
 * throw has it redacted from its message and causes (a server may echo it back).
 */
export class OpenAiEngine implements LlmEngine {
  readonly id = 'openai';
  readonly capabilities: EngineCapabilities;
  readonly #config: OpenAiEngineConfig;
  readonly #fetch: FetchLike;
  #loaded: { config: ResolvedOpenAiConfig; model: string } | null = null;

  /** Never throws: the config is checked by {@link OpenAiEngine.load}. */
  constructor(config: OpenAiEngineConfig, deps: OpenAiEngineDeps = {}) {
    this.#config = { ...config };
    this.#fetch = deps.fetch ?? defaultFetch;
    this.capabilities = {
      rawCompletion: config.rawCompletion ?? false,
      promptCache: 'none',
      jsonSchema: true,
      leavesDevice: !isLocalUrl(config.baseUrl),
    };
  }

  get modelId(): string | null {
    return this.#loaded?.model ?? null;
  }

  /**
   * The server applies the model's own chat template; a model whose name says Qwen3 is taken to
   * have its thinking mode (so a raw prompt opens the reply with the empty think block).
   */
  get thinking(): boolean {
    return /qwen-?3/i.test(this.#loaded?.model ?? '');
  }

  /**
   * Checks the config, reaches GET {baseUrl}/models and makes sure `modelId` is listed
   * (`name` also matches Ollama's `name:latest`).
   * @throws EngineError `invalid-config`, `model-not-found` (lists a few served models),
   *   `unauthorized`, `connection-refused`, `cors`, `timeout`, `http-error`, `load-cancelled`.
   */
  async load(modelId: string, options: LoadOptions = {}): Promise<void> {
    try {
      await this.#connect(modelId, options);
    } catch (error) {
      throw scrubError(error, this.#config.apiKey?.trim() ?? '');
    }
  }

  async #connect(modelId: string, options: LoadOptions): Promise<void> {
    const model = modelId.trim();
    if (model === '') {
      throw new EngineError('invalid-config', msg('engine.openai.model.empty'));
    }
    const config = resolveConfig(this.#config);
    this.#loaded = null;
    options.onProgress?.({ phase: 'load', fraction: 0, text: msg('engine.openai.progress.connecting', { server: config.baseUrl }) });
    const served = await fetchModelIds(config, this.#fetch, options.signal);
    if (!served.includes(model) && !served.includes(`${model}:latest`)) {
      throw new EngineError('model-not-found', msg('engine.openai.model.notServed', { server: config.baseUrl, model, served: listFew(served) }));
    }
    this.#loaded = { config, model };
    options.onProgress?.({ phase: 'ready', fraction: 1, text: msg('engine.openai.progress.connected', { server: config.baseUrl, model }) });
  }

  /**
   * Streams a completion; see {@link streamCompletion}.
   * @throws EngineError `not-loaded` before a successful load, else as streamCompletion.
   */
  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const loaded = this.#loaded;
    if (!loaded) {
      throw new EngineError('not-loaded', msg('engine.openai.notConnected'));
    }
    yield* keyFreeStream({ config: loaded.config, fetch: this.#fetch, model: loaded.model }, request, signal);
  }

  /** Forgets the model; nothing runs on this device, so nothing else needs freeing. */
  async unload(): Promise<void> {
    this.#loaded = null;
  }
}
