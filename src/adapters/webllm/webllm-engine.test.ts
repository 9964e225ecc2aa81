/**
 * The WebLLM adapter against the real web-llm engine (test/support/webllm-harness: the library's
 * own engine, pipeline and worker protocol on a fake GPU, with the real Qwen tokenizer).
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatMl, createWebLlmHarness, type Script, type WebLlmHarness } from '../../../test/support/webllm-harness/webllm-harness.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english } from '../../core/i18n/message.ts';
import type { ChatTurn, CompletionEvent, CompletionRequest, FinishReason, LoadProgress } from '../../core/llm-engine.ts';
import { customModelRecord, parseCustomModelInput, type CustomModelSpec } from '../../core/models/custom-model.ts';
import { guardEngine } from '../../core/models/engine-guard.ts';
import type { Usage } from '../../core/usage.ts';
import { WebLlmEngine, type WebLlmEngineOptions } from './webllm-engine.ts';
import { webLlmThinkingModels } from './webllm-models.ts';

const QWEN25 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const QWEN3 = 'Qwen3-0.6B-q4f16_1-MLC';
const THINK = '<think>\n\n</think>\n\n';

const sys: ChatTurn = { role: 'system', content: 'You are Mira.' };
const u1: ChatTurn = { role: 'user', content: 'Hello.' };
const u2: ChatTurn = { role: 'user', content: 'How are you?' };
const assistant = (content: string): ChatTurn => ({ role: 'assistant', content });
const chat = (messages: ChatTurn[], extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  input: { kind: 'chat', messages },
  enableThinking: false,
  ...extra,
});

function adapter(harness: WebLlmHarness, options: WebLlmEngineOptions = {}) {
  return new WebLlmEngine({ library: async () => harness.library, createWorker: () => harness.createWorker(), ...options });
}

async function loaded(script: Script, modelId = QWEN25, options: WebLlmEngineOptions = {}) {
  const harness = await createWebLlmHarness({ script });
  const engine = adapter(harness, options);
  await engine.load(modelId);
  return { harness, engine };
}

async function run(events: AsyncIterable<CompletionEvent>) {
  const deltas: string[] = [];
  for await (const e of events) {
    if (e.type === 'delta') deltas.push(e.text);
    else return { text: deltas.join(''), deltas, finishReason: e.finishReason as FinishReason, usage: e.usage as Usage | undefined };
  }
  throw new Error('stream ended without a done event');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('loading', () => {
  it('loads in a worker, reports web-llm progress by phase, and unloads', async () => {
    const harness = await createWebLlmHarness();
    const engine = adapter(harness);
    const progress: LoadProgress[] = [];
    await engine.load(QWEN25, { onProgress: (p) => progress.push(p) });
    expect(engine.modelId).toBe(QWEN25);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['download', 'compile', 'ready']));
    expect(progress.map((p) => ({ ...p, text: english(p.text) })).at(-1)).toEqual({ phase: 'ready', fraction: 1, text: 'Finish loading on WebGPU - harness' });
    await engine.unload();
    expect(engine.modelId).toBeNull();
    expect(harness.workers[0]?.terminated).toBe(true);
  });

  it.each([
    ['WebGPU missing', (h: WebLlmHarness) => new h.library.WebGPUNotAvailableError(), 'no-webgpu'],
    ['a failed download', () => new TypeError("Failed to execute 'add' on 'Cache': Request failed"), 'model-download-failed'],
    ['the device lost while loading', (h: WebLlmHarness) => new h.library.DeviceLostError(), 'device-lost'],
  ])('turns %s into a typed error and leaves no worker running', async (_what, make, code) => {
    const harness = await createWebLlmHarness();
    harness.faults.failNextLoad(make(harness));
    const engine = adapter(harness);
    const error = await engine.load(QWEN25).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe(code);
    expect(engine.modelId).toBeNull();
    expect(harness.workers.every((w) => w.terminated)).toBe(true);
  });

  it('reports a model id missing from the app config as a configuration problem, not missing files', async () => {
    const harness = await createWebLlmHarness();
    const error = await adapter(harness)
      .load('my-removed-model')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-not-in-list' });
    expect((error as EngineError).message).toMatch(/Pick the model again/);
  });

  it('is cancelled before the worker exists, and between awaits', async () => {
    const harness = await createWebLlmHarness();
    const early = new AbortController();
    const first = adapter(harness, {
      library: async () => {
        early.abort();
        return harness.library;
      },
    });
    await expect(first.load(QWEN25, { signal: early.signal })).rejects.toMatchObject({ code: 'load-cancelled' });
    const late = new AbortController();
    const second = adapter(harness, {
      appConfig: async () => {
        late.abort();
        return harness.library.prebuiltAppConfig;
      },
    });
    await expect(second.load(QWEN25, { signal: late.signal })).rejects.toMatchObject({ code: 'load-cancelled' });
    expect(harness.workers).toHaveLength(0);
    expect(first.modelId).toBeNull();
  });

  it('is cancelled while the worker loads: the worker is terminated and the load ends at once', async () => {
    const harness = await createWebLlmHarness();
    const hold = harness.faults.holdLoad();
    const engine = adapter(harness);
    const controller = new AbortController();
    const loading = engine.load(QWEN25, { signal: controller.signal });
    await vi.waitFor(() => expect(harness.workers[0]?.sent).toContain('reload'));
    controller.abort();
    await expect(loading).rejects.toMatchObject({ code: 'load-cancelled' });
    expect(harness.workers[0]?.terminated).toBe(true);
    expect(engine.modelId).toBeNull();
    hold.release();
  });

  it('ends a load with load-cancelled when unload() or another load() comes first', async () => {
    const harness = await createWebLlmHarness();
    const hold = harness.faults.holdLoad();
    const engine = adapter(harness);
    const first = engine.load(QWEN25);
    await vi.waitFor(() => expect(harness.workers[0]?.sent).toContain('reload'));
    await engine.unload();
    await expect(first).rejects.toMatchObject({ code: 'load-cancelled' });
    hold.release();
    const superseded = engine.load(QWEN25);
    const latest = engine.load(QWEN3);
    await expect(superseded).rejects.toMatchObject({ code: 'load-cancelled' });
    await latest;
    expect(engine.modelId).toBe(QWEN3);
    expect(harness.workers.filter((w) => !w.terminated)).toHaveLength(1);
  });

  it('does not hang on an old worker that never answers unload(): it gives up after a few seconds and terminates it', async () => {
    const { harness, engine } = await loaded([]);
    harness.faults.silence('unload');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const next = engine.load(QWEN3).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1500);
    vi.useRealTimers();
    await next;
    expect(harness.workers.map((w) => w.terminated)).toEqual([true, false]);
    expect(engine.modelId).toBe(QWEN3);
  });
});

describe('thinking mode', () => {
  it('sends enable_thinking only for a model with a thinking mode (a Qwen2.5 prompt and reply stay without a think block)', async () => {
    const { harness, engine } = await loaded(['Hi.']);
    expect(engine.thinking).toBe(false);
    const reply = await run(engine.stream(chat([sys, u1])));
    expect(reply.text).toBe('Hi.');
    expect(harness.calls[0]?.prefilledText).toBe(chatMl([sys, u1]));
  });

  it('for Qwen3 adds the empty think block and raises max_tokens by its 4 tokens, so the visible reply gets the full limit', async () => {
    const { harness, engine } = await loaded(['one two three four five six'], QWEN3);
    expect(engine.thinking).toBe(true);
    const reply = await run(engine.stream(chat([sys, u1], { maxTokens: 3 })));
    expect(harness.calls[0]?.prefilledText).toBe(`${chatMl([sys, u1])}${THINK}`);
    expect(reply).toMatchObject({ text: `${THINK}one two three`, finishReason: 'length' });
  });

  it("reads a self-hosted model's thinking mode from its config, not its name", async () => {
    const page = 'https://egos.example/';
    const base = { modelUrl: 'https://models.example/m', libUrl: 'https://models.example/m.wasm' };
    const thinks: CustomModelSpec = { ...parseCustomModelInput({ id: 'my-model-q4f16_1-MLC', ...base }, page), thinking: true, checked: true };
    const plain: CustomModelSpec = { ...parseCustomModelInput({ id: 'my-qwen3-like-q4f16_1-MLC', ...base }, page), thinking: false, checked: true };
    const appConfig = async (): Promise<AppConfig> => ({ model_list: [customModelRecord(thinks), customModelRecord(plain)] });
    const harness = await createWebLlmHarness({ script: ['a', 'b'] });
    const engine = adapter(harness, { appConfig, thinkingModels: webLlmThinkingModels([thinks, plain]) });
    await engine.load(thinks.id);
    expect(engine.thinking).toBe(true);
    expect((await run(engine.stream(chat([sys, u1])))).text).toBe(`${THINK}a`);
    await engine.load(plain.id);
    expect(engine.thinking).toBe(false);
    expect((await run(engine.stream(chat([sys, u1])))).text).toBe('b');
  });
});

describe('stop strings', () => {
  it('never streams any part of a stop that fires, ends with what the engine stored, and resets the polluted cache', async () => {
    const { harness, engine } = await loaded(['Sure.\nMe: go on', 'Fine.']);
    const reply = await run(engine.stream(chat([sys, u1], { stop: ['\nMe:'] })));
    expect(reply.text).toBe('Sure.');
    expect(reply.deltas.join('|')).not.toContain('\n');
    expect(harness.calls[0]?.output).toBe('Sure.');
    // Resending exactly what was delivered: a full prefill, and no trace of the stop in the cache.
    await run(engine.stream(chat([sys, u1, assistant(reply.text), u2])));
    expect(harness.calls[1]).toMatchObject({ reusedKv: false, prefilledText: chatMl([sys, u1, assistant('Sure.'), u2]) });
    expect(harness.kvText()).not.toContain('Sure.\nMe');
  });

  it('also resets when the stop shared its last token with kept text (that text never reached the cache)', async () => {
    const { harness, engine } = await loaded(['Sure."\nMe: go', 'Fine.']);
    const reply = await run(engine.stream(chat([sys, u1], { stop: ['"'] })));
    expect(reply.text).toBe('Sure.');
    await run(engine.stream(chat([sys, u1, assistant(reply.text), u2])));
    expect(harness.calls[1]?.reusedKv).toBe(false);
    expect(harness.kvText()).toContain(`Sure.<|im_end|>`);
  });

  it('keeps the cache after a reply that ended on its end-of-turn token', async () => {
    const { harness, engine } = await loaded(['Sure.', 'Fine.']);
    const reply = await run(engine.stream(chat([sys, u1], { stop: ['\nMe:'] })));
    await run(engine.stream(chat([sys, u1, assistant(reply.text), u2])));
    expect(harness.calls[1]).toMatchObject({ reusedKv: true, prefilledText: chatMl([u2]) });
    expect(harness.resets).toBe(1); // the first call's own reset of the freshly loaded engine
  });

  it('releases held-back text when the stop does not fire, at the end of a reply too', async () => {
    const { engine } = await loaded(['Well\nMaybe so.', { text: 'Hi\nMe', eos: false }]);
    const first = await run(engine.stream(chat([sys, u1], { stop: ['\nMe:'] })));
    expect(first.text).toBe('Well\nMaybe so.');
    const cut = await run(engine.stream(chat([sys, u2], { stop: ['\nMe:'], maxTokens: 3 })));
    expect(cut).toMatchObject({ text: 'Hi\nMe', finishReason: 'length' });
  });

  it('works the same for a raw prompt', async () => {
    const { harness, engine } = await loaded(['Fine," she said.']);
    const prompt = `${chatMl([sys, u1])}Mira: "`;
    const reply = await run(engine.stream({ input: { kind: 'prompt', prompt }, stop: ['"'] }));
    expect(reply.text).toBe('Fine,');
    expect(harness.calls[0]).toMatchObject({ mode: 'completion', prefilledText: prompt });
  });
});

describe('KV reuse through the adapter', () => {
  it("prefills only the new turn, from <|im_start|>user: the previous reply's <|im_end|> is never forwarded", async () => {
    const { harness, engine } = await loaded(['Hi.', 'Well.'], QWEN3);
    const first = await run(engine.stream(chat([sys, u1])));
    expect(first.text).toBe(`${THINK}Hi.`);
    const second = await run(engine.stream(chat([sys, u1, assistant(first.text), u2])));
    expect(harness.calls[1]).toMatchObject({ reusedKv: true, prefilledText: `<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n${THINK}` });
    expect(harness.kvText()).toBe(`${chatMl([sys, u1])}${THINK}Hi.<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n${THINK}Well.`);
    // web-llm's prompt_tokens is what this call prefilled: reported as prefillTokens, not as the prompt's size.
    expect(second.usage?.prefillTokens).toBe(harness.calls[1]?.prefilledTokens);
    expect(second.usage?.promptTokens).toBeUndefined();
    // completion_tokens counts the sampled tokens, the end-of-turn token included (not the think block).
    expect(second.usage?.completionTokens).toBe(harness.calls[1]?.sampledTokens.length);
  });
});

describe('Stop', () => {
  it('stops a reply whose Stop came while the request was still being set up (web-llm would lose that interrupt)', async () => {
    const { harness, engine } = await loaded([{ text: 'one two three four five', eos: false }]);
    const controller = new AbortController();
    const events = engine.stream(chat([sys, u1]), controller.signal)[Symbol.asyncIterator]();
    const first = events.next();
    controller.abort();
    await expect(first).resolves.toEqual({ done: false, value: { type: 'done', finishReason: 'abort' } });
    expect(harness.calls).toHaveLength(0);
  });

  it('stops a reply whose Stop came before the first chunk', async () => {
    const controller = new AbortController();
    const { harness, engine } = await loaded((context) => {
      if (context.call === 0) controller.abort();
      return { text: 'one two three four five', eos: false };
    });
    const reply = await run(engine.stream(chat([sys, u1]), controller.signal));
    expect(reply).toMatchObject({ text: 'one', finishReason: 'abort' });
    expect(harness.calls[0]?.finishReason).toBe('abort');
  });

  it('stops a running reply', async () => {
    const { engine } = await loaded([{ text: 'one two three four five', eos: false }]);
    const controller = new AbortController();
    const deltas: string[] = [];
    let finish: FinishReason | undefined;
    for await (const e of engine.stream(chat([sys, u1]), controller.signal)) {
      if (e.type === 'delta') deltas.push(e.text);
      else finish = e.finishReason;
      if (deltas.length === 2) controller.abort();
    }
    expect(finish).toBe('abort');
    expect(deltas.join('')).toBe('one two');
  });
});

describe('errors while replying', () => {
  it('reports a device lost after loading as device-lost, forgets the model and lets the app run its device-lost flow', async () => {
    const { harness, engine } = await loaded(['Hi.', 'Again.']);
    await run(engine.stream(chat([sys, u1])));
    await harness.faults.loseDevice();
    const onFatal = vi.fn();
    const error = await run(guardEngine(engine, onFatal).stream(chat([sys, u1]))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'device-lost' });
    expect((error as EngineError).message).toMatch(/GPU was lost or reset .* unloaded\. Your chat is saved\. Load the model again, or pick a smaller model/);
    expect(onFatal).toHaveBeenCalledWith(error);
    expect(engine.modelId).toBeNull();
    expect(harness.workers[0]?.terminated).toBe(true);
    await expect(run(engine.stream(chat([sys, u1])))).rejects.toMatchObject({ code: 'not-loaded' });
  });

  it('words an unrecognised error while replying as a reply failure, not a load failure', async () => {
    const { engine } = await loaded(['x']);
    const error = await run(engine.stream(chat([sys, u1, assistant('Hi.')]))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'engine-failed' });
    expect((error as EngineError).message).toMatch(/^The model stopped with an error while replying \(MessageOrderError/);
    expect(engine.modelId).toBe(QWEN25);
  });

  it('reports a prompt longer than a self-hosted model’s 4096-token window as context-overflow', async () => {
    const spec = {
      ...parseCustomModelInput({ id: 'my-qwen3-q4f16_1-MLC', modelUrl: 'https://m.example/q', libUrl: 'https://m.example/q.wasm' }, 'https://egos.example/'),
      contextWindow: 40960,
      checked: true,
    };
    const harness = await createWebLlmHarness({ script: ['ok'] });
    const engine = adapter(harness, { appConfig: async () => ({ model_list: [customModelRecord(spec)] }) });
    await engine.load(spec.id);
    const long = { role: 'user', content: 'word '.repeat(4200) } as const;
    await expect(run(engine.stream(chat([sys, long])))).rejects.toMatchObject({ code: 'context-overflow' });
  });

  it('says which sampling option web-llm ignores', async () => {
    const harness = await createWebLlmHarness();
    expect(adapter(harness).ignoredSampling).toEqual(['topK']);
  });
});
