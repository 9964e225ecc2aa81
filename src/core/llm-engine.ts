import type { Message } from './i18n/message.ts';
import type { SamplingOptions } from './sampling.ts';
import type { Usage } from './usage.ts';

/** A message of the chat-completions protocol. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A completion request: either a raw prompt (raw completion) or a message list (chat). */
export type CompletionInput = { kind: 'prompt'; prompt: string } | { kind: 'chat'; messages: ChatTurn[] };

/** Constrain the output to JSON matching a schema (best effort on engines without grammar support). */
export interface JsonResponseFormat {
  type: 'json';
  schema: Record<string, unknown>;
}

/** Everything needed for one completion. */
export interface CompletionRequest {
  input: CompletionInput;
  /** Generation ends before any of these strings; they are not part of the output. */
  stop?: string[];
  maxTokens?: number;
  sampling?: SamplingOptions;
  responseFormat?: JsonResponseFormat;
  /**
   * Qwen3 "thinking". EGOS sends false for role-play; an engine passes it on only when the
   * loaded model has a thinking mode ({@link LlmEngine.thinking}) and otherwise ignores it.
   */
  enableThinking?: boolean;
}

/** Why a completion ended: a stop string or end-of-text, the token limit, or an abort. */
export type FinishReason = 'stop' | 'length' | 'abort';

/** One event of a streamed completion. */
export type CompletionEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'done';
      finishReason: FinishReason;
      usage?: Usage;
      /** The engine dropped what it kept for the next call (e.g. after a stop string): the next prompt is read whole. */
      cacheReset?: boolean;
    };

/** Progress while a model downloads and loads. `fraction` is 0..1 within the current phase. */
export interface LoadProgress {
  phase: 'download' | 'load' | 'compile' | 'ready';
  fraction: number;
  /**
   * The engine's progress line as a message (e.g. "Downloading … 123 of 491 MB"); a library's own
   * line (web-llm's "Fetching param cache[3/20]") is wrapped in `msg('text.verbatim', { text })`.
   */
  text: Message;
}

/** What an engine can do; the prompt builder picks a layout from this. */
export interface EngineCapabilities {
  /** Accepts a raw prompt (assistant prefix possible). */
  rawCompletion: boolean;
  /**
   * What the engine keeps of one call for the next, so a prompt that repeats the last one is not
   * read again: `chat`, its KV cache when the next chat call's earlier messages equal the last
   * call's messages plus its reply, byte for byte (WebLLM); `prefix`, the longest common token
   * prefix of any two prompts (llama.cpp's prompt cache in the CPU engine); `none`, nothing the app
   * can rely on (servers may cache on their side). Any other call in between spoils it.
   */
  promptCache: 'chat' | 'prefix' | 'none';
  /** Can constrain output with a JSON schema. */
  jsonSchema: boolean;
  /** Sends text to another machine. */
  leavesDevice: boolean;
}

/** Options for {@link LlmEngine.load}. */
export interface LoadOptions {
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Port to an inference engine (WebLLM on WebGPU, an OpenAI-compatible endpoint, wllama on CPU).
 * Every failure is thrown as an `EngineError` whose message tells the user what to do.
 */
export interface LlmEngine {
  /** Stable engine id: `webllm`, `openai`, `wllama`. */
  readonly id: string;
  readonly capabilities: EngineCapabilities;
  /** The model currently loaded, or null. */
  readonly modelId: string | null;
  /**
   * True while the loaded model has Qwen3's thinking mode: with thinking off, its chat template
   * opens every reply with an empty `<think>` block (raw prompts must write it themselves).
   */
  readonly thinking: boolean;
  /** Downloads (if needed) and loads a model. Abort the signal to cancel. */
  load(modelId: string, options?: LoadOptions): Promise<void>;
  /** Streams one completion. Aborting `signal` ends the stream with finishReason `abort`. */
  stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent>;
  /** Frees the model and its memory. */
  unload(): Promise<void>;
}
