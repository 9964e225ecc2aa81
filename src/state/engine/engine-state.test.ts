import { describe, expect, it, vi } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { EndpointConfig } from '../../core/endpoint-config.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg, english, type Message } from '../../core/i18n/message.ts';
import type { LlmEngine, LoadOptions } from '../../core/llm-engine.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import { describeModel } from '../../core/models/model-info.ts';
import { savedConnectUrls } from './connect-urls.ts';
import { EngineState, RECONNECT_DELAYS_MS } from './engine-state.svelte.ts';
import type { AppServices } from '../app/services.ts';
import { fakeEngines, type FakeEngineOptions } from '../../../test/support/fake-engines.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

const swiftshader: DeviceCaps = {
  webgpu: true,
  shaderF16: false,
  maxStorageBufferBindingSize: 2 ** 30,
  maxBufferSize: 2 ** 30,
  isFallbackAdapter: true,
  description: 'swiftshader',
};

/** An engine whose load waits until aborted or released. */
class SlowEngine extends ScriptedEngine {
  release: () => void = () => {};
  override async load(modelId: string, options?: LoadOptions): Promise<void> {
    options?.onProgress?.({ phase: 'download', fraction: 0.25, text: msg('text.verbatim', { text: 'Fetching param cache[1/4]' }) });
    await new Promise<void>((resolve, reject) => {
      this.release = resolve;
      options?.signal?.addEventListener('abort', () => reject(new EngineError('load-cancelled', msg('text.verbatim', { text: 'cancelled' }))));
    });
    this.modelId = modelId;
  }
}

/** Services with fake engines; a test overrides any service or any fake engine part (see FakeEngineOptions). */
function services(overrides: Partial<AppServices> & FakeEngineOptions = {}): AppServices {
  return {
    repo: createMemoryRepository(),
    now: () => 1,
    probeWebGpu: async () => swiftshader,
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
    ...overrides,
    engines: fakeEngines({
      listWebLlmModels: async () => [describeModel({ model_id: 'Qwen3-0.6B-q4f16_1-MLC' }), describeModel({ model_id: 'Qwen3-0.6B-q4f32_1-MLC' })],
      isWebLlmModelCached: async (id) => id.includes('q4f32'),
      checkCustomWebLlmModel: async (spec) => ({ ...spec, contextWindow: 8192, checked: true }),
      ...overrides,
    }),
  };
}

describe('EngineState', () => {
  it('lists models with device fit and cache state', async () => {
    const state = new EngineState(services());
    await state.init();
    await state.refreshModels();
    expect(state.models.map((m) => [m.info.quantization, m.fit.usable, m.cached])).toEqual([
      ['q4f16_1', false, false],
      ['q4f32_1', true, true],
    ]);
  });

  it('loads a model with progress, persists the choice and becomes ready', async () => {
    const svc = services();
    const state = new EngineState(svc);
    await state.init();
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('ready');
    expect(state.engine?.modelId).toBe('Qwen3-0.6B-q4f32_1-MLC');
    expect(await svc.repo.settings.get('engine')).toEqual({ kind: 'webllm', modelId: 'Qwen3-0.6B-q4f32_1-MLC' });
  });

  it('cancel stops a load in progress and leaves no engine', async () => {
    const slow = new SlowEngine([]);
    const state = new EngineState(services({ createWebLlmEngine: async () => slow }));
    await state.init();
    const loading = state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('loading');
    await new Promise((r) => setTimeout(r, 0));
    expect(shown(state.progress?.text ?? null)).toBe('Fetching param cache[1/4]');
    state.cancel();
    await loading;
    expect(state.engine).toBeNull();
    expect(state.status).toBe('idle');
    expect(state.error).toBeNull();
  });

  it('shows a failed download as an error with its message, and Retry can succeed', async () => {
    let attempt = 0;
    const failing: LlmEngine = Object.assign(new ScriptedEngine([]), {
      load: async () => {
        attempt++;
        throw new EngineError('model-download-failed', msg('text.verbatim', { text: 'Could not download the model: the network request failed.' }));
      },
    });
    const state = new EngineState(services({ createWebLlmEngine: async () => (attempt === 0 ? failing : new ScriptedEngine([])) }));
    await state.init();
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('error');
    expect(shown(state.error)).toMatch(/network request failed/);
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('ready');
  });

  it('reconnects a saved endpoint at start and labels remote servers as leaving the device', async () => {
    const svc = services();
    await svc.repo.settings.set('engine', { kind: 'openai', endpoint: { baseUrl: 'https://example.test/v1', apiKey: '', model: 'qwen' } });
    const state = new EngineState(svc);
    await state.init();
    expect(state.status).toBe('ready');
    expect(shown(state.label)).toBe('qwen @ example.test');
    expect(state.leavesDevice).toBe(true);
    expect(state.contextWindow).toBe(4096);
  });

  it('budgets to the context window the user gave for their server', async () => {
    const state = new EngineState(services());
    await state.init();
    await state.connectEndpoint({ baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen', contextWindow: 2048 });
    expect(state.contextWindow).toBe(2048);
    expect(state.leavesDevice).toBe(false);
  });

  it('passes the raw-completion switch to the endpoint engine and keeps it with the saved choice', async () => {
    const configs: EndpointConfig[] = [];
    const svc = services({ createEndpointEngine: async (config) => (configs.push(config), new ScriptedEngine([], { id: 'openai' })) });
    const state = new EngineState(svc);
    await state.init();
    await state.connectEndpoint({ baseUrl: ' http://localhost:8080/v1 ', apiKey: '', model: 'qwen', rawCompletion: true });
    expect(configs.at(-1)).toMatchObject({ baseUrl: 'http://localhost:8080/v1', rawCompletion: true });
    const again = new EngineState(svc);
    await again.init();
    expect(configs.at(-1)).toMatchObject({ baseUrl: 'http://localhost:8080/v1', rawCompletion: true });
    expect(again.choice).toMatchObject({ kind: 'openai', endpoint: { rawCompletion: true } });
  });
});

describe('EngineState model manager', () => {
  const custom = { id: 'my-qwen3-1.7B-q4f16_1-MLC', modelUrl: 'https://models.example/q', libUrl: 'https://models.example/q.wasm' };

  it('recommends the largest model that comfortably fits and offers a smaller one', async () => {
    const list = ['Qwen2.5-0.5B-Instruct-q4f32_1-MLC', 'Qwen3-1.7B-q4f32_1-MLC', 'Qwen3-8B-q4f32_1-MLC'];
    const vram: Record<string, number> = { 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC': 1060, 'Qwen3-1.7B-q4f32_1-MLC': 2635, 'Qwen3-8B-q4f32_1-MLC': 6853 };
    const state = new EngineState(
      services({
        probeWebGpu: async () => ({ ...swiftshader, isFallbackAdapter: false, memoryGB: 8 }),
        listWebLlmModels: async () => list.map((id) => describeModel({ model_id: id, vram_required_MB: vram[id], low_resource_required: true })),
      }),
    );
    await state.init();
    await state.refreshModels();
    expect(state.recommended?.id).toBe('Qwen3-1.7B-q4f32_1-MLC');
    expect(state.smallerThan('Qwen3-1.7B-q4f32_1-MLC')?.id).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
  });

  it('adds a self-hosted model after checking its files, persists it and passes it to the engine', async () => {
    const seen: unknown[] = [];
    const svc = services({
      listWebLlmModels: async (c = []) => c.filter((m) => m.checked).map((m) => describeModel({ model_id: m.id })),
      createWebLlmEngine: async (c) => (seen.push(c), new ScriptedEngine([])),
    });
    const state = new EngineState(svc);
    await state.init();
    expect(await state.addCustomModel(custom, 'https://egos.example/')).toBe(true);
    expect(state.customModels).toEqual([{ ...custom, vramMB: undefined, contextWindow: 8192, checked: true }]);
    expect(await svc.repo.settings.get('customModels')).toEqual(state.customModels);
    expect(state.models.map((m) => m.info.id)).toEqual([custom.id]);
    await state.loadWebLlm(custom.id);
    expect(seen).toEqual([state.customModels]);
    await state.removeCustomModel(custom.id);
    expect(state.customModels).toEqual([]);
  });

  it('does not add a model whose files are missing, and says why', async () => {
    const state = new EngineState(
      services({
        checkCustomWebLlmModel: async () => {
          throw new EngineError(
            'model-not-found',
            msg('text.verbatim', {
              text: 'the model config (mlc-chat-config.json) was not found at https://models.example/q/resolve/main/mlc-chat-config.json (404).',
            }),
          );
        },
      }),
    );
    await state.init();
    expect(await state.addCustomModel(custom, 'https://egos.example/')).toBe(false);
    expect(shown(state.customError)).toMatch(/was not added: .*\(mlc-chat-config\.json\) was not found/);
    expect(state.customModels).toEqual([]);
    expect(await state.addCustomModel({ ...custom, libUrl: 'x.js' }, 'https://egos.example/')).toBe(false);
    expect(shown(state.customError)).toMatch(/\.wasm/);
  });

  it('saves a new endpoint and reloads when the page policy does not allow its origin yet', async () => {
    let reloads = 0;
    const svc = services({ connectPolicy: { allows: (url) => url.startsWith('http://localhost:11434'), reload: () => void reloads++ } });
    const state = new EngineState(svc);
    await state.init();
    await state.connectEndpoint({ baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen' });
    expect([reloads, state.status]).toEqual([0, 'ready']);
    await state.connectEndpoint({ baseUrl: 'http://192.168.1.9:8080/v1', apiKey: '', model: 'qwen' });
    expect(reloads).toBe(1);
    expect(await svc.repo.settings.get('engine')).toMatchObject({ kind: 'openai', endpoint: { baseUrl: 'http://192.168.1.9:8080/v1' } });
    expect(await savedConnectUrls(svc.repo.settings, svc.engines)).toEqual(['http://192.168.1.9:8080/v1']);
  });

  it('a lost GPU while generating unloads the engine, keeps the error for the chat and offers a smaller model', async () => {
    const lost = new EngineError('device-lost', msg('text.verbatim', { text: 'The GPU stopped responding. Your chat is saved.' }));
    const svc = services({
      listWebLlmModels: async () => [
        describeModel({ model_id: 'Qwen3-0.6B-q4f32_1-MLC', vram_required_MB: 1925 }),
        describeModel({ model_id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC', vram_required_MB: 1060 }),
      ],
      createWebLlmEngine: async () => new ScriptedEngine([{ chunks: ['Half'], error: lost }]),
    });
    const state = new EngineState(svc);
    await state.init();
    await state.refreshModels();
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    const texts: string[] = [];
    const thrown = await (async () => {
      for await (const event of state.engine!.stream({ input: { kind: 'prompt', prompt: 'x' } })) if (event.type === 'delta') texts.push(event.text);
    })().catch((e: unknown) => e);
    expect(thrown).toBe(lost);
    expect(texts).toEqual(['Half']);
    expect(state.engine).toBeNull();
    expect(state.status).toBe('error');
    expect(state.failure).toMatchObject({ modelId: 'Qwen3-0.6B-q4f32_1-MLC', smallerId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC' });
    expect(shown(state.failure?.message ?? null)).toBe(lost.message);
  });
});

describe('EngineState CPU engine', () => {
  const tinyUrl = 'http://127.0.0.1:9000/tiny.gguf';

  it('loads a catalogue model, persists the choice and budgets to its context window', async () => {
    const engines: ScriptedEngine[] = [];
    const svc = services({ createWllamaEngine: async () => (engines.push(new ScriptedEngine([], { id: 'wllama' })), engines.at(-1) as ScriptedEngine) });
    const state = new EngineState(svc);
    await state.init();
    await state.loadCpu('Qwen2.5-0.5B-Instruct-Q4_K_M');
    expect(state.status).toBe('ready');
    expect(engines[0]?.loads).toEqual(['Qwen2.5-0.5B-Instruct-Q4_K_M']);
    expect(shown(state.label)).toBe('Qwen2.5-0.5B-Instruct-Q4_K_M (CPU)');
    expect(state.contextWindow).toBe(4096);
    expect(await svc.repo.settings.get('engine')).toEqual({ kind: 'wllama', modelId: 'Qwen2.5-0.5B-Instruct-Q4_K_M' });
  });

  it('lists which CPU models are downloaded, including the chosen GGUF address, and deletes one', async () => {
    const cached = new Set(['Qwen2.5-1.5B-Instruct-Q4_K_M', tinyUrl]);
    const svc = services({ isCpuModelCached: async (id) => cached.has(id), deleteCpuModel: async (id) => void cached.delete(id) });
    const state = new EngineState(svc);
    await state.init();
    await state.loadCpu(tinyUrl);
    await state.refreshCpuModels();
    expect(state.cpuCached).toEqual({ 'Qwen2.5-0.5B-Instruct-Q4_K_M': false, 'Qwen2.5-1.5B-Instruct-Q4_K_M': true, [tinyUrl]: true });
    expect(shown(state.label)).toBe('tiny.gguf (CPU)');
    await state.deleteCpuCached(tinyUrl);
    expect(state.engine).toBeNull();
    expect(state.cpuCached[tinyUrl]).toBe(false);
  });

  it('at start loads the chosen CPU model from the cache, but never downloads it on its own', async () => {
    for (const [isCached, loads] of [
      [true, [tinyUrl]],
      [false, []],
    ] as const) {
      const engine = new ScriptedEngine([], { id: 'wllama' });
      const svc = services({ isCpuModelCached: async () => isCached, createWllamaEngine: async () => engine });
      await svc.repo.settings.set('engine', { kind: 'wllama', modelId: tinyUrl });
      const state = new EngineState(svc);
      await state.init();
      expect(engine.loads).toEqual(loads);
      expect(state.status).toBe(isCached ? 'ready' : 'idle');
      expect(state.choice).toEqual({ kind: 'wllama', modelId: tinyUrl });
    }
  });

  it('reloads to allow a new GGUF host and finishes that download after the reload', async () => {
    let reloads = 0;
    const engine = new ScriptedEngine([], { id: 'wllama' });
    const svc = services({
      connectPolicy: { allows: (url) => url.startsWith('https://huggingface.co'), reload: () => void reloads++ },
      createWllamaEngine: async () => engine,
    });
    const before = new EngineState(svc);
    await before.init();
    await before.loadCpu(tinyUrl);
    expect([reloads, engine.loads]).toEqual([1, []]);
    expect(await savedConnectUrls(svc.repo.settings, svc.engines)).toEqual([tinyUrl]);
    const after = new EngineState({ ...svc, connectPolicy: { allows: () => true, reload: () => void reloads++ } });
    await after.init();
    expect([reloads, engine.loads, after.status]).toEqual([1, [tinyUrl], 'ready']);
    const again = new EngineState({ ...svc, connectPolicy: { allows: () => true, reload: () => void reloads++ } });
    await again.init();
    expect(engine.loads).toEqual([tinyUrl]);
  });
});

describe('EngineState reconnecting the saved server', () => {
  const saved: EndpointConfig = { baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen2.5' };

  /** A server that refuses connections until `up` is set, then answers. */
  function flakyServer() {
    const server = { up: false, tries: 0 };
    const createEndpointEngine = async () => {
      const engine = new ScriptedEngine([], { id: 'openai' });
      engine.load = async (modelId: string) => {
        server.tries++;
        if (!server.up)
          throw new EngineError('connection-refused', msg('text.verbatim', { text: 'Could not connect to http://localhost:11434/v1. Is the server running?' }));
        engine.modelId = modelId;
      };
      return engine;
    };
    return { server, createEndpointEngine };
  }

  async function startWithSaved(svc: AppServices): Promise<EngineState> {
    await svc.repo.settings.set('engine', { kind: 'openai', endpoint: saved });
    const state = new EngineState(svc);
    await state.init();
    return state;
  }

  it('keeps trying a saved server that is down at start, says so, and connects when it comes up', async () => {
    vi.useFakeTimers();
    try {
      const { server, createEndpointEngine } = flakyServer();
      const state = await startWithSaved(services({ createEndpointEngine }));
      expect(state.status).toBe('error');
      expect(shown(state.error)).toContain('localhost:11434');
      expect(state.reconnect).toEqual({ host: 'localhost:11434', attempt: 1, delayMs: RECONNECT_DELAYS_MS[0] });
      await vi.advanceTimersByTimeAsync(RECONNECT_DELAYS_MS[0]);
      expect(server.tries).toBe(2);
      expect(state.reconnect).toMatchObject({ attempt: 2, delayMs: RECONNECT_DELAYS_MS[1] });
      server.up = true;
      await vi.advanceTimersByTimeAsync(RECONNECT_DELAYS_MS[1]);
      expect(state.status).toBe('ready');
      expect(state.reconnect).toBeNull();
      expect(shown(state.label)).toBe('qwen2.5 @ localhost:11434');
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(server.tries).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits at most a minute between tries, and stops when another engine is chosen', async () => {
    vi.useFakeTimers();
    try {
      const { server, createEndpointEngine } = flakyServer();
      const state = await startWithSaved(services({ createEndpointEngine }));
      for (const delay of RECONNECT_DELAYS_MS) await vi.advanceTimersByTimeAsync(delay);
      expect(state.reconnect).toMatchObject({ attempt: RECONNECT_DELAYS_MS.length + 1, delayMs: 60_000 });
      await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
      expect(state.status).toBe('ready');
      expect(state.reconnect).toBeNull();
      const tries = server.tries;
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(server.tries).toBe(tries);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not retry what only the user can fix (a wrong key)', async () => {
    vi.useFakeTimers();
    try {
      let tries = 0;
      const createEndpointEngine = async () => {
        const engine = new ScriptedEngine([], { id: 'openai' });
        engine.load = async () => {
          tries++;
          throw new EngineError(
            'unauthorized',
            msg('text.verbatim', { text: 'The server refused the API key. Open Engine, enter the right key and press Connect.' }),
          );
        };
        return engine;
      };
      const state = await startWithSaved(services({ createEndpointEngine }));
      expect(state.errorCode).toBe('unauthorized');
      expect(state.reconnect).toBeNull();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(tries).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
