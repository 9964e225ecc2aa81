import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../test/support/scripted-engine.ts';
import { EngineError } from '../core/errors/index.ts';
import type { LlmEngine, LoadOptions } from '../core/llm-engine.ts';
import type { DeviceCaps } from '../core/models/device-caps.ts';
import { describeModel } from '../core/models/model-info.ts';
import { EngineState } from './engine-state.svelte.ts';
import type { AppServices } from './services.ts';

const swiftshader: DeviceCaps = { webgpu: true, shaderF16: false, maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30, isFallbackAdapter: true, description: 'swiftshader' };

/** An engine whose load waits until aborted or released. */
class SlowEngine extends ScriptedEngine {
  release: () => void = () => {};
  override async load(modelId: string, options?: LoadOptions): Promise<void> {
    options?.onProgress?.({ phase: 'download', fraction: 0.25, text: 'Fetching param cache[1/4]' });
    await new Promise<void>((resolve, reject) => {
      this.release = resolve;
      options?.signal?.addEventListener('abort', () => reject(new EngineError('load-cancelled', 'cancelled')));
    });
    this.modelId = modelId;
  }
}

function services(overrides: Partial<AppServices> = {}): AppServices {
  return {
    repo: createMemoryRepository(),
    now: () => 1,
    probeWebGpu: async () => swiftshader,
    createWebLlmEngine: () => new ScriptedEngine([]),
    createEndpointEngine: () => new ScriptedEngine([], { id: 'openai' }),
    listWebLlmModels: async () => [describeModel({ model_id: 'Qwen3-0.6B-q4f16_1-MLC' }), describeModel({ model_id: 'Qwen3-0.6B-q4f32_1-MLC' })],
    isWebLlmModelCached: async (id) => id.includes('q4f32'),
    deleteWebLlmModel: async () => {},
    isLocalUrl: (url) => url.includes('localhost'),
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
    ...overrides,
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
    const state = new EngineState(services({ createWebLlmEngine: () => slow }));
    await state.init();
    const loading = state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('loading');
    await new Promise((r) => setTimeout(r, 0));
    expect(state.progress?.text).toBe('Fetching param cache[1/4]');
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
        throw new EngineError('model-download-failed', 'Could not download the model: the network request failed.');
      },
    });
    const state = new EngineState(services({ createWebLlmEngine: () => (attempt === 0 ? failing : new ScriptedEngine([])) }));
    await state.init();
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('error');
    expect(state.error).toMatch(/network request failed/);
    await state.loadWebLlm('Qwen3-0.6B-q4f32_1-MLC');
    expect(state.status).toBe('ready');
  });

  it('reconnects a saved endpoint at start and labels remote servers as leaving the device', async () => {
    const svc = services();
    await svc.repo.settings.set('engine', { kind: 'openai', endpoint: { baseUrl: 'https://example.test/v1', apiKey: '', model: 'qwen' } });
    const state = new EngineState(svc);
    await state.init();
    expect(state.status).toBe('ready');
    expect(state.label).toBe('qwen @ example.test');
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
});
