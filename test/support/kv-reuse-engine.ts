/**
 * Test tool: an LlmEngine that follows WebLLM's KV-cache rule and counts the tokens it would
 * prefill, so a test or benchmark can measure a prompt layout. Never used by the product.
 *
 * Rule (web-llm 0.2.86 `preparePrefillInput`): a chat call reuses the cache only when
 * `messages[:-1]` equals the stored conversation exactly — the previous messages, the previous
 * user message as sent and the previous reply verbatim — and the previous reply was not
 * aborted or cut by length. Then only the new turn is prefilled; otherwise everything is.
 * A raw prompt (`kind: 'prompt'`) always resets. For Qwen3 with thinking off, the empty
 * thinking block is part of the prompt and of the streamed reply, as in WebLLM.
 */
import { EngineError } from '../../src/core/errors/index.ts';
import { EMPTY_THINK_BLOCK } from '../../src/core/llm-output.ts';

const isQwen3 = (modelId: string): boolean => /qwen3/i.test(modelId);
import type {
  ChatTurn,
  CompletionEvent,
  CompletionRequest,
  EngineCapabilities,
  FinishReason,
  LlmEngine,
  LoadOptions,
} from '../../src/core/llm-engine.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';

/** A scripted output: the text the model "generates", optionally aborted halfway. */
export type KvScriptedReply = string | { text: string; abort?: boolean };

/** What the engine did on one call. */
export interface KvCallRecord {
  mode: 'chat' | 'prompt';
  reused: boolean;
  /** Tokens of the whole prompt (ChatML-rendered for chat calls). */
  promptTokens: number;
  /** Tokens actually prefilled on this call. */
  prefilledTokens: number;
  completionTokens: number;
  finishReason: FinishReason;
  /** The output exactly as streamed. */
  output: string;
}

export interface KvReuseEngineOptions {
  counter: TokenCounter;
  script: (request: CompletionRequest, call: number) => KvScriptedReply;
  contextWindow?: number;
  id?: string;
  capabilities?: Partial<EngineCapabilities>;
}

const turn = (m: ChatTurn) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`;

function sameConversation(a: readonly ChatTurn[], b: readonly ChatTurn[]): boolean {
  return a.length === b.length && a.every((m, i) => m.role === b[i]?.role && m.content === b[i]?.content);
}

/** Cuts `output` before the stop string that completes first, as WebLLM does while decoding. */
function applyStops(output: string, stops: readonly string[]): { text: string; stopped: boolean } {
  let best: { at: number; end: number } | null = null;
  for (const s of stops) {
    const at = output.indexOf(s);
    if (at >= 0 && (best === null || at + s.length < best.end)) best = { at, end: at + s.length };
  }
  return best ? { text: output.slice(0, best.at), stopped: true } : { text: output, stopped: false };
}

export class KvReuseEngine implements LlmEngine {
  readonly id: string;
  readonly capabilities: EngineCapabilities;
  modelId: string | null = null;
  get thinking(): boolean {
    return isQwen3(this.modelId ?? '');
  }
  readonly calls: KvCallRecord[] = [];
  readonly requests: CompletionRequest[] = [];
  #stored: ChatTurn[] | null = null;
  #lastFinish: FinishReason | null = null;
  readonly #options: KvReuseEngineOptions;

  constructor(options: KvReuseEngineOptions) {
    this.#options = options;
    this.id = options.id ?? 'kv-reuse';
    this.capabilities = { rawCompletion: true, promptCache: 'chat', jsonSchema: true, leavesDevice: false, ...options.capabilities };
  }

  /** Calls that prefilled from scratch (the first call included). */
  get cacheResets(): number {
    return this.calls.filter((c) => !c.reused).length;
  }

  async load(modelId: string, options?: LoadOptions): Promise<void> {
    options?.onProgress?.({ phase: 'ready', fraction: 1, text: 'ready' });
    this.modelId = modelId;
    this.#stored = null;
  }

  async unload(): Promise<void> {
    this.modelId = null;
    this.#stored = null;
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const count = (t: string) => this.#options.counter.count(t);
    const call = this.requests.length;
    this.requests.push(structuredClone(request));
    const think = request.input.kind === 'chat' && request.enableThinking === false && isQwen3(this.modelId ?? '') ? EMPTY_THINK_BLOCK : '';
    const header = `<|im_start|>assistant\n${think}`;

    let promptTokens: number;
    let prefilledTokens: number;
    let reused = false;
    if (request.input.kind === 'prompt') {
      promptTokens = prefilledTokens = count(request.input.prompt);
      this.#stored = null;
    } else {
      const messages = request.input.messages;
      const last = messages.at(-1);
      if (!last || last.role !== 'user') throw new EngineError('invalid-config', 'The last message must be from the user.');
      promptTokens = count(messages.map(turn).join('') + header);
      const earlier = messages.slice(0, -1);
      reused = this.#stored !== null && this.#lastFinish === 'stop' && sameConversation(this.#stored, earlier);
      prefilledTokens = reused ? count(`<|im_end|>\n${turn(last)}${header}`) : promptTokens;
    }
    const window = this.#options.contextWindow ?? 4096;
    if (promptTokens > window) {
      this.#stored = null;
      throw new EngineError('context-overflow', `The prompt has ${promptTokens} tokens; the model's context window is ${window}.`);
    }

    const scripted = this.#options.script(request, call);
    const { text: planned, abort } = typeof scripted === 'string' ? { text: scripted, abort: false } : { abort: false, ...scripted };
    const stopped = applyStops(think + planned, request.stop ?? []);
    let output = stopped.text;
    let finish: FinishReason = 'stop';
    const limit = Math.min(request.maxTokens ?? Infinity, window - promptTokens);
    if (count(output) > limit) {
      output = this.#truncate(output, limit);
      finish = 'length';
    }
    if (abort) {
      output = output.slice(0, Math.ceil(output.length / 2));
      finish = 'abort';
    }

    const half = Math.ceil(output.length / 2);
    let emitted = '';
    for (const chunk of [output.slice(0, half), output.slice(half)]) {
      if (signal?.aborted) {
        finish = 'abort';
        break;
      }
      emitted += chunk;
      if (chunk) yield { type: 'delta', text: chunk };
    }
    output = emitted;
    const completionTokens = count(output);
    this.calls.push({ mode: request.input.kind, reused, promptTokens, prefilledTokens, completionTokens, finishReason: finish, output });
    this.#lastFinish = finish;
    if (request.input.kind === 'chat') this.#stored = [...request.input.messages, { role: 'assistant', content: output }];
    yield { type: 'done', finishReason: finish, usage: { promptTokens, completionTokens, prefillTokens: prefilledTokens } };
  }

  /** The longest prefix of `text` (whole code points) with at most `limit` tokens. */
  #truncate(text: string, limit: number): string {
    const points = Array.from(text);
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.#options.counter.count(points.slice(0, mid).join('')) <= limit) lo = mid;
      else hi = mid - 1;
    }
    return points.slice(0, lo).join('');
  }
}
