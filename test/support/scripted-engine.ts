/**
 * Test tool: an LlmEngine whose replies are scripted and which records every request,
 * so a test can assert on exactly what was sent. Never used by the product.
 */
import { EngineError } from '../../src/core/errors/index.ts';
import type { CompletionEvent, CompletionRequest, EngineCapabilities, FinishReason, LlmEngine, LoadOptions } from '../../src/core/llm-engine.ts';
import type { Usage } from '../../src/core/usage.ts';
import { msg } from '../../src/core/i18n/message.ts';

/** One scripted reply: text streamed in chunks, or an error thrown after `chunks`. */
export interface ScriptedReply {
  chunks: string[];
  finishReason?: FinishReason;
  usage?: Usage;
  /** Thrown after the chunks have been sent. */
  error?: EngineError;
  /** Milliseconds to wait before each chunk. */
  delayMs?: number;
}

/** A reply given as plain text is streamed in one chunk with finishReason `stop`. */
export type Script = Array<ScriptedReply | string> | ((request: CompletionRequest, call: number) => ScriptedReply | string);

const DEFAULT_CAPABILITIES: EngineCapabilities = {
  rawCompletion: true,
  promptCache: 'none',
  jsonSchema: true,
  leavesDevice: false,
};

export class ScriptedEngine implements LlmEngine {
  readonly id: string;
  readonly capabilities: EngineCapabilities;
  modelId: string | null = null;
  /** Set by a test to play a Qwen3-style model. */
  thinking = false;
  /** Every request received, in order. */
  readonly requests: CompletionRequest[] = [];
  readonly loads: string[] = [];
  #script: Script;

  constructor(script: Script, options: { id?: string; capabilities?: Partial<EngineCapabilities> } = {}) {
    this.#script = script;
    this.id = options.id ?? 'scripted';
    this.capabilities = { ...DEFAULT_CAPABILITIES, ...options.capabilities };
  }

  async load(modelId: string, options?: LoadOptions): Promise<void> {
    options?.onProgress?.({ phase: 'ready', fraction: 1, text: msg('text.verbatim', { text: 'ready' }) });
    this.loads.push(modelId);
    this.modelId = modelId;
  }

  async unload(): Promise<void> {
    this.modelId = null;
  }

  async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    const call = this.requests.length;
    this.requests.push(structuredClone(request));
    const reply = this.#next(request, call);
    for (const chunk of reply.chunks) {
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (signal?.aborted) {
        yield { type: 'done', finishReason: 'abort' };
        return;
      }
      yield { type: 'delta', text: chunk };
    }
    if (reply.error) throw reply.error;
    yield { type: 'done', finishReason: reply.finishReason ?? 'stop', usage: reply.usage };
  }

  #next(request: CompletionRequest, call: number): ScriptedReply {
    const item = typeof this.#script === 'function' ? this.#script(request, call) : this.#script[call];
    if (item === undefined) {
      throw new EngineError('engine-failed', msg('text.verbatim', { text: `ScriptedEngine has no reply scripted for call ${call}.` }));
    }
    return typeof item === 'string' ? { chunks: [item] } : item;
  }
}

/** Collects a stream's text and final event. */
export async function collect(events: AsyncIterable<CompletionEvent>): Promise<{ text: string; finishReason: FinishReason; usage?: Usage }> {
  let text = '';
  for await (const e of events) {
    if (e.type === 'delta') text += e.text;
    else return { text, finishReason: e.finishReason, usage: e.usage };
  }
  throw new Error('stream ended without a done event');
}
