/**
 * Test tool: the part of TVM's web runtime that web-llm's `LLMChatPipeline` drives, with the GPU
 * replaced. Never shipped.
 *
 * The pipeline's own code runs unchanged on top of this: it builds its VM functions, KV cache and
 * sampling tensors through these objects, chunks and forwards the prompt, and samples through
 * `sampleFromRawLogits`. What is fake is only what would run on the GPU:
 * - `embed` returns a tensor that remembers the token ids it embedded;
 * - `prefill` / `decode` append those ids to the KV cache and return logits that "predict" the next
 *   token, which the harness's scripted model decides ({@link FakeTvmOptions.nextToken});
 * - the sampling kernels (softmax, argsort, top-p sampling) pass that prediction through, and the
 *   penalty, logit-bias and grammar-bitmask kernels change nothing;
 * - the KV-cache builtins (`vm.builtin.kv_state_*`) keep the forwarded token ids, so a test can read
 *   exactly what the model has "seen".
 * Progress lines follow tvmjs's wording ("Fetching param cache[i/N]: …", "Loading GPU shader
 * modules[i/N]: …") and go through the callback the engine registers, as in a real load.
 */

/** A progress report as web-llm's `InitProgressCallback` receives it. */
export interface FakeProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

/** The fake KV cache: the token ids forwarded so far, in order. */
export class FakeKvCache {
  readonly capacity: number;
  tokens: number[] = [];
  #pending: number | undefined;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  clear(): void {
    this.tokens = [];
    this.#pending = undefined;
  }

  beginForward(length: number): void {
    if (this.#pending !== undefined) throw new Error('fake KV cache: begin_forward called twice without end_forward');
    this.#pending = length;
  }

  append(tokens: readonly number[]): void {
    if (this.#pending !== tokens.length) {
      throw new Error(`fake KV cache: forward of ${tokens.length} tokens, but begin_forward announced ${String(this.#pending)}`);
    }
    if (this.tokens.length + tokens.length > this.capacity) {
      throw new Error(`fake KV cache: ${this.tokens.length + tokens.length} tokens exceed its ${this.capacity} slots`);
    }
    this.tokens.push(...tokens);
  }

  endForward(): void {
    this.#pending = undefined;
  }

  dispose(): void {}
}

/**
 * A tensor that carries only what the fake kernels need: plain data for small host tensors, the
 * token ids behind an embedding, or the token that logits (and the probabilities made from them)
 * predict. Vocabulary-sized data is materialised only when read (log-probabilities).
 */
export class FakeTensor {
  readonly shape: number[];
  readonly dtype: string;
  data: number[] | null;
  /** For embeddings: the token ids they embed. */
  tokens: number[] | undefined;
  /** For logits and probabilities: the next token, decided when first asked. */
  predict: (() => number) | undefined;

  constructor(shape: readonly number[], dtype: string, data: number[] | null = null) {
    this.shape = [...shape];
    this.dtype = dtype;
    this.data = data;
  }

  copyFrom(source: FakeTensor | ArrayLike<number>): this {
    if (source instanceof FakeTensor) {
      this.data = source.data ? [...source.data] : null;
      this.tokens = source.tokens;
      this.predict = source.predict;
    } else {
      this.data = Array.from(source);
    }
    return this;
  }

  copyFromRawBytes(): this {
    throw new Error('fake tensor: raw-byte import (KV checkpoints) is not supported by the harness');
  }

  toRawBytes(): Uint8Array {
    throw new Error('fake tensor: raw-byte export (KV checkpoints) is not supported by the harness');
  }

  view(shape: readonly number[]): FakeTensor {
    const view = new FakeTensor(shape, this.dtype, this.data);
    view.tokens = this.tokens;
    view.predict = this.predict;
    return view;
  }

  toArray(): Float32Array | Int32Array {
    if (this.data === null && this.predict) {
      const size = this.shape.reduce((a, b) => a * b, 1);
      const oneHot = new Float32Array(size);
      oneHot[this.predict()] = 1;
      return oneHot;
    }
    const data = this.data ?? [];
    return this.dtype.startsWith('int') ? Int32Array.from(data) : Float32Array.from(data);
  }

  dispose(): void {}
}

/** A TVM packed function: callable, with `dispose()`. */
type PackedFunc = ((...args: never[]) => unknown) & { dispose(): void };

function packed<A extends unknown[], R>(fn: (...args: A) => R): PackedFunc {
  return Object.assign(fn as unknown as (...args: never[]) => unknown, { dispose() {} });
}

function shapeOf(tuple: unknown): number[] {
  return (tuple as { shape: number[] }).shape;
}

function firstOf(tuple: unknown): number {
  return shapeOf(tuple)[0] ?? 0;
}

/** Options of {@link createFakeTvm}. */
export interface FakeTvmOptions {
  vocabSize: number;
  prefillChunkSize: number;
  /** The scripted model: the id of the token to sample next. */
  nextToken: () => number;
  /** Called whenever the library clears the KV cache. */
  onKvClear?: () => void;
  /** Awaited before each progress step of a load (lets a test hold a load, or cancel it). */
  beforeStep?: () => Promise<void>;
  /** Number of weight shards reported while "fetching" (tvmjs reports one line per shard). */
  shards?: number;
  /** Number of shader modules reported while "compiling". */
  shaders?: number;
  /** Report "Loading model from cache" instead of "Fetching param cache" (weights already cached). */
  cached?: boolean;
  /** Bytes of weights the progress lines count. */
  weightBytes?: number;
}

/** A fake WebGPU device whose `lost` promise the harness can resolve. */
export interface FakeGpuDevice {
  readonly lost: Promise<{ reason: string; message: string }>;
  readonly features: Set<string>;
  readonly limits: { maxStorageBufferBindingSize: number };
  lose(message: string): void;
}

export function createFakeGpuDevice(features: Iterable<string>, maxStorageBufferBindingSize = 1 << 30): FakeGpuDevice {
  let resolveLost: (info: { reason: string; message: string }) => void = () => {};
  const lost = new Promise<{ reason: string; message: string }>((resolve) => {
    resolveLost = resolve;
  });
  return {
    lost,
    features: new Set(features),
    limits: { maxStorageBufferBindingSize },
    lose: (message) => resolveLost({ reason: 'unknown', message }),
  };
}

/** The VM functions a compiled Qwen model library exports (single-sequence KV-cache ABI). */
const EXPORTED_VM_FUNCTIONS = [
  'prefill',
  'decode',
  'embed',
  'create_tir_paged_kv_cache',
  'softmax_with_temperature',
  'sample_with_top_p',
  'argsort_probs',
  'apply_bitmask_inplace',
  'apply_penalty_inplace',
  'apply_logit_bias_inplace',
] as const;

/**
 * Builds the `tvm` instance web-llm's `LLMChatPipeline` expects (the object `tvmjs.instantiate`
 * returns in a real load), with GPU work replaced as described at the top of this file.
 */
export function createFakeTvm(options: FakeTvmOptions) {
  const progressCallbacks: Array<(report: FakeProgressReport) => void> = [];
  const device = { sync: async () => {} };
  const cpu = { sync: async () => {} };
  const started = performance.now();
  const elapsed = () => Math.ceil((performance.now() - started) / 1000);
  const report = (progress: number, text: string) => {
    for (const callback of progressCallbacks) callback({ progress, timeElapsed: elapsed(), text });
  };

  /** Logits for the last position of a forward: they predict the scripted model's next token. */
  const logitsAfter = (): FakeTensor => {
    const logits = new FakeTensor([1, 1, options.vocabSize], 'float32');
    let decided: number | undefined;
    logits.predict = () => (decided ??= options.nextToken());
    return logits;
  };

  const forward = (embeddings: FakeTensor, kvCache: FakeKvCache) => {
    kvCache.append(embeddings.tokens ?? []);
    const logits = logitsAfter();
    return { get: (index: number) => (index === 0 ? logits : undefined), dispose() {} };
  };

  const vmFunctions: Record<(typeof EXPORTED_VM_FUNCTIONS)[number], PackedFunc> = {
    prefill: packed((embeddings: FakeTensor, kvCache: FakeKvCache) => forward(embeddings, kvCache)),
    decode: packed((embeddings: FakeTensor, kvCache: FakeKvCache) => forward(embeddings, kvCache)),
    embed: packed((input: FakeTensor) => {
      const tokens = [...(input.data ?? [])];
      const embedding = new FakeTensor([tokens.length, 1], 'float16');
      embedding.tokens = tokens;
      return embedding;
    }),
    create_tir_paged_kv_cache: packed((_maxSequences: unknown, maxTotalLength: unknown) => new FakeKvCache(firstOf(maxTotalLength))),
    softmax_with_temperature: packed((logits: FakeTensor) => logits.view(logits.shape)),
    argsort_probs: packed((probs: FakeTensor) => {
      const sorted = probs.view(probs.shape);
      return { get: (index: number) => (index === 0 ? sorted : new FakeTensor(probs.shape, 'int32')), dispose() {} };
    }),
    sample_with_top_p: packed((sortedProbs: FakeTensor) => {
      if (!sortedProbs.predict) throw new Error('fake sampler: the probabilities do not come from a forward pass');
      return new FakeTensor([1], 'int32', [sortedProbs.predict()]);
    }),
    apply_bitmask_inplace: packed(() => undefined),
    apply_penalty_inplace: packed(() => undefined),
    apply_logit_bias_inplace: packed(() => undefined),
  };

  const metadata = JSON.stringify({
    model_type: 'qwen',
    prefill_chunk_size: options.prefillChunkSize,
    params: [{ name: 'model.embed_tokens.q_weight' }, { name: 'lm_head.q_weight' }],
  });

  const vm = {
    getFunction(name: string): PackedFunc {
      if (name === '_metadata') return packed(() => ({ toString: () => metadata }));
      const fn = vmFunctions[name as (typeof EXPORTED_VM_FUNCTIONS)[number]];
      if (!fn) throw new Error(`Cannot find function ${name}`);
      return fn;
    },
    getInternalModule: () => ({}),
    dispose() {},
  };

  const globalFunctions: Record<string, PackedFunc> = {
    'vm.builtin.kv_state_clear': packed((kvCache: FakeKvCache) => {
      kvCache.clear();
      options.onKvClear?.();
    }),
    'vm.builtin.kv_state_add_sequence': packed(() => undefined),
    'vm.builtin.kv_state_remove_sequence': packed(() => undefined),
    'vm.builtin.kv_state_begin_forward': packed((kvCache: FakeKvCache, _seqIds: unknown, lengths: unknown) => kvCache.beginForward(firstOf(lengths))),
    'vm.builtin.kv_state_end_forward': packed((kvCache: FakeKvCache) => kvCache.endForward()),
    'vm.builtin.attention_kv_cache_enable_sliding_window_for_seq': packed(() => undefined),
  };

  const shards = options.shards ?? 4;
  const shaders = options.shaders ?? 3;
  const totalBytes = options.weightBytes ?? 400 * 1024 * 1024;

  const tvm = {
    beginScope() {},
    endScope() {},
    detachFromCurrentScope: <T>(value: T): T => value,
    attachToCurrentScope: <T>(value: T): T => value,
    webgpu: () => device,
    cpu: () => cpu,
    createVirtualMachine: () => vm,
    getParamsFromCacheByName: () => ({ dispose() {} }),
    getGlobalFunc(name: string): PackedFunc {
      const fn = globalFunctions[name];
      if (!fn) throw new Error(`fake tvm: global function ${name} is not available (KV checkpoints and tensor views are not supported)`);
      return fn;
    },
    makeShapeTuple: (shape: number[]) => ({ shape: [...shape] }),
    empty: (shape: number[], dtype: string) => new FakeTensor(shape, dtype),
    uniform: (shape: number[]) => new FakeTensor(shape, 'float32', [0.5]),
    concatEmbeddings(embeddings: FakeTensor[]): FakeTensor {
      const tokens = embeddings.flatMap((e) => e.tokens ?? []);
      const joined = new FakeTensor([tokens.length, 1], 'float16');
      joined.tokens = tokens;
      return joined;
    },
    setSeed() {},
    registerInitProgressCallback(callback: (report: FakeProgressReport) => void) {
      progressCallbacks.push(callback);
    },
    initWebGPU() {},
    /** Reports per shard as tvmjs's `fetchTensorCache` does (the weights themselves are not needed). */
    async fetchTensorCache(): Promise<void> {
      report(0, 'Start to fetch params');
      for (let shard = 1; shard <= shards; shard += 1) {
        await options.beforeStep?.();
        const bytes = (totalBytes * shard) / shards;
        const mb = Math.ceil(bytes / (1024 * 1024));
        const percent = Math.floor((bytes * 100) / totalBytes);
        const text = options.cached
          ? `Loading model from cache[${shard}/${shards}]: ${mb}MB loaded. ${percent}% completed, ${elapsed()} secs elapsed.`
          : `Fetching param cache[${shard}/${shards}]: ${mb}MB fetched. ${percent}% completed, ${elapsed()} secs elapsed. ` +
            'It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.';
        report(bytes / totalBytes, text);
      }
    },
    /** Reports per shader module as tvmjs's `asyncLoadWebGPUPipelines` does. */
    async asyncLoadWebGPUPipelines(): Promise<void> {
      for (let shader = 1; shader <= shaders; shader += 1) {
        await options.beforeStep?.();
        const progress = shader / shaders;
        report(progress, `Loading GPU shader modules[${shader}/${shaders}]: ${Math.floor(progress * 100)}% completed, ${elapsed()} secs elapsed.`);
      }
    },
    dispose() {},
  };
  return tvm;
}
