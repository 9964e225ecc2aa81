import type { AppConfig, CompletionUsage, MLCEngineInterface } from '@mlc-ai/web-llm';
import { EngineError } from '../../core/errors/index.ts';
import type {
  CompletionEvent,
  CompletionRequest,
  EngineCapabilities,
  FinishReason,
  LlmEngine,
  LoadOptions,
  LoadProgress,
} from '../../core/llm-engine.ts';
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

function toUsage(usage: CompletionUsage | undefined): Usage | undefined {
  if (!usage) return undefined;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
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
 * LlmEngine on `@mlc-ai/web-llm`, running the model in a dedicated Web Worker on WebGPU.
 * The worker is created per load and terminated on unload or cancel.
 */
export class WebLlmEngine implements LlmEngine {
  readonly id = 'webllm';
  readonly capabilities: EngineCapabilities = { rawCompletion: true, reusesKvCache: true, jsonSchema: true, leavesDevice: false };
  #engine: MLCEngineInterface | null = null;
  #worker: Worker | null = null;
  #modelId: string | null = null;
  readonly #appConfig: () => Promise<AppConfig>;

  /** `appConfig` lets a deployment point at self-hosted weights; the default is the package's list. */
  constructor(appConfig?: () => Promise<AppConfig>) {
    this.#appConfig = appConfig ?? (async () => (await loadWebLlm()).prebuiltAppConfig);
  }

  get modelId(): string | null {
    return this.#modelId;
  }

  get thinking(): boolean {
    return /qwen3/i.test(this.#modelId ?? '');
  }

  async load(modelId: string, options: LoadOptions = {}): Promise<void> {
    await this.unload();
    const { signal, onProgress } = options;
    if (signal?.aborted) throw cancelled(modelId);
    const webllm = await loadWebLlm();
    const appConfig = await this.#appConfig();
    const worker = new Worker(new URL('./webllm-worker.ts', import.meta.url), { type: 'module', name: 'webllm' });
    this.#worker = worker;
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        worker.terminate();
        reject(cancelled(modelId));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const creating = webllm.CreateWebWorkerMLCEngine(worker, modelId, {
        appConfig,
        initProgressCallback: (report) => onProgress?.({ phase: progressPhase(report.text), fraction: report.progress, text: report.text }),
      });
      this.#engine = await Promise.race([creating, aborted]);
      this.#modelId = modelId;
    } catch (error) {
      worker.terminate();
      this.#worker = null;
      throw mapWebLlmError(error, modelId);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async unload(): Promise<void> {
    const engine = this.#engine;
    const worker = this.#worker;
    this.#engine = null;
    this.#worker = null;
    this.#modelId = null;
    if (engine) await engine.unload();
    worker?.terminate();
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const engine = this.#engine;
    if (!engine) {
      throw new EngineError('not-loaded', 'No model is loaded. Open Engine settings and load a model first.', { zh: '还没有加载模型。请先打开引擎页面加载一个模型。' });
    }
    if (signal?.aborted) {
      yield { type: 'done', finishReason: 'abort' };
      return;
    }
    const onAbort = () => engine.interruptGenerate();
    signal?.addEventListener('abort', onAbort, { once: true });
    const s = request.sampling ?? {};
    const common = {
      stream: true as const,
      stream_options: { include_usage: true },
      stop: request.stop,
      max_tokens: request.maxTokens,
      temperature: s.temperature,
      top_p: s.topP,
      repetition_penalty: s.repetitionPenalty,
      presence_penalty: s.presencePenalty,
      frequency_penalty: s.frequencyPenalty,
      seed: s.seed,
    };
    try {
      let finish: FinishReason = 'stop';
      let usage: Usage | undefined;
      if (request.input.kind === 'chat') {
        const chunks = await engine.chat.completions.create({
          ...common,
          messages: request.input.messages,
          response_format: request.responseFormat ? { type: 'json_object', schema: JSON.stringify(request.responseFormat.schema) } : undefined,
          extra_body: { enable_thinking: request.enableThinking ?? false },
        });
        for await (const chunk of chunks) {
          const choice = chunk.choices[0];
          if (choice?.delta.content) yield { type: 'delta', text: choice.delta.content };
          if (choice?.finish_reason) finish = toFinish(choice.finish_reason);
          usage = toUsage(chunk.usage) ?? usage;
        }
      } else {
        const chunks = await engine.completions.create({ ...common, prompt: request.input.prompt });
        for await (const chunk of chunks) {
          const choice = chunk.choices[0];
          if (choice?.text) yield { type: 'delta', text: choice.text };
          if (choice?.finish_reason) finish = toFinish(choice.finish_reason);
          usage = toUsage(chunk.usage) ?? usage;
        }
      }
      yield { type: 'done', finishReason: signal?.aborted ? 'abort' : finish, usage };
    } catch (error) {
      throw mapWebLlmError(error, this.#modelId ?? 'the model');
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function cancelled(modelId: string): EngineError {
  return new EngineError('load-cancelled', `Loading ${modelId} was cancelled. Downloaded parts stay cached; load again to resume.`, {
    zh: `已取消加载 ${modelId}。已下载的部分仍保留在缓存中；再次加载即可继续。`,
  });
}
